// `--target` (issue 19), as `terraform -target`: plan and apply limited to some keys, the plan
// saying it is partial in every format, a saved targeted plan applying only to its targets.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { targetMatches } from '../../src/plan/targets.js';
import { runCli, TEST_MARKER as MARKER_KEY } from '../helpers/cli.js';
import { createBody, makeProject } from './project.js';

const KEY = 'sk-test-target-0000000000000000';
let emulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});
async function emulator(): Promise<{ emu: RunningEmulator; env: Record<string, string> }> {
  const emu = await startEmulator({ apiKey: KEY });
  emulators.push(emu);
  return { emu, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } };
}
const DEFS = {
  'billing/refunds': { model: 'gpt-4o', name: 'Refunds' },
  'billing/invoices': { model: 'gpt-4o', name: 'Invoices' },
  'support/triage': { model: 'gpt-4o', name: 'Triage' },
};
const markers = (emu: RunningEmulator) => emu.resources().map((a) => (a.metadata as Record<string, string>)[MARKER_KEY]).sort();

describe('targetMatches', () => {
  it.each([
    ['billing/*', 'billing/refunds', true],
    ['billing/*', 'billing/eu/refunds', true],
    ['billing/*', 'billingx', false],
    ['billing', 'billing/refunds', true],
    ['billing', 'billing', true],
    ['billing', 'billing-eu/refunds', false],
    ['billing/', 'billing/refunds', true],
    ['*/triage', 'support/triage', true],
    ['support/tri?ge', 'support/triage', true],
    ['Billing/*', 'billing/refunds', false],
  ])('%s selects %s: %s', (pattern, key, expected) => {
    expect(targetMatches(pattern, key)).toBe(expected);
  });
});

describe('aac plan --target', () => {
  it('plans only the targeted keys and says the plan is partial in text, json and markdown', async () => {
    const { emu, env } = await emulator();
    emu.seed([createBody('support/triage', { model: 'gpt-4o', name: 'Old' })]);
    const cwd = makeProject(DEFS);
    const json = await runCli(['plan', '--format', 'json', '--target', 'billing/*'], { cwd, env });
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.targets).toEqual(['billing/*']);
    expect(doc.resource_changes.map((c: { key: string }) => c.key)).toEqual(['billing/invoices', 'billing/refunds']);
    expect(Object.keys(doc.definitions).sort()).toEqual(['billing/invoices', 'billing/refunds']);
    expect(doc.summary).toMatchObject({ create: 2, update: 0 });

    const note = 'Partial plan (--target billing/* --target support/triage): only the targeted assistants were compared; the others may differ and were left alone.';
    const text = await runCli(['plan', '-target=billing/*', '-target', 'support/triage'], { cwd, env });
    expect(text.stdout).toContain('Plan: 2 to create, 1 to modify, 0 to delete, 0 unchanged.\n' + note);
    const md = await runCli(['plan', '--format', 'markdown', '--target', 'billing/*', '--target', 'support/triage'], { cwd, env });
    // In markdown each target is code: a key such as `@team` or `fix-#12` pings and links nothing.
    expect(md.stdout).toContain(note.replace('--target billing/* --target support/triage', '`--target billing/*` `--target support/triage`'));

    const full = await runCli(['plan'], { cwd, env });
    expect(full.stdout).not.toContain('Partial plan');
  });

  it('a plain key selects the keys below it; a target that selects nothing is an error', async () => {
    const { env } = await emulator();
    const cwd = makeProject(DEFS);
    const doc = JSON.parse((await runCli(['plan', '-json', '--target', 'billing'], { cwd, env })).stdout);
    expect(doc.resource_changes).toHaveLength(2);
    const typo = await runCli(['plan', '--target', 'biling/*'], { cwd, env });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("Error: --target 'biling/*' matches no definition and no managed assistant");
    // Keys are case-sensitive; a target in another case, or one slip away, is named.
    const hint = async (target: string) => (await runCli(['plan', '--target', target], { cwd, env })).stderr;
    expect(await hint('Billing')).toContain("did you mean 'billing'?");
    expect(await hint('BILLING/*')).toMatch(/did you mean 'billing\/\w+'\?/);
    expect(await hint('support/traige')).toContain("did you mean 'support/triage'?");
    expect(await hint('nothing-like-it')).not.toContain('did you mean');
  });

  it('with --prune, deletes only targeted orphans', async () => {
    const { emu, env } = await emulator();
    emu.seed([createBody('billing/old', { model: 'gpt-4o' }), createBody('support/old', { model: 'gpt-4o' })]);
    const cwd = makeProject({});
    const r = await runCli(['apply', '--yes', '--prune', '--target', 'billing/*'], { cwd, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Partial plan (--target billing/*)');
    expect(markers(emu)).toEqual(['support/old']);
  });
});

describe('aac apply with targets', () => {
  it('a fresh apply --target creates only the targeted assistants', async () => {
    const { emu, env } = await emulator();
    const cwd = makeProject(DEFS);
    const r = await runCli(['apply', '-auto-approve', '-target=support/triage'], { cwd, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
    expect(markers(emu)).toEqual(['support/triage']);
  });

  it('a saved targeted plan takes its own --target set again, in any order, and refuses any other', async () => {
    const { emu, env } = await emulator();
    const cwd = makeProject(DEFS);
    expect((await runCli(['plan', '--target', 'billing/refunds', '--target', 'support/triage', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    // A subset, and one more, are other selections than the one reviewed.
    for (const targets of [['billing/refunds'], ['billing/refunds', 'support/triage', 'billing/invoices']]) {
      const refused = await runCli(['apply', 'p.json', ...targets.flatMap((t) => ['--target', t])], { cwd, env });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Error: --target cannot change a saved plan, which keeps the choices it was made with: p.json was made with --target billing/refunds --target support/triage');
    }
    expect(markers(emu)).toEqual([]);
    const r = await runCli(['apply', 'p.json', '--target', 'support/triage', '--target', 'billing/refunds'], { cwd, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(markers(emu)).toEqual(['billing/refunds', 'support/triage']);
  });

  it('a saved targeted plan stays targeted, ignores edits elsewhere, and is stale on edits to its targets', async () => {
    const { emu, env } = await emulator();
    const cwd = makeProject(DEFS);
    expect((await runCli(['plan', '--target', 'billing/refunds', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'p.json'), 'utf8')).targets).toEqual(['billing/refunds']);
    // Outside the target: an edit and a new definition do not make the plan stale.
    writeFileSync(join(cwd, 'assistants', 'support', 'triage.yaml'), 'model: gpt-4o\nname: Edited\n');
    writeFileSync(join(cwd, 'assistants', 'support', 'new.yaml'), 'model: gpt-4o\n');
    const refused = await runCli(['apply', 'p.json', '--target', 'support/*'], { cwd, env });
    expect(refused.code).toBe(1);
    // Said with what the plan holds: the file is read before this run's options are judged.
    expect(refused.stderr).toContain('Error: --target cannot change a saved plan, which keeps the choices it was made with: p.json was made with --target billing/refunds and applies only to that key (it holds 1 change)');
    // Both ways out are commands that run as printed: the plan whole, or a plan of the targets asked for.
    expect(refused.stderr).toContain("drop --target to apply it as made: `aac apply p.json`; or make the plan again with `aac plan --target 'support/*' --out p.json`, review it, and apply that");
    // A plan made without --target says so; one made with --prune is made again with it, this run's targets in place of none.
    expect((await runCli(['plan', '--prune', '--out', 'whole.json'], { cwd, env })).code).toBe(0);
    const whole = await runCli(['apply', 'whole.json', '--target', 'support/*'], { cwd, env });
    expect(whole.stderr).toContain('Error: --target cannot change a saved plan, which keeps the choices it was made with: whole.json was made without --target and applies to every definition (it holds 4 changes)');
    expect(whole.stderr).toContain("or make the plan again with `aac plan --target 'support/*' --prune --out whole.json`, review it, and apply that");
    // A file that is no plan is said to be so first.
    const missing = await runCli(['apply', 'missing.json', '--target', 'support/*'], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing.json');
    expect(missing.stderr).not.toContain('--target cannot change');
    const r = await runCli(['apply', 'p.json'], { cwd, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Said before the first write: the plan applied is a partial one.
    expect(r.stdout).toMatch(/^Applying p\.json in namespace 'test' on openai \(.*\), as planned with --target billing\/refunds:\n/);
    expect(markers(emu)).toEqual(['billing/refunds']);

    expect((await runCli(['plan', '--target', 'billing/*', '--out', 'q.json'], { cwd, env })).code).toBe(0);
    writeFileSync(join(cwd, 'assistants', 'billing', 'invoices.yaml'), 'model: gpt-4o\nname: Edited\n');
    const stale = await runCli(['apply', 'q.json'], { cwd, env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("the definition 'billing/invoices'");
    expect(markers(emu)).toEqual(['billing/refunds']);
  });
});
