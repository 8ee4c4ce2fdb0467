// A definition's own `metadata:` mapping past what its API takes, refused as the parser reaches
// the first pair past the limit: every kind's API caps metadata at METADATA_MAX_PAIRS pairs
// (model/marker.ts), one of them aac's marker, so no definition holds more than OWN_METADATA_PAIRS.
// Parsed whole, a file of 200,000 pairs (2.4 MB) took 10 s and 518 MB — the YAML library's tokens
// and document for every pair, then an index of each one's place — to say that metadata has too
// many; watched as the parser goes, it is refused at its 16th pair, at that pair's line and column.
// The rest of the file is then read with the lines of the pairs past the limit left blank
// (pairsPast), so its other mistakes are said in the same run, unless those lines are too many to
// read even blank (READ_ON_LINES_MAX).
import type { CST } from 'yaml';
import { OWN_METADATA_PAIRS } from '../model/marker.js';

type Token = CST.Token;
type Item = CST.CollectionItem;

/** Plain scalars YAML reads as null (the core schema's): a pair whose value is one removes a key in an overlay, so is not counted. */
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

/** A pair that is no metadata key of its own: a `<<` merge (its size is the anchor's), or a value of null (an overlay's removal). */
function uncounted(item: Item): boolean {
  const key = item.key;
  if (key?.type === 'scalar' && key.source === '<<') return true;
  const value = item.value;
  return value === undefined || value === null || (value.type === 'scalar' && NULLS.has(value.source));
}

/** Where the first pair past the limit is (its key's offset), and, for a block mapping, the indent of the document's top level (its root mapping's column, 0-based). */
export interface PairPast {
  offset: number;
  /** Absent for a flow mapping (`metadata: {…}`), whose end is no line: the file is read no further. */
  rootIndent?: number;
}

/**
 * The spellings of the key `metadata` as a scalar token's source: plain, and quoted either way
 * (`"metadata":`, `'metadata':`), which YAML reads as the same key. Another spelling (an escape
 * inside the quotes, `"\x6detadata"`) is the schema's to refuse once the file is read whole.
 */
const METADATA_KEY: ReadonlyMap<string, string> = new Map([
  ['scalar', 'metadata'],
  ['double-quoted-scalar', '"metadata"'],
  ['single-quoted-scalar', "'metadata'"],
]);

/**
 * A watcher of the parser's open tokens (the library's Parser.stack, looked at after each lexical
 * token): the first pair past OWN_METADATA_PAIRS in the mapping of the document's top-level
 * `metadata:` key (written plain or quoted: METADATA_KEY), once the parser has read that pair
 * whole (PairPast); undefined until then. Only pairs with a value other than null are counted, and never a `<<`
 * merge, so a file refused here is one the schema's limit refuses anyway (or, an overlay, whose
 * merge holds more than the limit). Each pair is looked at once: the watcher keeps its count.
 */
export function metadataPairsWatch(): (open: readonly Token[]) => PairPast | undefined {
  let watched: Token | undefined;
  let looked = 0;
  let pairs = 0;
  return (open) => {
    const root = open[1];
    const map = open[2];
    if (root?.type !== 'block-map' || map === undefined) return undefined;
    if (map.type !== 'block-map' && !(map.type === 'flow-collection' && map.start.source === '{')) return undefined;
    if (map !== watched) {
      // Opened under the root's last pair: the watch is for `metadata:`'s.
      const key = root.items.at(-1)?.key;
      if (!key || !('source' in key) || METADATA_KEY.get(key.type) !== key.source) return undefined;
      watched = map;
      looked = 0;
      pairs = 0;
    }
    // All but the last pair are read whole.
    for (; looked < map.items.length - 1; looked++) {
      const item = map.items[looked]!;
      if (uncounted(item)) continue;
      if (++pairs > OWN_METADATA_PAIRS) {
        const offset = item.key?.offset ?? item.start[0]?.offset ?? map.offset;
        return map.type === 'block-map' ? { offset, rootIndent: root.indent } : { offset };
      }
    }
    return undefined;
  };
}

/**
 * The most lines of pairs past the limit that are read on as blank lines (pairsPast): a blank line
 * costs the YAML library a token (~3 µs; 200,000 of them took 0.6 s and 34 MB), so a file of more
 * than this is read no further than its first pair past the limit, as it was before the rest was
 * read at all. A definition written by hand holds a few pairs too many, not thousands.
 */
export const READ_ON_LINES_MAX = 10_000;

/**
 * `text` with the lines of a block `metadata:` mapping's pairs from the first past the limit
 * (`past`, PairPast) on left blank — each character but its line breaks removed, so every later
 * line keeps its number and every later offset its line — for the rest of the file to be read and
 * checked: from the line of that pair's key to the first line after it that is written at the
 * document's top-level indent or less (its next field, a `---`), comment and blank lines being
 * the mapping's. Undefined for a flow mapping, or more than READ_ON_LINES_MAX lines to blank.
 */
export function pairsPast(text: string, past: PairPast): string | undefined {
  if (past.rootIndent === undefined) return undefined;
  const start = text.lastIndexOf('\n', past.offset - 1) + 1;
  let end = text.length;
  let lines = 1;
  for (let at = text.indexOf('\n', start); at >= 0 && at < text.length - 1; at = text.indexOf('\n', at + 1)) {
    const line = /^( *)([^\r\n]?)/.exec(text.slice(at + 1, at + 1 + past.rootIndent + 2))!;
    const [, indent, first] = line;
    if (first !== '' && first !== '#' && indent!.length <= past.rootIndent) {
      end = at + 1;
      break;
    }
    if (++lines > READ_ON_LINES_MAX) return undefined;
  }
  return `${text.slice(0, start)}${text.slice(start, end).replace(/[^\r\n]+/g, '')}${text.slice(end)}`;
}
