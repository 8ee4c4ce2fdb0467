// Characters as the APIs count them, and a string's first ones, without an array of its characters.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from '../helpers/fast-check.js';
import { describe, expect, it } from 'vitest';
import { codePoints, firstCodePoints } from '../../src/util/characters.js';

describe('codePoints and firstCodePoints', () => {
  it('count an emoji once and an unpaired surrogate once, as iterating the string does', () => {
    expect(codePoints('a😀b')).toBe(3);
    expect(codePoints('\ud83d')).toBe(1);
    expect(codePoints('\ude00\ud83d')).toBe(2);
    expect(codePoints('\ud83d\ud83d\ude00')).toBe(2);
    expect(firstCodePoints('a😀b', 2)).toBe('a😀');
    expect(firstCodePoints('😀😀', 1)).toBe('😀');
    expect(firstCodePoints('ab', 5)).toBe('ab');
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.nat(20), (s, n) => {
      expect(codePoints(s)).toBe([...s].length);
      expect(firstCodePoints(s, n)).toBe([...s].slice(0, n).join(''));
    }));
  });

  it('count a string of 20 million characters in a 64 MB heap', () => {
    // The built module: the test runner's own heap is not the one measured.
    const module = fileURLToPath(new URL('../../dist/util/characters.js', import.meta.url));
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', '--input-type=module', '-e',
      `import { codePoints, firstCodePoints } from ${JSON.stringify(module)}; const s = 'é'.repeat(20e6); console.log(codePoints(s), firstCodePoints(s, 3));`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('20000000 ééé\n');
  });
});
