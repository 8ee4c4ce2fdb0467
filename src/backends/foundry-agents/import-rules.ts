// A live agent → the smallest definition file that plans clean against it: every governed field
// it has, except values that only repeat what the service fills in (server-defaults.ts), in the
// order aac writes definitions (the API's own order: name, description, metadata, definition).
import { isObject, type Json, type JsonObject } from '../../model/json.js';
import { sameJson } from '../../model/canonical.js';
import { DEFINITION_FIELDS, normalizeDefinition } from './normalize.js';
import type { LiveAgent } from './wire.js';

/** Key order inside the API's objects; keys not listed keep the service's order after these. */
const TOOL_KEY_ORDER = ['type', 'name', 'description', 'vector_store_ids', 'max_num_results', 'ranking_options', 'filters', 'container', 'parameters', 'strict'];

function ordered(value: JsonObject, order: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of order) if (value[k] !== undefined) out[k] = value[k]!;
  for (const [k, v] of Object.entries(value)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

/** Null members mean "not set" in this API's responses: left out, like the defaults. */
function withoutNulls(value: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as JsonObject;
}

/** One tool without what normalizes away (an `auto` container with no files, null members). */
function importedTool(tool: Json): Json {
  if (!isObject(tool)) return tool;
  const out = withoutNulls(tool);
  if (out.type === 'code_interpreter' && isObject(out.container)) {
    const container = withoutNulls(out.container);
    if (Array.isArray(container.file_ids) && container.file_ids.length === 0) delete container.file_ids;
    if (sameJson(container, { type: 'auto' })) delete out.container;
    else out.container = container;
  }
  return ordered(out, TOOL_KEY_ORDER);
}

/**
 * The definition's fields, envelope (`key`, `id`, `instructions_file`) excluded. A member is left
 * out only when leaving it out normalizes to the same definition, so import and plan cannot disagree.
 */
export function importedAgent(live: LiveAgent): JsonObject {
  const d = live.fields.definition as JsonObject;
  const definition: JsonObject = {};
  for (const field of DEFINITION_FIELDS) {
    let value = d[field];
    if (value === undefined || value === null) continue;
    if (field === 'tools' && Array.isArray(value)) value = value.map(importedTool);
    definition[field] = value;
  }
  const reference = JSON.stringify(normalizeDefinition(d));
  for (const field of DEFINITION_FIELDS) {
    if (field === 'kind' || field === 'model' || definition[field] === undefined) continue;
    const { [field]: dropped, ...rest } = definition;
    if (JSON.stringify(normalizeDefinition(rest)) === reference) delete definition[field];
    else definition[field] = dropped!;
  }
  const out: JsonObject = { name: live.name };
  if (typeof live.fields.description === 'string' && live.fields.description !== '') out.description = live.fields.description;
  if (isObject(live.fields.metadata) && Object.keys(live.fields.metadata).length > 0) out.metadata = { ...live.fields.metadata };
  // Re-adding a field deleted then kept above moved it to the end: put the API's order back.
  out.definition = ordered(definition, DEFINITION_FIELDS);
  return out;
}
