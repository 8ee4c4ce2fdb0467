// `-`, which Unix tools take for standard input or output, given where aac takes a file or a
// directory by name (`plan --out -`, `show -`, `apply -`, `--changed-files -`, `migrate --out -`),
// and the paths that name standard output or error (`--out /dev/stdout`).
import { posix } from 'node:path';
import { UserError } from '../util/errors.js';

/**
 * The paths of standard output and standard error: /dev/stdout and /dev/stderr, and their
 * descriptors 1 and 2 under /dev/fd (Linux, macOS) and /proc/self/fd (Linux). Each is a symbolic
 * link, which the rule for files aac writes refuses as one (util/write-files.ts), with a hint to
 * pass the link's own path that is no answer for a stream. Standard input is not here: a read
 * may take a pipe (`--changed-files /dev/stdin`).
 */
const STREAMS: ReadonlyMap<string, string> = new Map([
  ...['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'].map((p) => [p, 'standard output'] as const),
  ...['/dev/stderr', '/dev/fd/2', '/proc/self/fd/2'].map((p) => [p, 'standard error'] as const),
]);

/**
 * Refuses (UserError, exit 1) `value` when it is `-`: aac reads and writes its files by name only,
 * never on standard input or output, and a file named `-` made or read without a word is not what
 * the Unix spelling asks for. So is a path of standard output or error (STREAMS), with the same
 * `instead`. `what` names the option or argument (`--out`, `the plan file`); `instead`: how this
 * command does what `-` meant. A file named `-` is still reached as `./-`.
 */
export function refuseDash(value: string, what: string, instead: string): void {
  const stream = STREAMS.get(posix.normalize(value));
  if (stream !== undefined) throw new UserError(`${what} ${value} names ${stream}: aac reads and writes files by name, never standard input or output`, instead);
  if (value !== '-') return;
  throw new UserError(`${what} - would name a file called '-': aac reads and writes files by name, never standard input or output`, `${instead}; for a file named '-', write ./-`);
}
