// What to send for a create and for an update, by the API's update rules (AGENTS-API.md §5):
// an omitted field keeps its saved value, a supplied one replaces the whole field (never merged),
// and `null` resets it. So an update carries only the changed top-level fields, each whole; a
// field the definition no longer sets is sent as its default, which resets it.
import type { Json, JsonObject } from '../../model/json.js';
import { AGENT_FIELDS, isResolvedField, type AgentField, type AgentSpec } from './agent.js';
import { FIELD_DEFAULTS } from './server-defaults.js';

function field(spec: AgentSpec, name: AgentField): Json | undefined {
  return (spec as unknown as Record<string, Json | undefined>)[name];
}

/** The create body: the definition's fields as written, in the API's order; the caller adds the marker to `metadata`. */
export function createBody(spec: AgentSpec): JsonObject {
  const out: JsonObject = {};
  for (const name of AGENT_FIELDS) {
    const value = field(spec, name);
    if (value !== undefined) out[name] = structuredClone(value);
  }
  return out;
}

/**
 * The update body for the top-level fields that differ (`changed`, from comparing the normalised
 * forms). Each is sent whole: as the definition writes it, or — when the definition leaves a fixed
 * field out — as the field's default from the server-defaults table, which resets it. A resolved
 * field differs only where the definition sets it, so it is always sent as written.
 *
 * When `model` changes, `reasoning` goes with it (as written, or `null` for the new model's
 * default): the guide says an update that changes the model fails unless settings the new model
 * does not support (an effort value) are changed or reset in the same request (AGENTS-API.md:80-81).
 */
export function updateBody(spec: AgentSpec, changed: readonly AgentField[]): JsonObject {
  const out: JsonObject = {};
  for (const name of AGENT_FIELDS) {
    if (!changed.includes(name) && !(name === 'reasoning' && changed.includes('model'))) continue;
    const value = field(spec, name);
    if (value !== undefined) out[name] = structuredClone(value);
    else if (name === 'reasoning') out.reasoning = null;
    else if (name !== 'model' && !isResolvedField(name)) out[name] = structuredClone(FIELD_DEFAULTS[name].value);
  }
  return out;
}
