// The order of a value's keys, which a plan keeps for the people who read it: JSON objects compare
// without order (canonical.ts sorts them), but a value drawn in the alphabet's order is not the one
// its author wrote or the server sent. Pure: values are reordered copies, never changed.
import type { FieldRule, ListRule, ResourceKind } from '../backends/backend.js';
import type { NormalizedSpec, Spec } from '../model/definition.js';
import { isObject, ownValue, put, type Json, type JsonObject } from '../model/json.js';

/** Key orders by the key a map is held under (a kind's `import.keyOrder`: the API's order). */
export type KeyOrders = Readonly<Record<string, readonly string[]>>;

/** No API order: a value keeps its own order after its model's. */
export const OWN_ORDER: KeyOrders = {};

/** A keyed list's item key for any item (undefined for one that is not an object). */
export type ItemKey = (item: Json) => string | undefined;

export function itemKeyOf(rule: ListRule | undefined): ItemKey | undefined {
  const key = rule?.itemKey;
  return key ? (item) => (isObject(item) ? key(item) : undefined) : undefined;
}

/** For each of `items`, the first of `candidates` not yet taken with the same key (undefined when none). */
export function matchByKey(items: readonly Json[], candidates: readonly Json[], key: ItemKey): Array<Json | undefined> {
  const free = new Map<string | undefined, Json[]>();
  for (const c of candidates) {
    const k = key(c);
    const list = free.get(k);
    if (list) list.push(c);
    else free.set(k, [c]);
  }
  return items.map((item) => free.get(key(item))?.shift());
}

/** A field's value (`inOrder`) with the keyed lists of its rule, its own or its members'. */
export function fieldInOrder(field: string, value: Json, model: Json | undefined, apiOrder: KeyOrders, rule: FieldRule | undefined): Json {
  return inOrder(field, value, model, apiOrder, itemKeyOf(rule), rule?.members);
}

/**
 * `value` (held under `key`) with its maps' keys in the order of `model` (the definition's own
 * value: the file's order; or the live resource as the server sent it) where it has them, then
 * `apiOrder`, then as they were. A keyed list's items (`itemKey`, or for a member of this map its
 * `members` rule) take the model of the item with the same key, others by position.
 */
function inOrder(key: string, value: Json, model: Json | undefined, apiOrder: KeyOrders, itemKey?: ItemKey, members: Readonly<Record<string, ListRule>> = {}): Json {
  if (Array.isArray(value)) {
    const models = !Array.isArray(model) ? [] : itemKey ? matchByKey(value, model, itemKey) : model;
    return value.map((item, i) => inOrder(key, item, models[i], apiOrder));
  }
  if (!isObject(value)) return value;
  const first = [...(isObject(model) ? Object.keys(model) : []), ...(ownValue(apiOrder, key) ?? [])];
  const out: JsonObject = {};
  for (const k of [...first, ...Object.keys(value)]) {
    if (Object.hasOwn(value, k) && !Object.hasOwn(out, k)) {
      put(out, k, inOrder(k, value[k] as Json, isObject(model) ? ownValue(model, k) : undefined, apiOrder, itemKeyOf(ownValue(members, k))));
    }
  }
  return out;
}

/**
 * The normalized live resource (`before`, canonical: keys sorted) with every map's keys in the
 * order the server sent them (`live`, the resource as read), and what normalizing added after them
 * in the API's order. The plan keeps it so, for every view and the saved plan alike: what goes (a
 * removed value, a delete) is drawn as the server holds it, never in the alphabet's order.
 */
export function inLiveOrder(before: NormalizedSpec, live: Spec, kind: Pick<ResourceKind, 'fields' | 'import'>): NormalizedSpec {
  const out: NormalizedSpec = {};
  for (const field of Object.keys(before)) {
    const rule = kind.fields.find((f) => f.name === field);
    put(out, field, fieldInOrder(field, before[field] as Json, ownValue(live, field) as Json | undefined, kind.import.keyOrder, rule));
  }
  return out;
}
