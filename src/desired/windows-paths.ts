// Definition files a Windows checkout cannot hold (util/windows-names.ts: `a:b.yaml`, `CON.yaml`,
// a directory `x.`): they work where they are, Linux and macOS, where CI runs, and a clone on
// Windows lacks them, so a plan there misses their definitions (and --prune would delete them).
// A warning, as a case clash is (case-clash.ts), never an error.
import { windowsNameProblem } from '../util/windows-names.js';

/** A path Windows cannot hold: the file's index, the path (`/`-separated) of its first step Windows refuses, whether that step is the file itself, and why. */
export interface WindowsPath {
  index: number;
  path: string;
  file: boolean;
  why: string;
  rename: string;
}

/**
 * The paths among `rels` (below the definitions directory, `/`-separated) that Windows cannot
 * hold, each named once: a directory Windows refuses at the first file below it, not at every one.
 */
export function windowsPaths(rels: readonly string[]): WindowsPath[] {
  const named = new Set<string>();
  const out: WindowsPath[] = [];
  rels.forEach((rel, index) => {
    const steps = rel.split('/');
    for (let i = 0; i < steps.length; i++) {
      const problem = windowsNameProblem(steps[i]!);
      if (!problem) continue;
      const path = steps.slice(0, i + 1).join('/');
      if (!named.has(path)) {
        named.add(path);
        out.push({ index, path, file: i === steps.length - 1, ...problem });
      }
      return;
    }
  });
  return out;
}
