// The paths a `git ls-files -z` printed, searched in its bytes: a path is found wherever it was
// printed (first, last, at the root, below the definitions directory or outside it), and only
// whole paths, not a path that merely ends or starts like one.
import { expect, it } from 'vitest';
import { ListedPaths } from '../../src/desired/listed-paths.js';

const printed = (...paths: string[]) => Buffer.from(paths.map((p) => `${p}\0`).join(''));

it('finds a printed path below the directory, outside it and at the root, first or last, and nothing that only looks like one', () => {
  const paths = new ListedPaths(printed('README.md', 'assistants/a.yaml', 'assistants/teams/x/b.yaml', 'prompts/é.md', 'xprompts/c.md', 'aac.yaml'), 'assistants');
  for (const p of ['README.md', 'assistants/a.yaml', 'assistants/teams/x/b.yaml', 'prompts/é.md', 'xprompts/c.md', 'aac.yaml']) expect(paths.has(p), p).toBe(true);
  for (const p of ['README', 'EADME.md', 'assistants/a', 'ssistants/a.yaml', 'prompts/c.md', 'assistants/teams/x', 'a.yaml', 'yaml']) expect(paths.has(p), p).toBe(false);
  expect(new ListedPaths(printed('a.yaml', 'teams/b.yaml'), '').has('teams/b.yaml')).toBe(true);
  expect(new ListedPaths(printed('a.yaml'), '').has('b.yaml')).toBe(false);
  expect(new ListedPaths(Buffer.alloc(0), 'assistants').has('assistants/a.yaml')).toBe(false);
});

it('names the paths whose last step is a name, each once, and counts what was printed', () => {
  const paths = new ListedPaths(printed('aac.yaml', 'teams/a/aac.yaml', 'teams/a/aac.yaml', 'teams/b/xaac.yaml', 'teams/c/aac.yml', 'aac.yaml.bak'), 'teams');
  expect(paths.named(['aac.yaml', 'aac.yml']).sort()).toEqual(['aac.yaml', 'teams/a/aac.yaml', 'teams/c/aac.yml']);
  expect(paths.count()).toBe(6);
  expect(new ListedPaths(Buffer.alloc(0), '').count()).toBe(0);
});
