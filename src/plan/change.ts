// One change of a plan: a definition beside the live resource matched to it (or none), or a
// managed resource with no definition. Pure: what the change is depends on the pair and the kind's
// rules alone, which is what lets a run plan pairs ahead of the plan (planned-pairs.ts).
import jsonpatch from 'fast-json-patch';
import { itemKeyAt, type ResourceKind } from '../backends/backend.js';
import { nullsDropped, sameJson } from '../model/canonical.js';
import type { Json } from '../model/json.js';
import { fieldError, type Definition, type LiveResource, type NormalizedSpec } from '../model/definition.js';
import { withKeptLive } from '../model/kept-live.js';
import { droppedMarkers, RECORD_KEY } from '../model/marker.js';
import type { FieldChange, PlanChange } from '../model/plan.js';
import { diffSpecs } from './diff.js';
import { inLiveOrder } from './key-order.js';
import type { NormalizedSpecs } from './normalized.js';
import { versionsToDelete } from './retention.js';
import { yamlLine } from '../yaml/snippet.js';
import { UserError } from '../util/errors.js';
import { codeSpan } from '../util/code-span.js';

/** Where a change keeps the live resource its `liveFingerprint` reads: a property no spread, key list or JSON shows. */
const LIVE = Symbol('live');

// One getter for every change (V8 keeps an accessor's functions in an object's hidden class: a
// getter written in each change's literal gave each change a class of its own, ~0.8 KB more a
// change, kept to the plan's end).
function liveFingerprintGetter(this: { [LIVE]: LiveResource }): string {
  return this[LIVE].fingerprint;
}

/**
 * `change` with `liveFingerprint` (last, enumerable, as a getter written in its literal would be)
 * the fingerprint of `live`, read from it on each read: the live resource is hashed only when a
 * plan file or an apply reads it. Returns `change`.
 */
function withLiveFingerprint(change: Omit<PlanChange, 'liveFingerprint'>, live: LiveResource): PlanChange {
  Object.defineProperty(change, LIVE, { value: live });
  return Object.defineProperty(change, 'liveFingerprint', { enumerable: true, configurable: true, get: liveFingerprintGetter }) as PlanChange;
}

/** The kind's rules for the plan's host. */
export interface Rules {
  kind: ResourceKind;
  provider: string;
  retainVersions?: number;
  normalized: NormalizedSpecs;
}

/**
 * For a create or a delete: the fields that say something (the model, and whatever is not the
 * default). A delete shows only what the resource has: a member a backend holds as null (a
 * Foundry agent's `definition.reasoning` when it has none) is no value it had, at any depth but
 * inside the kind's opaque members (a JSON Schema's `default: null` is one). The reader of a saved
 * plan checks a create's or delete's `changed_fields` by it (plan-file.ts).
 */
export function notableFields(spec: NormalizedSpec, { kind, provider }: Pick<Rules, 'kind' | 'provider'>, side: 'before' | 'after'): FieldChange[] {
  const blank = kind.normalize({}, provider);
  const model = kind.paths.model[0];
  const had = (field: string) => side === 'after' || (spec[field] !== null && spec[field] !== undefined);
  return kind.fields.filter((f) => had(f.name) && (f.name === model || !sameJson(spec[f.name], blank[f.name]))).map(({ name: field }) => ({
    field,
    before: side === 'before' ? deletedValue(field, spec[field], kind) : undefined,
    after: side === 'after' ? spec[field] : undefined,
  }));
}

/**
 * What a delete shows of one field the resource had (`value`, normalized): without the members it
 * holds as null, at any depth but inside the kind's opaque members. The planner and the reader of
 * a saved plan both show a delete by it, so the views of a plan and of its file agree.
 */
export function deletedValue(field: string, value: Json | undefined, kind: Pick<ResourceKind, 'import'>): Json | undefined {
  return kind.import.opaqueKeys.includes(field) ? value : nullsDropped(value, kind.import.opaqueKeys);
}

/**
 * How the changed fields reach the API: in place, or as a new version when any of them updates
 * that way (the versioned kind's whole resource then gets a new version). A field that never
 * changes after create is refused: replacing a resource (new identity, its history lost) is not
 * something a plan does silently.
 */
function versionOf(d: Definition, live: LiveResource, changed: readonly string[], kind: ResourceKind, movedFrom: string | undefined): PlanChange['version'] {
  // Nothing sent (most pairs of a plan): no version, and nothing to refuse.
  if (changed.length === 0) return undefined;
  const rules = kind.fields.filter((f) => changed.includes(f.name));
  const fixed = rules.find((f) => f.update === 'immutable');
  // For a kind addressed by its name, a new name is a new resource: made only when asked for.
  if (fixed && kind.identity.addressedBy === 'name' && fixed.name === kind.paths.name[0]) {
    throw fieldError(
      d,
      kind.paths.name,
      'rename-refused',
      `renaming ${kind.nouns.one} '${live.id}' to '${String(d.spec[fixed.name])}' makes a new ${kind.nouns.one} (the name is its address), so it is refused`,
      renameHint(d, live, kind, movedFrom),
    );
  }
  if (fixed) {
    throw fieldError(
      d,
      [fixed.name],
      'immutable-field',
      `'${fixed.name}' of ${kind.nouns.one} '${d.key}' (${live.id}) cannot change after it is created (live ${JSON.stringify(live.spec[fixed.name] ?? null)})`,
      `put the value back, or give the definition a new key to make a new ${kind.nouns.one} (and delete the old one with --prune)`,
    );
  }
  if (live.version === undefined || !rules.some((f) => f.update === 'new-version')) return undefined;
  // The id the new version gets is not predicted: the sources leave the ids' form open
  // (AgentVersionObject.version: string, format unspecified), and where they count 1, 2, 3 the
  // service does not reuse the number of a deleted version, which no listing shows (the latest
  // deleted, 5 → the next is 7). Apply names the version the host made.
  return { from: live.version, to: null };
}

/**
 * What makes the definition of a renamed resource (`kind` addressed by its name) a new one, by
 * what ties it to `live`: a `moved_from` entry (`movedFrom`) or an `id:` says it is the same
 * resource, whatever its key; otherwise its key, still the old one. The old one is then no longer
 * defined, and --prune deletes it (README: "A rename is a new agent").
 */
function renameHint(d: Definition, live: LiveResource, kind: ResourceKind, movedFrom: string | undefined): string {
  const { one } = kind.nouns;
  const then = `the old one is then no longer defined, and --prune deletes it with all its versions; otherwise put the name back`;
  if (movedFrom !== undefined) return `${codeSpan(yamlLine('moved_from', movedFrom, { list: true }))} makes this the same ${one} as '${live.id}': to make the new ${one}, remove '${movedFrom}' from \`moved_from\`; ${then}`;
  if (d.id !== undefined) return `${codeSpan(yamlLine('id', d.id))} pins this definition to '${live.id}': to make the new ${one}, remove \`id:\` and give the definition a new key (rename the file, or set \`key:\`); ${then}`;
  // Written in an environment's overlay, the name is that environment's; the key is every one's.
  const at = d.locate(kind.paths.name, 'value').file;
  if (at !== d.file) {
    return `the name is this environment's own (set in ${at}), but the key is every environment's: a new key (renaming ${d.file}, or \`key:\`) makes a new ${one} in every environment, and --prune then deletes the old one in each; to leave the other environments alone, keep the name '${live.id}' here until they rename too`;
  }
  return `to make the new ${one}, give the definition a new key as well (rename the file, or set \`key:\`): ${then}`;
}

/**
 * The change that makes `live` (none: a create) what `d` defines. `movedFrom`: the old key whose
 * marker `live` carries (a rename); `adoptedFrom`: the other namespace `live` is taken over from
 * (--adopt-namespace), whose marker the write replaces, as an adopt does the previous marker.
 */
export function planDesired(d: Definition, live: LiveResource | undefined, rules: Rules, movedFrom?: string, adoptedFrom?: string): PlanChange {
  const { kind, provider, normalized } = rules;
  if (!live) {
    const after = normalized.of(d.spec);
    const fieldChanges = notableFields(after, rules, 'after');
    return {
      key: d.key,
      id: null,
      action: 'create',
      orphan: false,
      adopt: false,
      duplicateOf: null,
      before: null,
      after,
      patch: jsonpatch.compare({}, after),
      changedFields: fieldChanges.map((c) => c.field),
      fieldChanges,
      body: kind.write.create(d.spec),
      file: d.file,
      liveFingerprint: null,
    };
  }
  const before = normalized.of(live.spec);
  const after = normalized.of(d.spec);
  // Compared (and patched) as the server would hold it: what the definition leaves to the server
  // takes the live value. `after` stays the definition's own, which is what a write is checked against.
  // A record naming what the host no longer has (recordGone) says nothing true: left out, the
  // definition is compared, and written, as for a resource without one.
  const own = live.recordGone === undefined ? live.markers ?? {} : Object.fromEntries(Object.entries(live.markers ?? {}).filter(([k]) => k !== RECORD_KEY));
  const { fieldChanges, patch } = diffSpecs(before, kind.comparable(before, after, provider, own), kind);
  const changedFields = fieldChanges.map((c) => c.field);
  // Adoption (over a legacy marker, or none), a rename and a version made outside aac over this
  // namespace's (LiveResource.handMade: the marker it dropped is written back, whatever else it
  // changed) write the marker, which lives in the metadata, so the metadata is sent whole.
  const adopt = live.namespace === null || adoptedFrom !== undefined;
  const { handMade } = live;
  const remark = adopt || movedFrom !== undefined || handMade !== undefined;
  const metadata = kind.paths.metadata[0]!;
  const sent = remark && !changedFields.includes(metadata) ? [...changedFields, metadata] : changedFields;
  // What is sent decides the version: writing only the marker is a new version too.
  const version = versionOf(d, live, sent, kind, movedFrom);
  const deleteVersions = live.versions && rules.retainVersions !== undefined ? versionsToDelete(live.versions, live.twinVersions ?? [], rules.retainVersions, version !== undefined) : [];
  const action = sent.length > 0 || deleteVersions.length > 0 ? 'update' : 'no-op';
  // What an update shows of the live side, in the server's order; a no-op keeps the shared normalized form.
  const shown = action === 'update' ? inLiveOrder(before, live.spec, kind) : before;
  // Nothing sent (a no-op, or only old versions to delete): no body. A kind whose update carries
  // the whole version would otherwise hold a copy of every unchanged definition.
  // What the live resource holds that a definition cannot write goes back with it (model/kept-live.ts).
  const body = sent.length === 0 ? {} : withKeptLive(kind.keptLive, kind.write.update(kind.fields.map((f) => f.name).filter((f) => sent.includes(f)), d.spec, before, after, own), live.spec, (path) => itemKeyAt(kind, path));
  // Made member by member, in the order a saved plan writes them, each optional one only when it
  // holds something: every pair of a plan is planned (10,000 no-ops at 10,000, most after the
  // listing's last page), and a literal of conditional spreads, with the lists its conditions
  // made, took each change through V8's slower path.
  const change: Mutable = { key: d.key, id: live.id, action, orphan: false, adopt };
  // The metadata goes whole with this namespace's marker alone: any other marker pair it held goes.
  const removedMarkers = metadata in body ? droppedMarkers(live.markers ?? {}, adopt ? null : live.namespace) : undefined;
  if (removedMarkers !== undefined && Object.keys(removedMarkers).length > 0) change.removedMarkers = removedMarkers;
  if (action === 'update') {
    // What changed that the definition does not write: its new value is the host's default.
    const defaultedFields = changedFields.filter((f) => d.spec[f] === undefined || d.spec[f] === null);
    if (defaultedFields.length > 0) change.defaultedFields = defaultedFields;
  }
  if (movedFrom !== undefined) change.movedFrom = movedFrom;
  if (handMade !== undefined && live.version !== undefined) change.handMadeLatest = { version: live.version, markedVersion: handMade.markedVersion };
  change.duplicateOf = null;
  if (version !== undefined) change.version = version;
  if (deleteVersions.length > 0) {
    change.deleteVersions = deleteVersions;
    // Retention goes by age alone: a version made outside aac is one of the agent's, and goes too, said so.
    const unmarkedDeletes = deleteVersions.filter((v) => live.unmarkedVersions?.includes(v));
    if (unmarkedDeletes.length > 0) change.deleteUnmarked = unmarkedDeletes;
  }
  change.before = shown;
  change.after = after;
  change.patch = patch;
  change.changedFields = changedFields;
  change.fieldChanges = shown === before ? fieldChanges : fieldChanges.map((c) => ({ ...c, before: shown[c.field] }));
  change.body = body;
  change.file = d.file;
  if (live.version !== undefined) change.liveVersion = live.version;
  return withLiveFingerprint(change as Omit<PlanChange, 'liveFingerprint'>, live);
}

/** A change as planDesired makes it, member by member. */
type Mutable = { -readonly [K in keyof Omit<PlanChange, 'liveFingerprint'>]?: PlanChange[K] };

/**
 * Whether `live` is what `d` defines, as the plan compares them: planning the pair would change no
 * field. A pair the plan refuses (a field that cannot change, a rename) is not.
 */
export function matchesDefinition(d: Definition, live: LiveResource, rules: Rules): boolean {
  try {
    return planDesired(d, live, rules).changedFields.length === 0;
  } catch (err) {
    if (err instanceof UserError) return false;
    throw err;
  }
}

/** A managed resource with no definition (an orphan), or an extra copy of a key alike the one kept (always deleted). */
export function planOrphan(key: string, live: LiveResource, rules: Rules, prune: boolean, duplicateOf: string | null): PlanChange {
  const deleted = prune || duplicateOf !== null;
  // What a delete shows, in the server's order; an orphan kept keeps the shared normalized form.
  const before = deleted ? inLiveOrder(rules.normalized.of(live.spec), live.spec, rules.kind) : rules.normalized.of(live.spec);
  const fieldChanges = deleted ? notableFields(before, rules, 'before') : [];
  return withLiveFingerprint({
    key,
    id: live.id,
    action: deleted ? 'delete' : 'no-op',
    orphan: duplicateOf === null,
    adopt: false,
    duplicateOf,
    before,
    after: null,
    patch: [],
    changedFields: fieldChanges.map((c) => c.field),
    fieldChanges,
    body: {},
    // An orphan whose latest version was made outside aac over this namespace's (commands/live-reads.ts readHandMade under prune): the plan says why it is this namespace's.
    ...(live.handMade === undefined || live.version === undefined ? {} : { handMadeLatest: { version: live.version, markedVersion: live.handMade.markedVersion } }),
    ...(live.version === undefined ? {} : { liveVersion: live.version }),
  }, live);
}
