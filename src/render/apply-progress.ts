// Progress while an apply runs: a line per finished action, or on a terminal a live counter when
// there are too many actions for a line each to be read.
import type { ActionOutcome } from '../apply/outcome.js';
import { type Painter } from './format.js';
import { plural } from '../util/words.js';
import { formatCount } from '../util/value-text.js';
import { outcomeLines } from './apply-report.js';

/** Past this many actions a terminal gets a counter instead of a line per action. */
const COUNTER_THRESHOLD = 50;

export interface Progress {
  onOutcome(o: ActionOutcome): void;
  /** An outcome already shown, changed since (a create whose extra copy was then deleted): shown again, as it now stands. */
  onRevised(o: ActionOutcome): void;
  /** Ends the counter and shows what it hid and the summary does not list: the actions that warned (the summary lists those that failed, were not done or are of unknown outcome). */
  finish(outcomes: ActionOutcome[]): void;
  /**
   * Runs `write`, which prints a line on another stream (a wait on the rate limit, on stderr),
   * without running it into the counter: on a terminal the counter's line is cleared first and
   * drawn again after (until `finish`).
   */
  aside(write: () => void): void;
}

export function createProgress(out: { write(text: string): void }, opts: { total: number; terminal: boolean; paint: Painter }): Progress {
  if (!opts.terminal || opts.total <= COUNTER_THRESHOLD) {
    return {
      // A skipped action was never started: the summary lists it (under "Not done:" or "Skipped:").
      onOutcome: (o) => {
        if (o.status !== 'skipped') out.write(`${outcomeLines(o, opts.paint).join('\n')}\n`);
      },
      onRevised: (o) => out.write(`${outcomeLines(o, opts.paint).join('\n')}\n`),
      finish: () => {},
      aside: (write) => write(),
    };
  }
  let done = 0;
  let failed = 0;
  // Counted apart, as the closing line counts them: a write of unknown outcome may have been made.
  let unknown = 0;
  // Once the counter is cleared for good, a line aside is not followed by it.
  let finished = false;
  const draw = () => out.write(`\r\u001b[2KApplying: ${done}/${opts.total} done${failed ? `, ${failed} failed` : ''}${unknown ? `, ${unknown} outcome unknown` : ''}`);
  draw();
  return {
    // The counter counts actions; finish shows the revised outcome with its warning.
    onRevised() {},
    onOutcome(o) {
      done++;
      if (o.status === 'failed') failed++;
      if (o.status === 'unknown') unknown++;
      draw();
    },
    aside(write) {
      if (finished) return write();
      out.write('\r\u001b[2K');
      write();
      draw();
    },
    finish(outcomes) {
      finished = true;
      out.write('\r\u001b[2K');
      for (const o of outcomes) {
        if (o.warnings.length > 0) out.write(`${outcomeLines(o, opts.paint).join('\n')}\n`);
      }
    },
  };
}

/**
 * What a wait of `waitMs` on the host's rate limit says of an apply under way
 * (commands/wait-progress.ts): `37 of 120 actions done, ~2 min left at the current rate.` —
 * `done` of `total` actions finished `elapsedMs` after the writes began, the rest estimated at
 * that pace (the waits so far included), and never less than the wait itself; before the first
 * is done, the count alone (`0 of 120 actions done.`).
 */
export function waitProgressText(done: number, total: number, elapsedMs: number, waitMs: number): string {
  const count = `${formatCount(done)} of ${formatCount(total)} ${plural(total, 'action', 'actions')} done`;
  if (done === 0 || done >= total) return `${count}.`;
  return `${count}, ~${roughDuration(Math.max(waitMs, ((total - done) * elapsedMs) / done))} left at the current rate.`;
}

/** `ms` as a rough estimate is read: `40 s` (at least 1), `2 min`, `1 h 5 min`. */
export function roughDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
}
