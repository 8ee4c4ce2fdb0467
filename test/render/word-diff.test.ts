import { describe, expect, it } from 'vitest';
import { wordHunks } from '../../src/render/word-diff.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

describe('wordHunks', () => {
  it('shows a one-word edit in a long line with six words of context either side', () => {
    const before = words(100);
    expect(wordHunks(before, before.replace('w50', 'fifty'))).toEqual([
      { before: '… w44 w45 w46 w47 w48 w49 [-w50-] w51 w52 w53 w54 w55 w56 …', after: '… w44 w45 w46 w47 w48 w49 {+fifty+} w51 w52 w53 w54 w55 w56 …' },
    ]);
  });

  it('keeps edits close together in one hunk and far apart in two', () => {
    const before = words(100);
    const near = wordHunks(before, before.replace('w10 ', 'ten ').replace('w15 ', 'fifteen '))!;
    expect(near).toHaveLength(1);
    expect(near[0]!.after).toBe('… w4 w5 w6 w7 w8 w9 {+ten+} w11 w12 w13 w14 {+fifteen+} w16 w17 w18 w19 w20 w21 …');
    const far = wordHunks(before, before.replace('w1 ', 'one ').replace('w98', 'ninety-eight'))!;
    expect(far.map((h) => h.before)).toEqual(['w0 [-w1-] w2 w3 w4 w5 w6 w7 …', '… w92 w93 w94 w95 w96 w97 [-w98-] w99']);
  });

  it('marks words added at the end and removed at the start', () => {
    expect(wordHunks('a b c', 'a b c d')).toEqual([{ before: 'a b c', after: 'a b c{+ d+}' }]);
    expect(wordHunks('x a b', 'a b')).toEqual([{ before: '[-x -]a b', after: 'a b' }]);
  });

  it('gives up (null) on a line rewritten in more than a thousand places', () => {
    expect(wordHunks(words(3_000), words(3_000).replace(/w/g, 'v'))).toBeNull();
  });
});
