// `-`, which Unix tools take for standard input or output, given where aac takes a file or a
// directory by name (`plan --out -`, `show -`, `apply -`, `--changed-files -`, `migrate --out -`).
import { UserError } from '../util/errors.js';

/**
 * Refuses (UserError, exit 1) `value` when it is `-`: aac reads and writes its files by name only,
 * never on standard input or output, and a file named `-` made or read without a word is not what
 * the Unix spelling asks for. `what` names the option or argument (`--out`, `the plan file`);
 * `instead`: how this command does what `-` meant. A file named `-` is still reached as `./-`.
 */
export function refuseDash(value: string, what: string, instead: string): void {
  if (value !== '-') return;
  throw new UserError(`${what} - would name a file called '-': aac reads and writes files by name, never standard input or output`, `${instead}; for a file named '-', write ./-`);
}
