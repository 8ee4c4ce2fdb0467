// Which files are definitions: every *.yaml / *.yml below the directory, in a stable order.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { posixRelative } from './paths.js';

/** Project config files at the top of the definitions directory, not definitions. */
export const CONFIG_FILES = ['aac.yaml', 'aac.yml'];

const DEFINITION = /\.ya?ml$/i;

export interface Discovered {
  /** Absolute paths, sorted by their path below the definitions directory. */
  files: string[];
  /** Directories that could not be listed, with why: the definitions in them are unknown. */
  unreadable: Array<{ dir: string; reason: string }>;
}

/**
 * Every definition file below `dir`. Hidden entries and node_modules are skipped (`--dir .` must
 * not read dependencies); symlinked directories are not followed (no loops).
 */
export async function discoverDefinitionFiles(dir: string): Promise<Discovered> {
  const found: string[] = [];
  const unreadable: Discovered['unreadable'] = [];
  const walk = async (d: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      unreadable.push({ dir: d, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        await walk(p);
      } else if (DEFINITION.test(e.name) && !(d === dir && CONFIG_FILES.includes(e.name))) {
        if (e.isSymbolicLink()) {
          const target = await stat(p).catch(() => undefined);
          if (target?.isDirectory()) continue;
        }
        found.push(p);
      }
    }
  };
  await walk(dir);
  // Each sort key once, not twice per comparison (n log n path computations at 10,000 files).
  const keyed = found.map((p) => [posixRelative(dir, p), p] as const);
  return { files: keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p), unreadable };
}
