import { describe, expect, test } from 'vitest';
import fc from '../helpers/fast-check.js';
import { baseKey, fallbackKey, slugify, uniqueKey } from '../../src/util/slug.js';
import { keyProblem } from '../../src/model/key-format.js';

describe('slugify', () => {
  test.each([
    ['Café Bot', 'cafe-bot'],
    ['HR Helper (v2)', 'hr-helper-v2'],
    ['  --Support__Desk--  ', 'support-desk'],
    ['Straße Ærø Łódź', 'strasse-aero-lodz'],
    ['ＦＵＬＬ　ＷＩＤＴＨ', 'full-width'],
    ['\u001b[1;31mAlert\u001b[0m Bot', 'alert-bot'],
    ['日本語のボット', ''],
    ['Ассистент', ''],
    ['', ''],
    [null, ''],
  ])('%j → %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  test('cuts long names at a word boundary', () => {
    const slug = slugify('word '.repeat(50));
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(/^word(-word)*$/);
  });

  test('always a usable file name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (name) => {
        expect(slugify(name)).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/);
      }),
    );
  });
});

describe('keys', () => {
  test('names with no usable letters fall back to the id', () => {
    expect(fallbackKey('asst_AbCdEfGh12345678', 'assistant')).toBe('assistant-12345678');
    expect(baseKey('', 'asst_abc', 'assistant')).toBe('assistant-abc');
    expect(baseKey('🤖 ✨', 'asst_abc', 'assistant')).toBe('assistant-abc');
  });

  test('a name without Latin letters keeps its own: composed, lower-cased, only letters, digits and -', () => {
    expect(baseKey('日本語', 'asst_abc', 'assistant')).toBe('日本語');
    expect(baseKey('Ассистент Поддержки', 'asst_abc', 'assistant')).toBe('ассистент-поддержки');
    expect(baseKey('Ε\u0301λενα', 'asst_abc', 'assistant')).toBe('\u03adλενα');
    expect(baseKey('हिन्दी सहायक', 'asst_abc', 'assistant')).toBe('हिन्दी-सहायक');
    expect(baseKey('ボット*?/../\u200b.', 'asst_abc', 'assistant')).toBe('ボット');
    expect(baseKey('ボット'.repeat(40), 'asst_abc', 'assistant')).toBe('ボット'.repeat(20));
  });

  test('always a key a definition may give, of letters, digits, marks and -', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (name) => {
        const key = baseKey(name, 'asst_abc', 'assistant');
        expect(keyProblem(key), key).toBeUndefined();
        expect(key).toMatch(/^[\p{L}\p{N}\p{M}]+(-[\p{L}\p{N}\p{M}]+)*$/u);
        expect(key).toBe(key.normalize('NFC'));
      }),
    );
    expect(baseKey(null, 'asst_XYZ', 'assistant')).toBe('assistant-xyz');
    expect(baseKey('Tutor', 'asst_XYZ', 'assistant')).toBe('tutor');
  });

  test("a Windows device name (con, nul, com1, …) is never a key alone: its file could not be checked out there", () => {
    expect(['CON', 'nul', 'Aux', 'Prn', 'COM1', 'lpt9'].map((name) => baseKey(name, 'asst_x', 'assistant'))).toEqual(['con-assistant', 'nul-assistant', 'aux-assistant', 'prn-assistant', 'com1-assistant', 'lpt9-assistant']);
    expect(baseKey('Con', 'ag', 'agent')).toBe('con-agent');
    // Only the whole name: a word of it, or com10, is a file name like any other.
    expect(['Con Bot', 'console', 'com10'].map((name) => baseKey(name, 'asst_x', 'assistant'))).toEqual(['con-bot', 'console', 'com10']);
  });

  test('uniqueKey counts up from -2', () => {
    const taken = new Set(['bot', 'bot-2']);
    expect(uniqueKey('bot', (k) => taken.has(k))).toBe('bot-3');
    expect(uniqueKey('free', (k) => taken.has(k))).toBe('free');
  });
});
