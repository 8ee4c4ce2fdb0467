// Which files are definitions: every *.yaml / *.yml below the directory, in a stable order.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveInside } from './file-access.js';
import { loadIgnoreRules } from './ignore.js';
import { posixRelative } from './paths.js';
import type { RepoBoundary } from './repo-root.js';
import { turnTaker } from '../util/event-loop.js';

/** Project config files at the top of the definitions directory, not definitions. */
export const CONFIG_FILES = ['aac.yaml', 'aac.yml'];

const DEFINITION = /\.ya?ml$/i;

export interface Discovered {
  /** Absolute paths, sorted by their path below the definitions directory. */
  files: string[];
  /** Directories that could not be listed or may not be followed, with why: the definitions in them are unknown. */
  unreadable: Array<{ dir: string; code: string; message: string; hint: string }>;
}

/**
 * Every definition file below `dir`. Hidden entries and node_modules are skipped (`--dir .` must
 * not read dependencies), and so is what `loadIgnoreRules` ignores, and the `excluded` directories
 * (paths below `dir`, `/`-separated: the environments' overlays). A symlinked directory is followed when it stays inside `boundary` and
 * is not one of the directories it sits in (a loop); otherwise it is reported, never skipped
 * silently: its definitions would plan as orphans. Every entry named like a definition is
 * returned whatever it is (symlink, FIFO, device): reading it decides, with a located error.
 */
export async function discoverDefinitionFiles(dir: string, boundary: RepoBoundary, excluded: readonly string[] = []): Promise<Discovered> {
  const found: string[] = [];
  const unreadable: Discovered['unreadable'] = [];
  const rules = await loadIgnoreRules(dir);
  const skipped = new Set(excluded);
  // Thousands of entries in a directory: the listing's responses get turns while they are sorted out.
  const turns = turnTaker();
  /** `ancestors`: the real paths of the directories being walked, to refuse a link back into one. */
  const walk = async (d: string, ancestors: ReadonlySet<string>): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      unreadable.push({ dir: d, code: 'unreadable', message: `cannot read the directory: ${reason}`, hint: 'check its permissions, or move it out of the definitions directory' });
      return;
    }
    for (const e of entries) {
      if (turns.due()) await turns.take();
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(p).catch(() => undefined))?.isDirectory());
      // Shared fragments (`_`-prefixed) and `.aacignore` patterns are not definitions.
      const rel = posixRelative(dir, p);
      if (rules.ignores(rel, Boolean(isDir)) || (isDir && skipped.has(rel))) continue;
      if (isDir) {
        if (e.isSymbolicLink()) {
          const target = resolveInside(p, boundary);
          if ('code' in target) {
            unreadable.push({ dir: p, code: target.code, message: `the symlinked directory is not followed: ${target.reason}`, hint: target.hint });
            continue;
          }
          if (ancestors.has(target.real)) {
            unreadable.push({ dir: p, code: 'symlink-loop', message: `the symlinked directory is not followed: it leads to ${target.real}, a directory it is inside (a loop)`, hint: 'remove the symlink' });
            continue;
          }
          await walk(p, new Set([...ancestors, target.real]));
        } else {
          await walk(p, new Set([...ancestors, await realpath(p).catch(() => p)]));
        }
      } else if (DEFINITION.test(e.name) && !(d === dir && CONFIG_FILES.includes(e.name))) {
        found.push(p);
      }
    }
  };
  await walk(dir, new Set([await realpath(dir).catch(() => dir)]));
  // Each sort key once, not twice per comparison (n log n path computations at 10,000 files).
  const keyed = found.map((p) => [posixRelative(dir, p), p] as const);
  return { files: keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p), unreadable };
}
