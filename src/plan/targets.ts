// `--target`, as `terraform -target`: a plan limited to some keys, for incident fixes and large
// fleets. Matching runs on the whole picture first (pins and marker clashes are still errors);
// only then are the matches outside the targets dropped, so they are neither compared nor touched.
import { posix } from 'node:path';
import type { ResourceKind } from '../backends/backend.js';
import { globMatcher, isGlob, literalOf, type GlobOptions } from '../util/glob.js';
import { pathWord, shellWord, targetArgument } from '../util/shell-word.js';
import { DEFAULT_DIR } from '../model/config.js';
import { closest } from '../yaml/suggest.js';
import { UserError } from '../util/errors.js';
import { alikeNote, ESCAPES_NOTE, printsAlike, revealDifference, revealedText } from '../util/look-alike.js';
import { codeSpan } from '../util/code-span.js';
import { andList } from '../util/words.js';
import type { Definition, LiveResource } from '../model/definition.js';
import { valueAt } from '../model/json.js';

/** How a `--target` is read: case-sensitive, as keys are; `\` makes the next character literal. */
const TARGET: GlobOptions = { ignoreCase: false, escapes: true };

/**
 * Whether `key` is selected by `pattern`: a pattern with `*` or `?` is a glob over the whole key
 * (`*` crosses `/`, so `billing/*` is everything below billing/); a plain pattern is that key or
 * any key below it (`billing` selects `billing/refunds`), as a module address does in Terraform.
 * `\*`, `\?` and `\\` are the characters themselves (`star\*` is the key `star*` an earlier aac let
 * be written, and not `starfish`).
 */
export function targetMatches(pattern: string, key: string): boolean {
  if (isGlob(pattern, TARGET)) return globMatcher(pattern, TARGET)(key);
  const plain = literalOf(pattern, TARGET);
  return key === plain || key.startsWith(`${plain.replace(/\/+$/, '')}/`);
}

/**
 * The glob patterns of `patterns` whose own text is also one of `keys` (a key an earlier aac let be
 * written, `star*`, which `--target` reads as a glob): each with the keys it selects as one, sorted.
 * The key itself is selected alone by its escape (util/glob.ts escapeGlob: `star\*`).
 */
export function globsThatAreKeys(patterns: readonly string[], keys: () => readonly string[]): Array<{ pattern: string; selected: string[] }> {
  const globs = [...new Set(patterns)].filter((p) => isGlob(p, TARGET));
  // `keys` is every definition's and live resource's: asked for only when there is a glob to check.
  if (globs.length === 0) return [];
  const all = [...new Set(keys())].sort();
  return globs.filter((p) => all.includes(p)).map((pattern) => ({ pattern, selected: all.filter((k) => targetMatches(pattern, k)) }));
}

/** `keys` filtered by the patterns ([] = no targeting: every key). */
export function isTargeted(patterns: readonly string[], key: string): boolean {
  return patterns.length === 0 || patterns.some((p) => targetMatches(p, key));
}

/**
 * The definitions' files, for a `--target` written as a path: `dir` is the definitions directory as
 * their `file` paths begin (relative to the working directory, '.' for it), `files` each
 * definition's file (Definition.file) and key.
 */
export interface TargetFiles {
  dir: string;
  /** `movedFrom`: the keys its `moved_from:` lists (Definition.movedFrom). */
  files: ReadonlyArray<{ file: string; key: string; movedFrom?: readonly string[] }>;
}

/** A managed resource as checkTargets reads it: its key, the live resource it has and its definition, if any (plan/match.ts Match). */
export type ManagedResource = { key: string; live?: Pick<LiveResource, 'id' | 'version' | 'versions'>; desired?: Pick<Definition, 'spec'> };

/** A live resource this namespace does not manage, as checkTargets reads it: unmarked (`namespace` null) or another namespace's (plan/match.ts `unmanaged`, `otherNamespaces`). */
export type UnownedResource = Pick<LiveResource, 'id' | 'version' | 'versions' | 'key' | 'namespace'>;

/**
 * Refuses a pattern that selects nothing among `keys` (every definition and managed assistant):
 * during an incident, a typo must not plan "no changes" and look like success. The hint names what
 * it was probably meant to be: for a managed resource's id or version id as the plan prints it
 * (`managed`: idOfManaged), its key; for a definition's name (at `namePath`, the kind's
 * ResourceKind.paths.name; a kubectl habit: keysOfName), the keys of the definitions that have it; for the id of a live resource this namespace does not manage
 * (`unowned`), that it is not managed here, and how to bring it in (`aac import --id`) or where it
 * is managed; for a file or directory path (`files`), the key it holds; for a comma list, each
 * part as its own --target; else a key one slip away (nearTarget).
 */
export function checkTargets(patterns: readonly string[], keys: readonly string[], { one, many }: ResourceKind['nouns'], files?: TargetFiles, managed: readonly ManagedResource[] = [], unowned: readonly UnownedResource[] = [], namePath?: ResourceKind['paths']['name']): void {
  for (const pattern of patterns) {
    if (pattern.trim() === '') throw new UserError('--target needs a key or a glob, not an empty string', 'e.g. --target support/billing or --target "support/*"');
    if (!keys.some((k) => targetMatches(pattern, k))) {
      const rule = 'targets are keys (a definition\'s path below the definitions directory without extension, or its `key:`), case-sensitive; `*` and `?` are globs (`\\*` a literal `*`); the same plan without --target shows every key';
      // The id the plan prints beside the key (`~ team/one (asst_…)`): Terraform targets an address, never an id, and so does aac.
      const owner = idOfManaged(pattern, managed);
      if (owner) {
        throw new UserError(
          `--target '${pattern}' is the ${owner.what} of the managed ${one} '${owner.key}', not a key: a target is a key, as the plan shows it before the id`,
          `target it by its key: ${codeSpan(targetArgument(owner.key))}`,
        );
      }
      // A definition's name, as kubectl takes a resource's name: a target is its key, as an id's is.
      const named = namePath ? keysOfName(pattern, managed, namePath) : [];
      if (named.length > 0) {
        const them = named.length === 1 ? `the ${one} '${named[0]}'` : `${named.length} ${many}, ${andList(named.map((k) => `'${k}'`))}`;
        throw new UserError(
          `--target '${pattern}' is the name of ${them}, not a key: a target is a key, as the plan shows it`,
          `target ${named.length === 1 ? 'it by its key' : 'them by their keys'}: ${codeSpan(named.map(targetArgument).join(' '))}`,
        );
      }
      const stranger = idOf(pattern, unowned.map((live) => ({ live })));
      if (stranger) throw notManagedHere(pattern, stranger.what, stranger.of.live, one, files?.dir);
      const parts = pattern.split(',').map((p) => p.trim()).filter((p) => p !== '');
      // A part that names a key is that key alone; another is the pattern as given, quoted only.
      const meant = (p: string) => {
        const key = idOfManaged(p, managed)?.key ?? (files && keyOfPath(p, keys, files));
        return key === undefined ? `--target ${shellWord(p)}` : targetArgument(key);
      };
      // A key being renamed: the plan moves its assistant to the new key, which is what to target.
      const moved = files?.files.find((f) => f.movedFrom?.some((old) => targetMatches(pattern, old)));
      if (moved) {
        const old = moved.movedFrom!.find((k) => targetMatches(pattern, k))!;
        throw new UserError(
          `--target '${pattern}' names the old key '${old}' of '${moved.key}' (moved_from in ${moved.file}): the plan moves that ${one} to '${moved.key}', and a target is a key as the definitions have it now`,
          `target it by its new key: ${codeSpan(targetArgument(moved.key))}`,
        );
      }
      const path = files && keyOfPath(pattern, keys, files);
      const near = path === undefined ? nearTarget(pattern, keys) : undefined;
      // One that prints as the pattern does (`café` precomposed or not): the code points that differ, shown.
      const alike = near !== undefined && printsAlike(pattern, near) ? revealDifference(pattern, near).map(revealedText) : undefined;
      const hint = parts.length > 1
        ? `--target takes one key: repeat --target for each key (${codeSpan(parts.map(meant).join(' '))}); ${rule}`
        : path !== undefined
          ? `did you mean ${codeSpan(targetArgument(path))}? ${rule}`
          : alike
            ? `did you mean '${near}' (${alike[1]})? The --target ${alikeNote(pattern, near!)}; ${ESCAPES_NOTE}`
            : `${near ? `did you mean '${near}'? ` : ''}${rule}`;
      throw new UserError(`--target '${alike ? alike[0] : pattern}' matches no definition and no managed ${one}`, hint);
    }
  }
}

/**
 * The refusal of `--target` given `pattern`, the `what` (`id`, `id of version 2`) of `live`, a
 * resource this namespace does not manage: it has no key here to select. Unmarked, it is brought
 * in by `aac import --id` (which writes its definition, pinned by `id:`, under a key made from its
 * name), with the definitions directory `dir` when it is not the default; another namespace's is
 * planned from that namespace's directory, by its key there.
 */
function notManagedHere(pattern: string, what: string, live: UnownedResource, one: string, dir: string | undefined): UserError {
  if (live.namespace !== null && live.key !== null) {
    return new UserError(
      `--target '${pattern}' is the ${what} of the ${one} managed as '${live.key}' in the namespace '${live.namespace}', not in this one: a target is a key of the namespace planned`,
      `plan it from the definitions directory of the namespace '${live.namespace}', with ${codeSpan(targetArgument(live.key))}`,
    );
  }
  const inDir = dir !== undefined && dir !== '.' && dir !== DEFAULT_DIR ? ` --dir ${pathWord(dir)}` : '';
  return new UserError(
    `--target '${pattern}' is the ${what} of a live ${one} aac does not manage (it carries no marker of any namespace, so no definitions directory plans it): a target is a key, and it has none`,
    `to manage it from this directory, write its definition with ${codeSpan(`aac import${inDir} --id ${shellWord(live.id)}`)}, then plan: the import names the key it writes`,
  );
}

/**
 * The entry of `resources` whose live resource's id `pattern` is, with what it is of it (`id`,
 * `version id`), or undefined: its live id (the API's id, `asst_…`, `agent_…`; a Foundry agent's
 * name) or, for a versioned kind, one of its versions' ids, `name:version` (Foundry's
 * AgentVersionObject.id, as its portal shows it and the emulator makes it:
 * foundry-agents/emulator/store.ts). Not a glob.
 */
function idOf<T extends { live?: Pick<LiveResource, 'id' | 'version' | 'versions'> }>(pattern: string, resources: readonly T[]): { of: T & { live: NonNullable<T['live']> }; what: string } | undefined {
  if (isGlob(pattern, TARGET)) return undefined;
  for (const entry of resources) {
    const { live } = entry;
    if (!live) continue;
    const of = entry as T & { live: NonNullable<T['live']> };
    if (live.id === pattern) return { of, what: 'id' };
    const versions = live.versions ?? (live.version === undefined ? [] : [live.version]);
    const version = versions.find((v) => `${live.id}:${v}` === pattern);
    if (version !== undefined) return { of, what: `id of version ${version}` };
  }
  return undefined;
}

/** The managed resource whose id `pattern` is (idOf): its key, with what the pattern is of it. */
function idOfManaged(pattern: string, managed: readonly ManagedResource[]): { key: string; what: string } | undefined {
  const found = idOf(pattern, managed);
  return found && { key: found.of.key, what: found.what };
}

/** The keys, sorted, of the definitions of `managed` whose name (at `namePath` of their spec: ResourceKind.paths.name) is `pattern`; [] for a glob. */
function keysOfName(pattern: string, managed: readonly ManagedResource[], namePath: ReadonlyArray<string | number>): string[] {
  if (isGlob(pattern, TARGET)) return [];
  return managed.filter((m) => m.desired !== undefined && valueAt(m.desired.spec, namePath) === pattern).map((m) => m.key).sort();
}

/**
 * The key a `--target` written as a path stands for, or undefined when it is none: a definition's
 * file, below the definitions directory or as the working directory reaches it, with or without
 * `./` (`support/bot01.yaml`, `assistants/support/bot01.yaml`) → that definition's key (its
 * `key:` when it has one); else the path without the directory, a `.yaml`/`.yml` extension and a
 * trailing `/` (`assistants/support` → `support`) when, so written, it selects a key. Not a glob.
 */
function keyOfPath(pattern: string, keys: readonly string[], { dir, files }: TargetFiles): string | undefined {
  // A glob is a pattern over keys, never a path.
  if (isGlob(pattern, TARGET)) return undefined;
  const typed = posix.normalize(pattern);
  const withDir = posix.join(dir, typed);
  const file = files.find((f) => { const at = posix.normalize(f.file); return at === typed || at === withDir; });
  if (file) return file.key;
  const below = dir !== '.' && typed.startsWith(`${dir}/`) ? typed.slice(dir.length + 1) : typed;
  const key = below.replace(/\.ya?ml$/, '').replace(/\/+$/, '');
  return key !== pattern && key !== '' && keys.some((k) => targetMatches(key, k)) ? key : undefined;
}

/**
 * What a pattern that selects nothing was probably meant to be: the same key or prefix in another
 * case (`Billing` for `billing/refunds`: `billing`), a key the glob matches but for case, or the
 * key or prefix one slip away (`suport` for `support/billing`: `support`; closest's rule).
 */
function nearTarget(pattern: string, keys: readonly string[]): string | undefined {
  if (isGlob(pattern, TARGET)) {
    const loose = globMatcher(pattern, { ...TARGET, ignoreCase: true });
    return keys.find(loose);
  }
  // A plain pattern selects a key and everything below it, so each key's prefixes are targets too.
  const prefixes = keys.flatMap((k) => k.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/')));
  const targets = [...new Set([...keys, ...prefixes])];
  const bare = pattern.replace(/\/+$/, '');
  // One that prints alike: another Unicode normalization (a name macOS completed), an invisible character.
  const alike = targets.find((t) => printsAlike(bare, t));
  if (alike !== undefined) return alike;
  const lower = bare.toLowerCase();
  const other = keys.find((k) => k.toLowerCase() === lower || k.toLowerCase().startsWith(`${lower}/`));
  if (other !== undefined) return other.slice(0, lower.length);
  return closest(pattern, targets);
}
