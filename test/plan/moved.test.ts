// Renames as Terraform's `moved` blocks (issue 19): a definition names its previous key(s) in
// `moved_from:`, the plan shows `~ new (moved from old)`, and apply rewrites the marker on the
// same assistant instead of creating a new one and orphaning the old.
// Its applies run with -lock=false: they count the writes apply makes for the definitions, and
// the lock's own create and delete (on by default) are tested in test/lock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, TEST_MARKER as MARKER_KEY } from '../helpers/cli.js';
import { cleanupTrees, errors, load } from '../desired/helpers.js';
import { createBody, makeProject } from './project.js';

const KEY = 'sk-test-moved-0000000000000000';
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  cleanupTrees();
});
async function emulator(): Promise<Record<string, string>> {
  emu = await startEmulator({ apiKey: KEY });
  return { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
}
const SPEC = { model: 'gpt-4o', name: 'Refunds', metadata: { team: 'payments' } };

describe('moved_from', () => {
  it('plans the rename as an update of the same assistant, applies it by rewriting the marker, then converges', async () => {
    const env = await emulator();
    const [old] = emu!.seed([createBody('billing/refunds', SPEC)]);
    const id = old!.id as string;
    const cwd = makeProject({ 'payments/refunds': { ...SPEC, moved_from: ['billing/refunds'] } as never });

    const text = await runCli(['plan'], { cwd, env });
    expect(text.stdout).toContain(`  ~ payments/refunds (${id}) (moved from billing/refunds)\n`);
    expect(text.stdout).toContain('Plan: 0 to create, 1 to modify, 0 to delete, 0 unchanged.');
    expect(text.stdout).not.toContain('no longer defined');

    expect((await runCli(['plan', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    const change = JSON.parse(readFileSync(join(cwd, 'p.json'), 'utf8')).resource_changes[0];
    expect(change).toMatchObject({ key: 'payments/refunds', id, actions: ['update'], moved_from: 'billing/refunds', changed_fields: [] });
    expect(change.body).toEqual({ metadata: { team: 'payments' } });

    const applied = await runCli(['apply', '-lock=false', 'p.json'], { cwd, env });
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('Apply complete: 0 created, 1 modified, 0 deleted.');
    expect(emu!.resources().map((a) => [a.id, a.metadata])).toEqual([[id, { team: 'payments', [MARKER_KEY]: 'payments/refunds' }]]);
    expect(emu!.stats().byRoute).not.toHaveProperty('POST /assistants');

    const again = await runCli(['plan', '--detailed-exitcode'], { cwd, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes in namespace 'test'.");
  });

  it('shows field changes beside the move, and prefers an assistant already on the new key', async () => {
    const env = await emulator();
    const [old] = emu!.seed([createBody('billing/refunds', SPEC)]);
    const cwd = makeProject({ 'payments/refunds': { ...SPEC, name: 'Refunds v2', moved_from: ['legacy/refunds', 'billing/refunds'] } as never });
    const text = await runCli(['plan'], { cwd, env });
    expect(text.stdout).toContain(`  ~ payments/refunds (${old!.id as string}) (moved from billing/refunds; update)\n      ~ name: "Refunds" → "Refunds v2"`);

    const [current] = emu!.seed([createBody('payments/refunds', SPEC)]);
    const doc = JSON.parse((await runCli(['plan', '-json'], { cwd, env })).stdout);
    expect(doc.resource_changes.map((c: { key: string; id: string; moved_from: string | null; orphan: boolean }) => [c.key, c.id, c.moved_from, c.orphan])).toEqual([
      ['billing/refunds', old!.id, null, true],
      ['payments/refunds', current!.id, null, false],
    ]);
  });

  it('refuses a moved_from that is still defined, claimed twice, or the own key, at the entry', async () => {
    const r = await load({
      'assistants/billing/refunds.yaml': 'model: m\n',
      'assistants/payments/refunds.yaml': 'model: m\nmoved_from: [billing/refunds, old/x]\n',
      'assistants/payments/other.yaml': 'model: m\nmoved_from: [old/x, payments/other]\n',
    });
    expect(errors(r).map((d) => [d.location.file, d.location.line, d.location.column, d.message])).toEqual([
      ['assistants/payments/other.yaml', 2, 21, "moved_from names this definition's own key 'payments/other'"],
      ['assistants/payments/refunds.yaml', 2, 14, "moved_from 'billing/refunds' is still the key of assistants/billing/refunds.yaml, so nothing moved"],
      ['assistants/payments/refunds.yaml', 2, 31, "moved_from 'old/x' is also claimed by assistants/payments/other.yaml; an assistant can move to one key"],
    ]);
  });
});
