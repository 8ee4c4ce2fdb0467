// Which namespace a run plans in: `--namespace`, else AAC_NAMESPACE, else aac.yaml's `namespace:`,
// else the definitions directory's path below its git repository's root (of the superproject, in a
// submodule: desired/submodule.ts superprojectRoot). Outside a git repository
// with none set there is no default that every clone and CI runner would agree on, so the run is
// refused rather than given a scope that could collide with another directory's.
import { realpathSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { configAbove, configAboveHint } from './config-above.js';
import { isInside } from '../desired/file-access.js';
import { repoRoot } from '../desired/repo-root.js';
import { superprojectRoot } from '../desired/submodule.js';
import { defaultNamespace, namespaceProblem, proposedNamespace } from '../model/marker.js';
import type { ProjectConfig } from '../model/config.js';
import type { NamespaceFrom } from '../model/plan.js';
import { UserError } from '../util/errors.js';
import { emptyVariable, setButEmpty } from '../util/empty-variable.js';

export const NAMESPACE_ENV = 'AAC_NAMESPACE' satisfies NamespaceFrom;

export interface NamespaceSources {
  /** `--namespace`, when given. */
  flag?: string;
  env: Record<string, string | undefined>;
  /** aac.yaml's `namespace:`, already schema-checked (a bad one is a located config error). */
  config?: string;
  /** The definitions directory, absolute. */
  dir: string;
  /** The directory shown in messages. */
  shownDir: string;
}

export interface ResolvedNamespace {
  namespace: string;
  /** Where it came from, for messages and the plan file (model/plan.ts NAMESPACE_SOURCES): `--namespace`, `AAC_NAMESPACE`, `aac.yaml`, `default`. */
  source: NamespaceFrom;
}

/**
 * What a run refused for want of a namespace needs, for the aac.yaml it reads (`file`, as shown):
 * `set \`namespace: NAME\` in aac.yaml (or pass --namespace NAME, or set AAC_NAMESPACE)`.
 */
export function howToSetNamespace(file = 'aac.yaml'): string {
  return `set \`namespace: NAME\` in ${file} (or pass --namespace NAME, or set ${NAMESPACE_ENV})`;
}

/**
 * The namespace set by `--namespace`, AAC_NAMESPACE or aac.yaml, in that order; undefined when none
 * is (the default is not derived). Throws a UserError for an invalid flag or environment value, and
 * for AAC_NAMESPACE set but empty where it is read.
 */
export function givenNamespace(src: Pick<NamespaceSources, 'flag' | 'env' | 'config'>): ResolvedNamespace | undefined {
  // Read only without the flag, which wins: then set but empty, it is refused (util/empty-variable.ts).
  if (src.flag === undefined && setButEmpty(src.env, NAMESPACE_ENV)) {
    const unset = src.config !== undefined ? `to use aac.yaml's namespace: ${src.config}` : "to use the default (the definitions directory's path in its git repository)";
    const { message, hint } = emptyVariable(NAMESPACE_ENV, 'the namespace (e.g. team-a)', unset);
    throw new UserError(message, hint);
  }
  const given: Array<[NamespaceFrom, string | undefined]> = [
    ['--namespace', src.flag],
    [NAMESPACE_ENV, src.env[NAMESPACE_ENV]],
  ];
  for (const [source, value] of given) {
    if (value === undefined) continue;
    const problem = namespaceProblem(value);
    if (problem) {
      const proposal = proposedNamespace(value);
      throw new UserError(`${source} '${value}' is not a valid namespace: ${problem}`, proposal === undefined ? 'e.g. team-a or support/assistants' : `e.g. '${proposal}' (the value given, each run of other characters made one '-')`);
    }
    return { namespace: value, source };
  }
  return src.config !== undefined ? { namespace: src.config, source: 'aac.yaml' } : undefined;
}

/** A namespace given by `--namespace` or AAC_NAMESPACE that differs from the one aac.yaml writes. */
export interface NamespaceOverride {
  message: string;
  hint: string;
  /** Given by AAC_NAMESPACE, which a shell or CI job can hold from other work; not typed for this run. */
  byVariable: boolean;
}

/**
 * `given` (the run's namespace) when `--namespace` or AAC_NAMESPACE gave it and aac.yaml writes
 * another (`config.namespace`, the chosen environment's or the top level's, at
 * `config.namespaceAt`; `resources`, the kind's plural noun): the given one wins, as documented, but a directory that pins its
 * namespace is its owner's boundary, and a run that reads and writes another namespace's
 * assistants should not go unnoticed, least of all one a leftover variable sent there. Undefined
 * when aac.yaml writes none or the same. Throws a UserError when the two differ only in case
 * (`NC53` over `nc53`): namespaces are case-sensitive (model/marker.ts), so the given one is
 * another namespace, whose apply would create every definition a second time; a slip of the
 * shift key is far likelier than a second fleet meant to differ by case, and a warning would be
 * read after the copies exist. Refusing costs a retyped flag; a move on purpose is aac.yaml's.
 */
export function namespaceOverride(given: ResolvedNamespace, config: Pick<ProjectConfig, 'namespace' | 'namespaceAt' | 'file'>, resources: string): NamespaceOverride | undefined {
  const written = config.namespace;
  if (given.source === 'aac.yaml' || given.source === 'default' || written === undefined || written === given.namespace) return undefined;
  const at = config.namespaceAt;
  const whose = at?.environment !== undefined ? ` of environment '${at.environment}'` : '';
  const where = at ? ` (${at.file}:${at.line}:${at.column})` : config.file ? ` (${config.file})` : '';
  const byVariable = given.source === NAMESPACE_ENV;
  const file = at?.file ?? config.file ?? 'aac.yaml';
  const by = byVariable ? `${NAMESPACE_ENV} (${given.namespace})` : `--namespace ${given.namespace}`;
  if (written.toLowerCase() === given.namespace.toLowerCase()) {
    throw new UserError(
      `${by} differs from namespace: ${written}${whose}${where} only in case, and namespaces are case-sensitive: this run would read and write the ${resources} of another namespace, '${given.namespace}', and create a second copy of each; nothing was run`,
      `${byVariable ? `unset ${NAMESPACE_ENV}` : 'leave out --namespace'} (or give ${written}) to work in the namespace ${file} names; to move this directory to '${given.namespace}' on purpose, set \`namespace: ${given.namespace}\` in ${file} and plan with --adopt-namespace ${written}`,
    );
  }
  return {
    message: `${by} overrides namespace: ${written}${whose}${where}`,
    hint: byVariable
      ? `the variable wins: this run reads and writes the ${resources} of '${given.namespace}'; unset ${NAMESPACE_ENV} to work in the namespace ${file} names`
      : `the flag wins: this run reads and writes the ${resources} of '${given.namespace}', not those of '${written}'`,
    byVariable,
  };
}

/**
 * The directory's path below the repository root, by its real path: reached through a link, it is
 * the same directory, and a path of the link's would be another namespace, whose apply would
 * create its assistants a second time. A directory whose real path leaves the repository (its
 * files are refused when read) keeps the path it was given.
 */
function pathInRepository(dir: string, root: string, realRoot: string): string {
  let realDir: string;
  try {
    realDir = realpathSync.native(dir);
  } catch {
    return relative(root, dir);
  }
  return isInside(realRoot, realDir) ? relative(realRoot, realDir) : relative(root, dir);
}

/**
 * Throws a UserError for an invalid flag or environment value, or when no default can be derived
 * (its hint names the directory's aac.yaml, `classic/aac.yaml`, as the step a suggested command
 * needs first does: namespaceStep).
 */
export function resolveNamespace(src: NamespaceSources): ResolvedNamespace {
  const resolved = givenNamespace(src) ?? derivedNamespace(src);
  if ('refused' in resolved) {
    const { above, hint } = refusedNamespaceHint(src, join(src.shownDir, 'aac.yaml'));
    throw new UserError(above === undefined ? resolved.refused : `${resolved.refused}; ${above}, above it, is not read (aac reads the project config at the top of the definitions directory)`, hint);
  }
  return resolved;
}

/**
 * What a run of `src.dir` with no namespace is told to do, `file` being the aac.yaml it reads (as
 * shown): set one there (howToSetNamespace); where an aac.yaml above the directory may hold it
 * (configAbove: the directory holds none), first that that file is to be moved, or its directory
 * passed as --dir, with `above`, that file as shown. Not for a directory whose aac.yaml the run is
 * about to write (`written`): the file above is then no longer the question.
 */
function refusedNamespaceHint(src: Pick<NamespaceSources, 'dir' | 'shownDir'>, file: string, written = false): { above?: string; hint: string } {
  const found = written ? undefined : configAbove(src.dir);
  if (found === undefined) return { hint: howToSetNamespace(file) };
  const above = join(src.shownDir, '..', basename(found));
  return { above, hint: `${configAboveHint(above, src.shownDir)}; else ${howToSetNamespace(file)}` };
}

/**
 * Undefined when a run with `src` gets a namespace (resolveNamespace); else the step it needs
 * first, as resolveNamespace's hint says it (refusedNamespaceHint: for `file`, the aac.yaml it
 * reads, as shown; `written` when this run writes that file): for a command suggested to run
 * next, which would otherwise be refused. Throws as givenNamespace.
 */
export function namespaceStep(src: NamespaceSources, file: string, written = false): string | undefined {
  const resolved = givenNamespace(src) ?? derivedNamespace(src);
  return 'refused' in resolved ? refusedNamespaceHint(src, file, written).hint : undefined;
}

/** The default namespace of `src.dir`, or why there is none (`refused`, a message). */
function derivedNamespace(src: Pick<NamespaceSources, 'dir' | 'shownDir'>): ResolvedNamespace | { refused: string } {
  // A submodule's directory is named by its path in the superproject: checked out or not, the
  // same name, where the submodule's own root would make it `.` once checked out.
  const { root, real, kind } = superprojectRoot(repoRoot(src.dir));
  if (kind !== 'git') {
    return { refused: `no namespace is set, and ${src.shownDir} is not inside a git repository, so there is no stable default to scope what it manages by` };
  }
  const derived = defaultNamespace(pathInRepository(src.dir, root, real));
  if ('problem' in derived) {
    return { refused: `no namespace is set, and the default taken from the path of ${src.shownDir} in the repository is not valid: ${derived.problem}` };
  }
  return { namespace: derived.namespace, source: 'default' };
}
