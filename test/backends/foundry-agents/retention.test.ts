import { expect, test } from 'vitest';
import { versionsBeyond } from '../../../src/backends/foundry-agents/retention.js';

const v = (...names: string[]) => names.map((version, i) => ({ version, createdAt: 1000 + i }));

test.each<[string[], number, string[]]>([
  [['1', '2', '3', '4', '5'], 2, ['1', '2', '3']],
  [['1', '2'], 2, []],
  [['1'], 5, []],
  [['7', '9', '12'], 0, ['7', '9']], // the latest always stays
  [[], 3, []],
])('%j keeping %i deletes %j', (versions, keep, expected) => {
  expect(versionsBeyond(v(...versions), keep)).toEqual(expected);
});
