// The write a change needs, in the Assistants API's vocabulary: a create sends the definition's own
// fields; a modify sends only the changed top-level fields (`tools` whole, `metadata` whole), with
// what the definition dropped sent so that it clears under either reading of the API.
import type { NormalizedSpec, Spec } from '../../model/definition.js';
import { isObject, type Json } from '../../model/json.js';
import { RECORD_KEY } from '../../model/marker.js';
import { SPEC_FIELDS } from './assistant.js';
import { heldStore, helperOf } from './helper-store.js';

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

/**
 * Fields ModifyAssistantRequest takes as `null` (openai-openapi: `anyOf: [..., {type: "null"}]`;
 * Foundry's UpdateAgentOptions: `x-nullable`): the reset a definition that dropped one sends,
 * never the default's value (`temperature: 1` would be refused on a switch to a reasoning model,
 * openai/openai-python #2072). What `null` does live is undocumented (ASSISTANTS.md "Modify
 * semantics"); the write is verified against the default either way. `tool_resources` and
 * `metadata` are nullable too but are sent as values: lists cleared one by one, the map whole
 * with the marker. `model` and `tools` are not nullable: `tools: []` is the documented "remove all".
 */
const RESET_BY_NULL: ReadonlySet<string> = new Set(['name', 'description', 'instructions', 'temperature', 'top_p', 'response_format', 'reasoning_effort']);

/**
 * The definition's own value where it gives one, else the reset (null) or the value the server
 * stores. The `vector_stores` helper (helper-store.ts) is sent only to make its store: while the
 * live assistant holds the store made from it, a `tool_resources` write sends that store's id
 * instead, and a `metadata` write keeps the record of it (`own`, the live assistant's aac pairs);
 * a helper sent takes the metadata with it, whole, for the client to record the new store in.
 */
export function updateBody(fields: readonly string[], desired: Spec, before: NormalizedSpec, after: NormalizedSpec, own: Readonly<Record<string, string>> = {}): Spec {
  const held = heldStore(before, after, own);
  const makesStore = fields.includes('tool_resources') && !held && helperOf(desired.tool_resources as Json) !== undefined;
  const sent = makesStore && !fields.includes('metadata') ? SPEC_FIELDS.filter((f) => f === 'metadata' || fields.includes(f)) : fields;
  const body: Loose = {};
  for (const field of sent) {
    const given = desired[field];
    if (given !== undefined && given !== null) body[field] = given;
    else body[field] = RESET_BY_NULL.has(field) ? null : after[field];
  }
  if ('tool_resources' in body) {
    const resources = clearingToolResources(body.tool_resources, before.tool_resources);
    body.tool_resources = held ? { ...resources, file_search: held } : resources;
  }
  if (held && isObject(body.metadata)) body.metadata = { ...body.metadata, [RECORD_KEY]: own[RECORD_KEY]! };
  return body as Spec;
}

/** Only the fields the definition sets: an omitted one is left to the server's default. */
export function createBody(spec: Spec): Spec {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as Spec;
}
