// What a plan reads of the live state after the listing, one request per resource, and only for
// the resources a definition takes that need it: the versions `retain_versions:` trims, and
// whether what a record of aac's names (model/marker.ts RECORD_KEY) is still on the host.
import pLimit from 'p-limit';
import type { Backend } from '../backends/backend.js';
import type { Definition, LiveResource } from '../model/definition.js';
import { RECORD_KEY } from '../model/marker.js';
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
 * no definition pins and other namespaces' are not read: retention never touches them.
 */
export async function readVersions(backend: Backend, live: LiveResource[], namespaces: readonly string[], desired: Definition[], concurrency: number): Promise<void> {
  const list = backend.versions?.bind(backend);
  if (!list) return;
  const taken = takenBy(desired, namespaces);
  const limit = pLimit(concurrency);
  await Promise.all(
    live.filter((l) => taken(l) !== undefined).map((l) => limit(async () => {
      l.versions = await list(l.id);
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
