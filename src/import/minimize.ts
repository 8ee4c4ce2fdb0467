// "No field that only repeats an API default": a field (or a nested key) is left out of the
// imported file when leaving it out normalizes to the same state. The kind's one normalizer
// decides, so import and plan can never disagree about what a default is.
import { isDeepStrictEqual } from 'node:util';
import type { ResourceKind } from '../backends/backend.js';
import type { Spec } from '../model/definition.js';
import type { Json, JsonObject } from '../model/json.js';
import { isObject, put } from '../model/json.js';

/** Puts back a removed key where it was, so the server's key order survives. */
function restore(obj: JsonObject, entries: Array<[string, Json]>): void {
  for (const key of Object.keys(obj)) delete obj[key];
  for (const [key, value] of entries) put(obj, key, value);
}

/**
 * A copy of `spec` without the values that only repeat what the server fills in. The model always
 * stays; a non-empty list is never removed (its items are the user's), only their defaulted keys;
 * the kind's required keys and what the host requires (`kind.import`) always stay.
 */
export function withoutDefaults(spec: Spec, kind: ResourceKind, provider: string): Spec {
  const { requiredKeys, opaqueKeys } = kind.import;
  const reference = kind.normalize(spec, provider);
  const result = structuredClone(spec);
  // Compared as a plan compares: a value left to the server (an `auto` ranker) matches what it chose.
  const unchanged = () => isDeepStrictEqual(kind.comparable(reference, kind.normalize(result, provider), provider), reference);
  const hostRequired = new Set(kind.import.hostRequired(provider));

  // Deepest keys first, so an object emptied of defaults can then go as a whole.
  const trim = (obj: JsonObject, path: string) => {
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      const here = `${path}.${key}`;
      if (!opaqueKeys.includes(key)) {
        if (isObject(value)) trim(value, here);
        // Lists of objects (search configurations, indexes) get the same treatment, item by item.
        else if (Array.isArray(value)) for (const item of value) if (isObject(item)) trim(item, here);
      }
      if (requiredKeys.includes(key) || hostRequired.has(here)) continue;
      const before = Object.entries(obj);
      delete obj[key];
      if (!unchanged()) restore(obj, before);
    }
  };

  const model = kind.paths.model.length === 1 ? kind.paths.model[0] : undefined;
  for (const { name: field } of kind.fields) {
    if (field === model) continue;
    const value = result[field];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isObject(item)) trim(item, field);
      if (value.length > 0) continue;
    } else if (isObject(value) && !opaqueKeys.includes(field)) {
      trim(value, field);
    }
    delete result[field];
    if (!unchanged()) result[field] = value;
  }
  return result;
}
