// The field a syntax error is in: the path of keys (and list indices) that enclose it in the
// document the parser made of the text before it. The parser reads from the start, so what it
// built before the file's first fault is the file as written; after that fault it guesses, and a
// path read from its guesses could name the wrong field. So a path is given only for a problem at
// or before the first fault, and only through values that start before the problem (a token the
// parser placed at the problem may be its guess: `{"type" "object"}` reads as `type: object`
// whether a colon or a comma is missing).
import type { Document, Node } from 'yaml';
import { onFirstUse } from '../util/on-first-use.js';
import type { FieldPath } from './source.js';

const yaml = onFirstUse<typeof import('yaml')>('yaml');

/**
 * The path of the keys and indices enclosing `offset` (UTF-16 units into `text`, the document's
 * text) in `doc`: each step a mapping's entry whose value starts before `offset`, or at it after
 * the entry's colon, or a list's item that starts before it, or at it after a `-` (in a `[…]` list
 * only with `subject`: the problem is that item, a quote or bracket opened there), and ends after
 * it. A key that is no plain string or number (a `<<` merge, a list, an alias) ends the walk: no
 * field of the definition is named by it; so does an alias, whose value is written elsewhere.
 * [] when no entry of the top mapping encloses it.
 */
export function enclosingPath(doc: Document.Parsed, text: string, offset: number, subject = false): FieldPath {
  const { isMap, isScalar, isSeq } = yaml();
  const spans = (node: unknown, startsHere: () => boolean): boolean => {
    const range = (node as Node | null)?.range;
    if (!range) return false;
    return (range[0] < offset || (range[0] === offset && startsHere())) && offset < Math.max(range[1], range[0] + 1);
  };
  /** The index of the last of `entries` (in the document's order) that starts at or before `offset`: by halves, as a mapping may hold 100,000 entries and as many repeated keys; -1 for none. */
  const lastFrom = <T>(entries: readonly T[], start: (entry: T) => number | undefined): number => {
    let [lo, hi] = [0, entries.length - 1];
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = start(entries[mid]!);
      if (at !== undefined && at <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
  const path: Array<string | number> = [];
  let node = doc.contents as unknown;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items[lastFrom(node.items, (p) => (p.key as Node | null)?.range?.[0] ?? (p.value as Node | null)?.range?.[0])];
      if (!pair || !spans(pair.value, () => /^\s*:/.test(text.slice((pair.key as Node | null)?.range?.[1] ?? offset, offset)))) return path;
      if (!isScalar(pair.key) || (typeof pair.key.value !== 'string' && typeof pair.key.value !== 'number')) return path;
      path.push(String(pair.key.value));
      node = pair.value;
    } else if (isSeq(node)) {
      const { flow, items } = node;
      // In `[…]`, an item that is a mapping without braces of its own (its first key starts where
      // it does) may be one the parser made of what follows a missing comma: `[{a: 1} {b: 2}]`
      // reads as one item whose key is `{a: 1}`. Not entered: it may be no item written.
      const index = lastFrom(items, (i) => (i as Node | null)?.range?.[0]);
      const item = items[index];
      if (!spans(item, () => !flow || subject) || (flow && isMap(item) && (item.items[0]?.key as Node | null | undefined)?.range?.[0] === item.range?.[0])) return path;
      path.push(index);
      node = item;
    } else {
      return path;
    }
  }
}

/**
 * The path of the mapping entry whose key starts at `offset` in `text`: enclosingPath's, and the
 * key; enclosingPath's alone when no entry's key that is a plain string or number starts there.
 */
export function keyPath(doc: Document.Parsed, text: string, offset: number): FieldPath {
  const { isMap, isScalar } = yaml();
  const path = enclosingPath(doc, text, offset);
  const holder = path.length === 0 ? doc.contents : doc.getIn(path, true);
  const pair = isMap(holder) ? holder.items.find((p) => isScalar(p.key) && p.key.range?.[0] === offset) : undefined;
  const key = isScalar(pair?.key) ? pair.key.value : undefined;
  return typeof key === 'string' || typeof key === 'number' ? [...path, String(key)] : path;
}
