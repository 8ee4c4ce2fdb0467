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

/** Bodies smaller than this are parsed whole: their text is not a large object. Bytes. */
const SPLIT_ABOVE = 128 * 1024;
/** A group of elements is cut once its text reaches this: well under the large-object limit. Bytes. */
const GROUP = 48 * 1024;

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
function bomLength(body: Buffer): number {
  return body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
}

/**
 * The value of `body` (UTF-8 JSON text), as `JSON.parse` of its decoded text gives it: a byte
 * order mark is dropped and a bad UTF-8 sequence decodes to U+FFFD, as the built-in `json()`
 * does. Throws JSON.parse's SyntaxError when the text is not JSON.
 */
export function parseJsonBody(body: Buffer): unknown {
  const start = bomLength(body);
  if (body.length - start > SPLIT_ABOVE) {
    try {
      const span = largestArray(body, start);
      if (span) return assembled(body, start, span);
    } catch {
      // Whatever the pieces could not say, the whole text says below, with JSON.parse's own message.
    }
  }
  return JSON.parse(body.toString('utf8', start));
}

/**
 * The largest array that is the value of a property of the top-level object, with the commas its
 * groups are cut at; undefined when the body is not an object of well-nested brackets and
 * terminated strings, or when that array's key is given more than once (JSON.parse keeps the last).
 * Commas, brackets and quotes are ASCII and never part of a multi-byte UTF-8 sequence, so the
 * bytes are scanned as they are; a string is skipped to its closing quote with indexOf.
 */
function largestArray(body: Buffer, start: number): ArraySpan | undefined {
  let i = start;
  while (i < body.length && body[i] !== OPEN_OBJECT) {
    if (body[i]! > 0x20) return undefined;
    i++;
  }
  let depth = 0;
  const keys: Array<[number, number]> = [];
  let lastKey: [number, number] | undefined;
  let current: ArraySpan | undefined;
  let best: ArraySpan | undefined;
  let groupStart = 0;
  for (; i < body.length; i++) {
    const c = body[i]!;
    if (c === QUOTE) {
      const end = closingQuote(body, i);
      if (end < 0) return undefined;
      if (depth === 1) {
        lastKey = [i, end + 1];
        keys.push(lastKey);
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth === 2 && c === OPEN_ARRAY && lastKey) {
        current = { key: lastKey, open: i, close: -1, cuts: [] };
        groupStart = i;
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 2 && current) {
        if (c !== CLOSE_ARRAY) return undefined;
        current.close = i;
        if (!best || current.close - current.open > best.close - best.open) best = current;
        current = undefined;
      }
      depth--;
      if (depth < 0) return undefined;
    } else if (c === COMMA && depth === 2 && current && i - groupStart >= GROUP) {
      current.cuts.push(i);
      groupStart = i;
    }
  }
  if (depth !== 0 || !best || best.cuts.length === 0) return undefined;
  const keyOf = ([from, to]: [number, number]) => JSON.parse(body.toString('utf8', from, to)) as string;
  const key = keyOf(best.key);
  return keys.filter((k) => keyOf(k) === key).length === 1 ? best : undefined;
}

/** The index of the quote that closes the string opened at `open`, or -1 when none does. */
function closingQuote(body: Buffer, open: number): number {
  let j = open;
  for (;;) {
    j = body.indexOf(QUOTE, j + 1);
    if (j < 0) return -1;
    let backslashes = 0;
    while (body[j - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return j;
  }
}

/** The object with the array at `span` parsed group by group and put back under its key. */
function assembled(body: Buffer, start: number, span: ArraySpan): unknown {
  const rest = JSON.parse(body.toString('utf8', start, span.open + 1) + body.toString('utf8', span.close)) as Record<string, unknown>;
  const elements: unknown[] = [];
  let from = span.open + 1;
  for (const to of [...span.cuts, span.close]) {
    const group = JSON.parse(`[${body.toString('utf8', from, to)}]`) as unknown[];
    for (const element of group) elements.push(element);
    from = to + 1;
  }
  const key = JSON.parse(body.toString('utf8', span.key[0], span.key[1])) as string;
  // As JSON.parse makes it: an own, writable, enumerable property, even for a key like `__proto__`.
  Object.defineProperty(rest, key, { value: elements, writable: true, enumerable: true, configurable: true });
  return rest;
}
