// The overlay rule, as Kustomize's strategic merge and Helm's values files apply it to plain data:
// mappings are merged key by key, anything else (a list, a scalar, a change of type) is replaced
// whole, and `null` removes the key. Every merged field keeps the position of the file that wrote it.
import { isDeepStrictEqual } from 'node:util';
import { isObject, put, type Json, type JsonObject } from '../model/json.js';
import { Assembly, type LocatedDoc } from './located.js';

/**
 * A field an overlay changes in its base: `removes` for a `null` that removes a field the base
 * writes, else the overlay's value replaces the base's (or adds one). The path is the same in both.
 */
export interface OverlayLeaf {
  path: string[];
  removes: boolean;
}

/**
 * `overlay` merged onto `base` (both mappings at their roots, or `overlay` replaces `base`):
 * mappings merge recursively, lists and scalars from `overlay` replace, an overlay `null` removes
 * the key. Locating a field in the result points at the overlay for what it wrote and at the base
 * for the rest. Neither input is changed. `leaves`, when given, collects each field the overlay
 * changes, in the overlay's order.
 */
export function mergeOverlay(base: LocatedDoc, overlay: LocatedDoc, leaves?: OverlayLeaf[]): LocatedDoc {
  if (!isObject(base.value) || !isObject(overlay.value)) return overlay;
  const found: OverlayLeaf[] = [];
  const value = mergeMaps(base.value, overlay.value, [], found);
  const assembly = new Assembly(base, value);
  for (const leaf of found) if (!leaf.removes) assembly.mountAt(leaf.path, overlay, leaf.path);
  leaves?.push(...found);
  return assembly.doc;
}

/**
 * The merge of two mappings; `leaves` collects each path whose value the overlay wrote or
 * removed (the overlay's path is the same path: both documents are rooted alike).
 */
function mergeMaps(base: JsonObject, overlay: JsonObject, path: string[], leaves: OverlayLeaf[]): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, over] of Object.entries(overlay)) {
    const here = [...path, key];
    const under = Object.hasOwn(base, key) ? base[key] : undefined;
    if (over === null) {
      if (Object.hasOwn(out, key)) leaves.push({ path: here, removes: true });
      delete out[key];
    } else if (isObject(under) && isObject(over)) put(out, key, mergeMaps(under, over, here, leaves));
    else {
      put(out, key, over);
      leaves.push({ path: here, removes: false });
    }
  }
  return out;
}

/** `value` without the field at `path` (a path through mappings, as OverlayLeaf's); `value` is not changed. */
export function withoutField(value: Json, path: readonly string[]): Json {
  const [head, ...rest] = path;
  if (head === undefined || !isObject(value) || !Object.hasOwn(value, head)) return value;
  const out: JsonObject = { ...value };
  if (rest.length === 0) delete out[head];
  else put(out, head, withoutField(value[head]!, rest));
  return out;
}

/**
 * The smallest overlay that turns `base` into `wanted` under `mergeOverlay`'s rule: only the keys
 * that differ, `null` for a key `wanted` drops (or holds as `null`: an overlay cannot tell the
 * two apart), a list or scalar whole. Undefined when there is no difference. (What `aac import
 * --env` writes into an environment's overlay.)
 */
export function overlayBetween(base: JsonObject, wanted: JsonObject): JsonObject | undefined {
  const out: JsonObject = {};
  for (const [key, have] of Object.entries(base)) {
    if (have !== null && (!Object.hasOwn(wanted, key) || wanted[key] === null)) put(out, key, null);
  }
  for (const [key, want] of Object.entries(wanted)) {
    if (want === null) continue;
    const have = Object.hasOwn(base, key) ? base[key] : undefined;
    if (isObject(have) && isObject(want)) {
      const inner = overlayBetween(have, want);
      if (inner !== undefined) put(out, key, inner);
    } else if (!isDeepStrictEqual(have, want)) {
      put(out, key, want);
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
