// A large definitions directory is large work from the moment it is known to be: the walk says so
// when it finds the LARGE_WORK-th definition, not after the whole walk (at 10,000 files the walk
// itself took 0.3 s, all of it run as small work: without V8's optimizing compiler). So with the
// SPARKPLUG_WORK-th, from which the work is no longer tiny (V8's baseline compiler runs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cleanupTrees, writeTree } from './helpers.js';

const told: number[] = [];
vi.mock('../../src/util/v8-by-work.js', async (original) => {
  const real = await original<typeof import('../../src/util/v8-by-work.js')>();
  return { ...real, workSize: (resources: number) => told.push(resources) };
});

const { discoverDefinitionFiles } = await import('../../src/desired/discover.js');
const { repoRoot } = await import('../../src/desired/repo-root.js');
const { LARGE_WORK, SPARKPLUG_WORK } = await import('../../src/util/v8-by-work.js');

afterAll(cleanupTrees);

/** A definitions directory of `n` files, 100 to a sub-directory (as the bench lays them out). */
function fleet(n: number): string {
  const root = writeTree({ '.git/HEAD': 'x' });
  for (let i = 0; i < n; i++) {
    const sub = join(root, 'assistants', String(Math.floor(i / 100)).padStart(3, '0'));
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `a-${i}.yaml`), 'model: m\n');
  }
  return join(root, 'assistants');
}

describe('the walk of the definitions directory and the size of the work', () => {
  it(`says the work is no longer tiny when it finds the ${SPARKPLUG_WORK}th definition, and large once, when it finds the ${LARGE_WORK}th`, async () => {
    const dir = fleet(LARGE_WORK + 250);
    told.length = 0;
    expect((await discoverDefinitionFiles(dir, repoRoot(dir))).files).toHaveLength(LARGE_WORK + 250);
    expect(told).toEqual([SPARKPLUG_WORK, LARGE_WORK]);
  });

  it('says nothing of a directory below SPARKPLUG_WORK definitions (the loader counts them once read)', async () => {
    const dir = fleet(SPARKPLUG_WORK - 1);
    told.length = 0;
    expect((await discoverDefinitionFiles(dir, repoRoot(dir))).files).toHaveLength(SPARKPLUG_WORK - 1);
    expect(told).toEqual([]);
  });
});
