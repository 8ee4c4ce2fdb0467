// A saved plan's options (prune, adopt_legacy, targets) are its own: apply re-plans with them and
// refuses a file whose changes differ, so an edit that sets one together with the changes it
// implies is a different plan that apply accepts. Where the plan is reviewed (text, markdown,
// `aac show`) and before apply acts, those options are named, so such a plan never passes unseen.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { optionsNote } from '../../src/render/format.js';
import { harness, writeCount, type Harness } from './helpers.js';

const BILLING = { model: 'gpt-4o', name: 'Billing', instructions: 'Answer billing questions.' };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the options a saved plan was made with', () => {
  it('are named in the plan, its markdown and show, even when they change nothing', async () => {
    h = await harness({ 'support/billing': BILLING });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const out = join(h.ws.root, 'pruned.json');
    const plan = await h.cli(['plan', '--prune', '--out', out]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes');
    expect(plan.stdout).toContain('Planned with --prune.');
    const md = await h.cli(['show', out, '--format', 'markdown']);
    expect(md.stdout).toContain('Planned with --prune.');
    const plain = await h.cli(['plan', '--format', 'markdown']);
    expect(plain.stdout).not.toContain('Planned with');
    expect(optionsNote({ prune: true, adoptLegacy: true })).toBe('Planned with --prune and --adopt-legacy.');
    expect(optionsNote({ prune: false, adoptLegacy: true })).toBe('Planned with --adopt-legacy.');
  });

  it('--show-plan, which only a fresh plan has, is refused with a saved one, which aac show prints', async () => {
    h = await harness({ 'support/billing': BILLING });
    const out = join(h.ws.root, 'p.json');
    expect((await h.cli(['plan', '--out', out])).code).toBe(0);
    const r = await h.cli(['apply', out, '--show-plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: --show-plan shows a fresh plan before it is applied; ${out} was shown when it was made`);
    expect(r.stderr).toContain(`print it with \`aac show ${out}\`, then apply it with \`aac apply ${out}\``);
    expect(writeCount(h.emu)).toBe(0);
  });

  it("are the file's: an edit to prune with the deletes it implies is re-planned so, and apply says it before deleting", async () => {
    h = await harness({ 'support/billing': BILLING, 'support/legacy': { model: 'gpt-4o', name: 'Legacy' } });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.remove('support/legacy');
    const reviewed = join(h.ws.root, 'plan.json');
    expect((await h.cli(['plan', '--out', reviewed])).stdout).toContain('1 orphaned assistant is not deleted');
    // The edit a reviewer never saw: the same definitions planned with --prune, written over the reviewed file.
    const pruned = join(h.ws.root, 'pruned.json');
    expect((await h.cli(['plan', '--prune', '--out', pruned])).code).toBe(0);
    writeFileSync(reviewed, readFileSync(pruned));
    const r = await h.cli(['apply', '-lock=false', reviewed]);
    expect(r.code, r.stderr).toBe(0);
    const said = r.stdout.search(/^Applying .*, as planned with --prune:$/m);
    expect(said).toBeGreaterThanOrEqual(0);
    expect(said).toBeLessThan(r.stdout.indexOf('Apply complete: 0 created, 0 modified, 1 deleted.'));
    expect(writeCount(h.emu)).toBeGreaterThan(0);
  });
});
