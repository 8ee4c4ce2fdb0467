// retain_versions: which versions a change deletes (never the latest, unless a new one replaces it).
import { expect, test } from 'vitest';
import { versionsBeyond } from '../../src/plan/retention.js';

test.each<[string[], number, boolean, string[]]>([
  [['1', '2', '3', '4', '5'], 2, false, ['1', '2', '3']],
  [['1', '2'], 2, false, []],
  [['1'], 5, false, []],
  [['7', '9', '12'], 0, false, ['7', '9']], // the latest always stays
  [[], 3, false, []],
  // A change that makes a new version: it counts among those kept.
  [['1', '2', '3'], 2, true, ['1', '2']],
  [['1', '2', '3'], 1, true, ['1', '2', '3']], // the old latest goes only once the new one exists
  [['1'], 3, true, []],
])('%j keeping %i (a new version: %s) deletes %j', (versions, keep, makesVersion, expected) => {
  expect(versionsBeyond(versions, keep, makesVersion)).toEqual(expected);
});
