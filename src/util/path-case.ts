// Whether a directory's file system tells names apart by case: Linux's usually does, macOS's
// (APFS) and Windows' (NTFS) by default do not, and either can be set up the other way (a
// case-sensitive APFS volume, a Windows directory marked case-sensitive, a case-folding ext4).
// So it is found out where the project is, never assumed from the platform.
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';

/** A path (or a name) as the file system compares it: two paths are one where their folds are equal. */
export type PathFold = (path: string) => string;

/** A case-sensitive file system's: names as written. */
export const EXACT: PathFold = (path) => path;

/**
 * A case-insensitive file system's, folded as `toLowerCase` folds them: as near as one rule comes
 * to both APFS's folding and NTFS's (the rule desired/case-clash.ts warns by).
 */
export const FOLDED: PathFold = (path) => path.toLowerCase();

/** What pathFoldAt reads, to be given another in a test (a case-insensitive file system simulated). */
export interface ProbeFs {
  readdirSync(dir: string): string[];
  /** Throws when nothing is there. */
  lstatSync(path: string): Pick<Stats, 'dev' | 'ino'>;
}

/**
 * How the file system at `dir` (absolute; it need not exist) compares names: EXACT or FOLDED.
 * Found without writing anything: in `dir`, or the nearest ancestor that can be listed, an entry
 * whose name has a letter is looked up with its case changed (`bot.yaml` as `BOT.YAML`): the same
 * file (its device and inode) answering means that directory ignores case. FOLDED when no such
 * entry is found up to the root: where it cannot be told, a caller refusing a path that one
 * spelling of would reach stays on the safe side.
 */
export function pathFoldAt(dir: string, fs: ProbeFs = { readdirSync: (d) => readdirSync(d), lstatSync }): PathFold {
  for (let at = dir; ; at = dirname(at)) {
    const name = namesIn(fs, at).find((n) => otherCase(n) !== n);
    if (name !== undefined) return sameEntry(fs, join(at, name), join(at, otherCase(name))) ? FOLDED : EXACT;
    if (dirname(at) === at) return FOLDED;
  }
}

/**
 * pathFoldAt(`dir`)'s fold, probed only when a path holding upper case is first folded: a path in
 * lower case folds to itself either way, so a load whose paths are all lower case (most) never
 * probes. Equal to pathFoldAt(`dir`, `fs`) on every path.
 */
export function pathFoldWhenNeeded(dir: string, fs?: ProbeFs): PathFold {
  let probed: PathFold | undefined;
  return (path) => {
    if (path === path.toLowerCase()) return path;
    probed ??= pathFoldAt(dir, fs);
    return probed(path);
  };
}

/** `name` in upper case, or in lower case when it is all upper case already. */
function otherCase(name: string): string {
  const upper = name.toUpperCase();
  return upper === name ? name.toLowerCase() : upper;
}

function namesIn(fs: ProbeFs, dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Whether `a` and `b` are one entry (one device, one inode); false when `b` is not there. */
function sameEntry(fs: ProbeFs, a: string, b: string): boolean {
  try {
    const [x, y] = [fs.lstatSync(a), fs.lstatSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
