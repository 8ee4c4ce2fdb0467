// What under the definitions directory is not a definition: `_`-prefixed files and directories
// (shared fragments, drafts) and the patterns in `.aacignore` at its top.
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { globMatcher, type Glob } from '../util/glob.js';
import { readRegularText } from '../util/read-regular.js';
import { normalizeText } from '../util/text.js';

/** The ignore file, at the top of the definitions directory. */
export const IGNORE_FILE = '.aacignore';

export interface IgnoreRules {
  /** Whether the entry at `rel` (posix path below the definitions directory) is not read. */
  ignores(rel: string, isDir: boolean): boolean;
}

interface Pattern {
  /** Whether a path (posix, below the definitions directory) matches. */
  matches(rel: string): boolean;
  dirOnly: boolean;
}

/** Why a line is refused: at its 0-based index `at`, with the fix. */
interface Unsupported {
  at: number;
  message: string;
  hint: string;
}

/** For a name or a character a pattern cannot spell without the escapes refused below. */
const ONE_CHARACTER = "'?' matches any one character";

/**
 * A spelling gitignore gives a meaning aac's subset does not: such a line read as a plain pattern
 * would skip other files than gitignore would (or none), silently, so it is refused. Undefined for
 * a line aac reads as gitignore does.
 */
function unsupported(line: string): Unsupported | undefined {
  if (/^\s/u.test(line)) {
    return { at: 0, message: 'a pattern starts with whitespace, which gitignore reads as part of the name', hint: 'remove the whitespace at the start of the line' };
  }
  if (line.startsWith('!')) {
    return {
      at: 0,
      message: "negation ('!') is not supported: aac cannot take back what another line skips",
      hint: `remove the line, and narrow the patterns it would make an exception to; for a name that starts with '!', write '?' for it (${ONE_CHARACTER})`,
    };
  }
  const escape = line.indexOf('\\');
  if (escape >= 0) {
    return {
      at: escape,
      message: "gitignore's escape ('\\') is not supported",
      hint: `write '?' for the character it escapes (${ONE_CHARACTER}); paths are separated by '/'`,
    };
  }
  const bracket = line.indexOf('[');
  if (bracket >= 0) {
    return { at: bracket, message: "a bracket expression ('[…]') is not supported", hint: `write one line per name, or '?' for the character (${ONE_CHARACTER})` };
  }
  // `**` crosses directories only as a whole segment; elsewhere gitignore reads it as `*`.
  const stars = /(?<=[^/])\*\*|\*\*(?=[^/])/u.exec(line);
  if (stars) {
    return { at: stars.index, message: "'**' is not a whole segment of the pattern", hint: "write '**/' at the start, '/**' at the end or '/**/' in the middle to cross directories, or '*' within a name" };
  }
  return undefined;
}

/**
 * One `.aacignore` line as gitignore writes it, the subset definitions need: `*` and `?` within a
 * name, `**` across directories, a trailing `/` for directories only, a `/` elsewhere anchoring
 * the pattern to the top (else it matches a name at any depth). `line` has passed `unsupported`.
 * Matched a path segment at a time, each segment by globMatcher: as a regular expression
 * (`[^/]*` for each `*`), a line like `*a*a*a*a*a*a*a*a*b` backtracked for minutes over a long
 * file name.
 */
function compile(line: string): Pattern {
  let p = line;
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  const anchored = p.includes('/');
  const segments = p.replace(/^\//, '').split('/');
  // Unanchored, the pattern may start at any depth: as if written after `**/`.
  const steps = (anchored ? segments : ['**', ...segments]).map((seg) => (seg === '**' ? ANY_DEPTH : globMatcher(seg, { ignoreCase: false })));
  return { matches: (rel) => matchSegments(steps, rel.split('/')), dirOnly };
}

/** A `**` segment: any number of directories, or, last, everything below (one segment or more). */
const ANY_DEPTH = '**';

/**
 * Whether the path's segments match the steps, each segment by its glob, a `**` taking any
 * number of them. Each (step, segment) pair is tried once, so the time is at most the steps
 * times the segments, whatever the number of `**`.
 */
function matchSegments(steps: ReadonlyArray<Glob | typeof ANY_DEPTH>, path: readonly string[]): boolean {
  const tried = new Set<number>();
  const from = (si: number, pi: number): boolean => {
    if (si === steps.length) return pi === path.length;
    const key = si * (path.length + 1) + pi;
    if (tried.has(key)) return false;
    tried.add(key);
    const step = steps[si]!;
    if (step === ANY_DEPTH) {
      if (si === steps.length - 1) return pi < path.length;
      return from(si + 1, pi) || (pi < path.length && from(si, pi + 1));
    }
    return pi < path.length && step(path[pi]!) && from(si + 1, pi + 1);
  };
  return from(0, 0);
}

/**
 * The patterns of a `.aacignore` whose text is `text`, shown as `file`. As gitignore: a blank line
 * is nothing, a line starting with `#` is a comment, spaces at the end of a line are dropped.
 * Throws a located UserError (code `unsupported-ignore-pattern`) at the first line in a spelling aac does
 * not read (see `unsupported`).
 */
function parseIgnoreFile(text: string, file: string): Pattern[] {
  const patterns: Pattern[] = [];
  normalizeText(text).split('\n').forEach((written, i) => {
    const line = written.replace(/ +$/u, '');
    if (line === '' || line.startsWith('#')) return;
    const bad = unsupported(line);
    if (bad) {
      const column = [...line.slice(0, bad.at)].length + 1;
      throw UserError.at({ severity: 'error', code: 'unsupported-ignore-pattern', location: { file, line: i + 1, column }, path: '', message: bad.message, hint: bad.hint });
    }
    patterns.push(compile(line));
  });
  return patterns;
}

/**
 * Throws a located UserError (code `binary-file`) at the first NUL in `text`, as aac.yaml's is
 * refused: a binary file read as patterns would ignore whatever its bytes happen to match.
 */
function refuseBinary(text: string, file: string): void {
  const nul = text.indexOf('\u0000');
  if (nul < 0) return;
  const line = text.slice(0, nul).split('\n').length;
  const column = nul - text.lastIndexOf('\n', nul - 1);
  throw UserError.at({ severity: 'error', code: 'binary-file', location: { file, line, column }, path: '', message: 'this is a binary file, not a list of patterns (it holds a NUL byte)', hint: `${IGNORE_FILE} holds one pattern a line, as UTF-8 text; make it a file of patterns, or remove it` });
}

/**
 * The rules for `dir` (absolute): the `_` convention plus its `.aacignore`, when there is one.
 * `shown` turns an absolute path into the one messages show. Throws a UserError when the file
 * cannot be read or has a line aac does not read (parseIgnoreFile).
 */
export function loadIgnoreRules(dir: string, shown: (abs: string) => string): IgnoreRules {
  const path = join(dir, IGNORE_FILE);
  const got = readRegularText(path);
  // Unread, it would let ignored files in as definitions: an error, never a silent skip.
  if (typeof got !== 'string' && got.at) {
    // Located, as a definition's bad byte is; patterns read from such bytes would skip other files.
    throw UserError.at({ severity: 'error', code: got.code, location: { file: shown(path), ...got.at }, path: '', message: `this is not a list of patterns: ${got.reason}`, hint: `${got.hint}; ${IGNORE_FILE} holds one pattern a line, as UTF-8 text` });
  }
  if (typeof got !== 'string' && got.code !== 'file-not-found') {
    throw new UserError(`cannot read ${shown(path)}: ${got.reason}`, `${got.hint}; make it a file of patterns, or remove it`);
  }
  if (typeof got === 'string') refuseBinary(got, shown(path));
  const patterns = typeof got === 'string' ? parseIgnoreFile(got, shown(path)) : [];
  return {
    ignores(rel, isDir) {
      const name = rel.slice(rel.lastIndexOf('/') + 1);
      if (name.startsWith('_')) return true;
      return patterns.some((p) => (!p.dirOnly || isDir) && p.matches(rel));
    },
  };
}
