// The GitHub job summary a command adds its report to (plan, apply, show).
import { appendStepSummary, type MarkdownRoom } from '../util/github.js';
import type { CommandContext } from './command.js';

/**
 * Adds `render(room)`'s markdown to the GitHub job summary (rendered only in a job that has one),
 * within the room a summary has (appendStepSummary). `render` draws data the command has already
 * redacted, as for its other views. By then the command has done its work, so a summary that
 * cannot be written is a warning, never a failed job.
 */
export function addJobSummary(ctx: CommandContext, render: (room: MarkdownRoom) => string): void {
  try {
    appendStepSummary(ctx.io.env, render);
  } catch (err) {
    ctx.io.stderr.write(`Warning: could not write the job summary: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
  }
}
