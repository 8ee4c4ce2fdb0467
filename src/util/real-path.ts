import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `path` (relative to `cwd`, or absolute) by its real path when it exists — symlinked directories
 * on the way resolved (a CI runner's work directory, macOS's /tmp → /private/tmp) — and resolved
 * as written otherwise (a deleted file, a directory that may not be entered). One realpath(3) call.
 */
export function realOrResolved(cwd: string, path: string): string {
  const abs = resolve(cwd, path);
  try {
    return realpathSync.native(abs);
  } catch {
    return abs;
  }
}
