// A pull-request comment cut to its names (`aac show PLAN --format markdown --max-chars N`) whose
// deletes fill the room: the names never vanish without a trace; those that fit are listed, and the
// rest counted (`- …and N more`), as for the deletes, and the summary's drift note says how many of
// the names marked *changed outside aac* are listed below and how many are not, never promising
// more than is shown. Through the real CLI: a plan made
// against the emulator over loopback, saved, and shown at sizes a few characters apart (the room
// left after the deletes differs with each).
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

it('lists the drifted names that fit beside many deletes and counts the rest, at every size', async () => {
  const keys = Array.from({ length: 198 }, (_, i) => `team/drifted-${String(i).padStart(3, '0')}`);
  h = await harness(Object.fromEntries(keys.map((k) => [k, { model: 'gpt-4o', instructions: `Be brief about ${k}.` }])));
  h.emu.seed([
    ...keys.map((k, i) => ({ model: 'gpt-4o', instructions: `Edited by hand ${i}.`, metadata: { [TEST_MARKER]: k } })),
    ...Array.from({ length: 40 }, (_, i) => ({ model: 'gpt-4o', name: `Gone ${i}`, metadata: { [TEST_MARKER]: `old/gone-${i}` } })),
  ]);
  // No definition changed in this review: every update reverts an edit made outside aac.
  writeFileSync(join(h.ws.root, 'changed.txt'), '');
  const saved = await h.cli(['plan', '--prune', '--out', 'big.json', '--changed-files', 'changed.txt']);
  expect(saved.code, saved.stderr).toBe(0);

  let cut = 0;
  // Steps smaller than one delete's line: some of these sizes leave the names less room than their
  // count's line; the larger ones list some of the names beside every delete.
  for (const maxChars of [1_000, 1_020, 1_040, 1_060, 1_080, 1_100, 6_000, 8_000]) {
    const r = await h.cli(['show', 'big.json', '--format', 'markdown', '--max-chars', String(maxChars)]);
    expect(r.code, r.stderr).toBe(0);
    const md = r.stdout;
    expect(md.length, `at ${maxChars}`).toBeLessThanOrEqual(maxChars);
    expect(md, `at ${maxChars}`).toContain('**⚠️ Applying this plan deletes 40 assistants:**');
    const after = md.split('\n').slice(md.split('\n').indexOf('Changes:'));
    expect(after.length, `at ${maxChars}: no names and no count of them\n${md}`).toBeLessThan(md.split('\n').length);
    const listed = after.filter((l) => /^- ~ `team\/drifted-\d+` — update: instructions \(changed outside aac\)$/.test(l)).length;
    const counted = Number(/^- …and (\d+) more$/m.exec(after.join('\n'))?.[1] ?? 0);
    expect(listed + counted, `at ${maxChars}\n${md}`).toBe(198);
    const where = listed === 0 ? 'their names are not shown, for want of room' : `${listed} of their names are marked *changed outside aac* below, ${198 - listed} not shown for want of room`;
    expect(md, `at ${maxChars}`).toContain(`198 of these changes revert edits made outside aac to assistants this pull request does not change: ${where}; \`aac plan\` shows every one.`);
    if (listed > 0) cut++;
  }
  // Some sizes list some of the names, so the note's count of those listed is tried.
  expect(cut).toBeGreaterThan(0);
  // Eight shows of a plan of 238 through the CLI: more than the default 30 s on a loaded machine.
}, 120_000);
