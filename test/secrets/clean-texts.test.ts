// A long text searched for a set of secrets and found clean is not searched again for that set, by
// any caller (the loader's check, the plan's redaction): an equal text is answered from what was
// found. What is answered never changes: a text that holds a secret is always found, however alike
// it is to a clean one, and a set of secrets never takes another set's answer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataRedactor, holdsSecret, rememberCleanTexts, secretFinder } from '../../src/util/redact.js';

const KEY = 'sk-live-0123456789abcdef';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.token-value';

/** A prompt of `n` characters, a fresh string each call (never the same object). */
const prompt = (n: number) => Array.from({ length: n }, (_, i) => 'abcdefghij'[(i * 7) % 10]).join('');

/** How many texts the secrets' regular expressions are asked about while `fn` runs. */
function searches(fn: () => void): number {
  const test = vi.spyOn(RegExp.prototype, 'test');
  fn();
  const count = test.mock.calls.length;
  test.mockRestore();
  return count;
}

describe('clean texts remembered (rememberCleanTexts)', () => {
  afterEach(() => vi.restoreAllMocks());
  rememberCleanTexts();

  it('searches a long text once for a set of secrets, whoever asks and in whatever order the set is given', () => {
    const text = prompt(4000);
    expect(searches(() => expect(holdsSecret(text, [KEY, TOKEN])).toBe(false))).toBe(1);
    // The same text again, an equal copy of it, through the loader's finder and a plan's redactor.
    const redactor = new DataRedactor([TOKEN, KEY]);
    expect(searches(() => {
      expect(holdsSecret(text, [KEY, TOKEN])).toBe(false);
      expect(secretFinder([TOKEN, KEY])!(prompt(4000))).toBeUndefined();
      const spec = { instructions: prompt(4000) };
      expect(redactor.data(spec)).toBe(spec);
    })).toBe(0);
    // A short text is searched each time: looking it up would cost what the search does.
    expect(searches(() => {
      holdsSecret('a short prompt of some words', [KEY, TOKEN]);
      holdsSecret('a short prompt of some words', [KEY, TOKEN]);
    })).toBe(2);
  });

  it('finds a secret in a text alike a clean one (same length, same characters where it is sampled)', () => {
    const clean = prompt(1000);
    expect(holdsSecret(clean, [KEY])).toBe(false);
    // The key written over characters the lookup does not sample (it samples ninths of the text).
    const held = `${clean.slice(0, 10)}${KEY}${clean.slice(10 + KEY.length)}`;
    expect(held.length).toBe(clean.length);
    expect(holdsSecret(held, [KEY])).toBe(true);
    expect(new DataRedactor([KEY]).data({ instructions: held }).instructions).toContain('[redacted]');
  });

  it('keeps each set of secrets apart: a text clean of one set is searched for another', () => {
    const text = `${prompt(2000)} ${TOKEN} ${prompt(500)}`;
    expect(holdsSecret(text, [KEY])).toBe(false);
    expect(holdsSecret(text, [TOKEN])).toBe(true);
    expect(holdsSecret(text, [KEY, TOKEN])).toBe(true);
  });

  it('keeps a few texts under one lookup, so texts alike in what it samples are each searched, never compared with all the others', () => {
    // Texts of one length and one character at every sampled place, differing elsewhere.
    const alike = (i: number) => `${String(i).padStart(5, '0')}${'x'.repeat(995)}`;
    for (let i = 0; i < 50; i++) expect(holdsSecret(alike(i), [KEY])).toBe(false);
    // The last few are remembered; the first ones were dropped and are searched again.
    expect(searches(() => holdsSecret(alike(49), [KEY]))).toBe(0);
    expect(searches(() => holdsSecret(alike(0), [KEY]))).toBe(1);
  });
});
