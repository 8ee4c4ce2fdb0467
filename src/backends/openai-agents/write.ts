// What to send for a create and for an update, by the API's update rules (AGENTS-API.md §5):
// an omitted field keeps its saved value, a supplied one replaces the whole field (never merged),
// and `null` resets it. So an update carries only the changed top-level fields, each whole; a
// field the definition no longer sets is sent as its default (a resolved one as `null`), which
// resets it.
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
 * forms), in one request. Each is sent whole: as the definition writes it, or — when the definition
 * leaves a fixed field out — as the field's default from the server-defaults table, which resets
 * it. A resolved field the definition leaves out (`text`, `multi_agent`, `reasoning`: an omitted
 * `service_tier` never differs) is sent as `null`, the API's reset to what it fills in for the
 * model (AGENTS-API.md §5), never a value guessed for it: a reasoning model's effort is its own.
 *
 * One coupling: the guide says an update that changes `model` fails unless settings the new model
 * does not support (an effort value) are changed or reset in the same request (AGENTS-API.md:80-81).
 * A definition that changes both sends both anyway; one that writes `reasoning: null` (reset to
 * the model's defaults, which aac cannot compare) sends that null along with every model change.
 */
export function updateBody(spec: AgentSpec, changed: readonly AgentField[]): JsonObject {
  const out: JsonObject = {};
  for (const name of AGENT_FIELDS) {
    const value = field(spec, name);
    const resetWithModel = name === 'reasoning' && value === null && changed.includes('model');
    if (!changed.includes(name) && !resetWithModel) continue;
    if (value !== undefined) out[name] = structuredClone(value);
    else if (name !== 'model') out[name] = isResolvedField(name) ? null : structuredClone(FIELD_DEFAULTS[name].value);
  }
  return out;
}
