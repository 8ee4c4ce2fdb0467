// What apply reports: one outcome per action of the plan, and the counts the closing line shows.
import { AUTH_REFUSALS, type AuthRefusal } from '../backends/backend.js';
import type { ActionKind, ChangeMade } from '../model/plan.js';
import { codeSpan } from '../util/code-span.js';

export interface ActionOutcome {
  key: string;
  /** The assistant written (the new id for a create); null when a create never happened. */
  id: string | null;
  action: ActionKind;
  /**
   * `skipped`: never started or sent (interrupted, the host unreachable or refusing the credentials) or not allowed (an orphan in a plan made without prune).
   * `unknown`: sent, its answer lost or a 5xx, and reading back to check failed: it may have been made.
   */
  status: 'ok' | 'failed' | 'skipped' | 'unknown';
  /** The API's message for a failure, or why an action was skipped. */
  error?: string;
  /**
   * For a failure that running apply again would meet again (the host refused what was sent):
   * what to change first, as the refusal names it (`give 'owner' a value (e.g. "none") in the
   * definition, or remove it`). Absent when running again can finish the action.
   */
  fix?: string;
  /**
   * A failure that running apply again can finish (a create answered 5xx on every try, an update found
   * not made): the report says "run apply again" once for all of them, not on each (errorText
   * gives the whole sentence, as the JSON report has it). Absent otherwise.
   */
  again?: true;
  /** Fields the API did not take as sent, and other things the user should know. */
  warnings: string[];
  /** The old versions of the resource this update deleted (`retain_versions:`), oldest first, failed or not; absent when none. */
  deletedVersions?: string[];
  /**
   * The old versions this update was to delete that its delete found gone already (answered not
   * found: deleted since the plan, by hand or by a concurrent apply of the same plan), oldest
   * first: not counted as deleted, as this run deleted nothing. Absent when none.
   */
  goneVersions?: string[];
  /**
   * For a versioned kind: the version this create or update made, as the API numbers it (the
   * write's answer, or the read that settled it); on a failed update too, when its new version was
   * made and deleting old versions then failed. Absent when none was made.
   */
  version?: string;
  /**
   * A create whose resource existed already (Created.existed): its version was added to it, said
   * beside the version, as the kind's noun says it (`the agent existed already`).
   */
  existed?: string;
  /**
   * A create whose resource a concurrent apply made, as planned, and which is kept: found before
   * sending anything, or this run's own copy deleted as the extra one (apply/settle.ts). Not
   * counted as created.
   */
  concurrent?: true;
  /**
   * A create that stands beside live copies of its key that differ from it (apply/settle.ts), none
   * deleted: `warning` (in `warnings` too) says the next plan refuses the key until `id:` pins the
   * one to keep; `others`, those copies' ids; `fix`, the choice to make (plan/copies.ts keepOneOf).
   * A person must choose, so the job summary lists it on its own, and the JSON report apart.
   */
  copiesDiffer?: { warning: string; others: string[]; fix: string };
}

export interface ApplyReport {
  /** In the plan's order (sorted by key), whatever order the actions finished in. */
  outcomes: ActionOutcome[];
  /** Creates this apply made that stay (not those a concurrent apply made first: `concurrent`). */
  created: number;
  /** Creates found made, as planned, by a concurrent apply, or whose own copy was deleted as the extra one. */
  concurrent: number;
  /** Updates whose own write was made: every one done, and those whose later step failed (`modifiedPartly`). */
  modified: number;
  /**
   * Updates whose new version was made and whose old versions are left to delete: failed ones
   * (counted in `failed` too), and those whose delete of an old version is of unknown outcome
   * (counted in `unknown` too).
   */
  modifiedPartly: number;
  deleted: number;
  /** Old versions deleted (`retain_versions:`), over every outcome: an update that failed may have deleted some. */
  deletedVersions: number;
  /** Old versions to delete found gone already (ActionOutcome.goneVersions), over every outcome. */
  goneVersions: number;
  failed: number;
  skipped: number;
  /** Writes sent whose answer was lost (or was a 5xx) and whose effect could not be checked (status `unknown`): they may have been made. */
  unknown: number;
  /** The signal was aborted while actions were left: those were skipped, not started. */
  interrupted: boolean;
  /**
   * Why apply stopped starting actions, when it did: an error every later request would meet
   * too, said once; the actions it refused and those left after it were skipped, not sent.
   */
  stopped: Stop | null;
  /**
   * What the re-read after the creates found (apply/settle.ts): one note per key another apply
   * created at the same time. Also a warning on that create's outcome, which progress printed
   * before the re-read.
   */
  settled: string[];
  /**
   * Of a saved plan applied again: its changes an earlier apply of it made already, which this run
   * found live as the plan makes them and did not make again (plan/partly-applied.ts); [] otherwise.
   */
  appliedAlready: ChangeMade[];
}

/**
 * Why no more actions start: an error that every later request of the run would meet — the host
 * could not be reached (connection refused, name unresolved, host unreachable), or it refused the
 * request for its credentials (backends/backend.ts AUTH_REFUSALS: `credentials` not taken, 401;
 * `permission` taken and not allowed, 403, which no request of this run gains) — or the run's lock
 * found removed by someone else (`lock-removed`: the run no longer holds the namespace).
 */
export interface Stop {
  cause: 'unreachable' | AuthRefusal | 'lock-removed';
  /** The error, as the transport words it (which host, which credential to check), or how the lock was found gone. */
  error: string;
  /** What to do before running again (the credential to check); absent when waiting is the cure (the host is back). */
  fix?: string;
}

/** A stop's cause in words, for every line that names it (`Stopped, as the host could not be reached: …`). */
export const STOP_CAUSE: Record<Stop['cause'], string> = {
  unreachable: 'the host could not be reached',
  credentials: `the host ${AUTH_REFUSALS.credentials.did}`,
  permission: `the host ${AUTH_REFUSALS.permission.did} a request`,
  'lock-removed': 'the lock was removed by someone else',
};

export function reportOf(outcomes: ActionOutcome[], interrupted: boolean, stopped: Stop | null = null): ApplyReport {
  const ok = (action: ActionKind) => outcomes.filter((o) => o.status === 'ok' && o.action === action).length;
  const partly = outcomes.filter((o) => (o.status === 'failed' || o.status === 'unknown') && o.action === 'update' && o.version !== undefined).length;
  return {
    outcomes,
    created: ok('create') - outcomes.filter((o) => o.concurrent).length,
    concurrent: outcomes.filter((o) => o.concurrent).length,
    modified: ok('update') + partly,
    modifiedPartly: partly,
    deleted: ok('delete'),
    deletedVersions: outcomes.reduce((n, o) => n + (o.deletedVersions?.length ?? 0), 0),
    goneVersions: outcomes.reduce((n, o) => n + (o.goneVersions?.length ?? 0), 0),
    failed: outcomes.filter((o) => o.status === 'failed').length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
    unknown: outcomes.filter((o) => o.status === 'unknown').length,
    interrupted,
    stopped,
    settled: [],
    appliedAlready: [],
  };
}

/**
 * The commands an apply's report tells the user to run next, whole: `aac plan --dir ws` to see
 * what is left and `aac apply --dir ws` to finish (commands/suggest.ts nextCommands).
 */
export interface NextCommands {
  plan: string;
  apply: string;
  /**
   * The apply was of a saved plan: `apply` applies the same file again (which makes only what it
   * has left: plan/partly-applied.ts), and `plan` makes a new one for review; never an unreviewed
   * `aac apply --yes`. `github-actions`: applied by the Action, whose job is re-run to apply it again.
   */
  saved?: 'cli' | 'github-actions';
}

/** NextCommands of a run given no option. */
export const BARE_NEXT: NextCommands = { plan: 'aac plan', apply: 'aac apply' };

/**
 * A failure's message whole, as the JSON report gives it (`error`): its cause, and for one that
 * running apply again can finish (`again`), `; run \`aac apply --dir ws\` again`. Null when it has none.
 */
export function errorText(o: ActionOutcome, next: NextCommands): string | null {
  if (o.error === undefined) return null;
  return o.again ? `${o.error}; run ${codeSpan(next.apply)} again` : o.error;
}
