import { expect, test } from 'vitest';
import { globToRegExp, matchesAnyName } from '../../src/util/glob.js';

test('* and ? wildcards, whole name, any case', () => {
  const re = globToRegExp('support*');
  expect(re.test('Support Desk')).toBe(true);
  expect(re.test('support')).toBe(true);
  expect(re.test('The support desk')).toBe(false);
  expect(globToRegExp('bot-?').test('BOT-7')).toBe(true);
  expect(globToRegExp('bot-?').test('bot-17')).toBe(false);
});

test('everything else is literal', () => {
  expect(globToRegExp('a.b (v1) [x]').test('a.b (v1) [x]')).toBe(true);
  expect(globToRegExp('a.b').test('axb')).toBe(false);
  expect(globToRegExp('Café*').test('CAFÉ BOT')).toBe(true);
});

test('an assistant without a name matches only patterns that match the empty string', () => {
  expect(matchesAnyName(null, [globToRegExp('*')])).toBe(true);
  expect(matchesAnyName(null, [globToRegExp('?*')])).toBe(false);
  expect(matchesAnyName('x', [])).toBe(false);
});
