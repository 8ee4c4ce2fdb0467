// `aac validate`: load → validate only. No credentials, no network: safe on every pull request.
import { sanitize } from '../util/invisible.js';
import { loadProjectConfig, type LoadedConfig } from '../config/index.js';
import { ENV_OPTION, runConfig } from './environment-option.js';
import { loadDefinitions, type LoadResult } from '../desired/index.js';
import { mergeEnvironmentDiagnostics } from '../environments/per-environment.js';
import { unusedVariables } from '../environments/unused.js';
import { basePinWarnings, pinnedEnvironments } from '../environments/base-pins.js';
import { byPlace, eachOnce, type Diagnostic } from '../model/diagnostic.js';
import { shownPath } from '../desired/paths.js';
import { andList } from '../util/words.js';
import { configIn } from '../environments/select.js';
import type { ProjectConfig } from '../model/config.js';
import { renderAnnotations } from '../render/annotations.js';
import { diagnosticsJson, renderDiagnosticsText } from '../render/diagnostics.js';
import { plural } from '../util/words.js';
import { inGitHubActions, withoutWorkflowCommands } from '../util/github.js';
import type { Command, CommandContext } from './command.js';
import { resolve } from 'node:path';
import { refuseDash } from './dash.js';
import { refuseBackslash } from '../desired/slash-paths.js';
import { refuseWriteInGitDir } from '../desired/git-dir.js';
import { checkWriteTarget, writeFileAtomically } from '../util/write-files.js';
import { codeSpan } from '../util/code-span.js';
import { credentialsIn, kindForProvider, registeredKinds } from '../backends/registry.js';
import { definitionsOfAnotherKind } from '../desired/kind-mismatch.js';
import { anotherKindWords, overriddenProviderWords, providerChoice } from './another-kind.js';
import { redactData } from '../util/redact.js';
import { credentialNamespaceRefusal, credentialsInNames, type CredentialInName } from '../desired/credential-names.js';
import { kindCommands } from './suggest.js';
import { noteOutsideDirectories } from './outside-note.js';
import { runIgnoreCheck, runListing } from './reading.js';
import { namespaceClashes } from './repo-namespaces.js';
import { INTERRUPTED_EXIT } from '../util/errors.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check the definitions against the schema and the API limits',
  usage: 'aac validate [--dir DIR] [--env NAME] [--environments-out FILE] [--format text|json]',
  description: [
    'Reads every *.yaml / *.yml under the definitions directory (and its aac.yaml) and reports every',
    'problem in every file with its file:line:column, field and fix. Needs no credentials.',
    'When aac.yaml declares environments, checks the definitions as each one sees them (overlays and',
    'variable values included), or only as --env NAME sees them; a problem that only some',
    'environments have names them.',
    '',
    'With --environments-out FILE, a valid run also writes the environments aac.yaml declares to',
    'FILE, as `aac environments` prints them: one run where a CI job would start aac twice.',
    '',
    'Exit status: 0 when all definitions are valid (warnings allowed), 1 otherwise;',
    `${INTERRUPTED_EXIT}.`,
    'In GitHub Actions the problems are also written as annotations on the changed lines.',
  ].join('\n'),
  options: {
    ...ENV_OPTION,
    'environments-out': {
      type: 'string',
      arg: 'FILE',
      description: 'When the definitions are valid, also write the environments aac.yaml declares to FILE, one a line in its order (empty when none)',
    },
  },
  maxPositionals: 0,
  async run(ctx) {
    // The run's credentials: a file holding one's value is warned of, and no message prints one.
    const credentials = credentialsIn(ctx.io.env);
    // A file that can never be written is refused before anything is read.
    const environmentsOut = ctx.options['environments-out'];
    if (typeof environmentsOut === 'string') refuseEnvironmentsOut(ctx, environmentsOut);
    const opts = { cwd: ctx.io.cwd, provider: ctx.global.provider, credentials };
    const config = await loadProjectConfig(ctx.global.dir, opts);
    const runIn = runConfig(ctx, config);
    // Without --env, every declared environment, errors in aac.yaml or not: a problem there does
    // not hide the definitions' and overlays' own.
    const declared = config.environments.environments;
    const runs: ProjectConfig[] = runIn.environment === undefined && declared.length > 0
      ? declared.map((e) => configIn(config.config, e, ctx.global.provider))
      : [runIn];
    // A namespace aac.yaml writes that holds a credential: refused as plan refuses it (credential-names.ts), at its place.
    config.diagnostics.push(...eachOnce(runs.flatMap((run) => (run.namespace === undefined ? [] : credentialNamespaceRefusal({ namespace: run.namespace, source: 'aac.yaml' }, run, credentials, kindForProvider(run.provider).nouns.many)?.at ?? []))));
    // Another directory of the repository with one of these namespaces on its host: an error with
    // aac.yaml's. The run's one listing is of the whole work tree (reading.ts runListing), asked
    // here or, when aac.yaml has errors, by the first load: it holds every file any environment's
    // definitions read, outside the directory too.
    if (!config.diagnostics.some((d) => d.severity === 'error')) {
      config.diagnostics.push(...await namespaceClashes(ctx.global.dir, runs, { cwd: ctx.io.cwd, listing: runListing(ctx, 'whole') }));
    }
    // One environment at a time: each holds every parsed definition while it is checked.
    const loaded: LoadResult[] = [];
    // git is asked once for the files every environment's definitions read.
    const ignoreCheck = runIgnoreCheck(ctx, 'whole');
    for (const run of runs) {
      const each = await loadDefinitions(ctx.global.dir, { ...opts, ignoreCheck, ...(config.path !== undefined ? { configPath: config.path } : {}), commands: kindCommands(ctx, run.providerOverridden), provider: run.provider, ...(run.providerWritten !== undefined ? { providerWritten: run.providerWritten } : {}), providerChoice: providerChoice(ctx, run), environments: config.environments, ...(run.environment !== undefined ? { environment: run.environment } : {}) });
      // A credential in what names a definition (its file's path, key, id:, name): an error of that
      // definition, as plan refuses it (credential-names.ts), and the definition is not valid.
      loaded.push(refusingNamed(each, credentialsInNames(each.definitions, kindForProvider(run.provider), credentials)));
    }
    const found = runs.length === 1 ? loaded[0]!.diagnostics : mergeEnvironmentDiagnostics(runs.map((run, i) => [run.environment!, loaded[i]!.diagnostics] as const));
    // An `id:` every environment takes from a base file, though it names a resource of one host.
    found.push(...basePinWarnings(loaded.flatMap((l) => l.definitions), pinnedEnvironments(ctx.global.dir, declared, ctx.io.cwd)));
    // A variable no definition references, said once every environment's definitions are read
    // (with --env one of several, a reference may be in another's overlay) and none has an error
    // (one may hold the only reference).
    const whole = runs.length === Math.max(declared.length, 1) && ![...config.diagnostics, ...found].some((d) => d.severity === 'error');
    const unused = whole ? unusedVariables(config.environments, new Set(loaded.flatMap((l) => l.definitions.flatMap((d) => d.variables ?? [])))) : [];
    // Validate needs no credentials, but a run may hold some: a file name quoting one is not printed.
    const diagnostics = redactData([...[...config.diagnostics, ...unused].sort(byPlace), ...found], credentials.map((c) => c.value));
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (typeof environmentsOut === 'string' && errors === 0) {
      writeFileAtomically(resolve(ctx.io.cwd, environmentsOut), declared.map((e) => `${e.name}\n`).join(''), { shown: environmentsOut, what: 'the environments' });
    }
    // With several environments, the definitions valid in every one.
    const validIn = loaded.map((l) => new Set(l.definitions.map((d) => d.key)));
    const valid = [...validIn[0]!].filter((key) => validIn.every((keys) => keys.has(key))).length;
    // Out of how many: the definition files found, in the environment that reads the most.
    const files = Math.max(...loaded.map((l) => l.files));
    // Which environments the count is of: every one, or the one (declared alone, or chosen with --env).
    // A name the file spells wrongly is checked all the same (and reported): escaped, as the error does.
    const where = runs.length > 1 ? ` in every environment (${runs.map((r) => sanitize(r.environment!)).join(', ')})`
      : runs[0]!.environment !== undefined ? ` in environment '${sanitize(runs[0]!.environment)}'`
      : '';

    // Once however many environments read them, on stderr: the json stdout is a document.
    noteOutsideDirectories(ctx, loaded.flatMap((l) => l.definitions));
    if (ctx.global.format === 'json') {
      // The provider the definitions were checked for, when that is one and the one asked for:
      // none for environments of different providers, or for one aac.yaml names that does not exist.
      const providers = new Set(runs.map((r) => r.provider));
      const provider = providers.size === 1 && !runs.some((r) => r.providerUnknown) ? runs[0]!.provider : null;
      ctx.io.stdout.write(`${JSON.stringify(diagnosticsJson(diagnostics, { definitions: { found: files, valid }, provider }), null, 2)}\n`);
      return errors > 0 ? 1 : 0;
    }
    // Every file's errors following from the one provider: said once (the json above keeps each).
    const other = runs.length === 1 ? definitionsOfAnotherKind(found, valid, kindForProvider(runs[0]!.provider), registeredKinds()) : undefined;
    const told = other ? anotherKindWords(ctx, runs[0]!, other) : undefined;
    const text = renderDiagnosticsText(told ? diagnostics.filter((d) => d.severity !== 'error' || !other!.files.includes(d.location.file)) : diagnostics, { color: ctx.global.color });
    // Paused for the runner: a file name or a quoted value (`::warning::x.yaml`) is data, never a
    // workflow command; aac's own annotations (below) are outside the pause, so they are obeyed.
    ctx.io.stdout.write(withoutWorkflowCommands(ctx.io.env, `${text}${told ? `error: ${told.message}\n  hint: ${told.hint}\n` : ''}`, { toFile: ctx.io.stdoutIsFile }));
    if (inGitHubActions(ctx.io.env)) {
      // On stderr, as every command's annotations (pipeline.ts): the runner reads both streams.
      ctx.io.stderr.write(renderAnnotations(diagnostics, { cwd: ctx.io.cwd, workspace: ctx.io.env.GITHUB_WORKSPACE }));
    }
    // A told kind's error already names the flag. Each environment that writes its own provider is said.
    const overridden = !told && found.some((d) => d.severity === 'error')
      ? [...new Set(runs.map((r) => overriddenProviderWords(ctx, r)).filter((w) => w !== undefined))].map((w) => `Note: ${w}.\n`).join('')
      : '';
    // With errors, out of how many: "1 definition valid; fix the errors above" read as if all were.
    ctx.io.stdout.write(
      errors > 0
        ? `${valid} of ${files} ${plural(files, 'definition', 'definitions')} valid${where}${outsideDefinitions(diagnostics, config, ctx.io.cwd, valid === files)}; fix the errors above.\n${overridden}`
        : `${valid} ${plural(valid, 'definition', 'definitions')} valid${where}.\n`,
    );
    return errors > 0 ? 1 : 0;
  },
};

/**
 * `loaded` without the definitions `named` holds (credentialsInNames), each one's error among its
 * file's other problems: after the last of them, else before the first problem of a definition
 * loaded after it, as the load orders its files.
 */
function refusingNamed(loaded: LoadResult, named: readonly CredentialInName[]): LoadResult {
  if (named.length === 0) return loaded;
  const refused = new Set(named.map((n) => n.definition));
  const order = new Map(loaded.definitions.map((d, i) => [d.file, i]));
  const diagnostics = [...loaded.diagnostics];
  for (const { definition, diagnostic } of named) {
    const own = diagnostics.findLastIndex((d) => d.location.file === definition.file);
    const later = diagnostics.findIndex((d) => (order.get(d.location.file) ?? -1) > order.get(definition.file)!);
    diagnostics.splice(own >= 0 ? own + 1 : later >= 0 ? later : diagnostics.length, 0, diagnostic);
  }
  return { ...loaded, definitions: loaded.definitions.filter((d) => !refused.has(d)), diagnostics };
}

/**
 * What validate's closing line adds when `diagnostics` hold errors the definitions' count does not
 * show, so the line never reads as a valid run: `, but agents/aac.yaml has 2 errors` for those
 * located in aac.yaml (its own, an environment's values, the namespaces it clashes with), and,
 * when every definition is valid (`allValid`), `, but 1 error is outside the definitions` for the
 * rest (each is in a file no definition is counted by). '' when there are none of either.
 */
function outsideDefinitions(diagnostics: readonly Diagnostic[], config: LoadedConfig, cwd: string, allValid: boolean): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  // Its own diagnostics name the file even when it holds no mapping (config.path undefined).
  const files = new Set([...config.diagnostics.map((d) => d.location.file), ...(config.path !== undefined ? [shownPath(cwd, config.path)] : [])]);
  const inConfig = errors.filter((d) => files.has(d.location.file));
  const named = [...new Set(inConfig.map((d) => d.location.file))];
  const rest = errors.length - inConfig.length;
  const parts = [
    ...(inConfig.length > 0 ? [`${andList(named)} ${named.length > 1 ? 'have' : 'has'} ${inConfig.length} ${plural(inConfig.length, 'error', 'errors')}`] : []),
    ...(allValid && rest > 0 ? [`${rest} ${plural(rest, 'error is', 'errors are')} outside the definitions`] : []),
  ];
  return parts.length === 0 ? '' : `, but ${andList(parts)}`;
}

/** Refuses the file --environments-out names (`value`, as given) as `aac plan --out` refuses its own: `-`, a `\`, git's own files, a path that cannot be written. */
function refuseEnvironmentsOut(ctx: CommandContext, value: string): void {
  refuseDash(value, '--environments-out', 'run `aac environments` for the list on stdout');
  refuseBackslash(value, '--environments-out');
  const file = resolve(ctx.io.cwd, value);
  refuseWriteInGitDir(file, value, ctx.io.cwd, { flag: '--environments-out', hint: `save the list outside git's own files: e.g. ${codeSpan('--environments-out environments.txt')}` });
  checkWriteTarget(file, value);
}
