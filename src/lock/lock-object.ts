// aac's lock object: a resource of the backend's own kind saying "namespace N is being applied by
// H until T" (Terraform's state lock, built from what the API offers: there is no lock endpoint).
// It carries the marker `aac@<namespace>` → `aac lock`, a value no definition's key can have (keys
// hold no spaces), so every stage tells it apart by the marker alone: plans, prune and import
// never see one (src/lock/lock.ts listResources), of any namespace. Its own metadata says who holds
// it and until when. Pure rules here; the protocol that makes, renews and deletes them is lock.ts.
import type { ResourceKind } from '../backends/backend.js';
import type { LiveResource, Spec } from '../model/definition.js';
import { isObject, setAt, valueAt } from '../model/json.js';
import { keeperOf, METADATA_VALUE_MAX } from '../model/marker.js';
import { withArticle } from '../util/words.js';

/** The key in a lock object's marker. */
export const LOCK_KEY = 'aac lock';

/** How long a lock holds without being renewed: a killed apply blocks the namespace at most this long. */
export const LOCK_TTL_MS = 5 * 60_000;
/** How often a holder (or a waiter) renews its expiry: several renewals fit in one TTL, so a slow or retried request never lets it lapse. */
export const RENEW_EVERY_MS = 60_000;

/** Who holds a lock, as its metadata says; each value fits the API's 512-character metadata value. */
export interface Holder {
  /** `user@host pid N` (holderWho). */
  who: string;
  /** The command: `apply`. */
  operation: string;
  /** The CI run's URL, when there is one. */
  run?: string;
  /** A random token, to find this run's own lock object after a create whose response was lost. */
  nonce: string;
}

export interface LockObject extends Holder {
  /** The resource's id (its name, for a name-addressed kind): the LOCK of `aac force-unlock`, as its name (lockName) is. */
  id: string;
  namespace: string;
  /** Server time, seconds: when the lock object was made (its created_at; a versioned kind's first version's, as renewals record it). */
  createdAt: number;
  /** Server time, milliseconds; NaN when unreadable (then the lock counts as expired only after created_at + TTL). */
  expiresAt: number;
}

/** The lock object's own metadata keys (the marker is added by the client, as on every write). */
const META = { who: 'holder', operation: 'operation', run: 'run', nonce: 'nonce', expires: 'expires_at', since: 'since' } as const;

/** Whether a live resource is one of aac's lock objects (of any namespace). */
export function isLockObject(live: LiveResource): boolean {
  return live.key === LOCK_KEY && live.namespace !== null;
}

/**
 * aac's own objects among `locks` (a listing's lock objects: listResources' `onLocks`), by id, each
 * with the sentence that says what it is: `asst_1 is aac's lock object of the namespace 'team-a'
 * (a run's lock, not an assistant): it cannot be pinned or imported`, `one` the kind's noun. For an
 * `id:` pin or an `aac import --id` that names one, which would otherwise read as an id nothing
 * has: plans and import never see lock objects. Lock objects are the only such objects in a kind's
 * listing (the vector stores the Assistants helper makes are not of the kind, and not listed).
 */
export function aacObjects(locks: readonly LiveResource[], one: string): Map<string, string> {
  return new Map(locks.filter(isLockObject).map((l) => [
    l.id,
    `${l.id} is aac's lock object of the namespace '${l.namespace!}' (a run's lock, not ${withArticle(one)}): it cannot be pinned or imported`,
  ]));
}

/** The lock objects among `live`, read; a resource that is not one is left out. */
export function lockObjects(live: readonly LiveResource[], kind: ResourceKind): LockObject[] {
  return live.filter(isLockObject).map((l) => {
    const m = valueAt(l.spec, kind.paths.metadata);
    const meta: Record<string, string> = {};
    if (isObject(m)) for (const [k, v] of Object.entries(m)) if (typeof v === 'string') meta[k] = v;
    const expires = Date.parse(meta[META.expires] ?? '');
    const since = Date.parse(meta[META.since] ?? '');
    return {
      id: l.id,
      namespace: l.namespace!,
      // A renewal of a versioned kind (foundry-agents) is a new version with its own created_at:
      // the first one's, which the renewal records, is the lock's age.
      createdAt: Number.isNaN(since) ? l.createdAt : Math.floor(since / 1000),
      expiresAt: Number.isNaN(expires) ? l.createdAt * 1000 + LOCK_TTL_MS : expires,
      who: meta[META.who] ?? 'unknown',
      operation: meta[META.operation] ?? 'unknown',
      ...(meta[META.run] ? { run: meta[META.run] } : {}),
      nonce: meta[META.nonce] ?? '',
    };
  });
}

/** A holder's `who`: `user@host pid N`, what a person reads and holderProcess reads back. */
export function holderWho(user: string, host: string, pid: number): string {
  return `${user}@${host} pid ${pid}`;
}

/**
 * The host name and process id a holder's `who` names (holderWho's shape: the host is what follows
 * the last `@`, and holds no space), or undefined when it is written otherwise (an edited lock).
 */
export function holderProcess(who: string): { host: string; pid: number } | undefined {
  const m = /@([^@\s]+) pid (\d{1,10})$/.exec(who);
  const pid = m ? Number(m[2]) : 0;
  return m && pid > 0 ? { host: m[1]!, pid } : undefined;
}

/**
 * The lock's metadata pairs: who holds it and until when (server time, ms), and from a renewal on,
 * since when (`createdAt`: the created_at the lock object was made with, seconds).
 */
export function lockMetadata(holder: Holder, expiresAt: number, createdAt?: number): Record<string, string> {
  const cut = (s: string) => s.slice(0, METADATA_VALUE_MAX);
  return {
    [META.who]: cut(holder.who),
    [META.operation]: cut(holder.operation),
    ...(holder.run ? { [META.run]: cut(holder.run) } : {}),
    [META.nonce]: holder.nonce,
    [META.expires]: new Date(expiresAt).toISOString(),
    ...(createdAt !== undefined ? { [META.since]: new Date(createdAt * 1000).toISOString() } : {}),
  };
}

/** What a lock object is made of: the run's model, namespace and holder, and how to remove it. */
export interface LockFields {
  /** A model the host takes (lock-model.ts LockModels: a definition's, or a live resource's of the namespace): a lock object is a real resource. */
  model: string;
  namespace: string;
  holder: Holder;
  /** `aac force-unlock <id>` with the options that reach this namespace (commands/suggest.ts). */
  unlockCommand(id: string): string;
}

/** A lock object's name: `aac-lock-` and the first 12 characters of its holder's nonce (for a kind addressed by name, its id). */
export function lockName(holder: Pick<Holder, 'nonce'>): string {
  return `aac-lock-${holder.nonce.slice(0, 12)}`;
}

/** The longest note a lock object carries (its kind's description or instructions take more). */
const NOTE_MAX = 256;

/**
 * The note on a lock object, at most NOTE_MAX characters, for whoever finds it on the host: what it
 * is, how to remove it, who holds it. Each sentence is whole or left out, never cut: a command cut
 * mid-way would run as another. The force-unlock that reaches this namespace (`unlock`, by the
 * lock's name, `name`: its id is the host's, known only once the object is made) when the note has
 * room for it; else the command in words, which always fits (a namespace is at most NAMESPACE_MAX
 * characters). Who holds it comes last, as the metadata names it too.
 */
function lockNote(namespace: string, holder: Pick<Holder, 'who' | 'operation'>, name: string, unlock: string): string {
  const what = `aac's lock on the namespace '${namespace}', deleted when its run ends.`;
  const command = `If that run is gone: ${unlock}.`;
  const inWords = `If that run is gone: aac force-unlock ${name}, with the options its apply was given.`;
  const held = `Held by ${holder.who} running aac ${holder.operation}.`;
  let note = what;
  for (const choices of [[command, inWords], [held]]) {
    const fits = choices.find((s) => note.length + 1 + s.length <= NOTE_MAX);
    if (fits !== undefined) note += ` ${fits}`;
  }
  return note;
}

/**
 * The lock object's spec in `kind`'s shape: its smallest resource, named and described (lockNote),
 * with the lock's metadata (lockMetadata).
 */
export function lockSpec(kind: ResourceKind, lock: LockFields, expiresAt: number, createdAt?: number): Spec {
  const { holder } = lock;
  const spec = kind.lockSpec({
    model: lock.model,
    name: lockName(holder),
    note: lockNote(lock.namespace, holder, lockName(holder), lock.unlockCommand(lockName(holder))),
  });
  setAt(spec, kind.paths.metadata, lockMetadata(holder, expiresAt, createdAt));
  return spec;
}

/**
 * Where `mine` stands among the lock objects of its namespace at server time `now` (ms):
 * - `held`: no unexpired lock is as old as it (created_at, whole seconds);
 * - `queued`: an older one exists: `holder`, the oldest, holds the namespace (or is about to);
 * - `tied`: the oldest others were made in the same second: neither can know which came first, so
 *   both step back (delete, wait a random while, make a new one).
 * `expired` lists the others whose expiry passed: their runs are gone, and whoever holds may delete them.
 *
 * Why this is safe, given a listing shows every write that answered before it was sent: of two
 * lock objects made in different seconds, the newer's maker lists after the older was made, sees
 * it, and waits. In the same second, at least the second to list sees the other and steps back.
 */
export function standing(mine: LockObject, all: readonly LockObject[], now: number):
  | { state: 'held'; expired: LockObject[] }
  | { state: 'queued' | 'tied'; holder: LockObject; expired: LockObject[] } {
  const others = all.filter((l) => l.namespace === mine.namespace && l.id !== mine.id);
  const expired = others.filter((l) => l.expiresAt <= now);
  const older = others.filter((l) => l.expiresAt > now && l.createdAt <= mine.createdAt);
  if (older.length === 0) return { state: 'held', expired };
  const holder = keeperOf(older);
  return { state: holder.createdAt < mine.createdAt ? 'queued' : 'tied', holder, expired };
}
