import { describe, expect, it } from 'vitest';
import { textLines, unifiedLineDiff } from '../../src/render/text-diff.js';

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('unifiedLineDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedLineDiff('a\nb', 'a\nb')).toEqual([]);
  });

  it('shows a changed line with three lines of context by default', () => {
    const before = numbered(10);
    const after = [...before];
    after[4] = 'line five';
    expect(unifiedLineDiff(before.join('\n'), after.join('\n'))).toEqual([
      '@@ -2,7 +2,7 @@',
      ' line 2',
      ' line 3',
      ' line 4',
      '-line 5',
      '+line five',
      ' line 6',
      ' line 7',
      ' line 8',
    ]);
  });

  it('splits distant changes into hunks and honours the context option', () => {
    const before = numbered(20);
    const after = [...before];
    after[1] = 'two';
    after[17] = 'eighteen';
    expect(unifiedLineDiff(before.join('\n'), after.join('\n'), { context: 1 })).toEqual([
      '@@ -1,3 +1,3 @@',
      ' line 1',
      '-line 2',
      '+two',
      ' line 3',
      '@@ -17,3 +17,3 @@',
      ' line 17',
      '-line 18',
      '+eighteen',
      ' line 19',
    ]);
  });

  it('numbers an empty side from the line before it, as unified diff does', () => {
    expect(unifiedLineDiff('', 'x\ny')).toEqual(['@@ -0,0 +1,2 @@', '+x', '+y']);
    expect(unifiedLineDiff('a\nb\n', 'a\n', { context: 0 })).toEqual(['@@ -2,1 +1,0 @@', '-b']);
  });

  it('keeps the missing-newline marker only when the final newline is the difference', () => {
    expect(unifiedLineDiff('a\nb', 'a\nc')).not.toContain('\\ No newline at end of file');
    expect(unifiedLineDiff('a\nb', 'a\nb\n')).toEqual([
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '\\ No newline at end of file',
      '+b',
    ]);
  });
});

describe('textLines', () => {
  it('drops only the empty line a trailing newline leaves', () => {
    expect(textLines('a\nb\n')).toEqual(['a', 'b']);
    expect(textLines('a\n\nb')).toEqual(['a', '', 'b']);
    expect(textLines('')).toEqual(['']);
  });
});

describe('unifiedLineDiff on a rewrite too large to align', () => {
  it('shows every old line removed and every new line added, in one hunk', () => {
    const before = numbered(1_500).join('\n');
    const after = numbered(1_500).map((l) => `${l}!`).join('\n');
    const diff = unifiedLineDiff(before, after);
    expect(diff).toHaveLength(1 + 3_000);
    expect(diff[0]).toBe('@@ -1,1500 +1,1500 @@');
    expect(diff[1]).toBe('-line 1');
    expect(diff[1_500]).toBe('-line 1500');
    expect(diff[1_501]).toBe('+line 1!');
  });
});
