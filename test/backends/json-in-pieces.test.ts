// A response body parsed in pieces: the value JSON.parse gives of the whole text, always, and the
// error it gives when the text is not JSON; a large page parsed without any text over V8's
// large-object size.
import fc from '../helpers/fast-check.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BodyPieces } from '../../src/backends/http/body-pieces.js';
import { parseJsonBody } from '../../src/backends/http/json-in-pieces.js';

/** V8's largest regular heap object (kMaxRegularHeapObjectSize on 64-bit): a string above it is a large object. */
const LARGE_OBJECT = 128 * 1024;

const outcome = (f: () => unknown): { value: unknown } | { error: string } => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
};

/** An object shaped like a list page: `data` holds the elements, `extra` comes between it and `has_more`. */
const page = (elements: readonly unknown[], extra: Record<string, unknown> = {}) => ({ object: 'list', data: elements, ...extra, has_more: true });

afterEach(() => vi.restoreAllMocks());

describe('parseJsonBody', () => {
  it('gives what JSON.parse gives of the decoded text, for any JSON, indented or not, large or small', () => {
    const element = fc.record({ id: fc.string(), text: fc.string({ unit: 'binary', minLength: 0, maxLength: 40 }), value: fc.jsonValue({ maxDepth: 3 }) });
    fc.assert(
      fc.property(fc.array(element, { maxLength: 30 }), fc.jsonValue({ maxDepth: 2 }), fc.nat(3000), fc.constantFrom(undefined, 2, '\t'), (elements, other, pad, indent) => {
        // Padding each element takes most pages over the size at which the body is split.
        const value = page(elements.map((e) => ({ ...e, pad: 'é"\\'.repeat(pad) })), { other });
        const text = JSON.stringify(value, null, indent);
        expect(parseJsonBody(Buffer.from(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same value, or the same error, from the buffers a body arrived in, wherever they were cut', () => {
    const text = JSON.stringify(page(Array.from({ length: 60 }, (_, i) => ({ id: `asst_${i}`, instructions: `é"\\ ${'x'.repeat(3000 + i)} \\"`, n: i }))), null, 1);
    const bytes = Buffer.from(text);
    // Large enough to be split into groups (and so read piece by piece).
    expect(bytes.length).toBeGreaterThan(LARGE_OBJECT);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 }), fc.option(fc.nat(bytes.length - 1)), (cuts, truncate) => {
        const body = truncate === null ? bytes : bytes.subarray(0, truncate);
        const at = [0, ...cuts.filter((c) => c <= body.length).sort((a, b) => a - b), body.length];
        // Empty pieces too, as a socket may hand one.
        const pieces = new BodyPieces(at.slice(1).map((to, k) => body.subarray(at[k]!, to)));
        expect(outcome(() => parseJsonBody(pieces))).toEqual(outcome(() => JSON.parse(body.toString())));
      }),
      { numRuns: 150 },
    );
  });

  it('parses groups that lie inside one piece and groups that span pieces alike, non-ASCII text cut between pieces too', () => {
    // Elements of ~1 KB: 48 KB groups, some inside one 100 KB piece and some across an edge; every
    // element's text is non-ASCII, so an edge falls inside a two- or three-byte character somewhere.
    const text = JSON.stringify(page(Array.from({ length: 600 }, (_, i) => ({ id: `asst_${i}`, name: i % 2 ? 'ascii only '.repeat(90) : 'é€ü'.repeat(150) }))));
    const bytes = Buffer.from(text);
    const edges = [100_000, 200_001, 300_002, 400_003, 500_004, 600_005].filter((e) => e < bytes.length);
    expect(edges.some((e) => bytes[e]! >= 0x80 && bytes[e]! < 0xc0)).toBe(true);
    const at = [0, ...edges, bytes.length];
    const pieces = new BodyPieces(at.slice(1).map((to, k) => bytes.subarray(at[k]!, to)));
    const parse = vi.spyOn(JSON, 'parse');
    expect(parseJsonBody(pieces)).toEqual(JSON.parse(text));
    // Arrays of elements, one a group: parsed from bytes given brackets, as many inside a piece as across.
    const groups = parse.mock.calls.map(([t]) => t).filter((t) => t.startsWith('[{"id":'));
    // Where each group's bytes stood, its brackets on the `[` or commas around it: some lie inside a piece, some across an edge.
    let before = bytes.indexOf('"data":[') + '"data":'.length;
    const across = groups.map((t) => {
      const after = before + Buffer.byteLength(t) - 1;
      const spans = edges.some((e) => e > before && e <= after);
      before = after;
      return spans;
    });
    expect(before).toBe(bytes.lastIndexOf(']'));
    expect(across.filter(Boolean).length).toBe(edges.length);
    expect(across.filter((a) => !a).length).toBeGreaterThan(edges.length);
  });

  it('leaves the bytes of the body as they were, in one buffer or in pieces, when a group fails to parse', () => {
    const text = JSON.stringify(page(Array.from({ length: 200 }, (_, i) => ({ id: `asst_${i}`, name: 'n'.repeat(2000), n: i }))));
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.constantFrom('x', '"', '\\', ':'), fc.uniqueArray(fc.nat(text.length), { maxLength: 8 }), (at, put, cuts) => {
        const bytes = Buffer.from(text.slice(0, at) + put + text.slice(at));
        const copy = Buffer.from(bytes);
        const edges = [0, ...cuts.filter((c) => c <= bytes.length).sort((a, b) => a - b), bytes.length];
        for (const body of [bytes, new BodyPieces(edges.slice(1).map((to, k) => bytes.subarray(edges[k]!, to)))]) {
          expect(outcome(() => parseJsonBody(body))).toEqual(outcome(() => JSON.parse(copy.toString())));
          expect(bytes.equals(copy)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reads the pieces as one run of bytes: a character cut between two pieces decodes whole, a search crosses pieces', () => {
    const bytes = Buffer.from('aé"b€c');
    const body = new BodyPieces([bytes.subarray(0, 2), Buffer.alloc(0), bytes.subarray(2, 7), bytes.subarray(7)]);
    expect(body.length).toBe(bytes.length);
    expect(body.text()).toBe('aé"b€c');
    expect(body.text(1, 3)).toBe('é');
    expect(body.indexOf(0x63, 0)).toBe(bytes.length - 1);
    expect(body.indexOf(0x22, 4)).toBe(-1);
    expect(body.byteAt(2)).toBe(0xa9);
    expect(body.byteAt(bytes.length)).toBeUndefined();
    expect(new BodyPieces([]).text()).toBe('');
    const into = Buffer.alloc(6, 0x2d);
    body.copy(into, 1, 1, 5);
    expect(into).toEqual(Buffer.concat([Buffer.from('-'), bytes.subarray(1, 5), Buffer.from('-')]));
  });

  it('fails exactly as JSON.parse fails, with its message, when a large page is cut short or has a character put in', () => {
    const text = JSON.stringify(page(Array.from({ length: 60 }, (_, i) => ({ id: `asst_${i}`, instructions: 'x\\"'.repeat(1500) }))));
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.constantFrom('}', ']', ',', ':', '"', 'x', '\\', '\n', '0', '[', '{'), fc.boolean(), (at, put, cut) => {
        const broken = cut ? text.slice(0, at) : text.slice(0, at) + put + text.slice(at);
        expect(outcome(() => parseJsonBody(Buffer.from(broken)))).toEqual(outcome(() => JSON.parse(broken)));
      }),
      { numRuns: 200 },
    );
  });

  it('fails as JSON.parse fails when whitespace alone stands where a group of elements would', () => {
    const space = ' '.repeat(200_000);
    for (const text of [`{"data":[${space},1]}`, `{"data":[1,${space}]}`, `{"data":[${'1,'.repeat(30_000)}${space},2]}`]) {
      expect(outcome(() => parseJsonBody(Buffer.from(text)))).toEqual(outcome(() => JSON.parse(text)));
      expect(outcome(() => parseJsonBody(Buffer.from(text)))).toHaveProperty('error');
    }
  });

  it('keeps JSON.parse\'s rules for keys: the last of a repeated key wins, and __proto__ is an own property', () => {
    const big = Array.from({ length: 400 }, (_, i) => ({ id: `asst_${i}`, name: 'n'.repeat(500) }));
    const repeated = `{"data":${JSON.stringify(big)},"data":[1]}`;
    expect(parseJsonBody(Buffer.from(repeated))).toEqual({ data: [1] });
    const proto = `{"__proto__":${JSON.stringify(big)},"x":1}`;
    const parsed = parseJsonBody(Buffer.from(proto)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'x']);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual(big);
  });

  it('drops a byte order mark and decodes a bad UTF-8 sequence to U+FFFD, as the built-in json() does', () => {
    const text = JSON.stringify(page(Array.from({ length: 300 }, (_, i) => ({ id: `asst_${i}`, name: 'ü'.repeat(300) }))));
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    // A lone continuation byte inside the last element's name.
    bytes[bytes.length - 40] = 0x80;
    expect(parseJsonBody(bytes)).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
  });

  it('parses a page of 100 assistants without making any text of V8\'s large-object size', () => {
    const text = JSON.stringify(page(Array.from({ length: 100 }, (_, i) => ({ id: `asst_${i}`, object: 'assistant', instructions: 'cite politely. '.repeat(300), metadata: { k: 'v' } }))));
    expect(text.length).toBeGreaterThan(3 * LARGE_OBJECT);
    const parse = vi.spyOn(JSON, 'parse');
    expect(parseJsonBody(Buffer.from(text))).toEqual(JSON.parse(text));
    const texts = parse.mock.calls.slice(0, -1).map(([t]) => t);
    expect(texts.length).toBeGreaterThan(1);
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThan(LARGE_OBJECT);
  });

  it('parses such a page in groups from the buffers it arrived in too, with strings and escapes cut between them', () => {
    const text = JSON.stringify(page(Array.from({ length: 100 }, (_, i) => ({ id: `asst_${i}`, instructions: 'say \\"hi\\" politely. '.repeat(200), metadata: { k: 'v' } }))));
    const bytes = Buffer.from(text);
    // Pieces of an odd size, so that quotes, backslashes and commas fall on their edges.
    const pieces = new BodyPieces(Array.from({ length: Math.ceil(bytes.length / 997) }, (_, k) => bytes.subarray(k * 997, (k + 1) * 997)));
    const parse = vi.spyOn(JSON, 'parse');
    expect(parseJsonBody(pieces)).toEqual(JSON.parse(text));
    const texts = parse.mock.calls.slice(0, -1).map(([t]) => t);
    expect(texts.length).toBeGreaterThan(1);
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThan(LARGE_OBJECT);
  });
});
