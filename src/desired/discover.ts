// Which files are definitions: every *.yaml / *.yml below the directory, in a stable order.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isInside, resolveInside } from './file-access.js';
import { loadIgnoreRules } from './ignore.js';
import { belowRelative } from './paths.js';
import type { RepoBoundary } from './repo-root.js';
import { turnTaker } from '../util/event-loop.js';
import { invisibleIn } from '../util/invisible.js';

/** Project config files at the top of the definitions directory, not definitions. */
export const CONFIG_FILES = ['aac.yaml', 'aac.yml'];

const DEFINITION = /\.ya?ml$/i;

/** A definition file found. */
export interface DiscoveredFile {
  /** Absolute path. */
  path: string;
  /** `path` below the definitions directory, `/`-separated (what files are sorted by). */
  rel: string;
  /**
   * The file's real path, when the walk knows it to be a plain entry (not a symlink) of a
   * directory whose real path is inside the boundary, and no name on the way holds an invisible
   * character: reading it needs no realpath (see readBounded). Absent otherwise: reading resolves it.
   */
  real?: string;
}

export interface Discovered {
  /** Sorted by their path below the definitions directory. */
  files: DiscoveredFile[];
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
  const found: DiscoveredFile[] = [];
  const unreadable: Discovered['unreadable'] = [];
  const rules = await loadIgnoreRules(dir);
  const skipped = new Set(excluded);
  // Thousands of entries in a directory: the listing's responses get turns while they are sorted out.
  const turns = turnTaker();
  // A name that reads as another is refused when the file is read, as is a file outside the boundary.
  const cleanTop = invisibleIn(relative(boundary.root, dir)) === undefined;
  /**
   * `ancestors`: the real paths of the directories being walked, to refuse a link back into one;
   * `real`: `d`'s own real path (the last of them); `relDir`: `d` below `dir` (DiscoveredFile.rel).
   */
  const walk = async (d: string, relDir: string, ancestors: ReadonlySet<string>, real: string | undefined): Promise<void> => {
    const known = cleanTop && real !== undefined && isInside(boundary.real, real);
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
      const rel = belowRelative(relDir, e.name);
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
          await walk(p, rel, new Set([...ancestors, target.real]), target.real);
        } else {
          const realDir = await realpath(p).catch(() => undefined);
          await walk(p, rel, new Set([...ancestors, realDir ?? p]), realDir);
        }
      } else if (DEFINITION.test(e.name) && !(d === dir && CONFIG_FILES.includes(e.name))) {
        const plain = known && !e.isSymbolicLink() && invisibleIn(rel) === undefined;
        found.push(plain ? { path: p, rel, real: join(real!, e.name) } : { path: p, rel });
      }
    }
  };
  const realTop = await realpath(dir).catch(() => undefined);
  await walk(dir, '', new Set([realTop ?? dir]), realTop);
  return { files: found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0)), unreadable };
}
