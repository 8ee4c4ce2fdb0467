// `--namespace` and the namespace a run works in: the flag, AAC_NAMESPACE, aac.yaml's
// `namespace:` or the default (config/namespace.ts says which wins).
import { credentialsIn, kindForProvider } from '../backends/registry.js';
import { refuseCredentialNamespace } from '../desired/credential-names.js';
import type { ProjectConfig } from '../model/config.js';
import { givenNamespace, NAMESPACE_ENV, resolveNamespace, type ResolvedNamespace } from '../config/namespace.js';
import { shownPath } from '../desired/paths.js';
import type { CommandContext, OptionSpec } from './command.js';
import { UserError } from '../util/errors.js';
import { definitionsHeld } from '../desired/definitions-dir.js';
import { andList } from '../util/words.js';
import { pathWord } from '../util/shell-word.js';
import { join } from 'node:path';

/** `--namespace`, for every command that reads or writes live assistants. */
export const NAMESPACE_OPTION: Record<'namespace', OptionSpec> = {
  namespace: {
    type: 'string',
    arg: 'NAME',
    description: "Scope of the resources this directory manages (default: AAC_NAMESPACE, aac.yaml's namespace:, else the directory's path in its git repository)",
  },
};

/**
 * The run's namespace from --namespace, AAC_NAMESPACE, aac.yaml or the default, and which
 * (config/namespace.ts). Throws a UserError when it holds a credential of the run's environment
 * (refuseCredentialNamespace): every command resolves it here before its first request.
 */
export function runNamespace(ctx: CommandContext, config: ProjectConfig): ResolvedNamespace {
  return credentialFree(ctx, config, namespaceAsGiven(ctx, config));
}

/**
 * The run's namespace as runNamespace resolves it, not yet searched for a credential: for the
 * run that says a credential in it with every other of its kind (pipeline.ts readState). Throws a
 * UserError for a namespace that is no valid one, or none derivable (config/namespace.ts).
 */
export function namespaceAsGiven(ctx: CommandContext, config: ProjectConfig): ResolvedNamespace {
  const shownDir = shownPath(ctx.io.cwd, ctx.global.dir);
  const sources = givenSources(ctx, config);
  try {
    return resolveNamespace({ ...sources, dir: ctx.global.dir, shownDir });
  } catch (e) {
    // The folders below answer only the default's refusal (none derivable); a value given by the
    // flag or the variable is refused for itself.
    const defaulted = config.file === undefined && sources.flag === undefined && sources.env[NAMESPACE_ENV] === undefined;
    throw e instanceof UserError && defaulted ? withFoldersBelow(e, ctx.global.dir, shownDir) : e;
  }
}

/**
 * `refused` (no namespace for `dir`, which has no aac.yaml), with the folders one level down that
 * hold definitions or an aac.yaml when `dir` holds neither at its top (`--dir .` at a project's
 * root, as `kubectl apply -f .` is typed): the definitions directory is likely one of them, which
 * the hint names before the aac.yaml to write here.
 */
function withFoldersBelow(refused: UserError, dir: string, shownDir: string): UserError {
  const held = definitionsHeld(dir);
  if (held === undefined || !('below' in held)) return refused;
  const folders = andList(held.below.map((name) => `${name}/`));
  const one = held.below.length === 1 ? `if it is the definitions directory, pass --dir ${pathWord(join(shownDir, held.below[0]!))}` : `if one of them is the definitions directory, pass it (--dir ${pathWord(join(shownDir, held.below[0]!))})`;
  return new UserError(refused.message, `${shownDir} holds no definitions at its top, only in ${folders} one folder down: ${one}; else ${refused.hint ?? ''}`.replace(/; else $/, ''), refused.diagnostics, refused.code);
}

/** The run's namespace when --namespace, AAC_NAMESPACE or aac.yaml sets one; undefined for the default. Throws as runNamespace. */
export function runGivenNamespace(ctx: CommandContext, config: ProjectConfig): ResolvedNamespace | undefined {
  const given = givenNamespace(givenSources(ctx, config));
  return given && credentialFree(ctx, config, given);
}

function credentialFree(ctx: CommandContext, config: ProjectConfig, resolved: ResolvedNamespace): ResolvedNamespace {
  refuseCredentialNamespace(resolved, config, credentialsIn(ctx.io.env), kindForProvider(config.provider).nouns.many);
  return resolved;
}

function givenSources(ctx: CommandContext, config: ProjectConfig) {
  const flag = ctx.options.namespace;
  return { flag: typeof flag === 'string' ? flag : undefined, env: ctx.io.env, config: config.namespace };
}

/**
 * The namespace `dir` (absolute) plans in when nothing names one: its path in its git repository
 * (config/namespace.ts resolveNamespace), or undefined outside one, or where that path gives no
 * valid namespace (a run there is refused until one is set).
 */
export function pathNamespace(dir: string, cwd: string): string | undefined {
  try {
    return resolveNamespace({ env: {}, dir, shownDir: shownPath(cwd, dir) }).namespace;
  } catch (e) {
    if (e instanceof UserError) return undefined;
    throw e;
  }
}
