// Executes a plan: exactly the calls it lists, concurrently, without ever creating a resource
// twice, and with every outcome reported rather than the first failure stopping the rest.
import { answeredWith, answerLost, authRefusal, BackendError, cameBack, type Backend, type BackendErrorKind, type OwnMarker, type ResourceKind, type WriteRun } from '../backends/backend.js';
import type { LiveResource } from '../model/definition.js';
import type { Plan, PlanChange } from '../model/plan.js';
import { AdaptiveConcurrency } from './adaptive-concurrency.js';
import { reportOf, STOP_CAUSE, type ActionOutcome, type ApplyReport, type NextCommands, type Stop } from './outcome.js';
import { settleCreates } from './settle.js';
import { verifyWrite } from './verify.js';
import { writeFinished, writesBegin } from '../util/v8-by-work.js';
import { interruptible } from '../util/write-interrupt.js';
import { yamlLine } from '../yaml/snippet.js';
import { codeSpan } from '../util/code-span.js';
import { apartFromFix } from '../util/errors.js';
import { timesWord } from '../util/words.js';
import { keepOneOf } from '../plan/copies.js';
import { pinFileOf } from '../environments/pin-place.js';
import { describeMarker } from '../model/marker.js';
import { backoffMs, notSentAgain, RUN_LATER, sleep } from '../backends/http/rate-gate.js';

export type { ActionOutcome, ApplyReport } from './outcome.js';

export interface ApplyOptions {
  concurrency: number;
  /**
   * Once aborted, no action starts, nor does one that has sent no write yet (its request waiting
   * on the host's rate limit is not sent); those whose writes are in flight finish and are reported.
   */
  signal: AbortSignal;
  /**
   * The run's lock (HeldLock.lost): once aborted, its reason saying how the lock was found gone, no
   * action starts (the rest are not sent, the stop `lock-removed`); those in flight finish. Absent
   * when the run holds no lock (-lock=false): its updates are then sent `unlocked` (Backend WriteRun),
   * as a concurrent apply may make the same ones.
   */
  lockLost?: AbortSignal;
  /** Called as each action finishes, for progress output. */
  onOutcome?: (o: ActionOutcome) => void;
  /**
   * Called once an action's first write has left for the host: from then until its outcome
   * (onOutcome) the write may or may not be made, as a quit now would leave it.
   */
  onSent?: (change: PlanChange) => void;
  /**
   * Called once no action is left that an interrupt would stop, each having sent a write (it may
   * have reached the host) or finished: from then on an interrupt leaves none "not started" (a
   * create whose answer was lost is still not made again).
   */
  onAllSent?: () => void;
  /**
   * Called when an outcome already told to `onOutcome` changes after the actions: a create whose
   * copy the settle step then deleted (a concurrent apply's copy is kept), or failed to. Told as
   * soon as that delete is answered, so a log that said `created <id>` never outlives that id
   * unsaid, even if the run dies before its end.
   */
  onRevised?: (o: ActionOutcome) => void;
  /** The commands an outcome tells the user to run (`run \`aac plan --dir ws\``): commands/suggest.ts nextCommands. */
  next: NextCommands;
  /**
   * How many times a create whose answer was lost, and that the listing then shows was not made, is
   * sent again (model/config.ts maxRetries), each after the transport's
   * back-off and a fresh listing.
   */
  maxRetries: number;
  /** settleCreates' `waitMs`: CREATED_AT_RESOLUTION_MS unless given (only a test shortens it: CliIO.waits). */
  settleWaitMs?: number;
}

/** A write whose response was lost: it may or may not have happened. */
const UNCERTAIN = Symbol('uncertain');
type Attempt = ActionOutcome | typeof UNCERTAIN;
interface Performed {
  attempt: Attempt;
  /** Why the last call failed, when it did: the server's push-back slows the apply down. */
  errorKind: BackendErrorKind | null;
  /** For a write of unknown outcome, its error: what came back instead of the answer (`500: upstream timeout`, `no response within 60000 ms`), kept for the report. */
  lostWith?: BackendError;
  /** The error of a failed call. */
  error?: unknown;
}

const INTERRUPTED = 'not started: apply was interrupted';
/** Why an action was not made once apply stopped: one not started after the stop (or refused a connection: nothing was sent). */
const notSent = (cause: Stop['cause']) => `not sent: ${STOP_CAUSE[cause]}`;
/** The action whose own request met the stop: refused credentials made nothing of it, a refused connection sent nothing. */
const notMade = (cause: Stop['cause']) => (cause === 'credentials' || cause === 'permission' ? `not made: ${STOP_CAUSE[cause]}` : notSent(cause));

/**
 * The stop `err` causes, if any: an error every later request of the run would meet too. A
 * `network` BackendError (refused, unresolved, unreachable, TLS refused, after the transport's
 * retries) or an `auth` one (401, 403: the transport's reading, with the credential to check).
 */
function stopOf(err: unknown): Stop | null {
  if (!(err instanceof BackendError)) return null;
  if (err.kind === 'network') return { cause: 'unreachable', error: err.message };
  if (err.kind === 'auth') return { cause: authRefusal(err), error: err.message, ...(err.details.fix ? { fix: err.details.fix } : {}) };
  return null;
}

export async function applyPlan(plan: Plan, backend: Backend, opts: ApplyOptions): Promise<ApplyReport> {
  const { next } = opts;
  const actions = plan.changes.filter((c) => c.action !== 'no-op');
  writesBegin(actions.length);
  const gate = new AdaptiveConcurrency(Math.max(1, Math.floor(opts.concurrency)));
  const outcomes = new Map<PlanChange, ActionOutcome>();
  /** The actions an interrupt can no longer stop: each sent a write or finished (onAllSent). */
  const sent = new Set<PlanChange>();
  const beyondInterrupt = (change: PlanChange) => {
    if (sent.size === actions.length) return;
    sent.add(change);
    if (sent.size === actions.length) opts.onAllSent?.();
  };
  const finish = (change: PlanChange, outcome: ActionOutcome) => {
    outcomes.set(change, outcome);
    writeFinished();
    beyondInterrupt(change);
    opts.onOutcome?.(outcome);
  };

  let retriesSeen = backend.stats.retries;
  /** When the last create answered (`performance.now()`), for the settle step's wait. */
  let lastCreateAt = 0;
  const uncertain: PlanChange[] = [];
  /** What the last attempt of each uncertain write got back: a 5xx's status and message, a timeout. */
  const lost = new Map<PlanChange, BackendError>();
  /** Whether the interrupt left anything undone (an abort after the last action changes nothing). */
  let stopped = false;
  /**
   * The first error every later call would meet too (stopOf): no action starts after it, and the
   * report names the problem once.
   */
  let stop: Stop | null = null;
  /** The stop `err` causes, or null; the first such is kept, to be said once in the report. */
  const stops = (err: unknown): Stop | null => {
    const found = stopOf(err);
    if (found !== null) stop ??= found;
    return found;
  };
  const halt = (change: PlanChange, why: string) => {
    stopped = true;
    finish(change, skipped(change, why));
  };
  /**
   * Runs one action through the gate, feeding the server's push-back into the concurrency. Its
   * outcome is reported before the gate lets the next action start, so an interrupt raised while
   * reporting it stops that next one.
   */
  const run = (change: PlanChange): Promise<void> =>
    gate.limit(async () => {
      if (opts.signal.aborted) return halt(change, INTERRUPTED);
      if (opts.lockLost?.aborted) stop ??= { cause: 'lock-removed', error: String(opts.lockLost.reason) };
      if (stop !== null) return finish(change, skipped(change, notSent(stop.cause)));
      const { attempt, errorKind, lostWith, error } = await interruptible(opts.signal, () => perform(change, backend, { namespace: plan.target.namespace, unlocked: opts.lockLost === undefined }, stops), () => {
        beyondInterrupt(change);
        opts.onSent?.(change);
      });
      if (errorKind === 'interrupted') return halt(change, INTERRUPTED);
      const stopping = stops(error);
      if (stopping) return finish(change, skipped(change, notMade(stopping.cause)));
      if (change.action === 'create') lastCreateAt = performance.now();
      const retries = backend.stats.retries;
      gate.record(retries > retriesSeen || errorKind === 'rate-limited' || errorKind === 'server');
      retriesSeen = retries;
      if (attempt === UNCERTAIN) {
        uncertain.push(change);
        if (lostWith) lost.set(change, lostWith);
      } else finish(change, attempt);
    });

  await Promise.all(
    actions.map(async (change) => {
      const refusal = deleteRefusal(plan, change, backend.kind);
      if (refusal) return finish(change, skipped(change, refusal));
      return run(change);
    }),
  );

  // Each round lists once for every write whose answer was lost: a create is adopted when it was
  // made, and sent again when it was not, up to options.max_retries times (the transport's own
  // count: a create is never sent again blindly, so the transport leaves these retries to apply);
  // an update or delete is reported as what the listing shows. Before a round that may send a
  // create again, the transport's back-off (the server's retry-after when it gave one): the
  // listing after it, right before the create, finds one the lost attempt made late, so a create
  // is sent again only when the latest listing shows none. A write whose host asked for a wait
  // aac does not take (`waitRefused`) is settled by the listing all the same, and never sent again.
  for (let round = 0; uncertain.length > 0; round++) {
    const pending = uncertain.splice(0);
    // A create pending now was sent round + 1 times.
    const last = round >= opts.maxRetries;
    const resendable = pending.filter((c) => c.action === 'create' && lost.get(c)?.details.waitRefused === undefined);
    if (!last && resendable.length > 0 && !opts.signal.aborted) {
      const asked = resendable.map((c) => lost.get(c)?.details.retryAfterMs).filter((ms) => ms !== undefined);
      await sleep(backoffMs(round, asked.length > 0 ? Math.max(...asked) : undefined), opts.signal).catch(() => undefined);
    }
    let live: LiveResource[];
    try {
      live = await backend.listAll();
    } catch (err) {
      const read = `the ${backend.kind.nouns.many}`;
      for (const change of pending) finish(change, unknown(change, `${unsettled(lost.get(change), err, stops, read, change.action === 'delete' ? 'deleted' : 'made')}${untrimmed(change)}${refusedWait(lost.get(change))}`));
      break;
    }
    await Promise.all(
      pending.map(async (change) => {
        if (change.action !== 'create') {
          // An update found made goes on to the old versions it lets go, as one answered does.
          const settled = settle(change, lost.get(change), live, backend, next);
          const trim = settled.status === 'ok' && change.action === 'update' && (change.deleteVersions?.length ?? 0) > 0;
          return finish(change, trim ? await deleteOldVersions(change, settled, backend, stops) : settled);
        }
        const made = live.filter((a) => a.namespace === plan.target.namespace && a.key === change.key);
        if (made.length > 0) return finish(change, adopt(change, lost.get(change), made, backend));
        const sent = lost.get(change);
        if (sent?.details.waitRefused !== undefined) return finish(change, notMadeYet(change, null, `${cameBack({ action: 'create' }, sent)} and no ${backend.kind.nouns.one} carries its key: it was not created`, sent));
        if (last) return finish(change, failedForNow(change, null, `${notCreated(lost.get(change), opts.maxRetries)} and no ${backend.kind.nouns.one} carries its key: it was not created`));
        if (opts.signal.aborted) return halt(change, `${cameBack({ action: 'create' }, lost.get(change))} and it had not happened; not retried: apply was interrupted`);
        return run(change);
      }),
    );
  }

  const all = actions.map((c) => outcomes.get(c) as ActionOutcome);
  const foundMade = all.filter((o) => o.concurrent).map((o) => `${o.key}: ${o.warnings[0]!}`);
  // An interrupted or stopped apply stops here; an extra copy it leaves is the next plan's planned delete.
  const settled = !opts.signal.aborted && stop === null ? await settleConcurrentCreates(all.filter((o) => !o.concurrent), backend, plan, lastCreateAt, next, opts.onRevised, opts.settleWaitMs) : [];
  if (!opts.signal.aborted && stop === null) await checkAdoptions(actions, outcomes, backend, plan.target.namespace, opts.onRevised);
  // Counted after the settle and the adopts' check: a create whose copy it deleted made nothing that stays, an adopt taken since is not this run's.
  const report = reportOf(actions.map((c) => outcomes.get(c) as ActionOutcome), stopped, stop);
  report.settled = [...foundMade, ...settled].sort();
  return report;
}

/**
 * Deletes this apply's own copies of keys that a concurrent apply also created (apply/settle.ts),
 * and says so on each create's outcome, which then names the copy kept and counts as the other
 * apply's (`concurrent`), not as created; each outcome so changed is told to `revised` as soon as
 * its copy's delete is answered. A failure here is a warning: the next plan shows the extra copy
 * as a planned delete.
 */
async function settleConcurrentCreates(outcomes: ActionOutcome[], backend: Backend, plan: Plan, lastCreateAt: number, next: NextCommands, revised: (o: ActionOutcome) => void = () => {}, waitMs?: number): Promise<string[]> {
  const { namespace } = plan.target;
  const creates = outcomes.filter((o) => o.action === 'create' && o.status === 'ok' && o.id !== null);
  if (creates.length === 0) return [];
  const byId = new Map(creates.map((o) => [o.id!, o]));
  const notes: string[] = [];
  const note = (o: ActionOutcome, text: string) => {
    o.warnings.push(text);
    notes.push(`${o.key}: ${text}`);
  };
  try {
    const { differing } = await settleCreates(creates.map((o) => ({ key: o.key, id: o.id! })), backend, namespace, lastCreateAt, waitMs, (copy, error) => {
      const o = byId.get(copy.id)!;
      if (error === undefined) {
        note(o, `another apply created '${copy.key}' at the same time; its copy ${copy.keeper} is older and kept, this run's ${copy.id} was deleted${copy.released ? `, and ${copy.released}` : ''}`);
        o.id = copy.keeper;
        o.concurrent = true;
      } else {
        note(o, `another apply created '${copy.key}' at the same time (${copy.keeper} is kept); deleting this run's copy ${copy.id} failed (${error}): the next plan deletes it`);
      }
      revised(o);
    });
    // Another branch's definition applied at the same moment, or the marker put on something else: not this run's to choose.
    for (const copy of differing) {
      const o = byId.get(copy.id)!;
      // The pin goes where a plan's hints say it (render/format.ts pinPlace): with environments, the run's overlay.
      const { environment } = plan.target;
      const pinEnvironment = environment !== undefined && plan.overlays !== undefined ? { name: environment, overlays: plan.overlays } : undefined;
      const file = pinFileOf({ key: copy.key, file: plan.changes.find((c) => c.action === 'create' && c.key === copy.key)?.file ?? 'its definition' }, pinEnvironment);
      o.copiesDiffer = {
        warning: `${copy.others.join(', ')} also ${copy.others.length === 1 ? 'carries' : 'carry'} the marker of '${copy.key}' and ${copy.others.length === 1 ? 'differs' : 'differ'} from this run's ${copy.id}: none was deleted; ${codeSpan(next.plan)} refuses '${copy.key}' until \`id:\` pins the one to keep`,
        others: copy.others,
        fix: keepOneOf(`\`id:\` (\`id: ${copy.id}\` keeps this run's, made from the definition)`, file, backend.kind.nouns.many, describeMarker({ namespace, key: copy.key })),
      };
      note(o, o.copiesDiffer.warning);
      revised(o);
    }
  } catch (err) {
    note(creates[0]!, `re-reading the created ${backend.kind.nouns.many} for copies made by a concurrent apply failed (${message(err)}); run ${codeSpan(next.plan)}: it shows any extra copy as a delete`);
  }
  return notes.sort();
}

/**
 * After adopts (an `id:` pin, or `--adopt-legacy`, writing this namespace's marker onto a resource
 * it did not manage): whether each adopted resource still carries this namespace's marker for its
 * key, by one listing, sent only when some adopt was made. Two namespaces that pin one unmanaged
 * resource and apply at once (the lock is per namespace) both write their marker, and the APIs have
 * no conditional write (no ETag or If-Match in openai-openapi's modifyAssistant, openai-agents'
 * update, or azure-foundry's create version), so the last write stays. An adopt found carrying
 * another's marker is turned into a failure naming it (told to `revised`): the resource is theirs
 * now. This sees a write the listing shows; one made after it is the next plan's to find (it
 * refuses the pin as another namespace's). A listing that fails leaves a warning, and the outcome.
 */
async function checkAdoptions(actions: readonly PlanChange[], outcomes: Map<PlanChange, ActionOutcome>, backend: Backend, namespace: string, revised: (o: ActionOutcome) => void = () => {}): Promise<void> {
  const adopted = actions.filter((c) => c.adopt && outcomes.get(c)?.status === 'ok' && c.id !== null);
  if (adopted.length === 0) return;
  const { one } = backend.kind.nouns;
  let live: LiveResource[];
  try {
    live = await backend.listAll();
  } catch (err) {
    outcomes.get(adopted[0]!)!.warnings.push(`re-reading the adopted ${backend.kind.nouns.many} to check that no other namespace adopted them at the same time failed (${message(err)}); the next plan refuses any that another namespace took`);
    return;
  }
  const byId = new Map(live.map((l) => [l.id, l]));
  for (const change of adopted) {
    const found = byId.get(change.id!);
    if (!found || (found.namespace === namespace && found.key === change.key)) continue;
    const whose = found.key === null ? 'no aac marker (written without it since)' : `the marker of ${found.namespace === null ? 'the previous marker aac:key' : `the namespace '${found.namespace}'`} (as '${found.key}')`;
    const o = outcomes.get(change)!;
    const failedNow: ActionOutcome = {
      ...o,
      status: 'failed',
      error: `adopted, then re-read carrying ${whose}: another write to the ${one} came after this one's (two namespaces that pin one ${one} and apply at once: the last write stays), so it is not this namespace's`,
      fix: `remove ${codeSpan(yamlLine('id', change.id!))} from this definition (a new ${one} is then created), or agree with its owner which namespace keeps it`,
    };
    outcomes.set(change, failedNow);
    revised(failedNow);
  }
}

/** Deletes are for extra copies of a key, and for orphans of a plan made with prune. */
function deleteRefusal(plan: Plan, change: PlanChange, kind: ResourceKind): string | null {
  if (change.action !== 'delete' || change.duplicateOf !== null) return null;
  if (!change.orphan) return `refused: only orphans (managed ${kind.nouns.many} without a definition) and extra copies are deleted`;
  if (!plan.prune) return 'kept: the plan was made without prune';
  return null;
}

/** Tells the apply of an error that stops it (applyPlan), and gives the stop it causes, or null. */
type Stops = (err: unknown) => Stop | null;

/** `stops` is told of an error a step after the action's own write meets; `run.unlocked`: the run holds no lock (WriteRun). */
async function perform(change: PlanChange, backend: Backend, run: { namespace: string; unlocked: boolean }, stops: Stops): Promise<Performed> {
  try {
    return { attempt: await write(change, backend, { namespace: run.namespace, key: change.key }, run.unlocked ? { unlocked: true } : {}, stops), errorKind: null };
  } catch (err) {
    const errorKind = err instanceof BackendError ? err.kind : null;
    if (errorKind === 'outcome-unknown') return { attempt: UNCERTAIN, errorKind, lostWith: err as BackendError };
    return { attempt: failed(change, change.id, message(err), fixOf(err)), errorKind, error: err };
  }
}

async function write(change: PlanChange, backend: Backend, marker: OwnMarker, run: WriteRun, stops: Stops): Promise<ActionOutcome> {
  switch (change.action) {
    case 'create': {
      const live = await backend.create(change.body, marker);
      // Made, but whose resource it joined is not known: not counted as this run's (the lock's own create takes it as made).
      if (live.unchecked) return failed(change, live.id, live.unchecked);
      const made = written(change, live, fieldNames(backend), backend);
      // Its answer lost, and the backend's own re-read found it made: said as when the listing settles it.
      if (live.lost) made.warnings.unshift(foundMade(change, live.lost, live.id));
      // A concurrent apply's create, kept, says how it met that apply instead.
      if (!live.concurrent) return live.existed ? { ...made, existed: `the ${backend.kind.nouns.one} existed already` } : made;
      const what = live.concurrent === 'found' ? 'nothing was sent' : `this run's create added a version to it, the same definition: ${live.dropped ?? `version ${live.version ?? '(unknown)'} is kept`}`;
      made.warnings.unshift(`another apply created '${live.id}' at the same time, as planned; it is kept, and ${what}`);
      return { ...made, concurrent: true };
    }
    case 'update': {
      // Modifies and deletes are idempotent, so the backend retries them itself when a response is lost.
      // An update that only deletes old versions (retain_versions) writes nothing first.
      const updated = Object.keys(change.body).length === 0 ? undefined : await backend.update(change.id as string, change.body, marker, run);
      const outcome = updated === undefined
        ? { key: change.key, id: change.id, action: 'update' as const, status: 'ok' as const, warnings: [] }
        : written(change, updated, fieldNames(backend).filter((f) => f in change.body), backend);
      if (updated?.lost) outcome.warnings.unshift(foundMade(change, updated.lost, updated.id));
      // A concurrent apply's identical new version, kept: said as how this run met it.
      if (updated?.twin) outcome.warnings.unshift(`another apply made this new version (${updated.twin.version}) at the same time, as planned; it is kept, and ${updated.twin.dropped}`);
      return change.deleteVersions?.length ? deleteOldVersions(change, outcome, backend, stops) : outcome;
    }
    case 'delete': {
      const id = change.id as string;
      const warnings: string[] = [];
      try {
        await backend.delete(id);
      } catch (err) {
        // Gone already: deleted by hand since the plan, or a retried delete whose first response was lost.
        if (!(err instanceof BackendError && err.kind === 'not-found')) throw err;
        warnings.push(`${id} was already gone`);
      }
      return { key: change.key, id, action: 'delete', status: 'ok', warnings };
    }
    default:
      return skipped(change, `nothing to do for the action '${change.action}'`);
  }
}

/**
 * After the change's own write (its new version, if any): the old versions `retain_versions` lets
 * go, oldest first. A failure stops there and says what was and was not done; the next plan lists
 * what is left. An error that stops the apply (`stops`) is said once, by the report.
 */
async function deleteOldVersions(change: PlanChange, outcome: ActionOutcome, backend: Backend, stops: Stops): Promise<ActionOutcome> {
  const id = change.id as string;
  /** Deleted by this run, and found gone already: together, the versions done, in the plan's order. */
  const deletedVersions: string[] = [];
  const goneVersions: string[] = [];
  const warnings: string[] = [];
  for (const version of change.deleteVersions ?? []) {
    try {
      if (!backend.deleteVersion) throw new Error(`the ${backend.target.backend} backend cannot delete versions`);
      try {
        await backend.deleteVersion(id, version);
        deletedVersions.push(version);
      } catch (err) {
        // Deleted by someone else since the plan (a concurrent apply of it, by hand): what the plan
        // wanted all the same, but not this run's delete, so counted apart.
        if (err instanceof BackendError && err.kind === 'not-found') goneVersions.push(version);
        else if (err instanceof BackendError && err.kind === 'outcome-unknown') {
          warnings.push(await settleVersionDelete(backend, id, version, err));
          deletedVersions.push(version);
        } else throw err;
      }
    } catch (err) {
      const wrote = Object.keys(change.body).length > 0 ? `${outcome.version !== undefined ? `version ${outcome.version}` : 'the update'} was made; ` : '';
      const deleted = `${deletedVersions.length > 0 ? `${oldVersionList(deletedVersions)} deleted; ` : ''}${goneVersions.length > 0 ? `${oldVersionList(goneVersions)} already gone; ` : ''}`;
      const left = change.deleteVersions!.slice(deletedVersions.length + goneVersions.length);
      const made = { ...doneVersions(deletedVersions, goneVersions), ...(outcome.version !== undefined ? { version: outcome.version } : {}) };
      if (err instanceof Unsettled) {
        // Sent, its answer lost, and the versions could not be re-read: it may have been deleted.
        const after = left.slice(1);
        const rest = after.length > 0 ? `; ${oldVersionList(after)} ${after.length === 1 ? 'remains' : 'remain'}` : '';
        return { ...unknown(change, `${wrote}${deleted}deleting old version ${version}: ${unsettled(err.sent, err.readError, stops, 'its versions', 'deleted')}${rest}`), id, ...made };
      }
      const stopping = stops(err);
      const fix = fixOf(err);
      // Running again finishes it only when the same request would not be refused again; a stop is said once, by the report.
      const stopped = stopping
        ? failed(change, id, `${wrote}${deleted}deleting old version ${version} failed (${STOP_CAUSE[stopping.cause]}), so ${left.join(', ')} remain`)
        : fix
          // The fix ends the error, as the transport's errors end with theirs (views that list it apart drop it there: errors.ts apartFromFix).
          ? failed(change, id, `${wrote}${deleted}deleting old version ${version} failed (${apartFromFix(message(err), fix)}), so ${left.join(', ')} remain; ${fix}`, fix)
          : failedForNow(change, id, `${wrote}${deleted}deleting old version ${version} failed (${message(err)}), so ${left.join(', ')} remain`);
      return { ...stopped, ...made };
    }
  }
  return { ...outcome, warnings: [...outcome.warnings, ...warnings], ...doneVersions(deletedVersions, goneVersions) };
}

/** An outcome's deletedVersions and goneVersions, each only when it has some. */
function doneVersions(deletedVersions: string[], goneVersions: string[]): Pick<ActionOutcome, 'deletedVersions' | 'goneVersions'> {
  return { ...(deletedVersions.length > 0 ? { deletedVersions } : {}), ...(goneVersions.length > 0 ? { goneVersions } : {}) };
}

/** A write sent of unknown outcome (`sent`, its error), when the read that was to settle it failed too (`readError`). */
class Unsettled extends Error {
  constructor(
    readonly sent: BackendError,
    readonly readError: unknown,
  ) {
    super(message(readError));
  }
}

/**
 * A version delete of unknown outcome (its answer lost, or an error status, after the transport's
 * retries, as a delete is idempotent), settled by one read of the resource's versions: gone, it was
 * deleted (the warning saying so); still there, it was not (a failure); the read failing, it is
 * `Unsettled`.
 */
async function settleVersionDelete(backend: Backend, id: string, version: string, lost: BackendError): Promise<string> {
  let left: string[];
  try {
    if (!backend.versions) throw new Error(`the ${backend.target.backend} backend cannot list versions`);
    left = await backend.versions(id);
  } catch (err) {
    throw new Unsettled(lost, err);
  }
  const answered = answeredWith(lost);
  if (!left.includes(version)) return `the delete of old version ${version} ${answered ? `was ${answered}` : 'lost its answer'}; re-reading shows it is gone`;
  throw new Error(`${answered ? `it was ${answered}` : `its answer was lost (${lost.details.reason ?? lost.message})`} and re-reading shows it is still there: it was not deleted`);
}

/**
 * Why a write sent (`sent`: its error) stays of unknown outcome, the read that was to settle it (of
 * `read`: `the agents`, `its versions`) having failed with `err` (an error that stops the apply is
 * told to `stops`): `sent; the response was lost and the host could not be reached to check: it may
 * have been deleted`, or for an error status, `answered 503 (…) and re-reading the agents to check
 * failed (…): the host may still have deleted it` (cameBack: a 5xx does not say it was not made).
 */
function unsettled(sent: BackendError | undefined, err: unknown, stops: Stops, read: string, done: 'made' | 'deleted'): string {
  const stopping = stops(err);
  const why = stopping ? `${STOP_CAUSE[stopping.cause]} to check` : `re-reading ${read} to check failed (${message(err)})`;
  const answered = sent ? answeredWith(sent) : null;
  return answered ? `${answered} and ${why}: the host may still have ${done} it` : `sent; the ${answerLost(sent)} and ${why}: it may have been ${done}`;
}


function written(change: PlanChange, live: LiveResource, fields: readonly string[], backend: Backend): ActionOutcome {
  const warnings = change.after ? verifyWrite(change.after, live, fields, backend.kind, backend.target.provider) : [];
  return { key: change.key, id: live.id, action: change.action, status: 'ok', warnings, ...(live.version !== undefined ? { version: live.version } : {}) };
}

/**
 * What really happened to an update or delete of unknown outcome (`lostWith`: its response lost,
 * or a 5xx answered, after the backend retried it, as both are idempotent), read from the live
 * assistants: never reported as failed when it was made, nor as made when it was not.
 */
function settle(change: PlanChange, lostWith: BackendError | undefined, live: LiveResource[], backend: Backend, next: NextCommands): ActionOutcome {
  const { one } = backend.kind.nouns;
  const head = cameBack(change, lostWith);
  const found = live.find((a) => a.id === change.id);
  if (change.action === 'delete') {
    return found
      ? notMadeYet(change, change.id, `${head} and the ${one} is still there: it was not deleted`, lostWith)
      : { key: change.key, id: change.id, action: 'delete', status: 'ok', warnings: [`${head}; re-reading shows the ${one} is gone`] };
  }
  if (!found) return failed(change, change.id, `${head} and the ${one} is gone (deleted since the plan?); run ${codeSpan(next.plan)}`);
  const sent = fieldNames(backend).filter((f) => f in change.body);
  const asSent = written(change, found, sent, backend);
  if (asSent.warnings.length === 0) {
    asSent.warnings.push(foundMade(change, lostWith, found.id));
    return asSent;
  }
  // Not as sent: either it never happened (the assistant is as planned from) or the API changed what it took.
  const untouched = change.before !== null && verifyWrite(change.before, found, sent, backend.kind, backend.target.provider).length === 0;
  if (untouched) return notMadeYet(change, change.id, `${head} and re-reading shows it was not made`, lostWith);
  asSent.warnings.unshift(`${foundMade(change, lostWith, found.id)}, but not exactly as sent`);
  return asSent;
}

/**
 * The warning on a create or update of unknown outcome (`lost`: its error, the answer lost or an
 * error status answering it) that a re-read found made, whichever read it was (apply's listing, or
 * the backend's own read: Created.lost, Updated.lost), so every backend says it alike: `the
 * create's response was lost; asst_1 carries this key, so it was made and is adopted`, `the update
 * was answered 503 (…); re-reading shows it was made`. `id`: the resource found.
 */
function foundMade(change: Pick<PlanChange, 'action'>, lost: BackendError | undefined, id: string): string {
  const head = cameBack(change, lost);
  return change.action === 'create' ? `${head}; ${id} carries this key, so it was made and is adopted` : `${head}; re-reading shows it was made`;
}

function adopt(change: PlanChange, sent: BackendError | undefined, made: LiveResource[], backend: Backend): ActionOutcome {
  const [live, ...more] = made;
  const outcome = written(change, live, fieldNames(backend), backend);
  outcome.warnings.unshift(foundMade(change, sent, live.id));
  if (more.length > 0) {
    outcome.warnings.push(`other ${backend.kind.nouns.many} also carry this key: ${more.map((a) => a.id).join(', ')}; delete the extra ones`);
  }
  return outcome;
}

function skipped(change: PlanChange, why: string): ActionOutcome {
  return { key: change.key, id: change.id, action: change.action, status: 'skipped', error: why, warnings: [] };
}

/** For an update of unknown outcome: the old versions it was to delete, none of which was sent (`; old versions 1, 2 not deleted`). */
function untrimmed(change: PlanChange): string {
  const left = change.action === 'update' ? (change.deleteVersions ?? []) : [];
  return left.length === 0 ? '' : `; ${oldVersionList(left)} not deleted`;
}

/** `old version 7`, `old versions 7, 8`: old versions as apply's messages name them. */
function oldVersionList(versions: readonly string[]): string {
  return `old ${versions.length === 1 ? 'version' : 'versions'} ${versions.join(', ')}`;
}

/**
 * A create sent `maxRetries` + 1 times, each found not made (`last`: the error of the last),
 * as its failure begins: `the create failed 3 times (500: upstream error; options.max_retries: 2)`.
 */
function notCreated(last: BackendError | undefined, maxRetries: number): string {
  const times = timesWord(maxRetries + 1);
  const setting = `options.max_retries: ${maxRetries}`;
  const reason = last?.details.reason;
  return `the create failed ${times} ${reason ? `(${reason}; ${setting})` : `without a response (${setting})`}`;
}

/** A write sent whose answer was lost and whose effect could not be read back: it may have been made. */
function unknown(change: PlanChange, why: string): ActionOutcome {
  return { key: change.key, id: change.id, action: change.action, status: 'unknown', error: why, warnings: [] };
}

function failed(change: PlanChange, id: string | null, error: string, fix?: string): ActionOutcome {
  return { key: change.key, id, action: change.action, status: 'failed', error, ...(fix ? { fix } : {}), warnings: [] };
}

/** A failure that running apply again can finish (ActionOutcome.again): the report says that once, for all of them. */
function failedForNow(change: PlanChange, id: string | null, error: string): ActionOutcome {
  return { ...failed(change, id, error), again: true };
}

/**
 * A write of unknown outcome (`lost`, its error) that a re-read shows not made (`why` says so): a
 * failure that running apply again can finish (failedForNow), or, when its host asked for a wait
 * aac does not take, one that says it was not sent again and to run again later, that being its fix.
 */
function notMadeYet(change: PlanChange, id: string | null, why: string, lost: BackendError | undefined): ActionOutcome {
  return lost?.details.waitRefused === undefined ? failedForNow(change, id, why) : failed(change, id, `${why}${refusedWait(lost)}`, RUN_LATER);
}

/** `; <notSentAgain>` for a write whose host asked for a wait aac does not take (`lost`, its error); else ''. */
function refusedWait(lost: BackendError | undefined): string {
  const wait = lost?.details.waitRefused;
  return wait === undefined ? '' : `; ${notSentAgain(wait)}`;
}

/** What to change before the request `err` refused can pass (BackendError's `fix`); undefined when sending it again may succeed. */
function fixOf(err: unknown): string | undefined {
  return err instanceof BackendError ? err.details.fix : undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The kind's governed fields, in order: what a create sends and what a write is checked on. */
function fieldNames(backend: Backend): string[] {
  return backend.kind.fields.map((f) => f.name);
}
