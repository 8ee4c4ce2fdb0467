// What stdout holds under `--format json` when a signal ends a run (README, Errors under --format
// json): a document whatever stopped the run, so a script that reads stdout always reads JSON.
import { reportOf } from '../apply/outcome.js';
import { applyJson } from './apply-report.js';
import { errorJson } from './diagnostics.js';

/**
 * How a signal ended the run, as its document says it: `cancelled-apply`, an `aac apply` before its
 * first write (nothing applied: apply's report with `summary.cancelled`, as a question answered
 * no gives); `failed`, any other run (the error document, code `interrupted`).
 */
export type SignalDocument = 'cancelled-apply' | 'failed';

/**
 * The document for a run `signal` ended. `left`: what it leaves, each as said on stderr under
 * `aac: interrupted` (a lock that may be left behind, writes in flight whose outcome is unknown,
 * a lock the run could not remove): of an apply before its first write, each a lock of its own,
 * its report's `lock-left` warnings; otherwise said in the error's message after the signal, as
 * the lines say it.
 */
export function signalJson(kind: SignalDocument, signal: NodeJS.Signals, left: readonly string[]): string {
  if (kind === 'cancelled-apply') {
    return applyJson(reportOf([], false), { cancelled: true, warnings: left.map((message) => ({ code: 'lock-left', message })) });
  }
  const message = [`interrupted (${signal})`, ...left].join('; ');
  return errorJson({ code: 'interrupted', message }, []);
}
