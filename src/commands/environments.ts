// `aac environments [NAME...]`: the environments aac.yaml declares, as `terraform workspace list`
// lists workspaces, for a script or a CI job to iterate over (the GitHub Action plans, shows and
// applies each one it prints). Reads aac.yaml, and the directory's names for its warnings: no
// definitions, no credentials, no network.
import { loadProjectConfig } from '../config/index.js';
import { configIn, environmentHint } from '../environments/select.js';
import { credentialsIn, kindForProvider } from '../backends/registry.js';
import { shownEndpoint } from '../backends/http/endpoint.js';
import type { ProjectConfig } from '../model/config.js';
import { nestedDirectoriesSaid, requireDefinitionsDir } from '../desired/definitions-dir.js';
import { shownPath } from '../desired/paths.js';
import { reportDiagnostics } from './diagnostics-report.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Environments } from '../environments/config.js';
import { resolve } from 'node:path';
import { INTERRUPTED_EXIT, UserError } from '../util/errors.js';
import type { Command, CommandContext } from './command.js';
import { suggestion } from './suggest.js';
import { codeSpan } from '../util/code-span.js';
import { shellWord } from '../util/shell-word.js';
import { ownValue } from '../model/json.js';
import { resolveNamespace, type ResolvedNamespace } from '../config/namespace.js';
import { refuseCredentialNamespace } from '../desired/credential-names.js';

/**
 * The `--format json` document's version. Readers accept any 1.x; a change that breaks them bumps
 * the major (as the plan, validate and import documents). 1.0: the first versioned document, the
 * fields as before (`provider`, `endpoint`, `environments`). 1.1: `namespace`, at the top and in
 * each environment. The document's JSON Schema,
 * schema/output/environments.schema.json, says each bump too (test/output-schemas).
 */
export const ENVIRONMENTS_FORMAT_VERSION = '1.1';

export const environmentsCommand: Command = {
  name: 'environments',
  summary: 'List the environments aac.yaml declares, in its order',
  usage: 'aac environments [NAME...] [--providers | --format json] [--dir DIR]',
  description: [
    'Prints the environments of aac.yaml, one a line, in the order it declares them (the order they',
    'are promoted in); nothing when it declares none. NAMEs pick some of them (each NAME may be a',
    'space- or comma-separated list), still in aac.yaml\'s order; each must be declared. With',
    '--providers, prints instead the providers those environments plan with, each once (aac.yaml\'s',
    'own when it declares no environments), as `--env NAME` takes them. With --format json, prints',
    'one document: the provider, endpoint and namespace a run without --env uses, and each',
    'environment\'s name, provider, endpoint and namespace as a run with --env NAME uses them',
    '(endpoint null: none written, so the provider\'s endpoint variable or default; namespace:',
    'aac.yaml\'s, else the directory\'s path in its git repository, null outside one; AAC_NAMESPACE',
    'and endpoint variables are not applied). Needs no credentials.',
    '',
    'Exit status: 0, or 1 when --dir is not a directory, aac.yaml has errors (`aac validate` locates',
    'them) or a NAME is not declared;',
    `${INTERRUPTED_EXIT}.`,
  ].join('\n'),
  options: {
    providers: { type: 'boolean', description: 'Print the providers the environments plan with, each once' },
  },
  // One name a line, for a shell loop; or one JSON document, for a script that compares targets.
  formats: ['text', 'json'],
  maxPositionals: Number.MAX_SAFE_INTEGER,
  async run(ctx) {
    const loaded = await loadProjectConfig(ctx.global.dir, { cwd: ctx.io.cwd, provider: ctx.global.provider });
    // A directory that is not there (a typo in CI) lists nothing: refused as validate refuses it,
    // never an empty list a loop goes through green.
    requireDefinitionsDir(ctx.global.dir, ctx.io.cwd, kindForProvider(loaded.config.provider).nouns.one);
    // As the messages of --env name it: aac.yaml, in the directory as the command line gave it.
    const where = `aac.yaml in ${shownPath(ctx.io.cwd, ctx.global.dir)}`;
    // Said as every other command says them (an aac.yaml above the directory, read by no run; a
    // folder that is a definitions directory of its own, whose environments are not listed here).
    const valid = !loaded.diagnostics.some((d) => d.severity === 'error');
    const printed = reportDiagnostics(ctx, [...loaded.diagnostics, ...(valid ? await nestedDirectories(ctx, loaded.environments) : [])]);
    const errors = printed.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      // The directory's own refusal (nestedDirectories) comes only once aac.yaml has none.
      const what = valid ? `the definitions directory '${shownPath(ctx.io.cwd, ctx.global.dir)}' holds definitions directories of their own` : `${where} has errors`;
      throw new UserError(`${what}, so its environments cannot be listed`, `fix them (${codeSpan(suggestion(ctx, 'validate'))} locates each)`, errors);
    }
    const declared = loaded.environments.environments;
    const names = declared.map((e) => e.name);
    const asked = ctx.positionals.flatMap((p) => p.split(/[\s,]+/)).filter(Boolean);
    refuseWorkspaceSubcommand(ctx, asked, names, where);
    if (asked.length > 0 && names.length === 0) {
      throw new UserError(`environment ${asked.join(', ')}: ${where} declares no environments`, 'declare them under environments: in aac.yaml, or name none');
    }
    const unknown = asked.filter((name) => !names.includes(name));
    if (unknown.length > 0) {
      throw new UserError(`environment ${unknown.join(', ')}: not declared in ${where} (it declares ${names.join(', ')})`, environmentHint(unknown, names, `name some of ${names.join(', ')}`));
    }
    const covered = declared.filter((e) => asked.length === 0 || asked.includes(e.name));
    if (ctx.global.format === 'json') {
      if (ctx.options.providers) throw new UserError('--providers is the text listing of the providers; --format json gives each environment\'s provider already', 'drop --providers, or --format json');
      const target = (c: ProjectConfig) => ({ provider: c.provider, endpoint: c.endpoint === undefined ? null : shownEndpoint(c.endpoint), namespace: namespaceIn(ctx, c) });
      const doc = { format_version: ENVIRONMENTS_FORMAT_VERSION, ...target(loaded.config), environments: covered.map((e) => ({ name: e.name, ...target(configIn(loaded.config, e, ctx.global.provider)) })) };
      ctx.io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      return 0;
    }
    const lines = ctx.options.providers
      ? new Set(covered.length === 0 ? [loaded.config.provider] : covered.map((e) => configIn(loaded.config, e, ctx.global.provider).provider))
      : covered.map((e) => e.name);
    for (const line of lines) ctx.io.stdout.write(`${line}\n`);
    return 0;
  },
};

/**
 * `terraform workspace`'s subcommands (`list`, `show`, `select NAME`, `new NAME`, `delete NAME`),
 * each said as what aac does instead: environments are declared in aac.yaml and each run names
 * its own (--env, AAC_ENV); none is selected into a state. `rest`: the name that follows, if any.
 */
const WORKSPACE_SUBCOMMANDS: Readonly<Record<string, (ctx: CommandContext, rest: string | undefined) => string>> = {
  list: (ctx) => `${codeSpan(suggestion(ctx, 'environments'))}, with no name, lists them`,
  show: () => 'aac has no current environment: each run names its own, with --env NAME or AAC_ENV',
  select: (_, name) => `aac selects none: each run names its own, ${codeSpan(`--env ${shellWord(name ?? 'NAME')}`)} (or ${codeSpan(`export AAC_ENV=${shellWord(name ?? 'NAME')}`)} for this shell)`,
  new: (_, name) => `declare it in aac.yaml, under \`environments:\` (\`${name ?? 'NAME'}:\` with its endpoint: and values:)`,
  delete: () => "remove it from `environments:` in aac.yaml once what it made is retired (README: Retiring an environment), or its resources stay live",
};

/**
 * Refuses NAMEs whose first is one of `terraform workspace`'s subcommands and no environment
 * `names` declares (`aac environments list`, `select prod`): told what aac does instead, not that
 * no environment 'list' is declared.
 */
function refuseWorkspaceSubcommand(ctx: CommandContext, asked: readonly string[], names: readonly string[], where: string): void {
  const [word, rest] = asked;
  const instead = word === undefined || names.includes(word) ? undefined : ownValue(WORKSPACE_SUBCOMMANDS, word);
  if (instead === undefined) return;
  throw new UserError(`'${word}' is a subcommand of \`terraform workspace\`, and no environment of ${where}`, instead(ctx, rest));
}

/**
 * The diagnostics (holds-definitions-dir) of the folders of the definitions directory that hold an
 * aac.yaml of their own, as a run of it says them (desired/definitions-dir.ts
 * nestedDirectoriesSaid): their environments are theirs, listed by `aac environments --dir` them;
 * where the directory is the whole project holding them, the error a plan of it is refused with.
 * Walks the directory as a load does (without `environments`' overlay directories), reading no
 * file: that error says no keys, which only reading the files gives.
 */
async function nestedDirectories(ctx: CommandContext, environments: Environments): Promise<Diagnostic[]> {
  const { definitionFiles } = await import('../desired/definition-files.js');
  const dir = resolve(ctx.io.cwd, ctx.global.dir);
  const { boundary, discovered, nested } = await definitionFiles(dir, { cwd: ctx.io.cwd, environments });
  const { held, warnings } = nestedDirectoriesSaid(dir, ctx.io.cwd, boundary, discovered, nested);
  return [...(held ? [held.diagnostic([], 0)] : []), ...warnings];
}

/**
 * The namespace a run in `config` (the top level's, or an environment's from configIn) works in,
 * as the file says it, as the document's endpoints are: aac.yaml's `namespace:`, else the default,
 * the directory's path in its git repository (config/namespace.ts resolveNamespace), with
 * AAC_NAMESPACE not applied; null where no default can be derived (outside a git repository).
 * Throws a UserError when it holds one of the run's credentials (refuseCredentialNamespace): never printed.
 */
function namespaceIn(ctx: CommandContext, config: ProjectConfig): string | null {
  let resolved: ResolvedNamespace;
  try {
    resolved = resolveNamespace({ env: {}, config: config.namespace, dir: ctx.global.dir, shownDir: shownPath(ctx.io.cwd, ctx.global.dir) });
  } catch (e) {
    if (e instanceof UserError) return null;
    throw e;
  }
  refuseCredentialNamespace(resolved, config, credentialsIn(ctx.io.env), kindForProvider(config.provider).nouns.many);
  return resolved.namespace;
}
