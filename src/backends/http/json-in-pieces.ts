// A response body's JSON, parsed without first making its text one string. A list page of 100
// assistants is ~380–560 KB of text; V8 keeps any string over 128 KB in its large-object space,
// which maps fresh memory for each one and gives it back when it dies, so every page's text cost a
// fresh mapping and a fault on each of its pages (2–2.5 ms a page on the benchmark's machine,
// where JSON.parse of the same text took 0.8 ms), and a listing of 10,000 reads 100 pages on the
// main thread. Here the one large array of such a body (a page's `data`) is parsed in groups of
// its elements, each group's text small enough for the young generation, where it dies at once.
// The result is the value JSON.parse gives of the whole text; a body this cannot split (not an
// object, no large array, a key given twice, not JSON at all) is parsed whole, so a malformed body
// fails with JSON.parse's own error.
import { isAscii } from 'node:buffer';
import { BodyPieces } from './body-pieces.js';

/** Bodies smaller than this are parsed whole: their text is not a large object. Bytes. */
const SPLIT_ABOVE = 128 * 1024;
/** A group of elements is cut once its text reaches this: well under the large-object limit. Bytes. */
const GROUP = 48 * 1024;
/**
 * A group that spans two of a body's pieces is copied with its brackets into a buffer kept for the
 * next such group when it needs no more than this: a group is GROUP and one element, and most
 * groups of a body read from a socket span two of its chunks (~64 KB each). Bytes.
 */
const SCRATCH_KEPT = 4 * GROUP;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Where a top-level property whose value is an array stands in the body: byte offsets. */
interface ArraySpan {
  /** The key's string token, quotes included: [start, end). */
  key: [number, number];
  /** The `[`. */
  open: number;
  /** The `]`. */
  close: number;
  /** The commas between elements at which groups are cut, in order. */
  cuts: number[];
}

/** A UTF-8 byte order mark (EF BB BF), which the built-in `json()` drops before parsing. */
function bomLength(body: BodyPieces): number {
  return body.byteAt(0) === 0xef && body.byteAt(1) === 0xbb && body.byteAt(2) === 0xbf ? 3 : 0;
}

/**
 * The value of `body` (UTF-8 JSON text; a buffer, or the buffers it arrived in, read as one without
 * joining them: body-pieces.ts), as `JSON.parse` of its decoded text gives it: a byte order mark is
 * dropped and a bad UTF-8 sequence decodes to U+FFFD, as the built-in `json()` does. Throws
 * JSON.parse's SyntaxError when the text is not JSON. Two bytes of a piece are written over while
 * a group of elements that lies in it is parsed, and put back before this returns or throws
 * (parsedGroup): nothing else can read them meanwhile, as this runs without a turn of the event loop.
 */
export function parseJsonBody(body: Buffer | BodyPieces): unknown {
  const pieces = Buffer.isBuffer(body) ? new BodyPieces([body]) : body;
  const start = bomLength(pieces);
  if (pieces.length - start > SPLIT_ABOVE) {
    try {
      const span = largestArray(pieces, start);
      if (span) return assembled(pieces, start, span);
    } catch {
      // Whatever the pieces could not say, the whole text says below, with JSON.parse's own message.
    }
  }
  return JSON.parse(pieces.text(start));
}

/**
 * The largest array that is the value of a property of the top-level object, with the commas its
 * groups are cut at; undefined when the body is not an object of well-nested brackets and
 * terminated strings, or when that array's key is given more than once (JSON.parse keeps the last).
 * Commas, brackets and quotes are ASCII and never part of a multi-byte UTF-8 sequence, so the
 * bytes are scanned as they are, piece by piece; a string is skipped to its closing quote with indexOf.
 */
function largestArray(body: BodyPieces, start: number): ArraySpan | undefined {
  let begun = false;
  let depth = 0;
  const keys: Array<[number, number]> = [];
  let lastKey: [number, number] | undefined;
  let current: ArraySpan | undefined;
  let best: ArraySpan | undefined;
  let groupStart = 0;
  let i = start;
  while (i < body.length) {
    const k = body.pieceAt(i);
    const piece = body.pieces[k]!;
    const base = body.startOf(k);
    // To the piece's end, or to a string that ends in a later piece (then on from the byte after it).
    let next = base + piece.length;
    for (let j = i - base; j < piece.length; j++) {
      const c = piece[j]!;
      if (!begun) {
        if (c === OPEN_OBJECT) begun = true;
        else if (c > 0x20) return undefined;
        else continue;
      }
      const at = base + j;
      if (c === QUOTE) {
        const end = closingQuote(body, at);
        if (end < 0) return undefined;
        if (depth === 1) {
          lastKey = [at, end + 1];
          keys.push(lastKey);
        }
        if (end - base >= piece.length) {
          next = end + 1;
          break;
        }
        j = end - base;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        depth++;
        if (depth === 2 && c === OPEN_ARRAY && lastKey) {
          current = { key: lastKey, open: at, close: -1, cuts: [] };
          groupStart = at;
        }
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (depth === 2 && current) {
          if (c !== CLOSE_ARRAY) return undefined;
          current.close = at;
          if (!best || current.close - current.open > best.close - best.open) best = current;
          current = undefined;
        }
        depth--;
        if (depth < 0) return undefined;
      } else if (c === COMMA && depth === 2 && current && at - groupStart >= GROUP) {
        current.cuts.push(at);
        groupStart = at;
      }
    }
    i = next;
  }
  if (depth !== 0 || !best || best.cuts.length === 0) return undefined;
  const keyOf = ([from, to]: [number, number]) => JSON.parse(body.text(from, to)) as string;
  const key = keyOf(best.key);
  return keys.filter((k) => keyOf(k) === key).length === 1 ? best : undefined;
}

/** The offset of the quote that closes the string opened at `open`, or -1 when none does. */
function closingQuote(body: BodyPieces, open: number): number {
  let j = open;
  for (;;) {
    j = body.indexOf(QUOTE, j + 1);
    if (j < 0) return -1;
    let backslashes = 0;
    while (body.byteAt(j - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return j;
  }
}

/** The object with the array at `span` parsed group by group and put back under its key. */
function assembled(body: BodyPieces, start: number, span: ArraySpan): unknown {
  const rest = JSON.parse(body.text(start, span.open + 1) + body.text(span.close)) as Record<string, unknown>;
  const elements: unknown[] = [];
  let before = span.open;
  for (const after of [...span.cuts, span.close]) {
    const group = parsedGroup(body, before, after);
    // Only whitespace between two cuts, or after the last: text JSON.parse rejects whole (`[ ,1]`, `[1, ]`).
    if (group.length === 0) throw new SyntaxError('a group of no elements');
    for (const element of group) elements.push(element);
    before = after;
  }
  const key = JSON.parse(body.text(span.key[0], span.key[1])) as string;
  // As JSON.parse makes it: an own, writable, enumerable property, even for a key like `__proto__`.
  Object.defineProperty(rest, key, { value: elements, writable: true, enumerable: true, configurable: true });
  return rest;
}

/**
 * The elements between the `[` or comma at `before` and the comma or `]` at `after`, parsed as
 * one array from bytes that hold them between brackets. A group's text joined to brackets as
 * strings (`[${text}]`) was a string of pieces that JSON.parse copied into one before parsing, a
 * second copy of a page's text on the heap and a quarter of the parse's time. A group that lies in
 * one piece is bracketed in place: the two bytes are written over while its text is made and put
 * back before this returns or throws, so the body is never copied. One that spans pieces (most, of
 * a body read from a socket) is copied with brackets into a scratch buffer off the heap, reused
 * group after group and page after page: copying its ~50 KB is a small part of decoding it, and
 * it keeps the body in the pieces it arrived in, never joined (body-pieces.ts).
 */
function parsedGroup(body: BodyPieces, before: number, after: number): unknown[] {
  const k = body.pieceAt(before);
  if (k === body.pieceAt(after)) {
    const piece = body.pieces[k]!;
    const open = before - body.startOf(k);
    const close = after - body.startOf(k);
    const [was, wasAfter] = [piece[open]!, piece[close]!];
    piece[open] = OPEN_ARRAY;
    piece[close] = CLOSE_ARRAY;
    try {
      return JSON.parse(decoded(piece, open, close + 1)) as unknown[];
    } finally {
      piece[open] = was;
      piece[close] = wasAfter;
    }
  }
  const size = after - before + 1;
  const bytes = scratchOf(size);
  bytes[0] = OPEN_ARRAY;
  body.copy(bytes, 1, before + 1, after);
  bytes[size - 1] = CLOSE_ARRAY;
  return JSON.parse(decoded(bytes, 0, size)) as unknown[];
}

/** The buffer kept for groups that span pieces (SCRATCH_KEPT); allocated on the first such group. */
let scratch: Buffer | undefined;

/** A buffer of at least `size` bytes to copy a group into: the one kept, unless it needs more than SCRATCH_KEPT. */
function scratchOf(size: number): Buffer {
  if (scratch && scratch.length >= size) return scratch;
  if (size > SCRATCH_KEPT) return Buffer.allocUnsafeSlow(size);
  return (scratch = Buffer.allocUnsafeSlow(Math.max(size, 2 * GROUP)));
}

/**
 * The text of `bytes` from `from` to `to` (exclusive), decoded as UTF-8. Bytes that are all ASCII
 * read the same as Latin-1, which Node copies into a string without UTF-8's checks of each byte
 * (a tenth of a page's parse).
 */
function decoded(bytes: Buffer, from: number, to: number): string {
  return bytes.toString(isAscii(bytes.subarray(from, to)) ? 'latin1' : 'utf8', from, to);
}
