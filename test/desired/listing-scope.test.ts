// A run's one git listing is made for its first caller; a later caller that needs the whole work
// tree (the namespace check, a create's twin) after one that needed only what its load reads
// (import, migrate without environments) widens it: the order of the callers does not change what
// they are told. Against a real git work tree.
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/command.js';
import { runListing } from '../../src/commands/reading.js';
import type { ListingScope } from '../../src/desired/git-listing.js';
import { testDir } from '../helpers/each-test.js';

function repo(files: Record<string, string>): string {
  const root = realpathSync(testDir('aac-listing-scope-'));
  execFileSync('git', ['-C', root, 'init', '-q'], { env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1' } });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

/** What callers asking in `order` are told: whether a file outside the directory is listed, and the repository's aac.yaml files; with the debug lines. */
async function askedIn(root: string, order: readonly ListingScope[]) {
  const debug: string[] = [];
  const ctx = {
    io: { env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1' }, cwd: root, stderr: { write: (s: string) => debug.push(s) } },
    global: { dir: join(root, 'assistants'), debug: true },
  } as unknown as CommandContext;
  const told: Record<string, unknown> = {};
  for (const scope of order) {
    const listing = runListing(ctx, scope);
    const files = scope === 'read' ? [join(root, 'assistants/a.yaml')] : [join(root, 'prompts/p.md')];
    const listed = await listing.listed(files);
    told[scope] = files.map((f) => listed?.holds(f));
  }
  told.configs = await runListing(ctx, 'whole').configs();
  return { told, debug };
}

it('a caller that needs the whole work tree is told the same whether a narrower caller came first or not', async () => {
  const root = repo({
    '.gitignore': 'ignored/\n',
    'assistants/a.yaml': 'model: gpt-4o\n',
    'prompts/p.md': 'Hello\n',
    'team-b/aac.yaml': 'namespace: b\n',
  });
  const wholeFirst = await askedIn(root, ['whole', 'read']);
  const readFirst = await askedIn(root, ['read', 'whole']);
  expect(wholeFirst.told).toEqual({ whole: [true], read: [true], configs: [join(root, 'team-b/aac.yaml')] });
  expect(readFirst.told).toEqual(wholeFirst.told);
  // Whole first: one listing. Read first: its own, then the whole work tree once, which the aac.yaml files come from too.
  expect(wholeFirst.debug.filter((l) => l.includes('git ls-files'))).toEqual([expect.stringMatching(/: 4 files tracked or not ignored, 1 aac.yaml file\n$/)]);
  expect(readFirst.debug.filter((l) => l.includes('git ls-files'))).toEqual([
    expect.stringMatching(/: 1 file tracked or not ignored\n$/),
    expect.stringMatching(/: 4 files tracked or not ignored, 1 aac.yaml file\n$/),
  ]);
});
