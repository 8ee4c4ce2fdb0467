// What apply reports: one outcome per action of the plan, and the counts the closing line shows.
import type { ActionKind } from '../model/plan.js';

export interface ActionOutcome {
  key: string;
  /** The assistant written (the new id for a create); null when a create never happened. */
  id: string | null;
  action: ActionKind;
  /** `skipped`: never started or sent (interrupted, the host unreachable) or not allowed (an orphan in a plan made without prune). */
  status: 'ok' | 'failed' | 'skipped';
  /** The API's message for a failure, or why an action was skipped. */
  error?: string;
  /** Fields the API did not take as sent, and other things the user should know. */
  warnings: string[];
  /** The old versions of the resource this update deleted (`retain_versions:`), oldest first, failed or not; absent when none. */
  deletedVersions?: string[];
}

export interface ApplyReport {
  /** In the plan's order (sorted by key), whatever order the actions finished in. */
  outcomes: ActionOutcome[];
  created: number;
  modified: number;
  deleted: number;
  /** Old versions deleted (`retain_versions:`), over every outcome: an update that failed may have deleted some. */
  deletedVersions: number;
  failed: number;
  skipped: number;
  /** The signal was aborted while actions were left: those were skipped, not started. */
  interrupted: boolean;
  /**
   * The error that found the host unreachable (connection refused, name unresolved, host
   * unreachable), said once: the actions it refused and those left after it were skipped, not sent.
   */
  unreachable: string | null;
  /**
   * What the re-read after the creates found (apply/settle.ts): one note per key another apply
   * created at the same time. Also a warning on that create's outcome, which progress printed
   * before the re-read.
   */
  settled: string[];
}

export function reportOf(outcomes: ActionOutcome[], interrupted: boolean, unreachable: string | null = null): ApplyReport {
  const ok = (action: ActionKind) => outcomes.filter((o) => o.status === 'ok' && o.action === action).length;
  return {
    outcomes,
    created: ok('create'),
    modified: ok('update'),
    deleted: ok('delete'),
    deletedVersions: outcomes.reduce((n, o) => n + (o.deletedVersions?.length ?? 0), 0),
    failed: outcomes.filter((o) => o.status === 'failed').length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
    interrupted,
    unreachable,
    settled: [],
  };
}
