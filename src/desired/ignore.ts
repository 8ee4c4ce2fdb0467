// What under the definitions directory is not a definition: `_`-prefixed files and directories
// (shared fragments, drafts) and the patterns in `.aacignore` at its top.
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { readRegularText } from '../util/read-regular.js';

/** The ignore file, at the top of the definitions directory. */
export const IGNORE_FILE = '.aacignore';

export interface IgnoreRules {
  /** Whether the entry at `rel` (posix path below the definitions directory) is not read. */
  ignores(rel: string, isDir: boolean): boolean;
}

/**
 * One `.aacignore` line as gitignore writes it, the subset definitions need: `*` and `?` within a
 * name, `**` across directories, a trailing `/` for directories only, a `/` elsewhere anchoring
 * the pattern to the top (else it matches a name at any depth). `#` starts a comment line.
 */
function compile(line: string): { re: RegExp; dirOnly: boolean } {
  let p = line;
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  const anchored = p.includes('/');
  p = p.replace(/^\//, '');
  let src = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      const slash = p[i + 2] === '/';
      src += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') src += '[^/]*';
    else if (c === '?') src += '[^/]';
    else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return { re: new RegExp(anchored ? `^${src}$` : `^(?:.*/)?${src}$`, 'u'), dirOnly };
}

/** The rules for `dir`: the `_` convention plus its `.aacignore`, when there is one. */
export function loadIgnoreRules(dir: string): IgnoreRules {
  const got = readRegularText(join(dir, IGNORE_FILE));
  // Unread, it would let ignored files in as definitions: an error, never a silent skip.
  if (typeof got !== 'string' && got.code !== 'file-not-found') {
    throw new UserError(`cannot read ${join(dir, IGNORE_FILE)}: ${got.reason}`, `${got.hint}; make it a file of patterns, or remove it`);
  }
  const patterns = (typeof got === 'string' ? got : '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map(compile);
  return {
    ignores(rel, isDir) {
      const name = rel.slice(rel.lastIndexOf('/') + 1);
      if (name.startsWith('_')) return true;
      return patterns.some((p) => (!p.dirOnly || isDir) && p.re.test(rel));
    },
  };
}
