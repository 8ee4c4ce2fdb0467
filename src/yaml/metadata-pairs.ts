// A definition's own `metadata:` mapping past what its API takes, refused as the parser reaches
// the first pair past the limit: every kind's API caps metadata at METADATA_MAX_PAIRS pairs
// (model/marker.ts), one of them aac's marker, so no definition holds more than OWN_METADATA_PAIRS.
// Parsed whole, a file of 200,000 pairs (2.4 MB) took 10 s and 518 MB — the YAML library's tokens
// and document for every pair, then an index of each one's place — to say that metadata has too
// many; watched as the parser goes, it is refused at its 16th pair, at that pair's line and column.
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

/**
 * A watcher of the parser's open tokens (the library's Parser.stack, looked at after each lexical
 * token): the offset of the key of the first pair past OWN_METADATA_PAIRS in the mapping of the
 * document's top-level `metadata:` key (written plain), once the parser has read that pair whole;
 * undefined until then. Only pairs with a value other than null are counted, and never a `<<`
 * merge, so a file refused here is one the schema's limit refuses anyway (or, an overlay, whose
 * merge holds more than the limit). Each pair is looked at once: the watcher keeps its count.
 */
export function metadataPairsWatch(): (open: readonly Token[]) => number | undefined {
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
      if (key?.type !== 'scalar' || key.source !== 'metadata') return undefined;
      watched = map;
      looked = 0;
      pairs = 0;
    }
    // All but the last pair are read whole.
    for (; looked < map.items.length - 1; looked++) {
      const item = map.items[looked]!;
      if (uncounted(item)) continue;
      if (++pairs > OWN_METADATA_PAIRS) return item.key?.offset ?? item.start[0]?.offset ?? map.offset;
    }
    return undefined;
  };
}
