// The yes-or-no question a command asks before it writes (apply, force-unlock).
import { Interrupted } from '../util/errors.js';
import type { CommandContext } from './command.js';

/**
 * The commands that ask (each before it writes, and each with --yes to skip the question), for the
 * help that says which do; a test holds it to the commands that take --yes.
 */
export const ASKING_COMMANDS: readonly string[] = ['apply', 'force-unlock'];

/**
 * Whether a person can be asked about what the command showed on `shown` (the stream that carries
 * the plan or the lock): the question itself is asked on stderr and answered on stdin
 * (`ctx.io.interactive`), and what it asks about must be on a terminal too, or the person would
 * answer blind (`aac apply > plan.log`). `--format json` shows the plan on stderr, so `aac apply
 * --format json > result.json` asks, and its stdout carries the document alone.
 */
export function canAsk(ctx: CommandContext, shown: { isTTY?: boolean }): boolean {
  return ctx.io.interactive && Boolean(shown.isTTY);
}

/**
 * Asks `question` on the terminal (only when `canAsk`); the question goes to stderr whatever the
 * format, never to stdout, which carries only the command's output. True only for `yes`. Any
 * other answer, or Ctrl-D typed, writes `cancelled` to `out` and gives false. A signal at the
 * question (SIGINT — Ctrl-C typed too —, SIGTERM, SIGHUP) writes `cancelled` too, then throws
 * `Interrupted`: the run ends with the signal's exit code once the command has cleaned up (its
 * lock released).
 */
export async function confirmed(ctx: CommandContext, out: { write(text: string): void }, question: string, cancelled: string): Promise<boolean> {
  let answer: string;
  try {
    answer = await ctx.io.prompt(`\n${question}`);
  } catch (err) {
    if (err instanceof Interrupted) out.write(`\n${cancelled}\n`);
    throw err;
  }
  ctx.io.stderr.write('\n');
  if (answer.trim() === 'yes') return true;
  out.write(`${cancelled}\n`);
  return false;
}
