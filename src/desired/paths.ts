// Paths as messages and keys spell them: relative, `/`-separated on every platform, so a key or a
// message is the same on Windows as in CI.
import { relative, sep } from 'node:path';

/** `to` relative to `from`, `/`-separated. */
export function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/** A path as messages show it: relative to the working directory, '.' for the directory itself. */
export function shownPath(cwd: string, abs: string): string {
  return posixRelative(cwd, abs) || '.';
}

/**
 * `rel` (`/`-separated, no `.` or `..` step) below the directory at `/`-separated relative path
 * `dir` ('' for the directory itself), as posixRelative gives it: by concatenation, where
 * path.relative resolves both paths anew (a thousand files' keys and shown paths).
 */
export function belowRelative(dir: string, rel: string): string {
  return dir === '' ? rel : `${dir}/${rel}`;
}

/**
 * shownPath(cwd, abs) of the file `abs`, which is `rel` below a directory shown as `shownDir`:
 * by concatenation, unless the directory holds the working directory (shown as `..` steps only),
 * where the path could lead back into it and is computed whole. A directory beside the working
 * directory's (`../other/assistants`, the bench's in the temporary directory) shares with every
 * file below it what it shares with the working directory, so concatenation is exact there too:
 * path.relative per file was ~55 ms of a plan of 10,000 definitions.
 */
export function shownPathBelow(cwd: string, shownDir: string, rel: string, abs: string): string {
  if (shownDir.split('/').every((step) => step === '..')) return shownPath(cwd, abs);
  return belowRelative(shownDir === '.' ? '' : shownDir, rel);
}

/** The key a definition file without `key:` gets: its path below the definitions directory, without extension. */
export function keyFromPath(dir: string, file: string): string {
  return keyFromRelative(posixRelative(dir, file));
}

/** keyFromPath of a file whose path below the definitions directory (`/`-separated) is `rel`. */
export function keyFromRelative(rel: string): string {
  return rel.replace(/\.ya?ml$/i, '');
}
