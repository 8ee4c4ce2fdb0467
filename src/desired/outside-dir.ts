// Files definitions are made of that lie outside the definitions directory (`instructions_file:
// ../shared/p.md`, a `$ref` to ../shared/t.yaml): a workflow filtered on the directory alone
// (`paths: ["assistants/**"]`) does not run when only they change.
import { dirname, sep } from 'node:path';
import { realOrResolved, realPaths } from '../util/real-path.js';
import type { Definition } from '../model/definition.js';
import { shownPath } from './paths.js';

/** A place outside the definitions directory that definitions read: a directory, or a file of the working directory itself. */
export interface OutsidePlace {
  /** Shown from the working directory, `/`-separated. */
  path: string;
  file: boolean;
}

/**
 * The directories (shown from `cwd`, `/`-separated, sorted, each once) holding a file that a
 * definition of `desired` is made of — its instructions file, a `$ref` fragment, an overlay —
 * outside the definitions directory `dir`, both compared by their real paths (realPaths: by
 * directory, not a call a file; a symlink inside `dir` that leads out counts as outside). A file
 * of the working directory itself is named as the file: its directory, `.`, would stand for the
 * whole repository. [] when every such file is inside `dir`.
 */
export function outsidePlaces(desired: readonly Definition[], { cwd, dir }: { cwd: string; dir: string }): OutsidePlace[] {
  const top = realOrResolved(cwd, dir);
  const realCwd = realOrResolved(cwd, '.');
  const real = realPaths(cwd);
  const found = new Map<string, OutsidePlace>();
  for (const d of desired) {
    for (const file of [d.instructionsFile, ...(d.parts ?? [])]) {
      if (file === undefined) continue;
      const abs = real(file);
      if (abs.startsWith(top + sep)) continue;
      const inCwd = dirname(abs) === realCwd;
      // Shown once a directory, not once a file.
      const path = shownPath(realCwd, inCwd ? abs : dirname(abs));
      found.set(path, { path, file: inCwd });
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
