// A definitions directory that is, or lies in, a git submodule. Told from the superproject's
// `.gitmodules` and the file system alone, with no git process: `.gitmodules` maps each submodule
// to its path in the superproject (git-config(1) syntax, `path = …` under `[submodule "…"]`; see
// gitmodules(5)), and a submodule that is checked out has a `.git` (a file, `gitdir: …`, or a
// directory) at its root, where one that is not is an empty directory: what `git clone` without
// `--recurse-submodules`, `git submodule deinit`, and actions/checkout without `submodules:` leave.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isInside, readBounded } from './file-access.js';
import { posixRelative } from './paths.js';
import { repoRoot, type RepoBoundary } from './repo-root.js';

/** A `.gitmodules` larger than this is not read (it lists no submodule then): one line per field, 64 KiB is thousands of submodules. */
const MAX_GITMODULES_BYTES = 64 * 1024;

/**
 * A git-config value as gitmodules(5) writes one (git-config(1), Syntax): double quotes kept off,
 * `\"`, `\\`, `\t`, `\n` unescaped, a comment (`#` or `;` outside quotes) and the blanks around
 * it dropped.
 */
function configValue(raw: string): string {
  let out = '';
  let quoted = false;
  let blanks = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      const next = raw[++i]!;
      out += blanks + (next === 't' ? '\t' : next === 'n' ? '\n' : next);
      blanks = '';
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '#' || c === ';')) break;
    else if (!quoted && (c === ' ' || c === '\t')) blanks += c;
    else {
      out += blanks + c;
      blanks = '';
    }
  }
  return out;
}

/**
 * The paths (`/`-separated, relative to `root`, no trailing `/`) that `root`'s `.gitmodules` gives
 * its submodules; [] when it has none, or it cannot be read (it is then read by the rule of every
 * file aac reads: inside the repository, a regular file, bounded).
 */
export function submodulePaths(boundary: RepoBoundary): string[] {
  const got = readBounded(join(boundary.root, '.gitmodules'), boundary, MAX_GITMODULES_BYTES, '');
  if ('code' in got) return [];
  const paths: string[] = [];
  let inSubmodule = false;
  for (const line of got.bytes.toString('utf8').split(/\r?\n/)) {
    const text = line.trim();
    if (text.startsWith('[')) inSubmodule = /^\[\s*submodule\b/i.test(text);
    else if (inSubmodule) {
      const path = /^path\s*=(.*)$/i.exec(text)?.[1];
      if (path !== undefined) paths.push(configValue(path.trim()).replace(/\/+$/, ''));
    }
  }
  return paths;
}

/**
 * The root of the outermost git work tree `boundary` (found by repoRoot) is a submodule of, or
 * `boundary` itself when it is none's: each repository above it whose `.gitmodules` lists it as
 * a submodule's path is climbed to. So a directory in a submodule is named by its path in the
 * superproject that checks it out, whether the submodule is checked out (its own `.git` is the
 * nearest) or not (the superproject's is): one name either way.
 */
export function superprojectRoot(boundary: RepoBoundary): RepoBoundary {
  for (let at = boundary; ;) {
    if (at.kind !== 'git') return at;
    const above = repoRoot(dirname(at.root));
    if (above.kind !== 'git' || above.root === at.root || !submodulePaths(above).includes(posixRelative(above.root, at.root))) return at;
    at = above;
  }
}

/**
 * The submodule (absolute path) that is, or holds, `dir` (absolute) and is not checked out: listed
 * in the `.gitmodules` of the work tree around `dir`, with no `.git` in it and nothing else either.
 * Undefined otherwise (no `.gitmodules`, the usual case, costs one failed open). A directory there
 * that holds files is left alone: it is not what an unchecked-out submodule looks like, and its
 * definitions are read as any others.
 */
export function uncheckedSubmodule(dir: string): string | undefined {
  const boundary = repoRoot(dir);
  if (boundary.kind !== 'git' || boundary.root === dir) return undefined;
  for (const path of submodulePaths(boundary)) {
    const at = join(boundary.root, path);
    if (at !== boundary.root && isInside(at, dir) && !existsSync(join(at, '.git')) && isEmptyDirectory(at)) return at;
  }
  return undefined;
}

function isEmptyDirectory(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}
