// Pairs definitions with live assistants. The marker (model/marker.ts) is the only state: a live
// assistant marked by this namespace with a key belongs to that key's definition; a definition
// with `id:` claims that assistant instead (and gets the marker on the next apply). Assistants
// marked by another namespace, by the legacy marker, or not at all are someone else's: counted,
// listed, never touched.
import type { ResourceKind } from '../backends/backend.js';
import { overlayFileOf, type PinnedEnvironment } from '../environments/pin-place.js';
import { fieldAt, fieldError, type Definition, type LiveResource } from '../model/definition.js';
import { describeMarker, keepOrder, LEGACY_MARKER_KEY } from '../model/marker.js';
import { twinSets, type CopyConflict, type CopyDifference } from './copies.js';
import type { MatchIndex } from './match-index.js';
import { allAtOnce, UserError } from '../util/errors.js';
import { andList, withArticle } from '../util/words.js';
import { codeSpan } from '../util/code-span.js';
import { handOverHint, movedFromHint } from './moved-hint.js';

export interface Match {
  key: string;
  desired?: Definition;
  live?: LiveResource;
  /** The old key whose marker the live assistant carries, when it was found through `moved_from`. */
  movedFrom?: string;
  /** For an extra copy of a managed key, alike the copy that is kept (copies.ts): that copy's id. */
  duplicateOf?: string;
  /** The namespace the live resource is taken over from (--adopt-namespace): an adopt. */
  adoptedFrom?: string;
  /**
   * Of a definition matched to a live resource: its `moved_from:` keys other than `movedFrom`
   * whose resources this namespace still marks and no definition takes, each with their ids. The
   * move from them is not made (the definition has its resource), so they stay orphans of their
   * keys, deleted only with --prune: Terraform's "Moved object still exists". Absent when none.
   */
  stillLive?: Array<{ key: string; ids: string[] }>;
}

export interface Matched {
  matches: Match[];
  /** No marker at all. */
  unmanaged: LiveResource[];
  /** Marked by another namespace. */
  otherNamespaces: LiveResource[];
  /** Marked by the legacy `aac:key` marker and not adopted (by an `id:` pin or --adopt-legacy). */
  legacy: LiveResource[];
  /** Definitions that would take one of several copies that differ: not matched, and their copies untouched. */
  conflicts: CopyConflict[];
}

/** The live resources `namespace` marks, by key: each key's copies in sets of twins (copies.ts twinSets). */
function byMarker(live: LiveResource[], namespace: string, differ: CopyDifference): Map<string, LiveResource[][]> {
  const copies = new Map<string, LiveResource[]>();
  for (const assistant of live) {
    if (assistant.key === null || assistant.namespace !== namespace) continue;
    const all = copies.get(assistant.key);
    if (all) all.push(assistant);
    else copies.set(assistant.key, [assistant]);
  }
  const sets = new Map<string, LiveResource[][]>();
  for (const [key, all] of copies) sets.set(key, twinSets(all, differ));
  return sets;
}

/** Of a key's twin sets in `sets`, the one copy a definition of the key takes: the keeper, when every copy is alike; undefined when there are none or they differ. */
function keptOf(sets: ReadonlyMap<string, LiveResource[][]>, key: string): LiveResource | undefined {
  const s = sets.get(key);
  return s?.length === 1 ? s[0]![0] : undefined;
}

/**
 * The keys of `sets` whose copies the match reports as orphans or extra copies: not a conflict's
 * (`chosen` null), nor one whose every copy a definition took (`chosen`, `claimed`). In the order
 * their first copy has in `live` when `reorder` (sets indexed as pages arrived: match-index.ts),
 * else in their own, which is that order.
 */
function unsettled(sets: ReadonlyMap<string, LiveResource[][]>, chosen: ReadonlyMap<string, LiveResource | null>, claimed: ReadonlyMap<string, Definition>, live: readonly LiveResource[], reorder: boolean): Array<[string, LiveResource[][]]> {
  const left: Array<[string, LiveResource[][]]> = [];
  // forEach, not for…of: this runs once a plan, before V8 optimizes it, where each step of a Map's
  // entries iterator makes two objects; a plan of 10,000 took 16 ms here, 4 with forEach.
  sets.forEach((keySets, key) => {
    // Nearly every key has one copy, which its definition took (claimed, not chosen: matchResources'
    // common case): a plan of 10,000 asks this 10,000 times, one look-up each.
    const only = keySets.length === 1 && keySets[0]!.length === 1 ? keySets[0]![0]! : undefined;
    if (only && claimed.has(only.id)) return;
    const kept = chosen.get(key);
    if (kept === null) return;
    if (only ? only !== kept : keySets.some((set) => set.some((copy) => copy !== kept && !claimed.has(copy.id)))) left.push([key, keySets]);
  });
  if (!reorder || left.length < 2) return left;
  const at = new Map(live.map((l, i) => [l, i]));
  const first = (keySets: LiveResource[][]) => Math.min(...keySets.flat().map((copy) => at.get(copy)!));
  return left.sort((a, b) => first(a[1]) - first(b[1]));
}

function pinned(
  d: Definition & { id: string },
  byId: ReadonlyMap<string, LiveResource>,
  sets: ReadonlyMap<string, LiveResource[][]>,
  namespace: string,
  definedKeys: { has(key: string): boolean },
  kind: Pick<ResourceKind, 'nouns' | 'paths' | 'fields'>,
  aacObjects: ReadonlyMap<string, string>,
  environment: PinnedEnvironment | undefined,
  adoptSets: ReadonlyMap<string, LiveResource[][]>,
): LiveResource {
  const { one } = kind.nouns;
  const live = byId.get(d.id);
  const aacs = aacObjects.get(d.id);
  if (!live && aacs !== undefined) throw fieldError(d, ['id'], 'pinned-id', aacs, `pin the id of ${withArticle(one)}, or remove \`id:\` to create the ${one} instead`);
  if (!live) {
    // With environments, the host is the environment's; a pin in the base file is every environment's (base-pins.ts).
    const inBase = environment !== undefined && d.locate(['id']).file === d.file;
    throw fieldError(
      d,
      ['id'],
      'pinned-id',
      `'id: ${d.id}' pins ${one} '${d.key}' to ${withArticle(one)} that does not exist${environment === undefined ? '' : ` on the host of the environment '${environment.name}'`}`,
      inBase
        ? `the id is in the base definition, which every environment takes, and an id names ${withArticle(one)} of one host: move it to the overlay of the environment whose host has it (${overlayFileOf(environment.overlays, d.key)} for '${environment.name}'); or check the id, or remove \`id:\` to create the ${one} instead`
        : `check the id, or remove \`id:\` to create the ${one} instead`,
    );
  }
  // --adopt-namespace takes over the copies of the key that the unpinned path does (adoptSets):
  // a pin (`aac import` writes one) chooses among them, as among the key's own copies below.
  if (live.namespace !== null && live.namespace !== namespace && !adoptSets.get(d.key)?.some((set) => set.includes(live))) {
    const handOver = `${withArticle(one)} belongs to one namespace: remove \`id:\`; or, ${handOverHint(live.namespace, live.id, kind)}`;
    throw fieldError(
      d,
      ['id'],
      'pinned-id',
      `'id: ${d.id}' pins ${one} '${d.key}' to ${withArticle(one)} managed by the namespace '${live.namespace}' (${describeMarker({ namespace: live.namespace, key: live.key! })})`,
      // Under this very key: most often this directory's own, made before its `namespace:` changed.
      live.key === d.key
        ? `did \`namespace:\` change? '${live.namespace}' manages it under this definition's key; if so, to take over every such one, run ${codeSpan(`aac plan --adopt-namespace ${live.namespace}`)}; if not, ${handOver}`
        : handOver,
    );
  }
  // A pin to this namespace's assistant of another key is a rename when that key is no longer
  // defined (the file was moved): the marker names the old key, which `moved_from:` takes over.
  if (live.namespace === namespace && live.key !== d.key && !d.movedFrom.includes(live.key!)) {
    throw fieldError(
      d,
      ['id'],
      'pinned-id',
      `'id: ${d.id}' pins ${one} '${d.key}' to ${withArticle(one)} managed as '${live.key}'`,
      definedKeys.has(live.key!)
        ? `pin another id, or remove the definition '${live.key}' first`
        : `'${live.key}' is no longer defined: ${movedFromHint(live.key!)}`,
    );
  }
  // A pin to one of the key's own copies chooses it among them; one beside them is refused.
  const copies = sets.get(d.key)?.flat() ?? [];
  const rival = copies[0];
  if (rival && !copies.includes(live)) {
    throw fieldError(
      d,
      ['id'],
      'pinned-id',
      `'${d.key}' is pinned to ${live.id}, but ${rival.id} already carries its marker ${describeMarker({ namespace, key: d.key })}`,
      `remove \`id:\` to keep ${rival.id}, or delete ${rival.id} to adopt ${live.id}`,
    );
  }
  return live;
}

/**
 * The one `moved_from:` key of `d` whose resources this namespace marks (`sets`), or undefined
 * when none is live. Throws an `ambiguous-move` error at the first such entry when more than one
 * is, naming each with its ids (`pin`: the resource d's `id:` pins, one of them): as Terraform's
 * "Ambiguous move statements", aac cannot tell which resource is the definition's, and taking the
 * first would rewrite it and leave the other — maybe the one meant — an orphan that --prune deletes.
 */
function liveMovedFrom(d: Definition, sets: ReadonlyMap<string, LiveResource[][]>, one: string, pin?: LiveResource): string | undefined {
  const live = d.movedFrom.filter((old) => sets.has(old));
  if (live.length <= 1) return live[0];
  const each = live.map((old) => `'${old}' (${sets.get(old)!.flat().map((l) => l.id).join(', ')})`);
  const pinned = pin ? `; its \`id: ${pin.id}\` pins the one of '${pin.key}'` : '';
  throw fieldError(
    d,
    ['moved_from', d.movedFrom.indexOf(live[0]!)],
    'ambiguous-move',
    `moved_from: ${andList(each)} each have a live ${one}${pinned}, and a definition moves from one ${one} only: aac cannot tell which is '${d.key}'`,
    `keep in \`moved_from:\` only the key this ${one} had (the other is then an orphan of its key, which --prune deletes, or define it again to keep it), or delete the other ${one} first; nothing was changed`,
  );
}

/**
 * Pairs `desired` with `live` for `namespace`. Copies of one key (several resources carrying its
 * marker) are compared (`differ`, the plan's comparison: copies.ts): copies alike (two applies that
 * created the key at once) become one match and, for the others, matches with `duplicateOf`, never
 * an error that blocks the rest. Copies that differ are not settled: a definition that would take
 * one of them is a conflict (`conflicts`, refused by the planner for the keys it plans), and a pin
 * (`id:`) to one of them takes that one, its twins becoming its extra copies and the others
 * orphans of the key (deleted only with --prune); a key with no definition keeps the first of each
 * set of twins as an orphan. With `adoptLegacy`, a definition without `id:` whose key a
 * legacy-marked resource carries (and no resource of this namespace) matches it: an adopt (one
 * such resource only: of several, the definition must name its own with `id:`); with
 * `adoptNamespace`, so does the resource of that namespace that carries its key (the one that
 * namespace keeps, of several copies alike; copies that differ are a conflict), as does a pin to one
 * of those copies (an adopt too), and its other resources stay that namespace's. Throws a UserError
 * for a pin that cannot hold (a missing id or one of aac's own objects, another namespace's resource
 * but such a copy (naming `aac plan --adopt-namespace OLD` for one under its key), another key's, one beside the key's own
 * copies), for a definition whose `moved_from:` (or `id:` and `moved_from:`) finds more than one
 * old key live (liveMovedFrom), without `adoptLegacy`, for a definition that a legacy-marked
 * resource's key would silently take over or duplicate, and with it, for one that several
 * legacy-marked resources' key would leave to a choice by age. Every definition whose pin or move cannot
 * hold is said in one error (allAtOnce), so that fixing one does not reveal the next.
 */
export function matchResources(
  desired: Definition[],
  live: LiveResource[],
  namespace: string,
  kind: Pick<ResourceKind, 'nouns' | 'paths' | 'fields'>,
  differ: CopyDifference,
  opts: {
    adoptLegacy: boolean;
    /** --adopt-namespace: the namespace whose resources of a defined key are taken over (never this one). */
    adoptNamespace?: string;
    /** aac's own objects on the host by id, each with what it is (lock/lock-object.ts aacObjects): a pin to one is refused saying so. */
    aacObjects?: ReadonlyMap<string, string>;
    /** The plan's environment, when aac.yaml declares any: a pin to nothing names it and, when the base file holds the pin, its overlay. */
    environment?: PinnedEnvironment;
    /** `desired` and `live` indexed ahead, as the listing's pages arrived: used when it holds exactly these (MatchIndex.holds). */
    index?: MatchIndex;
  } = { adoptLegacy: false },
): Matched {
  const { one } = kind.nouns;
  const index = opts.index?.namespace === namespace && opts.index.holds(desired, live) ? opts.index : undefined;
  const sets = index ? index.ownSets(differ) : byMarker(live, namespace, differ);
  const marked = (key: string) => keptOf(sets, key);
  // Its extra copies of a key stay its own: only the one it keeps is taken over.
  const adoptSets = opts.adoptNamespace === undefined ? new Map<string, LiveResource[][]>() : byMarker(live, opts.adoptNamespace, differ);
  const definedKeys = index ? index.byKey : new Set(desired.map((d) => d.key));
  const byId = index ? index.byId : new Map(live.map((a) => [a.id, a]));
  const claimed = new Map<string, Definition>();
  const matches: Match[] = [];
  const conflicts: CopyConflict[] = [];
  /** Keys of this namespace whose copies a definition met: settled below as it chose, or not at all (a conflict). */
  const chosen = new Map<string, LiveResource | null>();
  const conflict = (d: Definition, markerNamespace: string, markerKey: string, all: LiveResource[][]) => {
    conflicts.push({ key: d.key, definition: d, marker: { namespace: markerNamespace, key: markerKey }, copies: all.flat().sort(keepOrder) });
    if (markerNamespace === namespace) chosen.set(markerKey, null);
  };

  // The legacy copies of each key, in the keep rule's order (oldest first), so every run names them alike.
  let legacyCopies = index?.legacy;
  if (!legacyCopies) {
    legacyCopies = new Map<string, LiveResource[]>();
    for (const a of live) if (a.key !== null && a.namespace === null) legacyCopies.set(a.key, [...(legacyCopies.get(a.key) ?? []), a]);
  }
  const legacyOf = (key: string) => [...legacyCopies.get(key)!].sort(keepOrder);
  /** `asst_1 carries aac:key=faq`, or `asst_1 and asst_2 each carry aac:key=faq`. */
  const carried = (key: string) => {
    const ids = legacyOf(key).map((l) => l.id);
    return `${andList(ids)} ${ids.length === 1 ? 'carries' : 'each carry'} ${LEGACY_MARKER_KEY}=${key}`;
  };
  // Without a legacy copy on the host (nearly every plan) there is nothing to look for.
  const unpinnedLegacy = legacyCopies.size === 0 ? [] : desired.filter((d) => d.id === undefined && !sets.has(d.key) && legacyCopies.has(d.key));
  if (unpinnedLegacy.length > 0 && !opts.adoptLegacy) {
    // Creating a second copy beside it would be a silent duplicate; rewriting its marker, a silent takeover.
    throw new UserError(
      [
        `${unpinnedLegacy.length === 1 ? 'a definition has' : `${unpinnedLegacy.length} definitions have`} a live ${one} with the previous marker ${LEGACY_MARKER_KEY} and no \`id:\`:`,
        // Each at its `key:` when it writes one, else at the top of its file (its path is its key).
        ...unpinnedLegacy.map((d) => `  - ${fieldAt(d, ['key'])}: ${carried(d.key)}`),
      ],
      `to take them all over into the namespace '${namespace}', run with --adopt-legacy; to take one over, add its \`id:\` line to its definition (both are explicit adopts the plan shows); to leave one alone, give its definition another key`,
      // Each place again for --format json, in its fields.
      unpinnedLegacy.map((d) => ({ severity: 'error', code: 'legacy-marker', location: d.locate(['key']), path: 'key', message: carried(d.key) })),
    );
  }
  // Several legacy copies of one key: the previous marker has no namespace, so they may be two
  // repositories' or two teams' assistants, not copies of one; as Terraform's import takes the id
  // it is told, the one to take over is named with `id:`, never chosen by age.
  const ambiguousLegacy = opts.adoptLegacy ? unpinnedLegacy.filter((d) => legacyCopies.get(d.key)!.length > 1) : [];
  if (ambiguousLegacy.length > 0) {
    const refusals = ambiguousLegacy.map((d) => fieldError(
      d,
      ['key'],
      'legacy-marker',
      `${carried(d.key)}, and --adopt-legacy takes over one ${one} a key: aac cannot tell which is '${d.key}'`,
      `add \`id: ${legacyOf(d.key)[0]!.id}\` (or the id of the one that is '${d.key}') to its definition to take that one over; the others keep the previous marker and are left alone; nothing was changed`,
    ));
    throw allAtOnce(refusals, `${ambiguousLegacy.length} definitions have several live ${kind.nouns.many} with the previous marker ${LEGACY_MARKER_KEY} and no \`id:\`; nothing was changed:`, 'each line says how to name the one its definition takes over');
  }

  /** Pairs `d` with its live resource (matches, claimed, chosen) or a conflict; throws a located UserError for a pin or move that cannot hold. */
  const pair = (d: Definition): void => {
    if (d.id === undefined) {
      // The one copy (or copies alike) of its key: what the steps below come to when `own` is
      // found, taken in one look-up. Nearly every definition of a plan is this, and this loop runs
      // once, unoptimized, after the listing's last page: the steps below cost 2–4 µs a definition.
      const keySets = sets.get(d.key);
      if (keySets?.length === 1) {
        const kept = keySets[0]![0]!;
        matches.push({ key: d.key, desired: d, live: kept });
        claimed.set(kept.id, d);
        // A key's only copy, once claimed, is settled without being chosen (unsettled asks
        // `claimed` of it): one Map insert fewer for nearly every definition of a plan.
        if (keySets[0]!.length > 1) chosen.set(d.key, kept);
        return;
      }
      // Copies of its key that differ: not one of them is taken (nor, below, deleted), and nothing is created beside them.
      if (sets.has(d.key) && !marked(d.key)) {
        conflict(d, namespace, d.key, sets.get(d.key)!);
        return;
      }
      // As Terraform's moved blocks: the new key's own assistant wins; else one still marked with
      // an old key is taken over (the loader made sure no definition still has that key).
      // One legacy copy at most here: several were refused above.
      const own = marked(d.key) ?? (opts.adoptLegacy ? legacyCopies.get(d.key)?.[0] : undefined);
      const movedFrom = own ? undefined : liveMovedFrom(d, sets, one);
      if (movedFrom !== undefined && !marked(movedFrom)) {
        conflict(d, namespace, movedFrom, sets.get(movedFrom)!);
        return;
      }
      if (!own && movedFrom === undefined && adoptSets.has(d.key) && !keptOf(adoptSets, d.key)) {
        conflict(d, opts.adoptNamespace!, d.key, adoptSets.get(d.key)!);
        return;
      }
      const adopted = own || movedFrom !== undefined ? undefined : keptOf(adoptSets, d.key);
      const live = own ?? adopted ?? (movedFrom === undefined ? undefined : marked(movedFrom));
      matches.push({ key: d.key, desired: d, live, ...(movedFrom === undefined ? {} : { movedFrom }), ...(adopted ? { adoptedFrom: opts.adoptNamespace! } : {}) });
      if (live) claimed.set(live.id, d);
      if (live && live.namespace === namespace) chosen.set(live.key!, live);
      return;
    }
    const target = pinned(d as Definition & { id: string }, byId, sets, namespace, definedKeys, kind, opts.aacObjects ?? new Map(), opts.environment, adoptSets);
    // A pin decides among its own key's copies, not among other keys `moved_from:` still names.
    if (target.namespace === namespace && target.key !== d.key) liveMovedFrom(d, sets, one, target);
    const twin = claimed.get(target.id);
    if (twin) {
      throw fieldError(
        d,
        ['id'],
        'pinned-id',
        `${d.file} and ${twin.file} both claim ${one} ${target.id}`,
        `each live ${one} can belong to one definition only`,
      );
    }
    claimed.set(target.id, d);
    if (target.namespace === namespace) chosen.set(target.key!, target);
    const movedFrom = target.namespace === namespace && target.key !== d.key ? target.key! : undefined;
    // `pinned` lets another namespace's resource through only when --adopt-namespace takes it over.
    const adoptedFrom = target.namespace !== null && target.namespace !== namespace ? target.namespace : undefined;
    matches.push({ key: d.key, desired: d, live: target, ...(movedFrom === undefined ? {} : { movedFrom }), ...(adoptedFrom === undefined ? {} : { adoptedFrom }) });
  };

  // Each definition whose `id:` or `moved_from:` cannot hold, said together once all are paired:
  // after a rollback every pin of an environment may name a resource that is gone.
  const refused: UserError[] = [];
  for (const d of desired) {
    try {
      pair(d);
    } catch (err) {
      if (!(err instanceof UserError && err.located)) throw err;
      refused.push(err);
    }
  }
  if (refused.length > 0) throw allAtOnce(refused, `${refused.length} definitions cannot take the ${kind.nouns.many} that their \`id:\` or \`moved_from:\` name; nothing was changed:`, 'each line says what its definition may do');

  // A `moved_from:` key still live beside the definition's own resource: said, never taken (the
  // definition moves from one resource only, and has it), as liveMovedFrom says two old keys live.
  for (const m of matches) {
    if (!m.desired || !m.live || m.desired.movedFrom.length === 0) continue;
    const stillLive = m.desired.movedFrom.flatMap((old) => {
      const ids = old === m.movedFrom ? [] : (sets.get(old)?.flat() ?? []).filter((l) => !claimed.has(l.id)).map((l) => l.id);
      return ids.length === 0 ? [] : [{ key: old, ids }];
    });
    if (stillLive.length > 0) m.stillLive = stillLive;
  }

  // This namespace's copies: the one a definition took keeps its twins as extra copies, and leaves
  // the others (a pin chose among copies that differ) orphans of the key; a key no definition took
  // keeps the first of each set of twins, an orphan; a conflict's are left as they are.
  for (const [key, keySets] of unsettled(sets, chosen, claimed, live, index !== undefined)) {
    // Never null here: a conflict's copies are not unsettled.
    const kept = chosen.get(key) ?? undefined;
    for (const set of keySets) {
      const keeper = kept !== undefined && set.includes(kept) ? kept : set[0]!;
      for (const copy of set) {
        if (copy === kept || claimed.has(copy.id)) continue;
        if (copy === keeper) matches.push({ key, live: copy });
        else matches.push({ key, live: copy, duplicateOf: keeper.id });
      }
    }
  }

  const out: Matched = { matches, unmanaged: [], otherNamespaces: [], legacy: [], conflicts };
  for (const assistant of live) {
    if (assistant.namespace === namespace || claimed.has(assistant.id)) continue;
    if (assistant.key === null) out.unmanaged.push(assistant);
    else if (assistant.namespace === null) out.legacy.push(assistant);
    else out.otherNamespaces.push(assistant);
  }
  return out;
}
