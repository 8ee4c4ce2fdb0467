// The GitHub job summary a command adds its report to (plan, apply, show; a failed apply's failure).
import { appendStepSummary, type MarkdownRoom } from '../util/github.js';
import { errnoWords } from '../util/errno.js';
import type { CliIO } from './command.js';

/**
 * Adds `render(room)`'s markdown to the GitHub job summary of the run whose IO is `io` (rendered
 * only in a job that has one), within the room a summary has (appendStepSummary). `render` draws
 * data the command has already redacted, as for its other views. By then the command has done its
 * work, so a summary that cannot be written is a warning on `io.stderr`, never a failed job: it
 * names the file and the variable that chose it, and why in words (`is a directory (EISDIR)`), as
 * every other file aac cannot write is said (util/errno.ts), not by a bare errno.
 */
export function addJobSummary(io: Pick<CliIO, 'env' | 'stderr'>, render: (room: MarkdownRoom) => string): void {
  try {
    appendStepSummary(io.env, render);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === undefined ? (err as Error).message : `${errnoWords(err)} (${code})`;
    io.stderr.write(`Warning: could not write the job summary to ${io.env.GITHUB_STEP_SUMMARY} (GITHUB_STEP_SUMMARY): ${why}\n`);
  }
}
