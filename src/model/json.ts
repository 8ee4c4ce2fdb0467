export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** A JSON object, as opposed to null, an array or a scalar. */
export function isObject(value: Json | undefined): value is JsonObject;
export function isObject(value: unknown): value is Record<string, unknown>;
export function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of JSON data whose objects and arrays are new and whose strings are the same: a string
 * cannot change, and structuredClone's copies of them doubled what a plan holds (a definition's
 * instructions are most of its bytes: 10,000 of them are tens of megabytes). A `__proto__` key
 * stays an own field, as JSON.parse makes it.
 */
export function copyJson<T extends Json>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => copyJson(item)) as T;
  // Member by member: each definition's spec is copied, and entries, their pairs and the mapped
  // pairs were three more lists for every object copied.
  const out: JsonObject = {};
  for (const k of Object.keys(value)) put(out, k, copyJson((value as JsonObject)[k]!));
  return out as T;
}

/**
 * `obj[key] = value` as data, even for a key named `__proto__`, which an assignment would take as
 * the object's prototype (and the key would be lost): keys that come from data (metadata, a JSON
 * Schema's `properties`) may be any string.
 */
export function put<T>(obj: Record<string, T>, key: string, value: NoInfer<T>): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** `record[key]` when it is the record's own: a data key (`constructor`, `__proto__`) never reads a member of the prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Calls `visit` on `root` and on every value inside it, in document order (each list or object
 * before what it holds, its items or entries in order), with the path from `root`; when `visit`
 * answers false, not on what that value holds. `path` is one array the walk changes as it goes:
 * copy it to keep it. Allocates per list or object, not per value, and keeps a stack rather than
 * recursing, since a value may nest deeper than the call stack allows: a definition of 300,000
 * metadata pairs is walked in milliseconds.
 */
export function eachValue(root: Json, visit: (value: Json, path: ReadonlyArray<string | number>) => boolean | void): void {
  const path: Array<string | number> = [];
  const open: Array<{ list?: Json[]; object?: JsonObject; keys?: string[]; next: number }> = [];
  const enter = (value: Json): boolean => {
    if (visit(value, path) === false) return false;
    if (Array.isArray(value)) open.push({ list: value, next: 0 });
    else if (isObject(value)) open.push({ object: value, keys: Object.keys(value), next: 0 });
    else return false;
    return true;
  };
  enter(root);
  while (open.length > 0) {
    const top = open[open.length - 1]!;
    if (top.next === (top.keys ?? top.list!).length) {
      open.pop();
      path.pop();
      continue;
    }
    const seg = top.keys ? top.keys[top.next]! : top.next;
    top.next++;
    path.push(seg);
    if (!enter(top.keys ? top.object![seg]! : top.list![seg as number]!)) path.pop();
  }
}

/** The value at `path` inside `value` (`['definition', 'instructions']`, `['tools', 0, 'name']`: a number indexes a list), or undefined. */
export function valueAt(value: Json | undefined, path: ReadonlyArray<string | number>): Json | undefined {
  let node = value;
  for (const seg of path) node = typeof seg === 'number' ? (Array.isArray(node) ? node[seg] : undefined) : isObject(node) ? node[seg] : undefined;
  return node;
}

/** Sets (or, with undefined, removes) the value at `path`, making the objects on the way. */
export function setAt(value: JsonObject, path: readonly string[], to: Json | undefined): void {
  const last = path.at(-1)!;
  let node = value;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as JsonObject;
  }
  if (to === undefined) delete node[last];
  else node[last] = to;
}

/**
 * A field path as messages show it: `tools[1].function.strict`; a key that is not a name is
 * quoted (`metadata[""]`, `metadata["team lead"]`), so every path reads back as one.
 */
export function pathText(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    // A top-level field is a name, never read as an expression: `x-common`, `retain-versions`, as
    // the others are written, not `["x-common"]`.
    else if (out === '' && /^[A-Za-z_$][\w$-]*$/.test(seg)) out += seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
