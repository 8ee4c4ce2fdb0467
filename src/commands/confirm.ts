// The yes-or-no question a command asks before it writes (apply, force-unlock).
import { Interrupted } from '../util/errors.js';
import type { CommandContext } from './command.js';

/**
 * Asks `question` on the terminal (only when `ctx.io.interactive`); true only for `yes`. Any
 * other answer, Ctrl-C or Ctrl-D typed, writes `cancelled` to `out` and gives false. A signal at
 * the question (SIGINT, SIGTERM, SIGHUP) writes `cancelled` too, then throws `Interrupted`: the
 * run ends with the signal's exit code once the command has cleaned up (its lock released).
 */
export async function confirmed(ctx: CommandContext, out: { write(text: string): void }, question: string, cancelled: string): Promise<boolean> {
  let answer: string;
  try {
    answer = await ctx.io.prompt(`\n${question}`);
  } catch (err) {
    if (err instanceof Interrupted) out.write(`\n${cancelled}\n`);
    throw err;
  }
  out.write('\n');
  if (answer.trim() === 'yes') return true;
  out.write(`${cancelled}\n`);
  return false;
}
