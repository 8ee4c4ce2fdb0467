// The threads that read definition files answer in batches, and a batch can arrive while the one
// before it is still being checked (the check gives the event loop turns). Loading ends only when
// every batch has been checked: a slow check here makes the last batches queue behind it.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { readDefinitionFiles as ReadDefinitionFiles } from '../../src/desired/read-files.js';
import { repoRoot } from '../../src/desired/repo-root.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

// Only the compiled loader can start threads (`npm test` builds dist/ first).
const { readDefinitionFiles } = (await import(new URL('../../dist/desired/read-files.js', import.meta.url).href)) as { readDefinitionFiles: typeof ReadDefinitionFiles };

it('every file of every batch is handed over before loading ends, however slow each check is', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 200; i++) files[`a-${String(i).padStart(3, '0')}.yaml`] = `model: gpt-4o\nname: A ${i}\n`;
  const root = writeTree(files);
  const boundary = repoRoot(root);
  const toRead = Object.keys(files).map((name) => ({ path: join(root, name), file: name, boundary }));
  const seen: number[] = [];
  await readDefinitionFiles(toRead, (i) => {
    seen.push(i);
    // A check that takes a few milliseconds, as a large definition's does.
    const until = performance.now() + 2;
    while (performance.now() < until);
  }, 'threads');
  expect(seen.sort((a, b) => a - b)).toEqual(toRead.map((_, i) => i));
});
