// A value as one word of a shell command line, for the commands aac suggests (render/command-line.ts)
// and the ones its hints name (`git add -f PATH`): pasted back, the shell passes it unchanged.
import { escapeGlob } from './glob.js';
import { sanitize } from './invisible.js';

/**
 * `s` as one shell word: bare when it holds only characters no shell treats specially, else
 * single-quoted; one holding a character invisible.ts `sanitize` escapes (a control, line-breaking
 * or invisible one, which must not reach the reader's terminal as it is) in ANSI-C quotes with
 * that character as its UTF-8 bytes, `$'d\xe2\x80\xae'` for `d` and U+202E: bash, zsh and ksh read
 * it back as the very name, whatever the locale (a `\u` escape needs a UTF-8 one).
 */
export function shellWord(s: string): string {
  if (/^[\w./@%+=:,-]+$/.test(s)) return s;
  if (sanitize(s) === s) return `'${s.replace(/'/g, `'\\''`)}'`;
  const byBytes = (c: string) => [...new TextEncoder().encode(c)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  return `$'${[...s].map((c) => (sanitize(c) !== c ? byBytes(c) : c === '\\' || c === "'" ? `\\${c}` : c)).join('')}'`;
}

/**
 * A file or directory path as a word of a command line: quoted for the shell, and `./` before a
 * relative path that begins with `-`, which a parser would take for an option (`./-plan.json`).
 */
export function pathWord(path: string): string {
  return shellWord(path.startsWith('-') ? `./${path}` : path);
}

/**
 * `--target KEY` as a hint prints it, to be pasted back: the key selected alone (its `*`, `?` and
 * `\` escaped: glob.ts escapeGlob, so `star*` is not read as a glob) and quoted for the shell
 * where it needs it (shellWord: `--target 'team a/bot'`).
 */
export function targetArgument(key: string): string {
  return `--target ${shellWord(escapeGlob(key))}`;
}
