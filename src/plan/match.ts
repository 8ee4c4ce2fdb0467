// Pairs definitions with live assistants. The marker (model/marker.ts) is the only state: a live
// assistant marked by this namespace with a key belongs to that key's definition; a definition
// with `id:` claims that assistant instead (and gets the marker on the next apply). Assistants
// marked by another namespace, by the legacy marker, or not at all are someone else's: counted,
// listed, never touched.
import type { ResourceKind } from '../backends/backend.js';
import { fieldAt, fieldError, type Definition, type LiveResource } from '../model/definition.js';
import { describeMarker, keeperOf, LEGACY_MARKER_KEY } from '../model/marker.js';
import { UserError } from '../util/errors.js';
import { withArticle } from '../util/words.js';
import { handOverHint, movedFromHint } from './moved-hint.js';

export interface Match {
  key: string;
  desired?: Definition;
  live?: LiveResource;
  /** The old key whose marker the live assistant carries, when it was found through `moved_from`. */
  movedFrom?: string;
  /** For an extra copy of a managed key: the id of the copy that is kept. */
  duplicateOf?: string;
  /** The namespace the live resource is taken over from (--adopt-namespace): an adopt. */
  adoptedFrom?: string;
}

export interface Matched {
  matches: Match[];
  /** No marker at all. */
  unmanaged: LiveResource[];
  /** Marked by another namespace. */
  otherNamespaces: LiveResource[];
  /** Marked by the legacy `aac:key` marker and not adopted (by an `id:` pin or --adopt-legacy). */
  legacy: LiveResource[];
}

/** This namespace's assistants by key: the keeper of each key, and its extra copies. */
function byMarker(live: LiveResource[], namespace: string): { kept: Map<string, LiveResource>; extra: Match[] } {
  const copies = new Map<string, LiveResource[]>();
  for (const assistant of live) {
    if (assistant.key === null || assistant.namespace !== namespace) continue;
    copies.set(assistant.key, [...(copies.get(assistant.key) ?? []), assistant]);
  }
  const kept = new Map<string, LiveResource>();
  const extra: Match[] = [];
  for (const [key, all] of copies) {
    const keeper = keeperOf(all);
    kept.set(key, keeper);
    for (const copy of all) if (copy !== keeper) extra.push({ key, live: copy, duplicateOf: keeper.id });
  }
  return { kept, extra };
}

function pinned(
  d: Definition & { id: string },
  byId: Map<string, LiveResource>,
  marked: Map<string, LiveResource>,
  namespace: string,
  definedKeys: ReadonlySet<string>,
  { nouns: { one }, paths }: Pick<ResourceKind, 'nouns' | 'paths'>,
  aacObjects: ReadonlyMap<string, string>,
): LiveResource {
  const metadata = paths.metadata.join('.');
  const live = byId.get(d.id);
  const aacs = aacObjects.get(d.id);
  if (!live && aacs !== undefined) throw fieldError(d, ['id'], 'pinned-id', aacs, `pin the id of ${withArticle(one)}, or remove \`id:\` to create the ${one} instead`);
  if (!live) {
    throw fieldError(
      d,
      ['id'],
      'pinned-id',
      `'id: ${d.id}' pins ${one} '${d.key}' to ${withArticle(one)} that does not exist`,
      `check the id, or remove \`id:\` to create the ${one} instead`,
    );
  }
  if (live.namespace !== null && live.namespace !== namespace) {
    throw fieldError(
      d,
      ['id'],
      'pinned-id',
      `'id: ${d.id}' pins ${one} '${d.key}' to ${withArticle(one)} managed by the namespace '${live.namespace}' (${describeMarker({ namespace: live.namespace, key: live.key! })})`,
      `${withArticle(one)} belongs to one namespace: remove \`id:\`; or, ${handOverHint(live.namespace, live.id, one, metadata)}`,
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
  const rival = marked.get(d.key);
  if (rival && rival.id !== live.id) {
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
 * Pairs `desired` with `live` for `namespace`. Extra copies of one key (two applies that created
 * it at once) become matches with `duplicateOf`, never an error that blocks the rest. With
 * `adoptLegacy`, a definition without `id:` whose key a legacy-marked resource carries (and no
 * resource of this namespace) matches it: an adopt; with `adoptNamespace`, so does the resource of
 * that namespace that carries its key (the one that namespace keeps, of several copies), and its
 * other resources stay that namespace's. Throws a UserError for a pin that cannot hold
 * (a missing id or one of aac's own objects, another namespace's resource, another key's), and, without `adoptLegacy`, for a
 * definition that a legacy-marked resource's key would silently take over or duplicate.
 */
export function matchResources(
  desired: Definition[],
  live: LiveResource[],
  namespace: string,
  kind: Pick<ResourceKind, 'nouns' | 'paths'>,
  opts: {
    adoptLegacy: boolean;
    /** --adopt-namespace: the namespace whose resources of a defined key are taken over (never this one). */
    adoptNamespace?: string;
    /** aac's own objects on the host by id, each with what it is (lock/lock-object.ts aacObjects): a pin to one is refused saying so. */
    aacObjects?: ReadonlyMap<string, string>;
  } = { adoptLegacy: false },
): Matched {
  const { one } = kind.nouns;
  const { kept: marked, extra } = byMarker(live, namespace);
  // Its extra copies of a key stay its own: only the one it keeps is taken over.
  const adoptable = opts.adoptNamespace === undefined ? new Map<string, LiveResource>() : byMarker(live, opts.adoptNamespace).kept;
  const definedKeys = new Set(desired.map((d) => d.key));
  const byId = new Map(live.map((a) => [a.id, a]));
  const claimed = new Map<string, Definition>();
  const matches: Match[] = [...extra];
  const extraIds = new Set(extra.map((m) => m.live!.id));

  // Several legacy copies of one key: the keep rule picks the one an adopt takes, so every run agrees.
  const legacyCopies = new Map<string, LiveResource[]>();
  for (const a of live) if (a.key !== null && a.namespace === null) legacyCopies.set(a.key, [...(legacyCopies.get(a.key) ?? []), a]);
  const legacyByKey = new Map([...legacyCopies].map(([key, copies]) => [key, keeperOf(copies)]));
  const unpinnedLegacy = desired.filter((d) => d.id === undefined && !marked.has(d.key) && legacyByKey.has(d.key));
  if (unpinnedLegacy.length > 0 && !opts.adoptLegacy) {
    // Creating a second copy beside it would be a silent duplicate; rewriting its marker, a silent takeover.
    throw new UserError(
      [
        `${unpinnedLegacy.length === 1 ? 'a definition has' : `${unpinnedLegacy.length} definitions have`} a live ${one} with the previous marker ${LEGACY_MARKER_KEY} and no \`id:\`:`,
        // Each at its `key:` when it writes one, else at the top of its file (its path is its key).
        ...unpinnedLegacy.map((d) => `  - ${fieldAt(d, ['key'])}: ${legacyByKey.get(d.key)!.id} carries ${LEGACY_MARKER_KEY}=${d.key}`),
      ],
      `to take them all over into the namespace '${namespace}', run with --adopt-legacy; to take one over, add its \`id:\` line to its definition (both are explicit adopts the plan shows); to leave one alone, give its definition another key`,
      // Each place again for --format json, in its fields.
      unpinnedLegacy.map((d) => ({ severity: 'error', code: 'legacy-marker', location: d.locate(['key']), path: 'key', message: `${legacyByKey.get(d.key)!.id} carries ${LEGACY_MARKER_KEY}=${d.key}` })),
    );
  }

  for (const d of desired) {
    if (d.id === undefined) {
      // As Terraform's moved blocks: the new key's own assistant wins; else one still marked with
      // an old key is taken over (the loader made sure no definition still has that key).
      const own = marked.get(d.key) ?? (opts.adoptLegacy ? legacyByKey.get(d.key) : undefined);
      const movedFrom = own ? undefined : (d.movedFrom ?? []).find((old) => marked.has(old));
      const adopted = own || movedFrom !== undefined ? undefined : adoptable.get(d.key);
      const live = own ?? adopted ?? (movedFrom === undefined ? undefined : marked.get(movedFrom));
      matches.push({ key: d.key, desired: d, live, ...(movedFrom === undefined ? {} : { movedFrom }), ...(adopted ? { adoptedFrom: opts.adoptNamespace! } : {}) });
      if (live) claimed.set(live.id, d);
      continue;
    }
    const target = pinned(d as Definition & { id: string }, byId, marked, namespace, definedKeys, kind, opts.aacObjects ?? new Map());
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
    const movedFrom = target.namespace === namespace && target.key !== d.key ? target.key! : undefined;
    matches.push({ key: d.key, desired: d, live: target, ...(movedFrom === undefined ? {} : { movedFrom }) });
  }

  const out: Matched = { matches, unmanaged: [], otherNamespaces: [], legacy: [] };
  for (const assistant of live) {
    if (claimed.has(assistant.id) || extraIds.has(assistant.id)) continue;
    if (assistant.key === null) out.unmanaged.push(assistant);
    else if (assistant.namespace === null) out.legacy.push(assistant);
    else if (assistant.namespace !== namespace) out.otherNamespaces.push(assistant);
    else matches.push({ key: assistant.key, live: assistant });
  }
  return out;
}

