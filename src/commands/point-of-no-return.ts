// The one place a command stops for a signal that came while its main thread was busy.
import type { CliIO } from './command.js';

/**
 * Awaited just before a command's point of no return: writing files (`aac import`, `aac migrate`),
 * saving a plan (`aac plan --out`), taking the namespace's lock, apply's first write, deleting a
 * lock (`aac force-unlock`). A stop signal reaches the process's handler (cli.ts processIO) only
 * when the event loop next polls, so one that came during synchronous work (building 2,500 files,
 * rendering a 5,000-resource plan) would otherwise be heard only after the write, too late to
 * prevent it. This yields until the loop has polled once: two turns, because a continuation that
 * runs inside a poll-phase callback (an answer just read) sees its first setImmediate run in the
 * same turn's check phase, after that poll. The handler then ends the process (before
 * `finishOnInterrupt`: "interrupted", exit 128 + the signal's number, nothing written) or aborts
 * `io.signal` (after it), whose reason is thrown here.
 * Throws: `io.signal.reason` (an `Interrupted`) once the run was interrupted; else resolves.
 */
export async function pointOfNoReturn(io: Pick<CliIO, 'signal'>): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
  if (io.signal.aborted) throw io.signal.reason;
}
