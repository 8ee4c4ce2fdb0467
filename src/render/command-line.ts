// Commands aac suggests running next (`aac apply plan.json`, `aac plan`): they must read what this
// run read, so they repeat the flags that chose it, each quoted so a shell passes it back unchanged.
import { DEFAULT_DIR } from '../model/config.js';

/** `s` as one POSIX shell word: bare when it holds only characters no shell treats specially, else single-quoted. */
export function shellWord(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A file or directory path as a word of a command line: quoted for the shell, and `./` before a
 * relative path that begins with `-`, which a parser would take for an option (`./-plan.json`).
 */
export function pathWord(path: string): string {
  return shellWord(path.startsWith('-') ? `./${path}` : path);
}

/**
 * The flags that change what a later command reads, as this run was given them, each with a
 * leading space: ` --dir D` (D as shown, relative to the working directory) unless it is the
 * default (or `dirAlways`), ` --namespace N`, ` --provider P` and ` --env E` when given (from the
 * command line: a value from aac.yaml is read again anyway). '' when there are none.
 */
export function repeatedFlags(o: { dir: string; namespace?: string; provider?: string; env?: string; dirAlways?: boolean }): string {
  const word = (value: string | undefined) => (value === undefined ? undefined : shellWord(value));
  const flags: Array<[string, string | undefined]> = [
    ['--dir', o.dir === DEFAULT_DIR && !o.dirAlways ? undefined : pathWord(o.dir)],
    ['--namespace', word(o.namespace)],
    ['--provider', word(o.provider)],
    ['--env', word(o.env)],
  ];
  return flags.map(([flag, shown]) => (shown === undefined ? '' : ` ${flag} ${shown}`)).join('');
}
