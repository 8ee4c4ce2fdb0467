// The one place a command stops for a signal that came while its main thread was busy.
import type { CliIO } from './command.js';
import { Interrupted } from '../util/errors.js';
import { writeAllOrNothing, type FileWrite } from '../util/write-files.js';
import { sanitize } from '../util/invisible.js';
import { andList } from '../util/words.js';

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

/**
 * Writes `writes` all or nothing (util/write-files.ts writeAllOrNothing: each to a temporary file,
 * then renamed into place, so none is ever left half-written), past the point of no return
 * (awaited before this). The write is one synchronous step: a stop signal that comes during it is
 * heard only once every file is written. Then the run says so, naming each file (`shown`: as
 * messages name it), on stderr, and ends with the signal's exit code rather than 0: throws
 * `io.signal.reason`, an `Interrupted` then given that sentence as what it leaves (its `left`, which
 * `--format json`'s error document says). A write that fails throws its UserError (nothing written).
 */
export async function writeFilesHeard(io: Pick<CliIO, 'signal' | 'finishOnInterrupt' | 'stderr'>, writes: readonly FileWrite[], shown: (path: string) => string): Promise<void> {
  // The signal no longer ends the process at once (it would, before the files are named): it is
  // heard below, once they are written.
  io.finishOnInterrupt('');
  writeAllOrNothing(writes, shown);
  try {
    await pointOfNoReturn(io);
  } catch (err) {
    const files = writes.map((w) => shown(w.path));
    const left = `stopped once the files were written: ${sanitize(andList(files))} ${files.length === 1 ? 'was' : 'were'} written whole; none was left unwritten or half-written`;
    io.stderr.write(`\n${left[0]!.toUpperCase()}${left.slice(1)}.\n`);
    throw err instanceof Interrupted ? new Interrupted(err.signal, [...err.left, left]) : err;
  }
}
