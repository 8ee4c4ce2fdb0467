// Numbers a definition holds that would not reach the API as written. YAML reads `.inf`, `-.inf`
// and `.nan` as numbers, and JSON.parse reads `1e400` as Infinity, but JSON has no such numbers:
// JSON.stringify sends each as null, a value the definition never said (a schema's
// `maximum: .inf` would reach the API as `"maximum": null`). And an integer beyond ±2^53 is read
// as the nearest double: `9007199254740993` would be sent as 9007199254740992, while the API's
// JSON parser keeps every digit.
import type { Json, JsonObject } from '../model/json.js';
import type { FieldPath } from '../yaml/source.js';

/** A number that would not be sent as written: `sent` is what JSON.stringify makes of it. */
export interface AlteredNumber {
  path: FieldPath;
  value: number;
  sent: string;
}

/**
 * Every number in `value` that JSON would not carry as written, in document order: NaN and
 * ±Infinity always; an integer beyond Number.MAX_SAFE_INTEGER when `written(path)` (the scalar's
 * text in the file) is an integer literal whose exact value differs (`1e20` is not one, and is
 * exact anyway).
 */
export function alteredNumbers(value: Json, written: (path: FieldPath) => string | undefined): AlteredNumber[] {
  const found: AlteredNumber[] = [];
  // One path, extended and cut back as the walk goes: a plan walks every definition, and a path
  // copied for each of their members was most of the walk's cost. A stack of open containers,
  // not recursion: a document may be nested deeper than the call stack allows.
  const path: Array<string | number> = [];
  const check = (n: number): void => {
    if (Number.isFinite(n) && (Number.isSafeInteger(n) || !Number.isInteger(n) || !losesDigits(n, written(path)))) return;
    found.push({ path: [...path], value: n, sent: JSON.stringify(n) });
  };
  const open: Array<{ node: JsonObject | Json[]; keys?: string[]; next: number }> = [];
  const enter = (node: JsonObject | Json[]): void => {
    open.push(Array.isArray(node) ? { node, next: 0 } : { node, keys: Object.keys(node), next: 0 });
  };
  if (typeof value === 'number') check(value);
  else if (value !== null && typeof value === 'object') enter(value);
  while (open.length > 0) {
    const container = open.at(-1)!;
    const { node, keys } = container;
    if (container.next === (keys ?? (node as Json[])).length) {
      open.pop();
      path.pop(); // the key of the container just closed (none for the top one)
      continue;
    }
    const key = keys ? keys[container.next]! : container.next;
    container.next++;
    const child = (node as Record<string | number, Json>)[key]!;
    path.push(key);
    if (child !== null && typeof child === 'object') {
      enter(child);
      continue;
    }
    if (typeof child === 'number') check(child);
    path.pop();
  }
  return found;
}

/** Whether `text`, an integer literal as YAML 1.2 or JSON writes one (decimal, 0o…, 0x…), is not exactly `value`. */
function losesDigits(value: number, text: string | undefined): boolean {
  const literal = text?.trim().replace(/^\+/, '');
  if (literal === undefined || !/^-?(\d+|0o[0-7]+|0x[\da-fA-F]+)$/.test(literal)) return false;
  const negative = literal.startsWith('-');
  const exact = BigInt(negative ? literal.slice(1) : literal);
  return (negative ? -exact : exact) !== BigInt(value);
}
