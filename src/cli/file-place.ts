// Where one YAML file given for a run (kubectl's `apply -f FILE`) lies among definitions
// directories, for the hint that names the run it meant: a file in a folder of a definitions
// directory is planned by a run of that directory, never of its folder, which a run alone reads
// without the directory's aac.yaml. Loaded only when a command line holds a YAML path.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILES, DEFINITION } from '../desired/discover.js';
import { DEFAULT_DIR } from '../model/config.js';

/** A definition file's run: its definitions directory as a path from the working directory, and its key there. */
export interface FilePlace {
  dir: string;
  key: string;
}

/**
 * The definitions directory of the YAML file `path` (from `cwd`) when it is not the folder the file
 * is in: the nearest directory above that folder holding an aac.yaml (a run's root), else the
 * default `assistants/` of `cwd` when the file lies below it. The key is the file's top-level
 * `key:` when a line writes it plainly (`key: a/b`, quoted or not), else its path there without
 * the extension. Undefined for a file of its folder's own run (the folder holds an aac.yaml, or no
 * directory above it is one), for an aac.yaml and for a path that is no file.
 */
export function filePlace(path: string, cwd: string): FilePlace | undefined {
  const file = resolve(cwd, path);
  const folder = dirname(file);
  if (CONFIG_FILES.includes(basename(file)) || !DEFINITION.test(file) || !existsSync(file) || hasConfig(folder)) return undefined;
  // Below the default directory, no run's root is above it: an aac.yaml beside assistants/ is not read.
  const fallback = resolve(cwd, DEFAULT_DIR);
  const within = (d: string) => d === fallback || d.startsWith(fallback + sep);
  const inDefault = within(folder);
  let dir: string | undefined;
  for (let d = dirname(folder); !inDefault || within(d); d = dirname(d)) {
    if (hasConfig(d)) {
      dir = d;
      break;
    }
    if (d === dirname(d)) break;
  }
  if (dir === undefined && inDefault && folder !== fallback) dir = fallback;
  if (dir === undefined) return undefined;
  const shown = relative(cwd, dir) || '.';
  return { dir: shown, key: writtenKey(file) ?? relative(dir, file).split(sep).join('/').replace(DEFINITION, '') };
}

/** Whether the directory `dir` holds an aac.yaml (or aac.yml): a run's root. */
export const hasConfig = (dir: string): boolean => CONFIG_FILES.some((name) => existsSync(join(dir, name)));

/** The value of a plain top-level `key:` line of the file; undefined for none, or one unreadable. */
function writtenKey(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return /^key:[ \t]*(["']?)([^\s"'#]+)\1[ \t]*(?:#.*)?$/m.exec(text)?.[2];
}
