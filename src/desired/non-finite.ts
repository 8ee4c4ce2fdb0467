// YAML reads `.inf`, `-.inf` and `.nan` as numbers, and JSON.parse reads `1e400` as Infinity, but
// JSON has no such numbers: JSON.stringify sends each as null, a value the definition never said
// (a schema's `maximum: .inf` would reach the API as `"maximum": null`).
import type { Json } from '../model/json.js';
import type { FieldPath } from '../yaml/source.js';

/** Every number in `value` that JSON cannot carry (NaN, ±Infinity), with its path, in document order. */
export function nonFiniteNumbers(value: Json): Array<{ path: FieldPath; value: number }> {
  const found: Array<{ path: FieldPath; value: number }> = [];
  // A stack, not recursion: a document may be nested deeper than the call stack allows.
  const stack: Array<[FieldPath, Json]> = [[[], value]];
  while (stack.length > 0) {
    const [path, node] = stack.pop()!;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) found.push({ path, value: node });
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([[...path, i], node[i]!]);
    } else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([[...path, entries[i]![0]], entries[i]![1]]);
    }
  }
  return found;
}
