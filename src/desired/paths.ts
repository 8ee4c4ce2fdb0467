// Paths as messages and keys spell them: relative, `/`-separated on every platform, so a key or a
// message is the same on Windows as in CI.
import { parse, relative, sep } from 'node:path';
import { PATH_KEY_SHOWN, PATH_SHOWN, shortened } from '../yaml/path-text.js';

/** `to` relative to `from`, `/`-separated. */
export function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/**
 * A path as messages show it: relative to the working directory, '.' for the directory itself;
 * absolute (`/`-separated) when it shares nothing with the working directory but the root
 * (`/nonexistent` from `/tmp/w`, not `../../nonexistent`): given so, most likely, and the relative
 * form would only climb to the root and down again.
 */
export function shownPath(cwd: string, abs: string): string {
  const rel = posixRelative(cwd, abs) || '.';
  return rel.startsWith('..') && topStep(cwd) !== topStep(abs) ? abs.split(sep).join('/') : rel;
}

/**
 * `path` (`/`-separated) as a message shows a path of any length — one given to aac that may name
 * nothing (a `--dir`, an `instructions_file`), where no file system bounds a name's length or the
 * whole's: each name cut after PATH_KEY_SHOWN characters, as a field path's keys are, and the
 * whole after PATH_SHOWN, as a diagnostic's path is (yaml/path-text.ts shortened, with `…`). A
 * path of 3,000 characters printed whole filled a terminal with each of its errors.
 */
export function cutPath(path: string): string {
  if (path.length <= PATH_KEY_SHOWN) return path;
  return shortened(path.split('/').map((name) => shortened(name, PATH_KEY_SHOWN)).join('/'), PATH_SHOWN);
}

/** The first step of an absolute path below its root (`tmp` of `/tmp/w`; '' for the root itself). */
function topStep(abs: string): string {
  return abs.slice(parse(abs).root.length).split(sep)[0] ?? '';
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
 * shownPath(cwd, abs) of each file `abs` that is `rel` below a directory shown as `shownDir`:
 * by concatenation, unless the directory holds the working directory (shown as `..` steps only, or the root),
 * where the path could lead back into it and is computed whole. A directory beside the working
 * directory's (`../other/assistants`, the bench's in the temporary directory) shares with every
 * file below it what it shares with the working directory, so concatenation is exact there too:
 * path.relative per file was ~55 ms of a plan of 10,000 definitions. Which of the two holds is
 * decided once for the directory, not for each of its files (5–8 ms of samples at 10,000).
 */
export function shownPathsBelow(cwd: string, shownDir: string): (rel: string, abs: string) => string {
  // The root itself (shown absolute: shownPath) holds the working directory too.
  if (shownDir.split('/').every((step) => step === '..') || parse(shownDir).root === shownDir) return (_rel, abs) => shownPath(cwd, abs);
  const dir = shownDir === '.' ? '' : shownDir;
  return (rel) => belowRelative(dir, rel);
}

/** The key a definition file without `key:` gets: its path below the definitions directory, without extension. */
export function keyFromPath(dir: string, file: string): string {
  return keyFromRelative(posixRelative(dir, file));
}

/** keyFromPath of a file whose path below the definitions directory (`/`-separated) is `rel`. */
export function keyFromRelative(rel: string): string {
  return rel.replace(/\.ya?ml$/i, '');
}
