// Whose an agent is when its latest version carries no marker: the newest older version that
// carries an owner's marker decides, and only this namespace's marker alone makes it this one's.
import { describe, expect, test } from 'vitest';
import { ownedBelowHandMade } from '../../src/plan/hand-made.js';

const v = (version: string, markers: Record<string, string> = {}) => ({ version, markers });

describe('ownedBelowHandMade', () => {
  test("this namespace's marker on the newest marked version below the latest: its version and key", () => {
    expect(ownedBelowHandMade([v('1', { 'aac@team-a': 'faq' }), v('2'), v('3')], '3', 'team-a')).toEqual({ version: '1', key: 'faq' });
    // aac's record is no owner's mark: passed over.
    expect(ownedBelowHandMade([v('1', { 'aac@team-a': 'faq' }), v('2', { 'aac:record': 'vs_1' }), v('3')], '3', 'team-a')).toEqual({ version: '1', key: 'faq' });
  });

  test("none when no version carries an owner's marker, or the newest that does is another owner's or two owners'", () => {
    expect(ownedBelowHandMade([v('1'), v('2')], '2', 'team-a')).toBeUndefined();
    expect(ownedBelowHandMade([v('1', { 'aac@team-a': 'faq' }), v('2', { 'aac@team-b': 'faq' }), v('3')], '3', 'team-a')).toBeUndefined();
    expect(ownedBelowHandMade([v('1', { 'aac@team-a': 'faq' }), v('2', { 'aac:key': 'faq' }), v('3')], '3', 'team-a')).toBeUndefined();
    expect(ownedBelowHandMade([v('1', { 'aac@team-a': 'faq', 'aac@team-b': 'faq' }), v('2')], '2', 'team-a')).toBeUndefined();
  });

  test('the latest version is never its own evidence, whichever place the listing gives it', () => {
    expect(ownedBelowHandMade([v('1', { 'aac@team-a': 'faq' })], '1', 'team-a')).toBeUndefined();
    // Without the latest's id, the last listed is the latest.
    expect(ownedBelowHandMade([v('1'), v('2', { 'aac@team-a': 'faq' })], undefined, 'team-a')).toBeUndefined();
    expect(ownedBelowHandMade([v('2', { 'aac@team-a': 'faq' }), v('1')], '1', 'team-a')).toEqual({ version: '2', key: 'faq' });
  });
});
