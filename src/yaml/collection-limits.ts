// A list or a mapping far past the size its schema allows is one mistake, said once: checked item by
// item, 20,000 tools each gave two errors and took the schema check 13 seconds (ajv, collecting
// every error, grows and cuts its error list around each item's union of tool shapes: quadratic),
// and 200,000 of them, a 400 KB file, ran for half an hour. So the checks see such a collection cut
// to one entry past its limit: its size error (with the count as written), and the errors of the
// entries within the limit, which are the ones worth fixing first.
import { isObject, type Json } from '../model/json.js';

type Schema = Record<string, unknown>;
/** Resolves a `$ref` of the schema (`#/$defs/x`) to its schema; undefined when unknown. */
export type SchemaRef = (ref: string) => Schema | undefined;

/**
 * Below this many entries no collection is looked at against the schema: the checks take any such
 * collection item by item in well under a second, and most runs then never read a schema file.
 */
export const CHECKED_WHOLE = 1_000;

/** The count each cut collection had as written, by the cut copy. */
const writtenCounts = new WeakMap<object, number>();

/** How many items (a list) or entries (a mapping) `collection` holds as written: a cut copy's count before the cut. */
export function writtenCount(collection: object): number {
  return writtenCounts.get(collection) ?? (Array.isArray(collection) ? collection.length : Object.keys(collection).length);
}

/** Whether `value` holds a list or a mapping of more than CHECKED_WHOLE entries, at any depth. */
export function holdsLargeCollection(value: Json | undefined): boolean {
  // Run on every definition: counted in place, without a list of its entries.
  if (Array.isArray(value)) {
    if (value.length > CHECKED_WHOLE) return true;
    for (const item of value) if (holdsLargeCollection(item)) return true;
    return false;
  }
  if (!isObject(value)) return false;
  let entries = 0;
  for (const key in value) if (++entries > CHECKED_WHOLE || holdsLargeCollection(value[key])) return true;
  return false;
}

/**
 * `value` with each list over its schema's `maxItems`, and each mapping over its `maxProperties`,
 * cut to one entry past that limit (so the schema still reports it; `writtenCount` gives the count
 * as written). Only collections whose schema is certain are cut: the walk follows `$ref`,
 * `properties`, `additionalProperties` and `items`, not the branches of a union. The same object
 * when nothing is cut; otherwise copies along the way to what was cut, the rest shared.
 */
export function cutToLimits(value: Json, schema: Schema, resolve: SchemaRef): Json {
  const at = resolved(schema, resolve);
  if (at === undefined) return value;
  if (Array.isArray(value)) {
    const limit = at.maxItems;
    let out = typeof limit === 'number' && value.length > limit + 1 ? value.slice(0, limit + 1) : value;
    const items = isObject(at.items as Json) ? (at.items as Schema) : undefined;
    if (items) {
      const mapped = out.map((item) => cutToLimits(item, items, resolve));
      if (mapped.some((item, i) => item !== out[i])) out = mapped;
    }
    if (out.length < value.length) writtenCounts.set(out, value.length);
    return out;
  }
  if (!isObject(value)) return value;
  const limit = at.maxProperties;
  const keys = Object.keys(value);
  const kept = typeof limit === 'number' && keys.length > limit + 1 ? keys.slice(0, limit + 1) : keys;
  const properties = isObject(at.properties as Json) ? (at.properties as Record<string, Schema>) : {};
  const others = isObject(at.additionalProperties as Json) ? (at.additionalProperties as Schema) : undefined;
  let changed = kept.length < keys.length;
  const out: Record<string, Json> = {};
  for (const key of kept) {
    const sub = Object.hasOwn(properties, key) ? properties[key] : others;
    const child = value[key]!;
    const cut = sub ? cutToLimits(child, sub, resolve) : child;
    if (cut !== child) changed = true;
    out[key] = cut;
  }
  if (!changed) return value;
  if (kept.length < keys.length) writtenCounts.set(out, keys.length);
  return out;
}

/**
 * `schema` with its `$ref`s followed, a keyword beside a `$ref` taking precedence over the one it
 * names (JSON Schema 2020-12 applies both; the shipped schemas never set one keyword in both).
 */
function resolved(schema: Schema, resolve: SchemaRef): Schema | undefined {
  let at: Schema | undefined = schema;
  for (let hops = 0; at && typeof at.$ref === 'string' && hops < 8; hops++) {
    const { $ref, ...beside } = at;
    const target = resolve($ref as string);
    at = target && { ...target, ...beside };
  }
  return at;
}
