// How a string reads (what the key checks and the plan views compare): a shortcut for printable
// ASCII must read every string exactly as the full rule does.
import { describe, expect, it } from 'vitest';
import { printsAlike, reading } from '../../src/util/look-alike.js';

/** The rule as look-alike.ts states it, applied in full to every string. */
const fullRule = (s: string) => s.normalize('NFC').replace(/\p{Default_Ignorable_Code_Point}/gu, '').replace(/\p{Zs}/gu, ' ').replace(/[ \t]+$/gm, '');

describe('reading', () => {
  const cases = [
    '', ' ', 'support/billing', 'support/billing ', 'support/billing   ', ' lead', 'a b  c', '~!@#$%^&*()_+{}|:"<>?`-=[]\\;\',./',
    'tab\t', 'tab\tin', 'two\nlines  \nend ', 'Café', 'Cafe\u0301', 'no\u00a0break', 'zero\u200bwidth', 'bidi\u202eoff', 'x\u00ad', 'ideographic\u3000space ', 'del\x7f', 'nul\x00',
  ];
  it.each(cases)('reads %j as the full rule does', (s) => {
    expect(reading(s)).toBe(fullRule(s));
  });

  it('finds ASCII strings that differ only in trailing blanks alike, and equal ones not', () => {
    expect(printsAlike('support/billing', 'support/billing  ')).toBe(true);
    expect(printsAlike('support/billing', 'support/billing')).toBe(false);
    expect(printsAlike('support/billing', 'support/biling')).toBe(false);
  });
});
