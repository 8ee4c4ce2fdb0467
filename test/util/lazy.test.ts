// lazyObject: an object made at its first use, whatever that use is, and then plain data.
import { describe, expect, it } from 'vitest';
import { lazyObject, notFilled } from '../../src/util/lazy.js';

describe('lazyObject', () => {
  const uses: Array<[string, (o: Record<string, string>) => unknown, unknown]> = [
    ['a read', (o) => o.b, '2'],
    ['a missing read', (o) => o.z, undefined],
    ['`in`', (o) => 'a' in o, true],
    ['its keys', (o) => Object.keys(o), ['a', 'b']],
    ['its entries', (o) => Object.entries(o), [['a', '1'], ['b', '2']]],
    ['a spread', (o) => ({ ...o }), { a: '1', b: '2' }],
    ['JSON', (o) => JSON.stringify(o), '{"a":"1","b":"2"}'],
    ['its prototype', (o) => Object.getPrototypeOf(o) === Object.prototype, true],
    ['a descriptor', (o) => Object.getOwnPropertyDescriptor(o, 'a')?.value, '1'],
    ['a write', (o) => ((o.c = '3'), Object.keys(o)), ['a', 'b', 'c']],
    ['a delete', (o) => (delete o.a, Object.keys(o)), ['b']],
    ['a freeze', (o) => Object.isFrozen(Object.freeze(o)), true],
  ];
  for (const [what, use, expected] of uses) {
    it(`is made at ${what}, once, and answers as the object made`, () => {
      let made = 0;
      const o = lazyObject<Record<string, string>>((into) => {
        made++;
        into.a = '1';
        into.b = '2';
      });
      expect(made).toBe(0);
      expect(notFilled(o)).toBe(true);
      expect(use(o)).toEqual(expected);
      expect(made).toBe(1);
      expect(notFilled(o)).toBe(false);
      use(o);
      expect(made).toBe(1);
    });
  }

  it('tells only its own objects apart', () => {
    expect(notFilled({})).toBe(false);
    expect(notFilled(new Proxy({}, {}))).toBe(false);
  });
});
