// The lock protocol over a backend's client: make a lock object, list, and hold the namespace when
// no older unexpired lock exists (lock-object.ts `standing`); otherwise wait (renewing one's own
// place) up to `--lock-timeout`, or step back and refuse naming the holder. The holder renews its
// expiry while it runs and deletes the object when it ends; a killed run's lock expires.
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { answeredWith, answerLost, authRefusal, BackendError, cameBack, FROM_ITS_PAGES, type Backend, type BackendErrorKind, type Expected, type OwnMarker, type ResourceKind } from '../backends/backend.js';
import type { LiveResource } from '../model/definition.js';
import { UserError } from '../util/errors.js';
import { sanitize } from '../util/invisible.js';
import { holderProcess, holderWho, isLockObject, LOCK_KEY, LOCK_TTL_MS, lockName, lockObjects, lockSpec, RENEW_EVERY_MS, standing, type Holder, type LockFields, type LockObject } from './lock-object.js';
import { refusesModel, type LockModels } from './lock-model.js';
import { codeSpan } from '../util/code-span.js';
import { timesWord, withArticle } from '../util/words.js';
import { backoffMs, notSentAgain } from '../backends/http/rate-gate.js';

/** A local clock further than this from the server's gets the first expiry rewritten in server time. */
const CLOCK_SKEW_MS = 5_000;
/** Same-second ties in a row before the run gives up as if it had waited (each one steps back at random). */
const MAX_TIES = 5;
/**
 * How many requests a release sends its delete in, before it warns, whatever `options.max_retries`
 * says (that is about the user's writes; each of these is sent once, Backend.delete's `once`): a
 * lock left behind refuses every run of the namespace until it expires (LOCK_TTL_MS), while the
 * delete of aac's own object is idempotent, so a few more tries on a flaky host cost seconds where
 * giving up costs minutes. The waits between them double from LockWaits.releaseFirstMs.
 */
export const RELEASE_ATTEMPTS = 4;

/** The lock's waits, ms. */
export interface LockWaits {
  /** How often a run waiting for another's lock looks again. */
  pollMs: number;
  /** The first wait between a release's deletes; each next one doubles it (RELEASE_ATTEMPTS). */
  releaseFirstMs: number;
}

/** Every run's: a look every 2 s; a release's deletes 0.5 s, 1 s, 2 s apart. */
export const LOCK_WAITS: LockWaits = { pollMs: 2_000, releaseFirstMs: 500 };
/** The failures a release's delete is sent again after: the host's, which a later try may not meet. */
const RELEASE_RETRIED: ReadonlySet<BackendErrorKind> = new Set(['server', 'outcome-unknown', 'rate-limited', 'timeout', 'network']);

/** Every live resource but aac's lock objects: what plans, prune and import see; `onLocks` is told the lock objects (of every namespace); `expected`: see Backend.listAll. */
export async function listResources(backend: Backend, onPage?: (page: readonly LiveResource[]) => void, onLocks?: (locks: readonly LiveResource[]) => void, expected?: Expected): Promise<LiveResource[]> {
  // Each page looked at for lock objects as it arrives, while its resources were just made: a
  // listing its backend vouches for as exactly its pages' (FROM_ITS_PAGES) holds none when no page
  // did, which spares a plan's apart its walk of the 10,000 after the last page (each a cache miss).
  let pagesHeldLocks = false;
  const all = await backend.listAll((page) => {
    if (!pagesHeldLocks && page.some(isLockObject)) pagesHeldLocks = true;
    onPage?.(page);
  }, expected);
  const { live, locks } = all[FROM_ITS_PAGES] === true && !pagesHeldLocks ? { live: all, locks: [] } : apart(all);
  onLocks?.(locks);
  return live;
}

/**
 * A listing (`all`, the backend's own array) apart: its lock objects, and every other resource —
 * `all` itself when it holds no lock object: it was filtered twice, a copy of 10,000 made after
 * the last page for nothing.
 */
function apart(all: LiveResource[]): { live: LiveResource[]; locks: LiveResource[] } {
  const locks = all.filter(isLockObject);
  return { live: locks.length === 0 ? all : all.filter((l) => !isLockObject(l)), locks };
}

/** This run, as a lock names it: user, host and pid, and the CI run's URL under GitHub Actions. */
export function thisRun(operation: string, env: Record<string, string | undefined>): Holder {
  let user = env.USER ?? env.USERNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (a container's arbitrary uid): the environment's name stands.
  }
  const run = env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
    ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
    : undefined;
  return { who: holderWho(user, hostname(), process.pid), operation, ...(run ? { run } : {}), nonce: randomBytes(12).toString('hex') };
}

export interface LockRequest extends Omit<LockFields, 'model'> {
  /** The model each lock object is made with, from the run's first choice to one the host takes (lock-model.ts). */
  models: LockModels;
  /** How long to wait for another run's lock, ms (`--lock-timeout`); 0 refuses at once. */
  timeoutMs: number;
  signal: AbortSignal;
  /** Told once per holder waited for, and when a signal ends the wait or the lock's create back-off (OwnLock.make). */
  onWait(message: string): void;
  /**
   * Told, as it happens, when a lock object of this run's could not be removed as the run stepped
   * back (a tie, a refusal, a failed listing, a signal): OwnLock.drop's warning, which names it, why,
   * when it expires and the force-unlock. The run goes on (a tie) or ends with its own error.
   */
  onLeft(warning: string): void;
  /**
   * From the moment the lock object's first create is sent until acquireLock ends, `tell` says
   * what a run that quits at once (a second interrupt) leaves of it, as a line (quitLeaves), or
   * undefined when nothing; the returned function stops that (CliIO.leftOnQuit). Once held, the
   * caller says it (HeldLock.leftBehind). Absent: nothing is told.
   */
  leftOnQuit?(tell: () => string | undefined): () => void;
  /** LOCK_WAITS unless given: only a test, in-process, shortens them (CliIO.waits). */
  waits?: LockWaits;
  /**
   * How many times the lock object's create is sent again after one of unknown outcome that a
   * listing then shows was not made (OwnLock.make): the run's writes' own (model/config.ts maxRetries).
   */
  maxRetries: number;
}

export interface HeldLock {
  id: string;
  /** The listing that showed the lock held, lock objects left out: the live state to plan from. */
  live: LiveResource[];
  /** That listing's lock objects, of every namespace (this run's own among them). */
  locks: LiveResource[];
  /**
   * Aborted once a renewal finds the lock object gone (answered not found: removed by someone
   * else, `aac force-unlock`), its `reason` saying so as a sentence: the run no longer holds the
   * namespace, and must start no more writes.
   */
  lost: AbortSignal;
  /** Stops renewing and deletes the lock object; returns a warning when it could not. */
  release(): Promise<string | undefined>;
  /**
   * What a run that quits now, unreleased (a second interrupt: CliIO.leftOnQuit), leaves of it, as
   * a line: its id, when it expires and the force-unlock that removes it (said as maybe left
   * once its release's delete is sent); undefined once it was found removed (`lost`).
   * Synchronous: it is asked inside the signal's handler.
   */
  leftBehind(): string | undefined;
}

/** A request with the model its lock object is made with (LockModels.next). */
type ModelledRequest = LockRequest & Pick<LockFields, 'model'>;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * `op` sent again after a failure of the host (RELEASE_RETRIED), up to RELEASE_ATTEMPTS in all,
 * `request`'s LockWaits.releaseFirstMs apart and doubling; `attempt` counts from 1. Rejects with
 * the last failure. For what a run owes whatever happened (removing its own lock object): not cut
 * short by the run's interrupt.
 */
async function releaseTries<T>(request: Pick<LockRequest, 'waits'>, op: (attempt: number) => Promise<T>): Promise<T> {
  const { releaseFirstMs } = request.waits ?? LOCK_WAITS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (err) {
      if (!(attempt < RELEASE_ATTEMPTS && err instanceof BackendError && RELEASE_RETRIED.has(err.kind))) throw err;
      await sleep(releaseFirstMs * 2 ** (attempt - 1), new AbortController().signal);
    }
  }
}

/**
 * Deletes this run's lock object `id` (releaseTries), each request sent once by the client
 * (Backend.delete's `once`: these tries are the only ones); one sent again that finds it gone was
 * done by an earlier one. Rejects with the last failure.
 */
function deleteLockObject(backend: Backend, id: string, request: Pick<LockRequest, 'waits'>): Promise<void> {
  return releaseTries(request, (attempt) => backend.delete(id, { once: true }).catch((err: unknown) => {
    if (attempt > 1 && err instanceof BackendError && err.kind === 'not-found') return;
    throw err;
  }));
}

/** This run's own lock objects of its namespace among `all`: those carrying its nonce (lock-object.ts Holder.nonce), never another run's. */
function ownObjects(all: readonly LiveResource[], kind: Backend['kind'], request: LockRequest): LiveResource[] {
  return all.filter((l) => isLockObject(l) && l.namespace === request.namespace && lockObjects([l], kind)[0]!.nonce === request.holder.nonce);
}

/** A holder's process on this host, that runs here no more (deadHolder) or still does (runningHolder). */
export interface DeadHolder {
  host: string;
  pid: number;
}

/**
 * The holder's process when the lock names this machine's host name (any case) and a process id,
 * with whether it runs here: `process.kill(pid, 0)` succeeds, or fails with EPERM (another user's
 * process): running; ESRCH: not. Undefined for a holder on another host, a `who` written
 * otherwise, or another error. Never grounds to remove the lock: containers may share a host
 * name, and pids. A running one keeps it from force-unlock unless --even-if-running (force-unlock.ts).
 */
function holderHere(lock: Holder): (DeadHolder & { running: boolean }) | undefined {
  const named = holderProcess(lock.who);
  if (!named || named.host.toLowerCase() !== hostname().toLowerCase()) return undefined;
  try {
    process.kill(named.pid, 0);
    return { ...named, running: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ESRCH' || code === 'EPERM' ? { ...named, running: code === 'EPERM' } : undefined;
  }
}

/** The holder's process when the lock names this host and a process id that runs here no more (holderHere). */
export function deadHolder(lock: Holder): DeadHolder | undefined {
  const here = holderHere(lock);
  return here && !here.running ? { host: here.host, pid: here.pid } : undefined;
}

/** The holder's process when the lock names this host and a process id that still runs here (holderHere). */
export function runningHolder(lock: Holder): DeadHolder | undefined {
  const here = holderHere(lock);
  return here?.running ? { host: here.host, pid: here.pid } : undefined;
}

/** `pid 4242 on this host, ci-7`: where a dead holder ran, for messages. */
const deadWhere = (dead: DeadHolder) => `pid ${dead.pid} on this host, ${sanitize(dead.host)}`;

/**
 * `Lock ID … / Holder … / …`: Terraform's "Lock Info", for the refusal and force-unlock; one line
 * each. The holder's line says when its process, on this host, runs no more or still runs: `here`,
 * what a caller's own look found (holderHere), so that the lines and its words agree.
 */
export function describeLock(lock: LockObject, here = holderHere(lock)): string[] {
  const state = here === undefined ? '' : here.running ? ' — still running on this host' : ' — no longer running on this host';
  return [
    `  Lock ID:   ${sanitize(lock.id)}`,
    `  Holder:    ${sanitize(lock.who)}${lock.run ? ` (${sanitize(lock.run)})` : ''}${state}`,
    `  Operation: aac ${sanitize(lock.operation)}`,
    `  Since:     ${new Date(lock.createdAt * 1000).toISOString()}`,
    `  Expires:   ${new Date(lock.expiresAt).toISOString()} unless renewed`,
  ];
}

/** One lock object of this run, with its renewal; `serverNow` estimates the server's clock from its created_at. */
class OwnLock {
  private timer: NodeJS.Timeout | undefined;
  private readonly gone = new AbortController();
  /** Set once drop() sends its delete: a quit from then on may leave the lock object removed. */
  private releasing = false;
  /** See HeldLock.lost. */
  readonly lost = this.gone.signal;
  private constructor(
    private readonly backend: Backend,
    private readonly request: ModelledRequest,
    readonly live: LiveResource,
    /** Server time minus local time, ms, from this object's created_at (good to about a second). */
    private readonly offsetMs: number,
    /** The latest expiry (server time, ms) a write of this object carried: it is gone by then unless renewed. */
    private expiresAt: number,
  ) {}

  /**
   * Creates this run's lock object. A create of unknown outcome (its answer lost, or a 5xx) is
   * sent again up to `request.maxRetries` times (never when the host asked for a wait aac refuses,
   * `details.waitRefused`), each after the back-off of every other write (backoffMs, the host's
   * retry-after when it gave one) and a listing: one that finds the object
   * made (by its nonce) takes it, never a second; more than one found, the oldest is kept and the
   * others removed. Throws the create's own error when the first failed otherwise (nothing was
   * made; a 403 said as the lock's, lockForbidden); once a create was sent that may have been made, the run's error is leftBehind's, after
   * looking for it and removing it: a re-send that fails otherwise, the creates all of unknown
   * outcome and none found, or a listing that failed. An interrupt before a re-send ends it the
   * same way, leftBehind's words told (onWait), but throws the signal's reason (`Interrupted`).
   */
  static async make(backend: Backend, request: ModelledRequest, marker: OwnMarker): Promise<OwnLock> {
    const estimate = Date.now() + LOCK_TTL_MS; // the server's clock is not known yet: the local one
    const spec = lockSpec(backend.kind, request, estimate);
    let live: LiveResource;
    // The first create of unknown outcome: from then on one may have been made whatever fails next.
    let first: BackendError | undefined;
    for (let resent = 0; ; resent++) {
      try {
        live = await backend.create(spec, marker);
        break;
      } catch (err) {
        const uncertain = err instanceof BackendError && err.kind === 'outcome-unknown';
        // Nothing was made; credentials taken but not allowed to write are said as the lock's.
        if (first === undefined && !uncertain) throw forbidden(err) ? lockForbidden(backend.kind, request.namespace, err) : err;
        first ??= err as BackendError;
        if (!uncertain) throw await leftBehind(backend, request, estimate, first, { resent, last: err });
        // A host that asked for a wait aac refuses is not sent the create again: the listing still settles it.
        const last = resent >= request.maxRetries || err.details.waitRefused !== undefined;
        // Cut short by the run's interrupt, which sends no more (the listing still finds one made).
        if (!last && !request.signal.aborted) await sleep(backoffMs(resent, err.details.retryAfterMs), request.signal);
        let all: LiveResource[];
        try {
          all = await backend.listAll();
        } catch (readErr) {
          throw await leftBehind(backend, request, estimate, first, { listing: readErr });
        }
        const [found, ...extra] = ownObjects(all, backend.kind, request).sort((a, b) => a.createdAt - b.createdAt);
        if (found !== undefined) {
          live = found;
          await removeExtra(backend, request, estimate, extra);
          break;
        }
        if (last) throw await leftBehind(backend, request, estimate, first, { resent, last: err });
        if (request.signal.aborted) {
          // Interrupted in the back-off: what became of the lock object is said, then the run ends
          // as every interrupted run does, with the signal's exit code (its reason), not as a failure.
          request.onWait((await leftBehind(backend, request, estimate, first, { resent, last: err, interrupted: true })).message);
          throw request.signal.reason;
        }
      }
    }
    const own = new OwnLock(backend, request, live, live.createdAt * 1000 - Date.now(), estimate);
    // A renewal that fails otherwise is tried again a minute later, well within the lock's TTL.
    own.timer = setInterval(() => void own.renew().catch((err: unknown) => own.foundGone(err)), RENEW_EVERY_MS);
    own.timer.unref();
    // Its first expiry was reckoned by the local clock: one far off the server's is put right at once.
    if (Math.abs(own.offsetMs) > CLOCK_SKEW_MS) await own.renew().catch(() => undefined);
    return own;
  }

  serverNow(): number {
    return Date.now() + this.offsetMs;
  }

  object(): LockObject {
    return { ...lockObjects([this.live], this.backend.kind)[0]!, expiresAt: this.serverNow() + LOCK_TTL_MS };
  }

  /** After a failed renewal: one answered not found means the lock object is gone (lost), and renewing stops. */
  private foundGone(err: unknown): void {
    if (!(err instanceof BackendError && err.kind === 'not-found')) return;
    clearInterval(this.timer);
    const at = new Date().toISOString();
    this.gone.abort(`the lock ${this.live.id} on the namespace '${this.request.namespace}' was removed by someone else (aac force-unlock?): its renewal at ${at} found it gone`);
  }

  /** Moves the expiry forward (kind-driven: the kind's own update of its metadata field). */
  private async renew(): Promise<void> {
    const { kind } = this.backend;
    const expiresAt = this.serverNow() + LOCK_TTL_MS;
    const spec = lockSpec(kind, this.request, expiresAt, this.live.createdAt);
    // Sent, it may be made whatever the answer: the later expiry is the one to say.
    this.expiresAt = Math.max(this.expiresAt, expiresAt);
    const field = kind.paths.metadata[0]!;
    const body = kind.write.update([field], spec, kind.normalize(this.live.spec, this.backend.target.provider), kind.normalize(spec, this.backend.target.provider));
    await this.backend.update(this.live.id, body, { namespace: this.request.namespace, key: LOCK_KEY });
  }

  /**
   * Stops renewing and deletes the object; a warning when it could not be deleted. A delete the
   * host failed (RELEASE_RETRIED) is sent again, up to RELEASE_ATTEMPTS requests in all; one sent again that
   * finds the object gone was done by an earlier one. A last delete whose answer was lost is
   * settled by one read of the lock object (Backend.exists): gone, it was removed, and nothing is said.
   */
  async drop(): Promise<string | undefined> {
    this.stop();
    const { id } = this.live;
    // Found gone while held: the run said so then (HeldLock.lost), and there is nothing to delete.
    if (this.lost.aborted) return undefined;
    this.releasing = true;
    const err = await deleteLockObject(this.backend, id, this.request).then(() => undefined, (e: unknown) => e);
    return err === undefined ? undefined : this.notReleased(err);
  }

  /** Stops renewing: the object is the caller's to remove (drop, or answeredElsewhere's cleanup). */
  private stop(): void {
    clearInterval(this.timer);
  }

  /**
   * The run's error when `live` (a listing after the create) shows this run's lock object, by its
   * nonce (ownObjects), under none of the id the create answered with: a host, or a proxy in front
   * of it, that answers another id than it lists. That id reaches nothing, so each renewal and the
   * release would find the lock "removed by someone else" while the object listed stays and holds
   * the namespace, against this very run first (a tie with itself). Renewing stops, this run's
   * objects are removed (removeLeft), and the error says once what happened and what is left;
   * undefined when the listing shows the id answered, or none of this run's objects.
   */
  async answeredElsewhere(live: readonly LiveResource[]): Promise<BackendError | undefined> {
    const listed = ownObjects(live, this.backend.kind, this.request);
    if (listed.length === 0 || listed.some((l) => l.id === this.live.id)) return undefined;
    this.stop();
    const cleanup = await removeLeft(this.backend, this.request);
    const { namespace } = this.request;
    const { one } = this.backend.kind.nouns;
    const ids = listed.map((l) => l.id).join(' and ');
    let outcome: string;
    if ('failed' in cleanup) {
      const { named, unlock } = leftObjects(this.backend.kind, this.request, cleanup.left);
      const failed = cleanup.failed instanceof Error ? cleanup.failed.message : String(cleanup.failed);
      outcome = `removing it failed (${failed}), so ${named} is left: ${expiresBy(this.expiresAt)}, or ${removeNow(unlock, cleanup.failed)}; nothing else was changed`;
    } else {
      outcome = 'aac removed it; nothing was changed';
    }
    return new BackendError(
      'server',
      `could not take the lock on the namespace '${namespace}': the host answered the create of its lock object (${withArticle(one)}) with the id ${this.live.id}, but lists that object (this run's, by its nonce) as ${ids}, and the id answered reaches nothing; ${outcome}; ${ELSEWHERE_FIX}`,
      { fix: ELSEWHERE_FIX },
    );
  }

  /**
   * See HeldLock.leftBehind. A quit while the release's delete is on its way (the report is
   * written by then) may well see the host remove it, so that is said as unknown, not as left.
   */
  leftBehind(): string | undefined {
    if (this.lost.aborted) return undefined;
    const { id } = this.live;
    const unlock = `${expiresBy(this.expiresAt)}, or run ${codeSpan(this.request.unlockCommand(id))} to remove it now`;
    if (this.releasing) return `the lock ${id} on the namespace '${this.request.namespace}' may be left behind: its delete was sent and not answered; if it is still there, ${unlock}`;
    return `the lock ${id} on the namespace '${this.request.namespace}' is left behind: ${unlock}`;
  }

  /** The warning for a release whose last delete failed with `err`; undefined when a read finds the object gone. */
  private async notReleased(err: unknown): Promise<string | undefined> {
    const { id } = this.live;
    if (err instanceof BackendError && err.kind === 'not-found') {
      return `the lock ${id} had been removed by someone else (aac force-unlock?) while this run held it`;
    }
    const left = `${expiresBy(this.expiresAt)}, or ${removeNow(codeSpan(this.request.unlockCommand(id)), err)}`;
    if (!(err instanceof BackendError && err.kind === 'outcome-unknown')) return `could not remove the lock ${id} (${(err as Error).message}); ${left}`;
    const there = await this.backend.exists(id).catch((readErr: unknown) => (readErr instanceof Error ? readErr : new Error(String(readErr))));
    if (there === false) return undefined;
    const why = answeredWith(err) ? '' : ` (${err.details.reason ?? err.message})`;
    if (there === true) return `could not remove the lock ${id}: ${cameBack({ the: 'its', action: 'delete' }, err)}${why} and the lock is still there; ${left}`;
    return `could not remove the lock ${id} (${err.message}; reading it back to check failed: ${there.message}); ${left}`;
  }
}

/**
 * What to do when a host answers a create with another id than it lists the resource by
 * (OwnLock.answeredElsewhere): aac reads, updates and deletes each resource it makes by the id its
 * create answered with, so every run against that host would go astray.
 */
const ELSEWHERE_FIX = 'check what stands between aac and the host (a proxy or gateway that rewrites answers): aac addresses what it creates by the id the create answers with';

/** A request answered 403: the host took the credentials and did not allow it (the transport's `auth` of that status). */
function forbidden(err: unknown): err is BackendError {
  return err instanceof BackendError && err.kind === 'auth' && authRefusal(err) === 'permission';
}

/**
 * What looking for a lock object that may have been made, to remove it, came to (removeLeft): how
 * many of this run's own were found and deleted (0: none was made), or the failure that stopped it
 * (`left`: when its listing answered, those found that it did not remove, the one whose delete
 * failed first).
 */
type Cleanup = { removed: number } | { failed: unknown; left?: LiveResource[] };

/**
 * Lists once and deletes this run's own lock objects (ownObjects: by its nonce, never another
 * run's), each request sent again as a release's are (releaseTries): a lock object made by a
 * create whose answer was lost would refuse every run of the namespace until it expires
 * (LOCK_TTL_MS), this one's re-run first.
 */
async function removeLeft(backend: Backend, request: LockRequest): Promise<Cleanup> {
  let found: LiveResource[];
  try {
    found = ownObjects(await releaseTries(request, () => backend.listAll()), backend.kind, request);
  } catch (failed) {
    return { failed };
  }
  for (const [i, { id }] of found.entries()) {
    try {
      await deleteLockObject(backend, id, request);
    } catch (failed) {
      return { failed, left: found.slice(i) };
    }
  }
  return { removed: found.length };
}

/**
 * Deletes lock objects of this run's own besides the one it keeps (`extra`): made by an earlier
 * create that landed after the listing that looked for it, they would hold the namespace against
 * the run's own next runs. One that cannot be removed is said (LockRequest.onLeft), with its
 * expiry (`expiresAt`, server time, ms: the one its create carried) and the force-unlock.
 */
async function removeExtra(backend: Backend, request: LockRequest, expiresAt: number, extra: readonly LiveResource[]): Promise<void> {
  for (const { id } of extra) {
    await deleteLockObject(backend, id, request).catch((err: unknown) => request.onLeft(
      `could not remove the lock ${id}, a second lock object of this run's (${(err as Error).message}); ${expiresBy(expiresAt)}, or ${removeNow(codeSpan(request.unlockCommand(id)), err)}`,
    ));
  }
}

/**
 * How the lock's creates ended once one was of unknown outcome: the listing that looked for it
 * failed (`listing`: its error); or `resent` creates were sent after the first (0 up to
 * `options.max_retries`), the last of them (the first, when none was) failing with `last`,
 * either otherwise than of unknown outcome or unknown and not found by the listing after it
 * (`interrupted`: no more were sent as the run was interrupted).
 */
type CreatesEnded = { listing: unknown } | { resent: number; last: unknown; interrupted?: boolean };

/**
 * The run's error after a lock object of unknown outcome (mayBeLeft), once it was looked for and
 * removed if made (removeLeft); `expiresAt`: the expiry its create carried (server time, ms).
 */
async function leftBehind(backend: Backend, request: LockRequest, expiresAt: number, sent: BackendError, ended: CreatesEnded): Promise<BackendError> {
  return mayBeLeft(backend.kind, request, expiresAt, sent, ended, await removeLeft(backend, request));
}

/**
 * This run's lock objects that its cleanup did not remove (`left`, as its listing found them), or
 * when none was found (undefined) the one its creates may have made, as an error names them
 * (`named`) and the force-unlock that removes them (`unlock`, as code). A listed one by its id, with
 * its name or, on a versioned kind, its version: `the assistant asst_1 (named aac-lock-0a1b2c3d4e5f)`,
 * `the agent aac-lock-0a1b2c3d4e5f (version 3)`. One not listed by its name (lockName), which on a
 * kind addressed by name is its id, and which force-unlock takes on any kind (the id the host
 * gives is known only once listed): its force-unlock is exact either way.
 */
function leftObjects(kind: ResourceKind, request: LockRequest, left: readonly LiveResource[] | undefined): { named: string; unlock: string } {
  const name = lockName(request.holder);
  const byName = kind.identity.addressedBy === 'name';
  const command = (id: string) => codeSpan(request.unlockCommand(id));
  const { one } = kind.nouns;
  if (left === undefined || left.length === 0) return { named: byName ? `the ${one} ${name}` : `${withArticle(one)} named ${name}`, unlock: command(name) };
  const each = left.map((l) => (byName ? `the ${one} ${l.id}${l.version === undefined ? '' : ` (version ${l.version})`}` : `the ${one} ${l.id} (named ${name})`));
  return { named: each.join(' and '), unlock: left.map((l) => command(l.id)).join(' and ') };
}

/**
 * What a run that quits at once leaves while its lock object's create is in flight, or of unknown
 * outcome and not yet found: it may have been made (a create sent is done or not by the host,
 * whatever becomes of the run), named as mayBeLeft names it (leftObjects), with the latest expiry
 * it can carry (LOCK_TTL_MS from now) and the force-unlock. Synchronous: said inside the signal's handler.
 */
function quitLeaves(kind: ResourceKind, request: LockRequest): string {
  const { named, unlock } = leftObjects(kind, request, undefined);
  return `the lock on the namespace '${request.namespace}' may be left behind: its lock object (${named}) was being created, and may have been made: then ${expiresBy(Date.now() + LOCK_TTL_MS)}, or ${removeNow(unlock, undefined)}`;
}

/**
 * `run \`aac force-unlock …\` to remove it now` (`unlock`: the command, as code), or, when its delete
 * was answered 403 (`err`: the credentials were taken, and may not delete), to run it with
 * credentials that may: the same force-unlock with these is refused the same way.
 */
function removeNow(unlock: string, err: unknown): string {
  return forbidden(err)
    ? `remove it now with credentials allowed to delete it (a key or role with the delete permission): run ${unlock} with them, or have someone who has them run it`
    : `run ${unlock} to remove it now`;
}

/**
 * `it expires by itself by 2026-12-03T17:05:00.000Z`: when a lock object left behind stops holding
 * the namespace (`expiresAt`, server time, ms: the latest expiry a write of it carried), as every
 * warning about one says it.
 */
function expiresBy(expiresAt: number): string {
  return `it expires by itself by ${new Date(expiresAt).toISOString()}`;
}

/** The kinds of BackendError that any request of the run would get, not only the lock's create. */
const REFUSES_THE_RUN: ReadonlySet<BackendErrorKind> = new Set(['auth', 'config', 'network', 'timeout', 'not-found', 'retired']);

/**
 * What a host's failure to answer (the transport's `server`: a 5xx on every attempt of a read;
 * `rate-limited`: a 429 on every attempt), met while taking the lock on `namespace`, makes of the
 * run's error: the same kind, saying that taking the lock failed and what to do, which is waiting,
 * not -lock=false (the run's other requests go to the same host and its limit). Undefined for any
 * other error: what refuses every request of the run keeps its own words and fix (REFUSES_THE_RUN),
 * and a refusal of the lock object itself offers -lock=false (acquireLock).
 */
function hostFailed(namespace: string, err: unknown): BackendError | undefined {
  if (!(err instanceof BackendError) || (err.kind !== 'server' && err.kind !== 'rate-limited')) return undefined;
  const advice = err.kind === 'server'
    ? 'the host failed every attempt, as it would fail the run\'s other requests, -lock=false or not: run apply again once it recovers (a larger options.max_retries in aac.yaml rides out a longer outage)'
    : "the host's rate limit refused every attempt, as it would the run's other requests, -lock=false or not: run apply again once the limit resets (another run or tool may be spending it)";
  return new BackendError(err.kind, `could not take the lock on the namespace '${namespace}': ${err.message}; nothing was changed: ${advice}`, err.details);
}

/**
 * The run's error when the host took the credentials and did not allow the lock object's create
 * (`err`, its 403: AUTH_REFUSALS.permission): that the run could not take its lock, what the lock
 * is, that the run needs write access whether it takes one or not, and then the host's own error
 * (its status, its message and the credentials' fix), keeping its kind and details. A 401 keeps the
 * transport's words alone, as the listing would say them: no credentials were taken at all.
 */
function lockForbidden(kind: ResourceKind, namespace: string, err: BackendError): BackendError {
  return new BackendError(
    err.kind,
    `could not take the lock on the namespace '${namespace}', so nothing was changed: the lock is ${withArticle(kind.nouns.one)} that aac creates for the length of the run and deletes as it ends (see "The lock" in the README), which needs credentials with write access, as the run's own changes do, -lock=false or not; ${err.message}`,
    err.details,
  );
}

/**
 * A lock object sent whose create was of unknown outcome (`sent`: its error, an answer lost or an
 * error status), and not found again (`ended`, CreatesEnded: the listing failed, or the creates
 * sent again up to options.max_retries times were of unknown outcome too and not found, or one of
 * them failed otherwise): it may have been made, and then holds the namespace until it expires
 * (`expiresAt`, the expiry it carries), unless `cleanup` found and removed it. A cleanup that found
 * none is not proof that none was made: a create whose answer was lost may still commit after that
 * listing (the host gives no such promise), so its name, expiry and the force-unlock are said then
 * too. A cleanup that failed names what it may have left (leftObjects, of `resources`, the
 * backend's kind), by id when its listing found it, and the force-unlock that removes it. Several
 * listings may be told of, the checks' and the cleanup's, so each is named as such and the last
 * error, said last, is labelled as the check's or the create's. The error keeps the kind
 * of a failure that refuses the whole run (a host not reached stays `network`); else it is
 * `outcome-unknown`.
 */
function mayBeLeft(resources: ResourceKind, request: LockRequest, expiresAt: number, sent: BackendError, ended: CreatesEnded, cleanup: Cleanup): BackendError {
  const err = 'listing' in ended ? ended.listing : ended.last;
  const kind = err instanceof BackendError && REFUSES_THE_RUN.has(err.kind) ? err.kind : 'outcome-unknown';
  const answered = answeredWith(sent);
  const first = answered ? `its lock object was ${answered}` : `its lock object was sent; the ${answerLost(sent)}`;
  const detail = err instanceof Error ? err.message : String(err);
  const why = 'listing' in ended
    ? kind === 'network' ? ' and the host could not be reached to check' : kind === 'timeout' ? ' and the host answered the check too slowly too' : ' and the listing to check for it failed'
    : createsWords(ended, request.maxRetries);
  const label = 'listing' in ended ? 'the check' : ended.resent > 0 ? 'the last create' : 'the create';
  const sentTimes = 'listing' in ended ? 1 : ended.resent + 1;
  // The cleanup's failure is said unless it is the one said last already (the host still not reached).
  const failedToo = 'failed' in cleanup ? (cleanup.failed instanceof Error ? cleanup.failed.message : String(cleanup.failed)) : '';
  let outcome: string;
  if ('failed' in cleanup) {
    const { named, unlock } = leftObjects(resources, request, cleanup.left);
    outcome = cleanup.left
      ? `${named} was made and is left, as removing it failed too${failedToo === detail ? '' : ` (${failedToo})`}: ${expiresBy(expiresAt)}, or ${removeNow(unlock, cleanup.failed)}; nothing else was changed`
      : `it may have been made (${named}), and then ${expiresBy(expiresAt)}, or ${removeNow(unlock, cleanup.failed)} (looking for it to remove it failed too${failedToo === detail ? '' : `: ${failedToo}`}); nothing else was changed`;
  } else if (cleanup.removed > 0) {
    outcome = 'its lock was found and removed; nothing was changed';
  } else {
    outcome = `a last listing, to clean up, found none of this run's lock objects, so nothing was changed, unless ${sentTimes === 1 ? 'that create was' : 'one of those creates was'} made after that listing: then its lock object (named ${lockName(request.holder)}) is left, and ${expiresBy(expiresAt)}, or ${removeNow(leftObjects(resources, request, undefined).unlock, undefined)}`;
  }
  return new BackendError(
    kind,
    `could not take the lock on the namespace '${request.namespace}': ${first}${why}: ${outcome} (${label}: ${detail})`,
    err instanceof BackendError ? err.details : {},
  );
}

/**
 * What became of a lock's creates sent again (`ended`, none found made), after the first's words:
 * `, and the create sent again twice was last answered 503 (…), not found by the listing after
 * it (options.max_retries: 2)`; `, and the create sent again once failed` (then cleaned up at once).
 */
function createsWords(ended: { resent: number; last: unknown; interrupted?: boolean }, maxRetries: number): string {
  const { resent, last } = ended;
  const uncertain = last instanceof BackendError && last.kind === 'outcome-unknown';
  const answered = last instanceof BackendError ? answeredWith(last) : null;
  const again = resent === 0 ? '' : `, and the create sent again ${timesWord(resent)} ${answered ? `was ${resent > 1 ? 'last ' : ''}${answered}` : uncertain ? `lost ${resent > 1 ? 'its last answer' : 'its answer'} too` : 'failed'}`;
  if (!uncertain) return again;
  const refused = last instanceof BackendError ? last.details.waitRefused : undefined;
  const stopped = ended.interrupted ? 'not sent again: the run was interrupted' : refused ? notSentAgain(refused) : `options.max_retries: ${maxRetries}`;
  return `${again}, not found by the listing after it (${stopped})`;
}

/**
 * Takes the lock on `request.namespace`: returns once this run holds it, with the listing that
 * showed so. Throws a UserError naming the holder when another run holds it past the timeout, and
 * the signal's reason (`Interrupted`) when a signal ends the wait; its own lock object is deleted
 * then. Expired lock objects of
 * the namespace (a killed run's) are deleted by the run that takes the lock.
 */
export async function acquireLock(backend: Backend, request: LockRequest): Promise<HeldLock> {
  // What a quit now leaves of this run's lock objects: nothing, one whose create may have been
  // made (sent, its answer not yet come or lost), or the one made, until it is removed.
  let leaves: () => string | undefined = () => undefined;
  const untold = request.leftOnQuit?.(() => leaves());
  try {
    return await takeLock(backend, request, (now) => void (leaves = now));
  } finally {
    untold?.();
  }
}

/** acquireLock's work; `leaving` is told, as it changes, what a quit now would leave (LockRequest.leftOnQuit). */
async function takeLock(backend: Backend, request: LockRequest, leaving: (tell: () => string | undefined) => void): Promise<HeldLock> {
  const marker = { namespace: request.namespace, key: LOCK_KEY };
  const deadline = performance.now() + request.timeoutMs;
  const told = new Set<string>();
  // A signal ends the wait with nothing changed (this run's own lock object removed first): the
  // run ends as one stopped before writing does, with the signal's exit code (the signal's reason).
  const stopWaiting = (): never => {
    request.onWait(`Stopped waiting for the lock on the namespace '${request.namespace}': nothing was changed.`);
    throw request.signal.reason;
  };
  // Stepping back removes this run's lock object; one that could not be removed is said, never dropped.
  const stepBack = async (own: OwnLock) => {
    const warning = await own.drop();
    // One not removed was said (onLeft), with its force-unlock, as it is left whatever comes next.
    leaving(() => undefined);
    if (warning !== undefined) request.onLeft(warning);
  };
  // Holders seen gone from this host (holderHere) whose lock was then listed again: a run that
  // released its lock and ended between a listing and the look at its process is not a lock left
  // behind, so a holder is said gone only once a listing that began after that look still has it.
  const listedAgain = new Set<string>();
  for (let ties = 0; ; ties++) {
    // A signal during a tie's pause: no new lock object.
    if (request.signal.aborted) stopWaiting();
    let own: OwnLock;
    // A create sent may be made whatever happens to the run meanwhile.
    leaving(() => quitLeaves(backend.kind, request));
    try {
      own = await makeOwn(backend, request, marker);
      const made = own;
      leaving(() => made.leftBehind());
    } catch (err) {
      // An interrupt in the create's back-off, which make has said the outcome of: the run ends as the signal ends it.
      if (request.signal.aborted && err === request.signal.reason) throw err;
      // What refuses every request of the run (the credentials, a host unreachable, retired or
      // serving another API) fails the listing too, -lock=false or not: its own error, with its fix;
      // a host failing or rate limiting every attempt says to wait (hostFailed). A lock object that
      // may have been made (mayBeLeft) says so itself.
      if (err instanceof BackendError && (REFUSES_THE_RUN.has(err.kind) || err.kind === 'outcome-unknown')) throw err;
      // The host refused every model there was (LockModels): that error says which and what to do.
      if (err instanceof UserError) throw err;
      // The host refused the lock object itself (`invalid`: its body, as a host may limit what a
      // resource holds), which the run's own writes need not meet: -lock=false goes on without one.
      const refused = err instanceof BackendError && err.kind === 'invalid' ? 'the host refused the lock object itself: ' : '';
      throw hostFailed(request.namespace, err) ?? new UserError(
        `could not take the lock on the namespace '${request.namespace}': ${(err as Error).message}; nothing was changed`,
        `${refused}a lock is a resource of the API (see "The lock" in the README); -lock=false applies without one, and then nothing stops a concurrent apply`,
      );
    }
    for (;;) {
      let live: LiveResource[];
      try {
        live = await backend.listAll();
      } catch (err) {
        await stepBack(own);
        throw hostFailed(request.namespace, err) ?? err;
      }
      const elsewhere = await own.answeredElsewhere(live);
      if (elsewhere !== undefined) {
        // Said by the error, which names what is left.
        leaving(() => undefined);
        throw elsewhere;
      }
      const mine = own.object();
      const where = standing(mine, lockObjects(live, backend.kind), own.serverNow());
      if (where.state === 'held') {
        // A killed run's lock: its run is gone, and only the holder deletes it (best effort).
        await Promise.all(where.expired.map((l) => backend.delete(l.id).catch(() => undefined)));
        return { id: own.live.id, ...apart(live), lost: own.lost, release: () => own.drop(), leftBehind: () => own.leftBehind() };
      }
      // A tie is no one's lock: it is retried whatever the timeout (0s included), up to MAX_TIES;
      // only a real older holder is waited for until the deadline.
      const out = request.signal.aborted || (where.state === 'tied' ? ties >= MAX_TIES : performance.now() >= deadline);
      if (where.state === 'tied' && !out) {
        await stepBack(own);
        await sleep(200 + Math.random() * 1300, request.signal);
        break;
      }
      // One look at the holder's process for all this decides and says.
      const here = holderHere(where.holder);
      const dead = here && !here.running ? { host: here.host, pid: here.pid } : undefined;
      if (dead && !request.signal.aborted && !listedAgain.has(where.holder.id)) {
        listedAgain.add(where.holder.id);
        continue;
      }
      if (out) {
        // Said as the holder was when last listed: stepping back takes a round trip, in which a
        // holder still running may finish and would be said gone.
        const refusal = lockedError(request, where.holder, here);
        await stepBack(own);
        if (request.signal.aborted) stopWaiting();
        throw refusal;
      }
      if (!told.has(where.holder.id)) {
        told.add(where.holder.id);
        request.onWait(waitingMessage(request, where.holder, dead));
      }
      await sleep(Math.min((request.waits ?? LOCK_WAITS).pollMs, Math.max(0, deadline - performance.now())), request.signal);
    }
  }
}

/**
 * OwnLock.make with the run's lock model (LockRequest.models): a create the host refused for its
 * model (refusesModel: a 400 naming the model, or Azure's 404 DeploymentNotFound; nothing made) is
 * made again with the next one, until the host takes one. Throws make's errors, and LockModels.next's once the host refused every model.
 */
async function makeOwn(backend: Backend, request: LockRequest, marker: OwnMarker): Promise<OwnLock> {
  for (;;) {
    // A signal after a refused model: no new lock object (takeLock ends the run as the signal does).
    if (request.signal.aborted) throw request.signal.reason;
    const model = await request.models.next();
    try {
      const own = await OwnLock.make(backend, { ...request, model }, marker);
      request.models.took(model);
      return own;
    } catch (err) {
      if (!refusesModel(err, backend.kind)) throw err;
      await request.models.refused(model, err);
    }
  }
}

/**
 * A lock whose holder's process is gone (deadHolder), as every command that finds one says it:
 * `said`, `the namespace 'team-a' is locked by a run that is no longer running (pid 4242 on this
 * host, ci-7)`, for the caller to go on from; `hint`, that its run ended without removing it and
 * how to remove it (`unlock`: the force-unlock command, run as printed) or when it expires.
 */
export function deadHolderWords(namespace: string, holder: LockObject, dead: DeadHolder, unlock: string): { said: string; hint: string } {
  return {
    said: `the namespace '${namespace}' is locked by a run that is no longer running (${deadWhere(dead)})`,
    hint: `its run ended without removing its lock (killed, or its release failed): remove it with ${codeSpan(unlock)}, or wait until it expires by ${new Date(holder.expiresAt).toISOString()} (unless another machine, a container, is also named ${sanitize(dead.host)}: then check there first)`,
  };
}

/**
 * The refusal when another run holds the lock past the timeout, by what is known of its process
 * (`here`, holderHere's look): gone from this host, deadHolderWords, with the force-unlock; still running here,
 * waiting only (as Terraform never offers force-unlock for a live lock); on another host or not
 * known, waiting, or the force-unlock if that run is gone.
 */
function lockedError(request: LockRequest, holder: LockObject, here: ReturnType<typeof holderHere>): UserError {
  const unlock = request.unlockCommand(holder.id);
  if (here && !here.running) {
    const { said, hint } = deadHolderWords(request.namespace, holder, here, unlock);
    return new UserError([`${said}, so nothing was changed:`, ...describeLock(holder, here)], hint, [], 'locked');
  }
  const wait = 'wait for it to finish (--lock-timeout=5m waits up to five minutes)';
  return new UserError(
    [`the namespace '${request.namespace}' is locked by another run, so nothing was changed:`, ...describeLock(holder, here)],
    here
      ? `its process (pid ${here.pid}) is still running on this host: ${wait}`
      : `${wait}; if that run is gone, its lock expires by ${new Date(holder.expiresAt).toISOString()}, or remove it now with ${codeSpan(unlock)}`,
    [],
    'locked',
  );
}

/** Said once per holder waited for; `dead` when its process is known gone (then the wait lasts until its expiry). */
function waitingMessage(request: LockRequest, holder: LockObject, dead: DeadHolder | undefined): string {
  const waiting = `Waiting for the lock on the namespace '${request.namespace}', held by ${sanitize(holder.who)} (lock ${sanitize(holder.id)})`;
  if (!dead) return `${waiting}…`;
  return `${waiting}, a run that is no longer running (${deadWhere(dead)}): its lock expires by ${new Date(holder.expiresAt).toISOString()}, or ${codeSpan(request.unlockCommand(holder.id))} removes it now…`;
}
