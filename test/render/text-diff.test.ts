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

describe('unifiedLineDiff among repeated lines', () => {
  const cite = '- Always cite the policy document.';
  it.each([40, 3_000])('shows a line edited in a run of %i identical lines as that line changed, as git does', (n) => {
    const before = Array.from({ length: n }, () => cite);
    const after = [...before];
    const at = Math.floor(n / 2);
    after[at - 1] = `${cite} (edited)`;
    expect(unifiedLineDiff(`${before.join('\n')}\n`, `${after.join('\n')}\n`)).toEqual([
      `@@ -${at - 3},7 +${at - 3},7 @@`,
      ` ${cite}`,
      ` ${cite}`,
      ` ${cite}`,
      `-${cite}`,
      `+${cite} (edited)`,
      ` ${cite}`,
      ` ${cite}`,
      ` ${cite}`,
    ]);
  });

  it('keeps a line added to a run where it was added', () => {
    expect(unifiedLineDiff('a\nx\nx\nx\nb\n', 'a\nx\nx\nx\nx\nb\n', { context: 0 })).toHaveLength(2);
    expect(unifiedLineDiff('a\n\n\nb\nc\n', 'a\n\nb\nc!\n', { context: 0 })).toEqual(['@@ -3,1 +2,0 @@', '-', '@@ -5,1 +4,1 @@', '-c', '+c!']);
  });

  it('always gives back both texts, whatever it slides (random texts of few distinct lines)', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const text = () => Array.from({ length: random(12) }, () => 'abc'[random(3)]).join('\n') + (random(2) ? '\n' : '');
      const before = text();
      const after = text();
      const lines = unifiedLineDiff(before, after, { context: 100 }).filter((l) => !l.startsWith('@@') && !l.startsWith('\\'));
      const side = (keep: string) => lines.filter((l) => l[0] === ' ' || l[0] === keep).map((l) => l.slice(1));
      const body = (t: string) => (t === '' ? [] : textLines(t));
      if (before === after) continue;
      expect(side('-')).toEqual(body(before));
      expect(side('+')).toEqual(body(after));
    }
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
