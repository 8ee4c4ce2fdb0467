// What a live resource holds that a definition cannot write, and that aac keeps rather than wipes:
// one mechanism for every backend. A kind lists each such field (KeptField, with the source that
// decides it); this module finds them in a live resource, puts them back into an update whose body
// would otherwise drop them, and words what plan warns of and import lists.
import type { Spec } from './definition.js';
import { isObject, pathText, type Json, type JsonObject } from './json.js';
import type { DiagnosticCode } from './diagnostic-codes.js';

/**
 * How an update keeps a field:
 * - `with-field`: it lives inside a top-level field an update replaces whole (a tool's options), so
 *   an update whose body holds that field (`path[0]`) carries the live value back;
 * - `every-update`: it lives in what every update replaces whole (a versioned kind's version), so
 *   every update's body carries it back;
 * - `untouched`: no update aac makes reaches it (an agent-level field a new version does not carry),
 *   so the host keeps it by itself.
 */
export type KeepRule = 'with-field' | 'every-update' | 'untouched';

/** One field a live resource may hold that a definition cannot write, and how aac keeps it. */
export interface KeptField {
  /**
   * Where it sits in a live spec (LiveResource.spec), from a top-level key: `'*'` stands for every
   * item of a list (`['tools', '*', 'options', 'weights']`).
   */
  path: readonly string[];
  keep: KeepRule;
  /** Why a definition cannot hold it, as plan's warning says it after "a definition cannot write it": `(the API's tool options have no weights)`. */
  why: string;
}

/** One kept value found: where (list items by index) and what; null and absent are no value. */
export interface KeptValue {
  at: Array<string | number>;
  value: Json;
  field: KeptField;
}

/** The rule of the list at `path` (a kind's ListRule): what names an item, to pair a body's items with the live ones. */
export type ItemKeyAt = (path: readonly string[]) => ((item: JsonObject) => string | undefined) | undefined;

/** Every value of `fields` that `spec` holds, in the fields' order then the list's. */
export function keptValues(fields: readonly KeptField[], spec: Spec): KeptValue[] {
  const out: KeptValue[] = [];
  const walk = (node: Json | undefined, field: KeptField, depth: number, at: Array<string | number>) => {
    if (node === undefined || node === null) return;
    if (depth === field.path.length) {
      out.push({ at, value: node, field });
      return;
    }
    const seg = field.path[depth]!;
    if (seg === '*') {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, field, depth + 1, [...at, i]));
    } else if (isObject(node) && Object.hasOwn(node, seg)) walk(node[seg], field, depth + 1, [...at, seg]);
  };
  for (const field of fields) walk(spec as JsonObject, field, 0, []);
  return out;
}

/**
 * `body` (an update's, in the API's vocabulary) with each value of `fields` the live resource
 * holds put back where the update would otherwise drop it (`with-field`, `every-update`). A list
 * item is the body's item named as the live one is (`itemKey` of the list, else its place); one the
 * body no longer has takes nothing. A new object: `body` is not changed.
 */
export function withKeptLive(fields: readonly KeptField[], body: Spec, live: Spec, itemKeyAt: ItemKeyAt): Spec {
  const found = keptValues(fields, live).filter(({ field }) => field.keep === 'every-update' || (field.keep === 'with-field' && Object.hasOwn(body, field.path[0]!)));
  if (found.length === 0) return body;
  const out = structuredClone(body) as JsonObject;
  for (const { at, value, field } of found) {
    let node: Json | undefined = out;
    let liveNode: Json | undefined = live as JsonObject;
    for (let depth = 0; depth < at.length - 1 && node !== undefined; depth++) {
      const seg = at[depth]!;
      if (typeof seg === 'number') {
        const item: Json | undefined = Array.isArray(liveNode) ? liveNode[seg] : undefined;
        const key = itemKeyAt(field.path.slice(0, depth));
        const list: Json[] = Array.isArray(node) ? node : [];
        const name = key && isObject(item) ? key(item) : undefined;
        node = name !== undefined ? list.find((x) => isObject(x) && key!(x) === name) : list[seg];
        liveNode = item;
      } else {
        if (!isObject(node)) break;
        if (!isObject(node[seg]) && !Array.isArray(node[seg])) node[seg] = {};
        node = node[seg];
        liveNode = isObject(liveNode) ? liveNode[seg] : undefined;
      }
    }
    if (isObject(node)) node[String(at.at(-1))] = structuredClone(value);
  }
  return out as Spec;
}

/** `spec` without any value of `fields`: what import writes, as a definition cannot hold them. A new object. */
export function withoutKept(fields: readonly KeptField[], spec: Spec): Spec {
  const found = keptValues(fields, spec);
  if (found.length === 0) return spec;
  const out = structuredClone(spec) as JsonObject;
  for (const { at } of found) {
    let node: Json | undefined = out;
    for (const seg of at.slice(0, -1)) node = typeof seg === 'number' ? (Array.isArray(node) ? node[seg] : undefined) : isObject(node) ? node[seg] : undefined;
    if (isObject(node)) delete node[String(at.at(-1))];
  }
  return out as Spec;
}

/** What import lists of a live resource: each kept value as its path and JSON (`tools[0].options.weights {"text":0.3}`), and why a definition cannot hold it (KeptField.why). */
export function keptLiveLines(fields: readonly KeptField[], live: Spec): Array<{ line: string; why: string }> {
  return keptValues(fields, live).map(({ at, value, field }) => ({ line: `${pathText(at)} ${JSON.stringify(value)}`, why: field.why }));
}

/**
 * What plan warns of an update whose `body` (from withKeptLive) sends kept values back, each at its
 * parent's path in the definition (a body's list items are in the definition's order).
 */
export function keptLiveNotes(fields: readonly KeptField[], body: Spec): Array<{ path: string[]; code: DiagnosticCode; message: string; hint: string }> {
  return keptValues(fields.filter((f) => f.keep !== 'untouched'), body).map(({ at, value, field }) => ({
    path: at.slice(0, -1).map(String),
    code: 'kept-live-field',
    message: `the live ${pathText(at)} ${JSON.stringify(value)} is sent back as it is: a definition cannot write it ${field.why}, so this update keeps it`,
    hint: 'to change or remove it, do so on the host; aac leaves it alone',
  }));
}
