// A response body parsed in pieces: the value JSON.parse gives of the whole text, always, and the
// error it gives when the text is not JSON; a large page parsed without any text over V8's
// large-object size.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
});
