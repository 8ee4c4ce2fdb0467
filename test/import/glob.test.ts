import { expect, test } from 'vitest';
import { globMatcher, matchesAnyName } from '../../src/util/glob.js';

test('* and ? wildcards, whole name, any case', () => {
  const matches = globMatcher('support*');
  expect(matches('Support Desk')).toBe(true);
  expect(matches('support')).toBe(true);
  expect(matches('The support desk')).toBe(false);
  expect(globMatcher('bot-?')('BOT-7')).toBe(true);
  expect(globMatcher('bot-?')('bot-17')).toBe(false);
});

test('everything else is literal', () => {
  expect(globMatcher('a.b (v1) [x]')('a.b (v1) [x]')).toBe(true);
  expect(globMatcher('a.b')('axb')).toBe(false);
  expect(globMatcher('Café*')('CAFÉ BOT')).toBe(true);
});

test('an assistant without a name matches only patterns that match the empty string', () => {
  expect(matchesAnyName(null, [globMatcher('*')])).toBe(true);
  expect(matchesAnyName(null, [globMatcher('?*')])).toBe(false);
  expect(matchesAnyName('x', [])).toBe(false);
});

test('a glob that matches nothing takes time in proportion to the text, not to the ways to split it', () => {
  // As a regular expression (^.*a.*a…b$) this backtracked for minutes; each step here is one character.
  const matches = globMatcher(`${'*a'.repeat(30)}*b`, { ignoreCase: false });
  expect(matches('a'.repeat(5000))).toBe(false);
  expect(matches(`${'a'.repeat(5000)}b`)).toBe(true);
});

test('* and ? take whole characters, a newline too, and a literal is never a wildcard', () => {
  expect(globMatcher('?')('😀')).toBe(true);
  expect(globMatcher('a*b')('a\nb')).toBe(true);
  expect(globMatcher('a?c')('a\nc')).toBe(true);
  expect(globMatcher('*x*')('abc')).toBe(false);
  expect(globMatcher('a**b')('ab')).toBe(true);
  expect(globMatcher('')('')).toBe(true);
  expect(globMatcher('')('a')).toBe(false);
  expect(globMatcher('Bot', { ignoreCase: false })('bot')).toBe(false);
});
