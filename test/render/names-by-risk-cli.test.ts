// A pull-request comment cut to its names (`plan --format markdown --max-chars`) lists them by
// risk, so that what still fits is what a reviewer must not miss: the deletes (listed apart, always
// first), then updates that revert a change made outside aac (drift, marked as such), then other
// updates, then creates; in the plan's order (by key) within each. Through the real CLI against
// the emulator over loopback, the drift being a live assistant edited behind aac's back.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { harness, type Harness } from '../apply/helpers.js';
import { TEST_MARKER } from '../helpers/cli.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

it('a cut comment lists the drift revert and the other update before the creates, which give way to "…and N more"', async () => {
  const creates = Array.from({ length: 30 }, (_, i) => `bulk-${String(i + 1).padStart(2, '0')}`);
  // Each create its own (not alike, so not one group's line).
  const defs = Object.fromEntries([...creates, 'zz-reverted', 'zy-edited'].map((k) => [k, { model: 'gpt-4o', instructions: `Be brief about ${k}.` }]));
  h = await harness(defs);
  // Live: the reverted one edited outside aac, the edited one's definition changed in this review, one with no definition.
  h.emu.seed([
    { model: 'gpt-4o', instructions: 'Edited by hand.', metadata: { [TEST_MARKER]: 'zz-reverted' } },
    { model: 'gpt-4o', instructions: 'Old text.', metadata: { [TEST_MARKER]: 'zy-edited' } },
    { model: 'gpt-4o', metadata: { [TEST_MARKER]: 'gone' } },
  ]);
  writeFileSync(join(h.ws.root, 'changed.txt'), [...creates, 'zy-edited'].map((k) => `assistants/${k}.yaml\n`).join(''));

  const r = await h.cli(['plan', '--prune', '--format', 'markdown', '--max-chars', '1500', '--changed-files', 'changed.txt']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('**Plan: 30 to create, 2 to modify, 1 to delete');
  const names = r.stdout.split('\n').filter((l) => /^- [~+] `/.test(l)).map((l) => /`([^`]+)`/.exec(l)![1]);
  // Cut: not every create fits, and the drift revert and the update come first, whatever their keys.
  expect(r.stdout).toMatch(/^- …and \d+ more$/m);
  expect(names.length).toBeLessThan(32);
  expect(names.slice(0, 2)).toEqual(['zz-reverted', 'zy-edited']);
  expect(names.slice(2)).toEqual(creates.slice(0, names.length - 2));
  // The revert carries the drift mark the summary's note counts.
  expect(r.stdout.split('\n').find((l) => l.includes('`zz-reverted`'))).toMatch(/\(changed outside aac/i);
  // The delete is listed apart, before the names.
  expect(r.stdout.indexOf('`gone`')).toBeLessThan(r.stdout.indexOf('`zz-reverted`'));
});
