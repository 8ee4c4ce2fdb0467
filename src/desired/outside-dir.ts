// Files definitions are made of that lie outside the definitions directory (`instructions_file:
// ../shared/p.md`, a `$ref` to ../shared/t.yaml): a workflow filtered on the directory alone
// (`paths: ["assistants/**"]`) does not run when only they change.
import { dirname, sep } from 'node:path';
import { realOrResolved, realPaths } from '../util/real-path.js';
import type { Definition } from '../model/definition.js';
import { shownPath } from './paths.js';

/**
 * The directories (shown from `cwd`, `/`-separated, sorted, each once) holding a file that a
 * definition of `desired` is made of — its instructions file, a `$ref` fragment, an overlay —
 * outside the definitions directory `dir`, both compared by their real paths (realPaths: by
 * directory, not a call a file; a symlink inside `dir` that leads out counts as outside). [] when
 * every such file is inside `dir`.
 */
export function outsideDirectories(desired: readonly Definition[], { cwd, dir }: { cwd: string; dir: string }): string[] {
  const top = realOrResolved(cwd, dir);
  const realCwd = realOrResolved(cwd, '.');
  const real = realPaths(cwd);
  const found = new Set<string>();
  for (const d of desired) {
    for (const file of [d.instructionsFile, ...(d.parts ?? [])]) {
      if (file === undefined) continue;
      const abs = real(file);
      if (abs.startsWith(top + sep)) continue;
      found.add(dirname(abs));
    }
  }
  // Shown once a directory, not once a file.
  return [...new Set([...found].map((d) => shownPath(realCwd, d)))].sort();
}
