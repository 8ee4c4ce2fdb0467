// misaligned-indent.ts says which line of a list is at the wrong indent, for each parser error
// on such a line: a list of 20,000 misindented items gives as many errors, so the answers must
// cost a pass over the lines, not a walk up the list for each (which took ~4 s at 20,000 lines).
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { misalignedIndent } from '../../src/yaml/misaligned-indent.js';

/** A deterministic stream of numbers in [0, 1) (mulberry32), so the texts below are the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONTENTS = ['- a: 1', '-', '- ', 'tools:', 'name: x', '- type: function', '- - x', '# note', '', 'x', '- b', 'key: # why', 'function:', '  ', '- tools:', 'items:  ', '-x', ': y'];

/** `count` texts of 1 to 24 lines, each line an indent of 0 to 8 spaces and one of CONTENTS: lists, keys and fields at every indent. */
function texts(count: number): string[] {
  const next = random(48);
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(next() * 24) }, () => ' '.repeat(Math.floor(next() * 9)) + CONTENTS[Math.floor(next() * CONTENTS.length)]!).join('\n'),
  );
}

/** Every line's answer (and one past the end), each line asked as the loader asks: in order, once. */
function answers(text: string): unknown[] {
  const at = misalignedIndent(text);
  const n = text.split('\n').length;
  return Array.from({ length: n + 1 }, (_, i) => at(i + 1) ?? null);
}

/** A list of `n` items under `tools:`, every other one a space further in: n/2 lines the parser errs on. */
const misindented = (n: number) => ['tools:', ...Array.from({ length: n }, (_, i) => `${i % 2 === 0 ? '  ' : '   '}- type: function${i}`)].join('\n');

describe('misalignedIndent', () => {
  afterEach(() => vi.restoreAllMocks());

  it("says of each line exactly what the walk up the lines said (the digest of its answers over 3,000 texts, made before the walk was replaced)", () => {
    const kindOf = (a: unknown) => (a === null ? 'none' : 'aligned' in (a as object) ? 'aligned' : (a as { kind: string }).kind);
    // A document's first lines indented past a later one (`top`, said since) are said only where the walk said nothing.
    const all = texts(3_000).map((text) => answers(text).map((a) => (kindOf(a) === 'top' ? null : a)));
    const kinds = all.flat().map(kindOf);
    // Not a digest of nothing: every kind of answer is among them, many times.
    for (const kind of ['item', 'field', 'entry', 'aligned']) expect(kinds.filter((k) => k === kind).length, kind).toBeGreaterThan(200);
    expect(createHash('sha256').update(JSON.stringify(all)).digest('hex')).toBe('9cdca98b6b63a1f799d17f8736016bc422614f88906113db1efad39c31027ef1');
  });

  it('answers each item of a misindented list in turn', () => {
    const at = misalignedIndent(misindented(4));
    // The first item is the list's column: nothing to say of it; the third is at it.
    expect(at(2)).toBeUndefined();
    expect(at(4)).toEqual({ aligned: true, parentLine: 1 });
    expect(at(3)).toEqual({
      line: 3,
      column: 4,
      parentLine: 1,
      kind: 'item',
      message: 'the list item on line 3 starts at column 4, but the items of `tools:` above it start at column 3',
      hint: 'indent its `-` to column 3 (2 spaces), as the items above',
    });
  });

  // The work, counted rather than timed: each line is matched against the item and key patterns
  // (RegExp.prototype.test) a bounded number of times however many lines are asked about.
  it('reads each line a bounded number of times, however long the list and however many of its lines are asked about', () => {
    const tests = (n: number) => {
      const text = misindented(n);
      const spy = vi.spyOn(RegExp.prototype, 'test');
      const at = misalignedIndent(text);
      for (let line = 1; line <= n + 1; line++) at(line);
      const count = spy.mock.calls.length;
      spy.mockRestore();
      return count;
    };
    const [small, large] = [tests(1_000), tests(2_000)];
    expect(small).toBeLessThan(5 * 1_000);
    expect(large).toBeLessThan(2.1 * small);
  });
});
