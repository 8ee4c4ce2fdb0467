// The rule for the files of a repository (definitions, instructions files, aac.yaml, environment
// fragments): a symlink is followed only while its target stays inside the repository, and never
// into git's own files (`.git`, a directory or a submodule's or worktree's file); the read
// itself is util/read-regular.ts's, as for every file aac reads (regular files only, bounded).
import { errnoWords, pathErrorWords, readErrorHint } from '../util/errno.js';
import { constants, openSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { OPEN_FLAGS, readOpened, refusalOf, type ReadRefusal } from '../util/read-regular.js';
import { unfitCharacter } from '../util/invisible.js';
import { describeBoundary, type RepoBoundary } from './repo-root.js';
import { GIT_OWN_WHY, isGitStep } from './git-dir.js';

/** Why a file was not read: a plain read's refusal, or the repository boundary's. */
export interface Refusal {
  code: ReadRefusal['code'] | 'path-outside-repository' | 'path-in-git-dir' | 'invalid-file-name';
  reason: string;
  hint: string;
}

export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** A path whose last step must not be a symlink (POSIX); where there is no such flag, every path is resolved. */
const NO_FOLLOW = constants.O_NOFOLLOW;

/**
 * `path` with its symlinks resolved, or why it may not be read: an invisible or a control character
 * in its name below the boundary, a broken link, or a target outside `boundary` (checked against the boundary's real path, so a symlinked checkout works).
 */
export function resolveInside(path: string, boundary: RepoBoundary): { real: string } | Refusal {
  const unfit = unfitCharacter(relative(boundary.root, path), 'name');
  if (unfit) return { code: 'invalid-file-name', reason: `its name holds ${unfit.holds}`, hint: `rename it without ${unfit.without}` };
  let real: string;
  try {
    // One realpath(3) call: the JS version lstats every component of every path (0.5 s at 10,000 files).
    real = realpathSync.native(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'file-not-found', reason: 'it does not exist (or is a broken symlink)', hint: 'point it at an existing file inside the repository' };
    if (code === 'ELOOP') return { code: 'unreadable', reason: pathErrorWords(err), hint: 'fix the symlink' };
    return { code: 'unreadable', reason: errnoWords(err), hint: readErrorHint(err) };
  }
  if (!isInside(boundary.real, real)) {
    return { code: 'path-outside-repository', reason: `it leads to ${real}, outside ${describeBoundary(boundary)}`, hint: 'copy the file into the repository instead of linking to it' };
  }
  // Inside the work tree but git's own: `.git/config` may hold a checkout's credentials (an
  // `extraheader` token, a token in a remote's URL), and nothing there is a file of the commit.
  if (relative(boundary.real, real).split(sep).some(isGitStep)) {
    return { code: 'path-in-git-dir', reason: `it is one of git's own files (in .git), ${GIT_OWN_WHY}`, hint: 'point it at a file of the repository\'s own' };
  }
  return { real };
}

/**
 * The file opened for reading, and its real path. `knownReal` (see readBounded) is opened as it
 * is while its last step is still no symlink; any failure there, or no `knownReal`, and the path
 * is resolved and checked against the boundary first.
 */
function openInside(path: string, boundary: RepoBoundary, knownReal: string | undefined): { fd: number; real: string } | Refusal {
  if (knownReal !== undefined && NO_FOLLOW !== undefined) {
    try {
      return { fd: openSync(knownReal, OPEN_FLAGS | NO_FOLLOW), real: knownReal };
    } catch {
      // Changed since the walk (now a symlink, gone, unreadable): resolved below, which says why.
    }
  }
  const resolved = resolveInside(path, boundary);
  if ('code' in resolved) return resolved;
  try {
    return { fd: openSync(resolved.real, OPEN_FLAGS), real: resolved.real };
  } catch (err) {
    return refusalOf(err);
  }
}

/**
 * Reads at most `maxBytes` of the regular file at `path` (symlinks followed inside `boundary`
 * only). Never blocks on a FIFO, never reads a device, never allocates more than `maxBytes + 1`.
 * `knownReal`: the file's real path as a directory walk found it (DiscoveredFile.real), which
 * saves resolving it again (a realpath(3) call checks every directory on the way). `tooLargeHint`:
 * what to do about a file over `maxBytes`, said by the caller, which knows what the file is for.
 */
export function readBounded(path: string, boundary: RepoBoundary, maxBytes: number, tooLargeHint: string, knownReal?: string): { bytes: Buffer; real: string } | Refusal {
  const opened = openInside(path, boundary, knownReal);
  if ('code' in opened) return opened;
  const got = readOpened(opened.fd, maxBytes, tooLargeHint);
  return Buffer.isBuffer(got) ? { bytes: got, real: opened.real } : got;
}
