// Numbers a definition holds that would not reach the API as written. YAML reads `.inf`, `-.inf`
// and `.nan` as numbers, and JSON.parse reads `1e400` as Infinity, but JSON has no such numbers:
// JSON.stringify sends each as null, a value the definition never said (a schema's
// `maximum: .inf` would reach the API as `"maximum": null`). And an integer beyond ±2^53 is read
// as the nearest double: `9007199254740993` would be sent as 9007199254740992, while the API's
// JSON parser keeps every digit.
import type { Json } from '../model/json.js';
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
  // A stack, not recursion: a document may be nested deeper than the call stack allows.
  const stack: Array<[FieldPath, Json]> = [[[], value]];
  while (stack.length > 0) {
    const [path, node] = stack.pop()!;
    if (typeof node === 'number') {
      if (!Number.isFinite(node) || (!Number.isSafeInteger(node) && Number.isInteger(node) && losesDigits(node, written(path)))) {
        found.push({ path, value: node, sent: JSON.stringify(node) });
      }
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([[...path, i], node[i]!]);
    } else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([[...path, entries[i]![0]], entries[i]![1]]);
    }
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
