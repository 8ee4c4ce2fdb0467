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

/** The key a definition file without `key:` gets: its path below the definitions directory, without extension. */
export function keyFromPath(dir: string, file: string): string {
  return keyFromRelative(posixRelative(dir, file));
}

/** keyFromPath of a file whose path below the definitions directory (`/`-separated) is `rel`. */
export function keyFromRelative(rel: string): string {
  return rel.replace(/\.ya?ml$/i, '');
}
