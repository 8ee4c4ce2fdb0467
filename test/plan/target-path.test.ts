// --target given as a file path (what a shell completes, what `kubectl diff -f` users type) or as
// a comma list selects nothing, as any pattern that is not a key: the refusal names the key the
// path is the file or directory of, with the flag to type, and says to repeat --target for a
// list. Through the CLI against the emulator.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { harness, type Harness } from '../apply/helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const DEFS = {
  'support/bot01': { model: 'gpt-4o', name: 'B1' },
  'support/bot02': { model: 'gpt-4o', name: 'B2' },
  // Its key is its own, not its path.
  'legacy/old-name': { key: 'billing', model: 'gpt-4o', name: 'Billing' },
};

test.each([
  // Below --dir (the default `assistants`), as the working directory reaches it, with `./`.
  ['support/bot01.yaml', 'support/bot01'],
  ['assistants/support/bot01.yaml', 'support/bot01'],
  ['./support/bot01.yaml', 'support/bot01'],
  ['./assistants/support/bot01.yaml', 'support/bot01'],
  ['assistants/support/bot02', 'support/bot02'],
  // A directory is the prefix of the keys below it.
  ['assistants/support', 'support'],
  ['assistants/support/', 'support'],
  // A file whose `key:` is not its path is its key.
  ['legacy/old-name.yaml', 'billing'],
  ['assistants/legacy/old-name.yaml', 'billing'],
])('--target %s names --target %s', async (typed, meant) => {
  h = await harness(DEFS);
  const r = await h.cli(['plan', '--target', typed]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`--target '${typed}' matches no definition and no managed assistant`);
  expect(r.stderr).toContain(`did you mean \`--target ${meant}\`?`);
});

test('with --dir given, a path through that directory names the key too', async () => {
  h = await harness(DEFS);
  mkdirSync(join(h.ws.root, 'sub'));
  const r = await h.cli(['plan', '--dir', '../assistants', '--target', '../assistants/support/bot01.yaml'], { cwd: join(h.ws.root, 'sub') });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('did you mean `--target support/bot01`?');
});

test('a comma list is told to repeat --target, each part as its key', async () => {
  h = await harness(DEFS);
  const r = await h.cli(['plan', '--target', 'support/bot01,support/bot02.yaml']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("--target 'support/bot01,support/bot02.yaml' matches no definition and no managed assistant");
  expect(r.stderr).toContain('--target takes one key: repeat --target for each key (`--target support/bot01 --target support/bot02`)');
});
