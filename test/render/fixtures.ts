// Plans built by hand for the renderer tests: the renderers consume plain data, so they are tested
// without the planner (another stage, tested on its own).
import fjp from 'fast-json-patch';
import { SPEC_FIELDS, type NormalizedSpec } from '../../src/backends/assistants/assistant.js';
import type { Json } from '../../src/model/json.js';
import type { ActionKind, Plan, PlanChange, PlanSummary } from '../../src/model/plan.js';

/** A normalized spec: what `normalize` gives for a definition that sets only `model`, plus overrides. */
export function spec(overrides: Partial<NormalizedSpec> = {}): NormalizedSpec {
  return {
    model: 'gpt-4o',
    name: null,
    description: null,
    instructions: null,
    tools: [],
    tool_resources: null,
    metadata: {},
    temperature: null,
    top_p: null,
    response_format: null,
    reasoning_effort: null,
    ...overrides,
  };
}

export interface ChangeOptions {
  id?: string | null;
  action?: ActionKind;
  orphan?: boolean;
  adopt?: boolean;
  file?: string;
}

/** A PlanChange from the two normalized sides, its action inferred unless given. */
export function change(
  key: string,
  before: NormalizedSpec | null,
  after: NormalizedSpec | null,
  opts: ChangeOptions = {},
): PlanChange {
  const changedFields = before && after ? SPEC_FIELDS.filter((f) => !equal(before[f], after[f])) : [];
  const action: ActionKind =
    opts.action ?? (!before ? 'create' : !after ? 'delete' : changedFields.length > 0 || opts.adopt ? 'update' : 'no-op');
  const notable = (side: NormalizedSpec) => SPEC_FIELDS.filter((f) => f === 'model' || !equal(side[f], spec()[f]));
  const fieldChanges =
    action === 'delete' && before
      ? // As the planner does: a delete lists what goes, its model and what is not a default.
        notable(before).map((field) => ({ field, before: before[field], after: undefined }))
      : action === 'create' && after
      ? // As the planner does: a create lists its model and the fields that differ from what the API fills in.
        notable(after).map((field) => ({ field, before: undefined, after: after[field] }))
      : changedFields.map((field) => ({ field, before: before?.[field], after: after?.[field] }));
  const body: Record<string, Json> = {};
  // A create's body is what the definition wrote, nothing the server fills in.
  if (action === 'create' && after) for (const f of SPEC_FIELDS) if (f === 'model' || !equal(after[f], spec()[f])) body[f] = after[f];
  if (action === 'update' && after) for (const f of changedFields) body[f] = after[f];
  return {
    key,
    id: opts.id === undefined ? (before ? `asst_${key.replace(/\W/g, '')}` : null) : opts.id,
    action,
    orphan: opts.orphan ?? false,
    adopt: opts.adopt ?? false,
    duplicateOf: null,
    before,
    after,
    patch: before && after && action === 'update' ? fjp.compare(before, after) : [],
    changedFields: action === 'update' ? changedFields : [],
    fieldChanges: action === 'update' || action === 'create' || action === 'delete' ? fieldChanges : [],
    body,
    ...(opts.orphan ? {} : { file: opts.file ?? `assistants/${key}.yaml` }),
    liveFingerprint: before ? `sha256:${key}` : null,
  };
}

function equal(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A plan over the changes, its summary counted from them unless overridden. */
export function plan(changes: PlanChange[], summary: Partial<PlanSummary> = {}, prune = false): Plan {
  const count = (a: ActionKind) => changes.filter((c) => c.action === a && !c.orphan).length;
  return {
    target: { backend: 'assistants', provider: 'openai', endpoint: 'http://127.0.0.1:4010/v1', namespace: 'test' },
    prune,
    changes: [...changes].sort((a, b) => a.key.localeCompare(b.key)),
    summary: {
      create: count('create'),
      update: count('update'),
      delete: changes.filter((c) => c.action === 'delete').length,
      unchanged: count('no-op'),
      orphans: changes.filter((c) => c.orphan).length,
      unmanaged: 0,
      other_namespaces: 0,
      legacy: 0,
      delete_versions: 0,
      ...summary,
    },
    targets: [],
    legacy: [],
    definitions: {},
    createdAt: '2026-11-24T12:00:00.000Z',
  };
}
