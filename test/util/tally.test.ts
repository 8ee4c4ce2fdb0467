import { describe, expect, it } from 'vitest';
import { Tally } from '../../src/util/tally.js';

describe('Tally', () => {
  it('resolves a wait once the count reaches it, at once when it has, and never below it', async () => {
    const tally = new Tally();
    const got: string[] = [];
    void tally.reached(3).then(() => got.push('3'));
    void tally.reached(1).then(() => got.push('1'));
    tally.saw(1);
    await Promise.resolve();
    expect(got).toEqual(['1']);
    tally.saw(2);
    await Promise.resolve();
    expect(got).toEqual(['1']);
    tally.saw(5);
    await tally.reached(4);
    expect(got).toEqual(['1', '3']);
  });
});
