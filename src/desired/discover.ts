// Which files are definitions: every *.yaml / *.yml below the directory, in a stable order.
import { errnoWords, readErrorHint } from '../util/errno.js';
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, normalize, posix, relative, sep } from 'node:path';
import { isInside, resolveInside } from './file-access.js';
import { IGNORE_FILE, loadIgnoreRules, type IgnoreRules } from './ignore.js';
import { lazy } from '../util/lazy.js';
import { UserError } from '../util/errors.js';
import { belowRelative } from './paths.js';
import { repoRoot, type RepoBoundary } from './repo-root.js';
import { turnTaker } from '../util/event-loop.js';
import { realAsFarAsItExists } from '../util/real-path.js';
import { isDirectory } from '../util/file-kind.js';
import { unfitCharacter } from '../util/invisible.js';
import { LARGE_WORK, SPARKPLUG_WORK, workSize } from '../util/v8-by-work.js';
import type { DiagnosticCode } from '../model/diagnostic-codes.js';
import { EXACT, type PathFold } from '../util/path-case.js';

/** Project config files at the top of the definitions directory, not definitions. */
export const CONFIG_FILES = ['aac.yaml', 'aac.yml'];

/** A definition file's name: what the walk reads. */
export const DEFINITION = /\.ya?ml$/i;

/** A JSON name: a definition saved as JSON (which is YAML) when its text reads as one (unread-files.ts). */
export const JSON_NAME = /\.json$/i;
/** A YAML name with more after the extension: a backup or a copy of a file (`x.yaml.bak`, `x.yml~`). */
export const YAML_AND_MORE = /(\.ya?ml).+$/i;
/** aac.yaml's own backups (`aac.yaml.bak`): a copy of the project config, never a definition. */
const CONFIG_COPY = /^aac\.ya?ml./i;

/** Whether the walk notes a file of this name it does not read, for unread-files.ts to say which may have been meant as a definition. */
export function nearDefinitionName(name: string): boolean {
  return !CONFIG_COPY.test(name) && (JSON_NAME.test(name) || YAML_AND_MORE.test(name));
}

/**
 * Refuses (UserError, exit 1) a file a writer is about to put at `path` where a run on `dir` would
 * read it (see readAs). `shown`: how to show a path; `outcome`: what was not done
 * (`nothing was run`, `nothing was written`); `why`: why `dir` is a definitions directory when it
 * is not the run's own (`it holds aac.yaml`: see otherDefinitionDirs).
 */
export async function refuseReadBack(dir: string, path: string, shown: (p: string) => string, outcome: string, why?: string): Promise<void> {
  const as = readAs(dir, path, shown);
  if (as === undefined) return;
  const d = `${shown(dir)}/`;
  const where = why === undefined ? `the definitions directory ${d}, where every later run` : `${d}, a definitions directory (${why}), where every run on it`;
  throw new UserError(
    as === 'config'
      ? `${shown(path)} is the project config of ${why === undefined ? 'the definitions directory ' : ''}${d}; ${outcome}`
      : `${shown(path)} is inside ${where} would read it as a definition; ${outcome}`,
    `write it outside ${d}, or name it so runs skip it: starting with '_' or '.', not ending in .yaml or .yml, or matched by ${shown(join(dir, IGNORE_FILE))}`,
  );
}

/**
 * The definitions directories a run other than this one may read a file at `path` (absolute)
 * from, with why each is one: the default one below the working directory `cwd` (`defaultDir`)
 * when it is a directory, and each directory from `path`'s own up to its git repository's root
 * (outside git, up to `cwd` when `path` is below it) that holds an aac.yaml. A definitions
 * directory with neither mark is not known to be one: what it reads by mistake is refused when
 * it is loaded (a saved plan is named as such).
 */
export function otherDefinitionDirs(path: string, cwd: string, defaultDir: string): Array<{ dir: string; why: string }> {
  const found: Array<{ dir: string; why: string }> = [];
  const byDefault = join(cwd, defaultDir);
  if (isDirectory(byDefault)) found.push({ dir: byDefault, why: `the default --dir` });
  const boundary = repoRoot(dirname(path));
  const top = boundary.kind === 'git' ? boundary.root : isInside(cwd, path) ? cwd : dirname(path);
  for (let d = dirname(path); ; d = dirname(d)) {
    if (CONFIG_FILES.some((name) => existsSync(join(d, name)))) found.push({ dir: d, why: `it holds ${CONFIG_FILES[0]}` });
    if (d === top || dirname(d) === d) break;
  }
  return found;
}

/** Whether the walk skips an entry by its own name (hidden, dependencies), whatever `.aacignore` says. */
const skippedName = (name: string): boolean => name.startsWith('.') || name === 'node_modules';

/**
 * How a run would read a file at `path` (absolute, existing or not) below the definitions
 * directory `dir`: `'config'` (aac.yaml at its top), `'definition'`, or undefined when it would
 * not read it (outside `dir`, hidden, ignored, another extension, in a folder that is a
 * definitions directory of its own: ownDirectoryHolding). The walk's own rules below,
 * applied to one path: for a writer (`plan --out`, `migrate --out`) to refuse a file that would
 * break every later run. Symlinks on the way are resolved as far as they exist. Throws what
 * `loadIgnoreRules` throws (`shown`: how messages show a path).
 */
export function readAs(dir: string, path: string, shown: (abs: string) => string): 'config' | 'definition' | undefined {
  const parts = partsBelow(dir, path);
  const rules = ignoreRulesOf(dir, shown);
  if (parts === undefined || parts.length === 0 || skipped(parts, false, rules)) return undefined;
  const name = parts[parts.length - 1]!;
  if (parts.length === 1 && CONFIG_FILES.includes(name)) return 'config';
  return DEFINITION.test(name) && ownBelow(dir, parts.slice(0, -1), rules) === undefined ? 'definition' : undefined;
}

/**
 * Whether a run on the definitions directory `dir` reads the files of the directory `path`
 * (absolute, existing or not): `dir` itself, or a directory below it that no hidden or `_` name
 * and no `.aacignore` pattern skips, and that neither is nor lies in a definitions directory of its
 * own (ownDirectoryHolding); symlinks resolved as for readAs. For `migrate`, whose source must not
 * be read as the new definitions. Throws what `loadIgnoreRules` throws (`shown`: how messages show a path).
 */
export function walksInto(dir: string, path: string, shown: (abs: string) => string): boolean {
  const parts = partsBelow(dir, path);
  const rules = ignoreRulesOf(dir, shown);
  return parts !== undefined && (parts.length === 0 || (!skipped(parts, true, rules) && ownBelow(dir, parts, rules) === undefined));
}

/**
 * The folders of a definitions directory that are definitions directories of their own, as a
 * Terraform root module never reads a subdirectory's files: of the folders below its top that
 * hold an aac.yaml its walk reads as one (`configRels`: those files, `/`-separated below the top;
 * Discovered.configs), the outermost of any inside each other, sorted. A run of the directory reads
 * none of their files (definition-files.ts); each is read by its own run, in its own namespace.
 */
export function ownDirectories(configRels: readonly string[]): string[] {
  const roots = [...new Set(configRels.map((rel) => posix.dirname(rel)))].filter((r) => r !== '.').sort();
  return roots.filter((r, _, all) => !all.some((o) => o !== r && r.startsWith(`${o}/`)));
}

/** The one of `roots` (ownDirectories) that `rel` (`/`-separated below the same top) is or lies in, or undefined. */
export function ownDirectoryOf(rel: string, roots: readonly string[]): string | undefined {
  return roots.find((r) => rel === r || rel.startsWith(`${r}/`));
}

/**
 * The folder (absolute, below `dir` as given) that `path` (absolute, existing or not) is or
 * lies in below the definitions directory `dir` which holds an aac.yaml the walk of `dir` would
 * read as one (ownDirectories: a definitions directory of its own, whose files a run of `dir`
 * does not read); undefined when there is none, or `path` is not below `dir`. Throws what
 * `loadIgnoreRules` throws (`shown`: how messages show a path).
 */
export function ownDirectoryHolding(dir: string, path: string, shown: (abs: string) => string): string | undefined {
  const parts = partsBelow(dir, path);
  if (parts === undefined || parts.length === 0) return undefined;
  const own = ownBelow(dir, parts, ignoreRulesOf(dir, shown));
  return own === undefined ? undefined : join(dir, ...own.split('/'));
}

/** `dir`'s .aacignore rules, read at the first question asked of them and once (loadIgnoreRules; `shown`: how messages show a path). */
const ignoreRulesOf = (dir: string, shown: (abs: string) => string): (() => IgnoreRules) => lazy(() => loadIgnoreRules(dir, shown));

/**
 * ownDirectoryOf for the folders `folders` (`path`'s names below `dir`, each a folder): the
 * aac.yaml files the walk of `dir` would find in each (a config name, not a directory nor a link
 * to one, not ignored), as ownDirectories reads the walk's.
 */
function ownBelow(dir: string, folders: readonly string[], rules: () => IgnoreRules): string | undefined {
  if (folders.length === 0) return undefined;
  const real = realAsFarAsItExists(dir);
  const configRels: string[] = [];
  for (let i = 1; i <= folders.length; i++) {
    const rel = folders.slice(0, i).join('/');
    let entries: Dirent[];
    try {
      entries = readdirSync(join(real, ...folders.slice(0, i)), { withFileTypes: true });
    } catch {
      // Not there (yet), or not listable: the walk finds no aac.yaml in it either.
      continue;
    }
    for (const e of entries) {
      if (!CONFIG_FILES.includes(e.name) || rules().ignores(`${rel}/${e.name}`, false)) continue;
      const p = join(real, rel, e.name);
      if (!e.isDirectory() && !(e.isSymbolicLink() && linksToDirectory(p))) configRels.push(`${rel}/${e.name}`);
    }
  }
  return ownDirectoryOf(folders.join('/'), ownDirectories(configRels));
}

/** `path`'s names below `dir` (both resolved as far as they exist): [] for `dir` itself, undefined outside it. */
function partsBelow(dir: string, path: string): string[] | undefined {
  const rel = relative(realAsFarAsItExists(dir), realAsFarAsItExists(path));
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel === '' ? [] : rel.split(sep);
}

/** Whether the walk of `dir` skips the entry at `parts` (a directory when `isDir`) or one it lies in. */
function skipped(parts: string[], isDir: boolean, rules: () => IgnoreRules): boolean {
  if (parts.some(skippedName)) return true;
  return parts.some((_, i) => rules().ignores(parts.slice(0, i + 1).join('/'), isDir || i < parts.length - 1));
}

/**
 * `join(dir, name)` for a name readdir gave (never `.`, `..` or holding a separator) in a directory
 * path already normalized (every path the walk holds): the same string, without join's
 * normalizing, which at 10,000 files was a tenth of the walk.
 */
function inDir(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/**
 * The entries of `d` whose name is not valid UTF-8, by the name readdir gives (bytes that are not
 * UTF-8 as U+FFFD), each shown with those bytes escaped (`bad\\xff\\xfe.yaml`).
 */
function namesNotUtf8(d: string): Map<string, string> {
  const out = new Map<string, string>();
  let raws: Buffer[] = [];
  try {
    raws = readdirSync(d, { encoding: 'buffer' });
  } catch {
    // Gone or unreadable since it was listed: no names to show.
  }
  for (const raw of raws) {
    const name = raw.toString('utf8');
    if (Buffer.from(name, 'utf8').equals(raw)) continue;
    out.set(name, [...raw].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join(''));
  }
  return out;
}

/** `path`'s real path (realpath(3)), or undefined when it cannot be resolved. */
function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** Whether the symlink at `path` leads to a directory (false when it cannot be followed). */
function linksToDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A definition file found. */
export interface DiscoveredFile {
  /** Absolute path. */
  path: string;
  /** `path` below the definitions directory, `/`-separated (what files are sorted by). */
  rel: string;
  /**
   * The file's real path, when the walk knows it to be a plain entry (not a symlink) of a
   * directory whose real path is inside the boundary, and no name on the way holds a character a
   * name may not (an invisible or a control character): reading it needs no realpath (see readBounded). Absent otherwise: reading resolves it.
   */
  real?: string;
}

export interface Discovered {
  /** Sorted by their path below the definitions directory. */
  files: DiscoveredFile[];
  /** Directories that could not be listed or may not be followed, with why: the definitions in them are unknown. */
  unreadable: Array<{ dir: string; code: DiagnosticCode; message: string; hint: string }>;
  /** Files named like aac.yaml below the top (absolute paths): aac reads none of them, and they are no definitions either. */
  configs: string[];
  /** Files the walk does not read whose name may have been meant as a definition's (absolute paths; unread-files.ts nearDefinitionName). */
  unreadNames: string[];
}

/**
 * Every definition file below `dir`. Hidden entries and node_modules are skipped (`--dir .` must
 * not read dependencies), and so is what `loadIgnoreRules` ignores, and the `excluded` directories
 * (paths below `dir`, `/`-separated: the environments' overlays), compared as `fold` says the
 * directory's file system compares names (util/path-case.ts). A symlinked directory is followed when it stays inside `boundary` and
 * is not one of the directories it sits in, nor `dir` or a folder above it (a loop, refused at the link itself); otherwise it is reported, never skipped
 * silently: its definitions would plan as orphans. Every entry named like a definition is
 * returned whatever it is (symlink, FIFO, device): reading it decides, with a located error.
 * `onFound` is told the number found so far at each one. Throws what `loadIgnoreRules` throws
 * (`shown`: how messages show a path).
 */
export async function discoverDefinitionFiles(dir: string, boundary: RepoBoundary, shown: (abs: string) => string, excluded: readonly string[] = [], onFound?: (count: number) => void, fold: PathFold = EXACT): Promise<Discovered> {
  const found: DiscoveredFile[] = [];
  const unreadable: Discovered['unreadable'] = [];
  const configs: string[] = [];
  const unreadNames: string[] = [];
  // Normalized once, so that every path the walk makes below it is too (inDir).
  const top = normalize(dir);
  const rules = loadIgnoreRules(dir, shown);
  // As the directory's file system compares names: where it ignores case, `Overlays/Prod` is `overlays/prod`.
  const skipped = new Set(excluded.map(fold));
  // Thousands of entries in a directory: the listing's responses get turns while they are sorted out.
  const turns = turnTaker();
  // A name that reads as another is refused when the file is read, as is a file outside the boundary.
  const cleanTop = unfitCharacter(relative(boundary.root, dir), 'name') === undefined;
  /**
   * `ancestors`: the real paths of the directories being walked, to refuse a link back into one;
   * `real`: `d`'s own real path (the last of them); `relDir`: `d` below `dir` (DiscoveredFile.rel).
   */
  const walk = async (d: string, relDir: string, ancestors: ReadonlySet<string>, real: string | undefined): Promise<void> => {
    const known = cleanTop && real !== undefined && isInside(boundary.real, real);
    let entries: Dirent[];
    // Listed and resolved with blocking calls, as the files are read (file-access.ts): each call
    // takes microseconds, where a promise of one waited for the event loop's next turn, behind
    // the listing's pages. With a plan's listing under way, the walk of 100 directories of 100
    // files took 1–2.4 s on two busy cores for ~50 ms of work, and every definition waited for it.
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      unreadable.push({ dir: d, code: 'unreadable', message: `cannot read the directory: ${errnoWords(err)}`, hint: `${readErrorHint(err).replace('read the file', 'read the directory')}, or move it out of the definitions directory` });
      return;
    }
    // Names that are not UTF-8 come back with U+FFFD in place of their bytes: no such path exists.
    const notUtf8 = entries.some((e) => e.name.includes('\uFFFD')) ? namesNotUtf8(d) : undefined;
    for (const e of entries) {
      if (turns.due()) await turns.take();
      if (skippedName(e.name)) continue;
      const p = inDir(d, e.name);
      const raw = notUtf8?.get(e.name);
      // A directory, or a file named like a definition: a name that could not be one is not aac's to read.
      if (raw !== undefined && (e.isDirectory() || DEFINITION.test(e.name))) {
        unreadable.push({ dir: p, code: 'invalid-file-name', message: `its name is not valid UTF-8 (${raw}): aac reads names as UTF-8, so it cannot open it`, hint: 'rename it with a UTF-8 name' });
        continue;
      }
      const isDir = e.isDirectory() || (e.isSymbolicLink() && linksToDirectory(p));
      // Shared fragments (`_`-prefixed) and `.aacignore` patterns are not definitions.
      const rel = belowRelative(relDir, e.name);
      if (rules.ignores(rel, Boolean(isDir)) || (isDir && skipped.has(fold(rel)))) continue;
      if (isDir) {
        if (e.isSymbolicLink()) {
          const target = resolveInside(p, boundary);
          if ('code' in target) {
            unreadable.push({ dir: p, code: target.code, message: `the symlinked directory is not followed: ${target.reason}`, hint: target.hint });
            continue;
          }
          // The definitions directory or a folder above it holds every directory walked: through it, the walk reads its own files again.
          if (ancestors.has(target.real) || (realTop !== undefined && isInside(target.real, realTop))) {
            unreadable.push({ dir: p, code: 'symlink-loop', message: `the symlinked directory is not followed: it leads to ${target.real}, a directory it is inside (a loop)`, hint: 'remove the symlink' });
            continue;
          }
          await walk(p, rel, new Set([...ancestors, target.real]), target.real);
        } else {
          const realDir = realOrUndefined(p);
          await walk(p, rel, new Set([...ancestors, realDir ?? p]), realDir);
        }
      } else if (CONFIG_FILES.includes(e.name)) {
        if (d !== top) configs.push(p);
      } else if (DEFINITION.test(e.name)) {
        const plain = known && !e.isSymbolicLink() && unfitCharacter(rel, 'name') === undefined;
        found.push(plain ? { path: p, rel, real: inDir(real!, e.name) } : { path: p, rel });
        onFound?.(found.length);
        // Known large (or no longer tiny) now, not after the walk: at 10,000 files the rest of the walk took ~0.3 s as small work.
        if (found.length === SPARKPLUG_WORK || found.length === LARGE_WORK) workSize(found.length);
      } else if (nearDefinitionName(e.name)) {
        unreadNames.push(p);
      }
    }
  };
  const realTop = realOrUndefined(dir);
  await walk(top, '', new Set([realTop ?? dir]), realTop);
  return { files: found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0)), unreadable, configs, unreadNames };
}
