// What `aac migrate` loses in one environment only: a definition converted as written keeps its
// `${var.…}` references, so a rule of the mapping that depends on a value a reference gives (a
// reasoning effort on a model a variable names, which the new API refuses for some models) is met
// only with that environment's values. Such a loss is that environment's, and what it takes out of
// the converted definition is dropped in that environment's overlay (`null` removes a base's field),
// so the base keeps it for the environments whose values take it. Pure.
import { definitionDoc } from '../import/validity-check.js';
import type { BackendModule } from '../backends/backend.js';
import type { Definition, Spec } from '../model/definition.js';
import { isObject, type JsonObject } from '../model/json.js';
import { substituteVariables, type Scope } from '../environments/variables.js';

/** A loss of the mapping: where in the source definition, and why. */
export interface Loss {
  path: Array<string | number>;
  why: string;
}

/** The fields (paths) `have` holds that `kept` lacks, mappings compared key by key; a list or a scalar as a whole. */
function absentIn(have: JsonObject, kept: JsonObject, at: string[] = []): string[][] {
  return Object.entries(have).flatMap(([k, v]) => {
    if (!Object.hasOwn(kept, k) || kept[k] === null) return v === null ? [] : [[...at, k]];
    const other = kept[k];
    return isObject(v) && isObject(other) ? absentIn(v, other, [...at, k]) : [];
  });
}

/**
 * `seen`, one environment's definition as written, converted by `migrate` with its references
 * replaced by the environment's values (`scope`): the losses the as-written conversion
 * (`asWritten`, its converted spec and losses) did not have, and the converted fields those values
 * take out (paths into the converted spec), which that environment's overlay must drop. Only
 * absences count: a value a reference gives differs from the reference as written everywhere, and
 * the reference is what is written. Both empty when the environment's values change nothing the
 * mapping decides.
 */
export function environmentLosses(
  seen: Definition,
  asWritten: { spec: Spec; losses: readonly Loss[] },
  scope: Scope,
  migrate: NonNullable<BackendModule['migrate']>,
): { losses: Loss[]; drops: string[][] } {
  if (!JSON.stringify(seen.spec).includes('${var.')) return { losses: [], drops: [] };
  const resolved = substituteVariables(definitionDoc(seen, seen.file), scope).doc.value;
  if (!isObject(resolved)) return { losses: [], drops: [] };
  const converted = migrate(resolved, { key: seen.key });
  const known = new Set(asWritten.losses.map((l) => JSON.stringify(l.path)));
  const losses = converted.losses.filter((l) => !known.has(JSON.stringify(l.path)));
  return { losses, drops: losses.length === 0 ? [] : absentIn(asWritten.spec, converted.definition) };
}
