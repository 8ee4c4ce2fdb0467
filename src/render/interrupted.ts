// What stdout holds under `--format json` when a signal ends a run (README, Errors under --format
// json): a document whatever stopped the run, so a script that reads stdout always reads JSON.
import { reportOf, type ApplyReport, type NextCommands } from '../apply/outcome.js';
import { applyJson } from './apply-report.js';
import { errorJson } from './diagnostics.js';
import { failureJson, type Failure } from './failure.js';

/**
 * An apply's report decided before it releases its lock (its writes done, or none to make): what a
 * signal that ends the run during the release leaves, as the run would have written it.
 * `cancelled`: its question was answered no (applyJson's).
 */
export interface ApplyDocument {
  report: ApplyReport;
  next?: NextCommands;
  cancelled?: boolean;
}

/**
 * How a signal ended the run, as its document says it: `cancelled-apply`, an `aac apply` before its
 * first write (nothing applied: apply's report with `summary.cancelled`, as a question answered
 * no gives); an ApplyDocument, an apply whose report was decided (its writes done) and whose lock
 * was being released; `{ failure }`, a run that had failed (refused, or an error) and was stepping
 * back (releasing its lock): that failure's error document, as the run would have written it;
 * `failed`, any other run (the error document, code `interrupted`).
 */
export type SignalDocument = 'cancelled-apply' | 'failed' | ApplyDocument | { failure: Failure };

/**
 * The document for a run `signal` ended. `left`: what it leaves, each as said on stderr under
 * `aac: interrupted` (a lock that may be left behind, writes in flight whose outcome is unknown,
 * a lock the run could not remove): of an apply before its first write or past its last, or of a
 * run that had failed, each a lock of its own, the document's `lock-left` warnings; otherwise said
 * in the error's message after the signal, as the lines say it.
 */
export function signalJson(kind: SignalDocument, signal: NodeJS.Signals, left: readonly string[]): string {
  if (kind === 'failed') {
    const message = [`interrupted (${signal})`, ...left].join('; ');
    return errorJson({ code: 'interrupted', message }, []);
  }
  const warnings = left.map((message) => ({ code: 'lock-left' as const, message }));
  if (typeof kind === 'object' && 'failure' in kind) return failureJson(kind.failure, warnings);
  if (kind === 'cancelled-apply') return applyJson(reportOf([], false), { cancelled: true, warnings });
  const { report, ...options } = kind;
  return applyJson(report, { ...options, warnings });
}
