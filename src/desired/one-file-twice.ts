// A symlink inside the definitions directory — a directory alias (`current -> v2`) or a file link
// (`fl.yaml -> sub/s.yaml`) — makes one real file two definitions, with two keys: the plan creates
// two assistants from it, and an edit changes both. That is almost never meant, but an alias can
// be (the same assistant under two keys on purpose), and nothing is wrong with either definition
// as written, so it is a warning naming both paths, not an error.
import { realpath } from 'node:fs/promises';
import type { DiscoveredFile } from './discover.js';
import { posixRelative } from './paths.js';

/** A definition file that is the same real file as an earlier one: the indexes of both, `first` the one read without a symlink when there is one. */
export interface SameFile {
  index: number;
  first: number;
}

/**
 * Each file of `files` (found below the definitions directory `dir`, absolute) whose real path is
 * an earlier one's (or one's that is not reached through a symlink, which is named as the first),
 * with that file. A file whose real path the walk knows
 * (DiscoveredFile.real) is not resolved again; a file that cannot be resolved is left out (reading
 * it reports why). Order: as `files`.
 */
export async function sameRealFiles(files: readonly DiscoveredFile[], dir: string): Promise<SameFile[]> {
  if (files.length < 2) return [];
  const realDir = await realpath(dir).catch(() => dir);
  const reals = await Promise.all(files.map((f) => (f.real !== undefined ? f.real : realpath(f.path).catch(() => undefined))));
  const groups = new Map<string, number[]>();
  reals.forEach((real, i) => {
    if (real === undefined) return;
    const group = groups.get(real);
    if (group) group.push(i);
    else groups.set(real, [i]);
  });
  const out: SameFile[] = [];
  for (const [real, group] of groups) {
    if (group.length < 2) continue;
    // The file that is where it really is (no symlink below the directory on its way), when one is; else the first.
    const first = group.find((i) => posixRelative(realDir, real) === files[i]!.rel) ?? group[0]!;
    for (const index of group) if (index !== first) out.push({ index, first });
  }
  return out.sort((a, b) => a.index - b.index);
}
