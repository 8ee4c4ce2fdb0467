// What a plan reads of the live state after the listing, one request per resource, and only for
// the resources a definition takes that need it: the versions `retain_versions:` trims, whether
// what a record of aac's names (model/marker.ts RECORD_KEY) is still on the host, and whose an
// agent is whose latest version carries no marker.
import pLimit from 'p-limit';
import { versioned, type Backend, type VersionMarkers } from '../backends/backend.js';
import { nameAddress } from '../backends/name-address.js';
import type { Definition, LiveResource } from '../model/definition.js';
import { valueAt } from '../model/json.js';
import { RECORD_KEY } from '../model/marker.js';
import { hasOwnerMarker, ownedBelowHandMade } from '../plan/hand-made.js';
import { twinsOfLatest } from '../plan/retention.js';
import type { NormalizedSpecs } from '../plan/normalized.js';

/**
 * The definition that may take a live resource: the one that pins it (`id:`), else the one whose
 * key (or a key it has moved from) the marker of one of `namespaces` (the run's, and the one
 * --adopt-namespace names), or the previous marker (--adopt-legacy), names on it; undefined for
 * an orphan, an unmanaged resource no definition pins, and another namespace's.
 */
function takenBy(desired: readonly Definition[], namespaces: readonly string[]): (live: LiveResource) => Definition | undefined {
  const byKey = new Map<string, Definition>(desired.map((d) => [d.key, d]));
  for (const d of desired) for (const old of d.movedFrom) if (!byKey.has(old)) byKey.set(old, d);
  const byId = new Map(desired.flatMap((d) => (d.id === undefined ? [] : [[d.id, d] as const])));
  return (l) => byId.get(l.id) ?? (l.key !== null && (l.namespace === null || namespaces.includes(l.namespace)) ? byKey.get(l.key) : undefined);
}

/**
 * For `retain_versions:`: the versions (oldest first) of every live resource a definition may take
 * (takenBy), onto its `versions`: one listing each, `concurrency` at a time. A resource the apply
 * takes over is trimmed by the same apply, so the next plan is clean. Orphans, unmanaged resources
 * no definition pins and other namespaces' are not read: retention never touches them. With the
 * versions' markers where the backend gives them (Backend.versionMarkers, the same listing), those
 * made outside aac (no owner's marker) go onto `unmarkedVersions`, for the plan to say which of
 * the versions it deletes they are, and the twins of the latest (plan/retention.ts twinsOfLatest)
 * onto `twinVersions`, which it does not count.
 */
export async function readVersions(backend: Backend, live: LiveResource[], namespaces: readonly string[], desired: Definition[], concurrency: number): Promise<void> {
  const marked = backend.versionMarkers?.bind(backend);
  const list = backend.versions?.bind(backend);
  if (!list && !marked) return;
  const taken = takenBy(desired, namespaces);
  const limit = pLimit(concurrency);
  await Promise.all(
    live.filter((l) => taken(l) !== undefined).map((l) => limit(async () => {
      if (!marked) {
        l.versions = await list!(l.id);
        return;
      }
      const all = await marked(l.id);
      l.versions = all.map((v) => v.version);
      const unmarked = all.filter((v) => !hasOwnerMarker(v.markers)).map((v) => v.version);
      if (unmarked.length > 0) l.unmarkedVersions = unmarked;
      const twins = twinsOfLatest(all);
      if (twins.length > 0) l.twinVersions = twins;
    })),
  );
}

/**
 * `live` with `recordGone` set on each resource whose record names what its definition still
 * relies on (ResourceKind.recorded: for Assistants, the store the kind's helper made) and the
 * host no longer has, or has expired (Backend.recordedState): one read each, `concurrency` at a time, only for a
 * resource a definition takes (takenBy) that carries a record and relies on it — a plan whose
 * definitions rely on no record sends none. A resource so marked is a new object in a new list, so
 * a change planned ahead with the one listed is planned again. `live` itself comes back (the same
 * array, nothing copied or scheduled) when no resource is so marked: for a kind or client without
 * records, when no resource carries a record, or when every store read is still there. At 10,000
 * resources this runs on every plan's path, so the definitions are indexed (takenBy) only once a
 * resource carries a record.
 */
export async function readRecorded(backend: Backend, live: LiveResource[], namespaces: readonly string[], desired: Definition[], normalized: NormalizedSpecs, concurrency: number): Promise<LiveResource[]> {
  const has = backend.recordedState?.bind(backend);
  const recorded = backend.kind.recorded;
  if (!has || !recorded) return live;
  let taken: ReturnType<typeof takenBy> | undefined;
  const needed: Array<{ at: number; id: string }> = [];
  live.forEach((l, at) => {
    const own = l.markers;
    if (own?.[RECORD_KEY] === undefined) return;
    const d = (taken ??= takenBy(desired, namespaces))(l);
    const id = d && recorded(normalized.of(l.spec), normalized.of(d.spec), own);
    if (id !== undefined) needed.push({ at, id });
  });
  if (needed.length === 0) return live;
  const limit = pLimit(concurrency);
  const there = await Promise.all(needed.map(({ id }) => limit(() => has(id))));
  if (there.every((t) => t === 'there')) return live;
  const marked = [...live];
  needed.forEach(({ at }, i) => {
    const state = there[i]!;
    if (state !== 'there') marked[at] = { ...live[at]!, recordGone: state };
  });
  return marked;
}

/**
 * For a versioned kind addressed by name (Backend.versionMarkers): each live resource whose
 * latest version carries no aac marker at all and whose name a definition has (names that differ
 * only in case count as one: nameAddress, as the plan's refusal of taken names reads them) —
 * with `prune`, every such resource, named or not, as one whose definition was deleted is an
 * orphan to prune — read for its versions' markers: one listing each, `concurrency` at a time, and
 * none when no resource is held so — a plan's common path (no --prune), locked or not, sends
 * nothing more when no definition's name is. The cost under `prune` is one listing per agent
 * without any marker, on every such plan (thousands on a host shared with as many agents made
 * outside aac): the price of not leaving this namespace's agents behind, paid only by a plan that
 * prunes. One that plan/hand-made.ts ownedBelowHandMade finds this `namespace`'s (its latest
 * version written outside aac over this namespace's) comes back as that version marks it (`key`,
 * `namespace`), with `handMade`: a new object in a new list; the others as listed. `history`:
 * every listing read, by id, for the refusal of a name such a resource still holds (plan/build.ts
 * PlanInput.history), so that it is not read twice. A listing that fails leaves its resource as
 * listed (the plan refuses its name, as it would without this read, and does not prune it).
 */
export async function readHandMade(backend: Backend, live: LiveResource[], namespace: string, desired: readonly Definition[], concurrency: number, prune = false): Promise<{ live: LiveResource[]; history: Map<string, VersionMarkers[]> }> {
  const read = backend.versionMarkers?.bind(backend);
  const { kind } = backend;
  const history = new Map<string, VersionMarkers[]>();
  if (!read || !versioned(kind) || kind.identity.addressedBy !== 'name' || (desired.length === 0 && !prune)) return { live, history };
  const names = new Set(desired.flatMap((d) => {
    const name = valueAt(d.spec, kind.paths.name);
    return typeof name === 'string' ? [nameAddress(name)] : [];
  }));
  const unmarked = live.flatMap((l, at) => (l.key === null && (prune || names.has(nameAddress(l.id))) ? [at] : []));
  if (unmarked.length === 0) return { live, history };
  const limit = pLimit(concurrency);
  const versions = await Promise.all(unmarked.map((at) => limit(() => read(live[at]!.id).catch(() => undefined))));
  const reclaimed = [...live];
  unmarked.forEach((at, i) => {
    const l = live[at]!;
    const all = versions[i];
    if (!all) return;
    history.set(l.id, all);
    const own = ownedBelowHandMade(all, l.version, namespace);
    if (own) reclaimed[at] = { ...l, key: own.key, namespace, handMade: { markedVersion: own.version } };
  });
  return { live: reclaimed, history };
}
