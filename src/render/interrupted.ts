// What a signal that ends a run leaves: under `--format json`, stdout's document (README, Errors
// under --format json), whatever stopped the run, so a script that reads stdout always reads JSON;
// and an apply's GitHub job summary, the one the run would have written had it ended then.
import { reportOf, type ApplyReport, type NextCommands } from '../apply/outcome.js';
import type { CarriedWarning } from '../util/errors.js';
import type { MarkdownRoom } from '../util/github.js';
import { applyFailureMarkdown, applyJson } from './apply-report.js';
import { errorJson } from './diagnostics.js';
import { failureJson, failureOf, type Failure } from './failure.js';

/**
 * An apply's report decided before it releases its lock (its writes done, or none to make): what a
 * signal that ends the run during the release leaves, as the run would have written it.
 * `cancelled`: its question was answered no (applyJson's).
 */
export interface ApplyDocument {
  report: ApplyReport;
  next?: NextCommands;
  cancelled?: boolean;
  /**
   * The job summary of this report given the run's warnings (the lock-left ones), within `room`:
   * the one the run writes (apply-report.ts applyMarkdown); absent where it writes none (it
   * applied nothing).
   */
  summary?: (warnings: readonly CarriedWarning[], room: MarkdownRoom) => string;
}

/**
 * How a signal ended the run, as its document says it: `cancelled-apply`, an `aac apply` before its
 * first write (nothing applied: apply's report with `summary.cancelled`, as a question answered
 * no gives); an ApplyDocument, an apply whose report was decided (its writes done) and whose lock
 * was being released; `{ error }`, a run that had failed (refused, or an error) and was stepping
 * back (releasing its lock): that failure's error document, as the run would have written it;
 * `failed`, any other run (the error document, code `interrupted`).
 */
export type SignalDocument = 'cancelled-apply' | 'failed' | ApplyDocument | { error: unknown };

/**
 * A SignalDocument as shown: a failure described (failureOf, its texts without the credentials of
 * `env`, the run's). A run describes its failure only when a signal's document shows it.
 */
export type ShownDocument = Exclude<SignalDocument, { error: unknown }> | { failure: Failure };

/** `kind` as shown, for the variables of `env` (the run's). */
export function shownDocument(kind: SignalDocument, env: Record<string, string | undefined>): ShownDocument {
  return typeof kind === 'object' && 'error' in kind ? { failure: failureOf(kind.error, env) } : kind;
}

/** `left` (signalJson's), each a lock of the run's own, as the document's and the summary's warnings. */
const lockLeft = (left: readonly string[]): CarriedWarning[] => left.map((message) => ({ code: 'lock-left' as const, message }));

/**
 * The document for a run `signal` ended. `left`: what it leaves, each as said on stderr under
 * `aac: interrupted` (a lock that may be left behind, writes in flight whose outcome is unknown,
 * a lock the run could not remove): of an apply before its first write or past its last, or of a
 * run that had failed, each a lock of its own, the document's `lock-left` warnings; otherwise said
 * in the error's message after the signal, as the lines say it.
 */
export function signalJson(kind: ShownDocument, signal: NodeJS.Signals, left: readonly string[]): string {
  if (kind === 'failed') {
    const message = [`interrupted (${signal})`, ...left].join('; ');
    return errorJson({ code: 'interrupted', message }, []);
  }
  const warnings = lockLeft(left);
  if (typeof kind === 'object' && 'failure' in kind) return failureJson(kind.failure, warnings);
  if (kind === 'cancelled-apply') return applyJson(reportOf([], false), { cancelled: true, warnings });
  const { report, next, cancelled } = kind;
  return applyJson(report, { next, cancelled, warnings });
}

/**
 * The job summary a run `kind` describes leaves when a signal ends it, as the run would have
 * written it then (`left`: signalJson's, the report's `lock-left` warnings): an apply's report
 * (ApplyDocument.summary), or a failed apply's failure (applyFailureMarkdown, as cli.ts reportError
 * writes it); undefined where the run writes none (a run interrupted before its first write or
 * during its writes, one that applied nothing).
 */
export function signalSummary(kind: ShownDocument, left: readonly string[]): ((room: MarkdownRoom) => string) | undefined {
  if (typeof kind !== 'object') return undefined;
  if ('failure' in kind) return () => applyFailureMarkdown(kind.failure);
  const { summary } = kind;
  return summary && ((room) => summary(lockLeft(left), room));
}
