// sameJson compares in place what canonicalJson would serialize: the two must never disagree,
// or a plan would show a change that is none (or hide one).
import fc from '../helpers/fast-check.js';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sameJson } from '../../src/model/canonical.js';

// Small alphabets so that equal values (and near misses) come up often.
const leaf = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -0, 1, 1.5, NaN, Infinity, -Infinity, '', 'a', '1'),
  fc.integer({ min: -2, max: 2 }),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 3 }),
  // `__proto__` too: keys are data, and an assignment would make that one the object's prototype.
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c', '__proto__'), tie('node'), { maxKeys: 3, noNullPrototype: true }),
})).node;

describe('sameJson', () => {
  it('agrees with comparing canonical JSON, for any two values', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on a value and its reordered, undefined-padded copy', () => {
    fc.assert(
      fc.property(value, (a) => {
        const copy = JSON.parse(canonicalJson(a)) as unknown;
        const padded = copy && typeof copy === 'object' && !Array.isArray(copy) ? { z: undefined, ...copy } : copy;
        expect(sameJson(a, padded)).toBe(true);
        expect(sameJson(padded, a)).toBe(true);
      }),
    );
  });

  it('treats the cases JSON folds together as JSON does', () => {
    expect(sameJson(undefined, null)).toBe(true);
    expect(sameJson(NaN, null)).toBe(true);
    expect(sameJson([undefined], [null])).toBe(true);
    expect(sameJson({ a: undefined }, {})).toBe(true);
    // A member JSON keeps as null is not one it drops.
    expect(sameJson({ a: null }, { a: undefined })).toBe(false);
    expect(sameJson({ a: Infinity }, { a: undefined, c: '1' })).toBe(false);
    expect(sameJson({ a: undefined, c: '1' }, { a: NaN })).toBe(false);
    expect(sameJson(-0, 0)).toBe(true);
    expect(sameJson('1', 1)).toBe(false);
    expect(sameJson({}, [])).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });

  it('keeps a key named __proto__ as data', () => {
    const a = JSON.parse('{"__proto__": {"x": 1}, "b": 2}') as unknown;
    expect(canonicalJson(a)).toBe('{"__proto__":{"x":1},"b":2}');
    expect(sameJson(a, { b: 2 })).toBe(false);
    expect(canonicalJson({ b: 2 })).not.toBe(canonicalJson(a));
  });
});
