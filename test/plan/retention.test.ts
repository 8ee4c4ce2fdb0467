// retain_versions: which versions a change deletes (never the latest, unless a new one replaces it).
import { expect, test } from 'vitest';
import { encodeMarker } from '../../src/model/marker.js';
import { twinsOfLatest, versionsBeyond, versionsToDelete } from '../../src/plan/retention.js';

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

const ours = encodeMarker({ namespace: 'team-a', key: 'billing' });
const v = (version: string, held: string | undefined, markers: Record<string, string> = ours) => ({ version, markers, ...(held === undefined ? {} : { held }) });

test.each<[string, ReturnType<typeof v>[], string[]]>([
  ['the run right below the latest, alike and marked alike', [v('1', 'a'), v('2', 'b'), v('3', 'b'), v('4', 'b')], ['2', '3']],
  ['none when the one below differs', [v('1', 'b'), v('2', 'a'), v('3', 'b')], []],
  ['none when the one below carries another marker', [v('1', 'b', encodeMarker({ namespace: 'team-b', key: 'billing' })), v('2', 'b')], []],
  ['none when the one below is alike but unmarked', [v('1', 'b', {}), v('2', 'b')], []],
  ['none when the latest carries no owner\'s marker', [v('1', 'b', {}), v('2', 'b', {})], []],
  ['none without the digest', [v('1', undefined), v('2', undefined)], []],
  ['none of one version', [v('1', 'b')], []],
  ['none of none', [], []],
])('twinsOfLatest: %s', (_name, history, expected) => {
  expect(twinsOfLatest(history)).toEqual(expected);
});

test.each<[string[], string[], number, boolean, string[]]>([
  // Not counted: the twin 2 of 3 pushes 1 out no more, and stays beside the 2 kept.
  [['1', '2', '3'], ['2'], 2, false, []],
  [['1', '2', '3', '4'], ['3'], 2, false, ['1']],
  // Beyond the newest kept, counting every version, it goes as an old version: with retain 1, or once a new version leaves it there.
  [['1', '2', '3'], ['2'], 1, false, ['1', '2']],
  [['1', '2', '3'], ['2'], 2, true, ['1', '2']],
  [['1', '2', '3'], ['2'], 1, true, ['1', '2', '3']],
  [['1', '2', '3', '4'], ['2', '3'], 3, false, []],
  // A save that changed nothing (2 holds what 1 does) leaves the trim as it was.
  [['1', '2'], ['1'], 3, false, []],
  [['1', '2'], ['1'], 1, false, ['1']],
  // Without twins, versionsBeyond's.
  [['1', '2', '3'], [], 2, false, ['1']],
])('versionsToDelete: %j with twins %j keeping %i (a new version: %s) deletes %j', (versions, twins, keep, makesVersion, expected) => {
  expect(versionsToDelete(versions, twins, keep, makesVersion)).toEqual(expected);
});
