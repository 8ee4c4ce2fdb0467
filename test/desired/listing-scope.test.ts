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
  // Whole first: one listing. Read first: its own, then the whole work tree once, for the file
  // outside it, which the aac.yaml files come from too; each line says what it listed, and why it was widened.
  expect(wholeFirst.debug).toEqual([`git ls-files in ${root} of the whole work tree: 4 files tracked or not ignored, 1 aac.yaml file\n`]);
  expect(readFirst.debug).toEqual([
    `git ls-files in ${root} of assistants/: 1 file tracked or not ignored\n`,
    `git ls-files in ${root} of the whole work tree, widened from the listing of assistants/ as prompts/p.md is asked of: 4 files tracked or not ignored, 1 aac.yaml file\n`,
  ]);
});

it('widened after a narrower listing, git is run again only for what that listing does not hold, and its line says which', async () => {
  const root = repo({
    'assistants/a.yaml': 'model: gpt-4o\n',
    'assistants/prompts/p.md': 'Hello\n',
    'team-b/aac.yaml': 'namespace: b\n',
  });
  const debug: string[] = [];
  const ctx = {
    io: { env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1' }, cwd: root, stderr: { write: (s: string) => debug.push(s) } },
    global: { dir: join(root, 'assistants'), debug: true },
  } as unknown as CommandContext;
  const inDir = [join(root, 'assistants/a.yaml'), join(root, 'assistants/prompts/p.md')];
  expect((await runListing(ctx, 'read').listed(inDir.slice(0, 1)))?.holds(inDir[0]!)).toBe(true);
  // Files the directory's listing holds: told by it, git not run again.
  const widened = runListing(ctx, 'whole');
  expect(await Promise.all(inDir.map(async (f) => (await widened.listed(inDir))?.holds(f)))).toEqual([true, true]);
  expect(debug).toEqual([`git ls-files in ${root} of assistants/: 2 files tracked or not ignored\n`]);
  // The aac.yaml files: only the whole work tree holds them.
  expect(await widened.configs()).toEqual([join(root, 'team-b/aac.yaml')]);
  expect(debug.slice(1)).toEqual([`git ls-files in ${root} of the whole work tree, widened from the listing of assistants/ as the repository's aac.yaml and aac.yml files are asked for: 3 files tracked or not ignored, 1 aac.yaml file\n`]);
});
