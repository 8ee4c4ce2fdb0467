// Builds the plan: match, normalize both sides with the backend's defaults, diff, and decide one
// action per key. Plain data out; printing and applying are someone else's job.
import jsonpatch from 'fast-json-patch';
import type { AssistantSpec, DesiredAssistant, LiveAssistant, NormalizedSpec, SpecField } from '../model/assistant.js';
import { SPEC_FIELDS } from '../model/assistant.js';
import type { FieldChange, Plan, PlanChange, PlanSummary, PlanTarget } from '../model/plan.js';
import type { ServerDefaults } from '../backends/backend.js';
import { sameJson } from './canonical.js';
import { isObject } from '../model/json.js';
import { diffSpecs } from './diff.js';
import { matchAssistants } from './match.js';
import { comparableDesired, normalize } from './normalize.js';
import { checkTargets, isTargeted } from './targets.js';

export interface PlanInput {
  desired: DesiredAssistant[];
  live: LiveAssistant[];
  defaults: ServerDefaults;
  /** Where the plan applies; its namespace decides which live assistants are this plan's. */
  target: PlanTarget;
  prune: boolean;
  /** `--target` patterns; absent or [] plans every key. */
  targets?: readonly string[];
}

/** For a create or a delete: the fields that say something (model, and whatever is not the default). */
function notableFields(spec: NormalizedSpec, defaults: ServerDefaults, side: 'before' | 'after'): FieldChange[] {
  const blank = normalize({ model: '' }, defaults);
  return SPEC_FIELDS.filter((f) => f === 'model' || !sameJson(spec[f], blank[f])).map((field) => ({
    field,
    before: side === 'before' ? spec[field] : undefined,
    after: side === 'after' ? spec[field] : undefined,
  }));
}

type Loose = Record<string, unknown>;

/**
 * Modify's `tool_resources` lists override the stored ones, but whether a list left out is kept
 * or cleared is undocumented; so each live list the definition drops is sent as `[]`, which
 * clears it under either reading and normalizes to the same thing. A file_search given as the
 * `vector_stores` helper is left as written: the helper stands for the whole store.
 */
function clearingToolResources(desired: unknown, live: unknown): Loose {
  const out: Loose = isObject(desired) ? structuredClone(desired) : {};
  if (!isObject(live)) return out;
  for (const [tool, lists] of Object.entries(live)) {
    if (!isObject(lists)) continue;
    const mine = isObject(out[tool]) ? (out[tool] as Loose) : {};
    if (tool === 'file_search' && mine.vector_stores !== undefined) continue;
    const cleared = Object.keys(lists).filter((name) => mine[name] === undefined);
    if (cleared.length > 0) out[tool] = { ...mine, ...Object.fromEntries(cleared.map((name) => [name, []])) };
  }
  return out;
}

/** The definition's own value where it gives one, else the default the server would store. */
function updateBody(fields: SpecField[], desired: DesiredAssistant, before: NormalizedSpec, after: NormalizedSpec): Partial<AssistantSpec> {
  const body: Loose = {};
  for (const field of fields) {
    const own = desired.spec[field];
    body[field] = own === undefined || own === null ? after[field] : own;
  }
  if ('tool_resources' in body) body.tool_resources = clearingToolResources(body.tool_resources, before.tool_resources);
  return body as Partial<AssistantSpec>;
}

function createBody(spec: AssistantSpec): Partial<AssistantSpec> {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as Partial<AssistantSpec>;
}

function planDesired(d: DesiredAssistant, live: LiveAssistant | undefined, defaults: ServerDefaults, movedFrom?: string): PlanChange {
  if (!live) {
    const after = normalize(d.spec, defaults);
    const fieldChanges = notableFields(after, defaults, 'after');
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
      body: createBody(d.spec),
      file: d.file,
      liveFingerprint: null,
    };
  }
  const before = normalize(live.spec, defaults);
  const after = normalize(d.spec, defaults);
  // Compared (and patched) as the server would hold it: what the definition leaves to the server
  // takes the live value. `after` stays the definition's own, which is what a write is checked against.
  const { fieldChanges, patch } = diffSpecs(before, comparableDesired(before, after, defaults));
  const changedFields = fieldChanges.map((c) => c.field);
  // Adoption (over a legacy marker, or none) and a rename write the marker, which lives in
  // metadata, so metadata is sent whole.
  const adopt = live.namespace === null;
  const remark = adopt || movedFrom !== undefined;
  const sent = remark && !changedFields.includes('metadata') ? [...changedFields, 'metadata' as const] : changedFields;
  const bodyFields = SPEC_FIELDS.filter((f) => sent.includes(f));
  return {
    key: d.key,
    id: live.id,
    action: sent.length > 0 ? 'update' : 'no-op',
    orphan: false,
    adopt,
    ...(movedFrom === undefined ? {} : { movedFrom }),
    duplicateOf: null,
    before,
    after,
    patch,
    changedFields,
    fieldChanges,
    body: updateBody(bodyFields, d, before, after),
    file: d.file,
    // A getter, so the live assistant is hashed only when a plan file or an apply reads it.
    get liveFingerprint() {
      return live.fingerprint;
    },
  };
}

/** A managed assistant with no definition (an orphan), or an extra copy of a key (always deleted). */
function planOrphan(key: string, live: LiveAssistant, defaults: ServerDefaults, prune: boolean, duplicateOf: string | null): PlanChange {
  const before = normalize(live.spec, defaults);
  const deleted = prune || duplicateOf !== null;
  const fieldChanges = deleted ? notableFields(before, defaults, 'before') : [];
  return {
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
    // A getter, so the live assistant is hashed only when a plan file or an apply reads it.
    get liveFingerprint() {
      return live.fingerprint;
    },
  };
}

export function summarize(changes: PlanChange[], others: { unmanaged: number; other_namespaces: number; legacy: number }): PlanSummary {
  const count = (pred: (c: PlanChange) => boolean) => changes.filter(pred).length;
  return {
    create: count((c) => c.action === 'create'),
    update: count((c) => c.action === 'update'),
    delete: count((c) => c.action === 'delete'),
    unchanged: count((c) => c.action === 'no-op' && !c.orphan),
    orphans: count((c) => c.orphan),
    ...others,
  };
}

/** Whether applying the plan would call the API: orphans kept without --prune are not changes. */
export function hasChanges(plan: Plan): boolean {
  return plan.summary.create + plan.summary.update + plan.summary.delete > 0;
}

export function buildPlan(input: PlanInput): Plan {
  const targets = [...(input.targets ?? [])];
  const { matches: all, unmanaged, otherNamespaces, legacy } = matchAssistants(input.desired, input.live, input.target.namespace);
  checkTargets(targets, all.map((m) => m.key));
  const matches = all.filter((m) => isTargeted(targets, m.key));
  const changes = matches
    .map((m) =>
      m.desired
        ? planDesired(m.desired, m.live, input.defaults, m.movedFrom)
        : planOrphan(m.key, m.live!, input.defaults, input.prune, m.duplicateOf ?? null),
    )
    // By key, a key's kept copy before its extra ones.
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : Number(a.duplicateOf !== null) - Number(b.duplicateOf !== null)));
  const files = new Map(input.desired.map((d) => [d.key, d.file]));
  return {
    target: input.target,
    prune: input.prune,
    targets,
    changes,
    summary: summarize(changes, { unmanaged: unmanaged.length, other_namespaces: otherNamespaces.length, legacy: legacy.length }),
    legacy: legacy
      .map((a) => ({ key: a.key!, id: a.id, ...(files.has(a.key!) ? { file: files.get(a.key!)! } : {}) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    definitions: Object.fromEntries(input.desired.filter((d) => isTargeted(targets, d.key)).map((d) => [d.key, d.sourceHash])),
    createdAt: new Date().toISOString(),
  };
}
