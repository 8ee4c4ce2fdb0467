// "No field that only repeats an API default": a field (or a tool's sub-field) is left out of the
// imported file when leaving it out normalizes to the same state. The one normalizer decides, so
// import and plan can never disagree about what a default is.
import { isDeepStrictEqual } from 'node:util';
import type { ServerDefaults } from '../backends/backend.js';
import { SPEC_FIELDS, type AssistantSpec } from '../model/assistant.js';
import type { Json, JsonObject } from '../model/json.js';
import { isObject } from '../model/json.js';
import { comparableDesired, normalize } from '../plan/normalize.js';

/** Nested objects that are the user's own data (JSON Schemas, metadata): kept whole, never trimmed inside. */
const OPAQUE_KEYS = new Set(['parameters', 'schema', 'metadata']);
/**
 * Keys an import keeps however the normalizer treats them: required by the schema, or (for
 * `max_num_results`) a value the plan would accept from the server when left out, but which
 * OpenAI echoes only when it was sent (ASSISTANTS.md "What the live API sends back"): someone chose it.
 */
const REQUIRED_KEYS = new Set(['type', 'name', 'score_threshold', 'max_num_results']);

/** Puts back a removed key where it was, so the server's key order survives. */
function restore(obj: JsonObject, entries: Array<[string, Json]>): void {
  for (const key of Object.keys(obj)) delete obj[key];
  for (const [key, value] of entries) obj[key] = value;
}

/**
 * A copy of `spec` without the values that only repeat what the server fills in. `model` always
 * stays; tools are never removed, only their defaulted sub-fields, except `requiredToolFields`
 * (dotted paths inside a tool, e.g. `function.parameters`) that the host insists on.
 */
export function withoutDefaults(
  spec: AssistantSpec,
  defaults: ServerDefaults,
  requiredToolFields: readonly string[] = [],
): AssistantSpec {
  const reference = normalize(spec, defaults);
  const result = structuredClone(spec) as unknown as JsonObject;
  // Compared as a plan compares: a value left to the server (an `auto` ranker) matches what it chose.
  const unchanged = () =>
    isDeepStrictEqual(comparableDesired(reference, normalize(result as unknown as AssistantSpec, defaults), defaults), reference);
  const hostRequired = new Set(requiredToolFields.map((p) => `tools.${p}`));

  // Deepest keys first, so an object emptied of defaults can then go as a whole.
  const trim = (obj: JsonObject, path: string) => {
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      const here = `${path}.${key}`;
      if (!OPAQUE_KEYS.has(key)) {
        if (isObject(value)) trim(value, here);
        // Lists of objects (search configurations, indexes) get the same treatment, item by item.
        else if (Array.isArray(value)) for (const item of value) if (isObject(item)) trim(item, here);
      }
      if (REQUIRED_KEYS.has(key) || hostRequired.has(here)) continue;
      const before = Object.entries(obj);
      delete obj[key];
      if (!unchanged()) restore(obj, before);
    }
  };

  for (const field of SPEC_FIELDS) {
    if (field === 'model') continue;
    const value = result[field];
    if (value === undefined) continue;
    if (field === 'tools' && Array.isArray(value)) {
      for (const tool of value) if (isObject(tool)) trim(tool, field);
    } else if (isObject(value) && !OPAQUE_KEYS.has(field)) {
      trim(value, field);
    }
    if (field === 'tools' && Array.isArray(value) && value.length > 0) continue;
    delete result[field];
    if (!unchanged()) result[field] = value;
  }
  return result as unknown as AssistantSpec;
}
