// Progress while an apply runs: a line per finished action, or on a terminal a live counter when
// there are too many actions for a line each to be read.
import type { ActionOutcome } from '../apply/outcome.js';
import type { Painter } from './format.js';
import { outcomeLines } from './apply-report.js';

/** Past this many actions a terminal gets a counter instead of a line per action. */
const COUNTER_THRESHOLD = 50;

export interface Progress {
  onOutcome(o: ActionOutcome): void;
  /** An outcome already shown, changed since (a create whose extra copy was then deleted): shown again, as it now stands. */
  onRevised(o: ActionOutcome): void;
  /** Ends the counter and shows what it hid and the summary does not list: the actions that warned (the summary lists those that failed, were not done or are of unknown outcome). */
  finish(outcomes: ActionOutcome[]): void;
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
    };
  }
  let done = 0;
  let failed = 0;
  // Counted apart, as the closing line counts them: a write of unknown outcome may have been made.
  let unknown = 0;
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
    finish(outcomes) {
      out.write('\r\u001b[2K');
      for (const o of outcomes) {
        if (o.warnings.length > 0) out.write(`${outcomeLines(o, opts.paint).join('\n')}\n`);
      }
    },
  };
}
