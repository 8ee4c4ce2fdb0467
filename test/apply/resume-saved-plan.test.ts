// A saved plan whose apply was cut short — some writes answered 5xx, a Ctrl-C or a cancelled CI
// job — is applied again as it stands (what CI's "Re-run failed jobs" does): the changes an earlier
// apply of it made are recognised as made, and only the rest is applied; a resource in any third
// state keeps it stale, said truthfully. Its closing advice never suggests an unreviewed
// `aac apply --yes`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, TEST_MARKER } from '../helpers/cli.js';
import { runChild } from '../helpers/child-cli.js';
import { testDir } from '../helpers/each-test.js';
import { API_KEY, apiEnv, harness, writeCount, type Harness } from './helpers.js';

const spec = (name: string, temperature = 0.5) => ({ model: 'gpt-4o', name, temperature });

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The id of the live assistant managed as `key`. */
function idOf(emu: RunningEmulator, key: string): string {
  return emu.resources().find((a) => (a.metadata as Record<string, string> | null)?.[TEST_MARKER] === key)!.id as string;
}

/**
 * Six assistants applied; then a plan (with --prune) that modifies a–e, creates g and h and
 * deletes f, saved as plan.json; then its apply, one change at a time, with the emulator failing
 * two of its writes (failWrite: the lock's create is write 1, then the plan's changes in its order):
 * the update of b and the create of h. The other six changes are made.
 */
async function partlyApplied(): Promise<{ h: Harness; first: Awaited<ReturnType<Harness['cli']>> }> {
  const hh = await harness(Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [k, spec(k.toUpperCase())])));
  hh.ws.write('aac', { options: { max_retries: 0 } });
  expect((await hh.cli(['apply', '--yes'])).code).toBe(0);
  for (const k of ['a', 'b', 'c', 'd', 'e']) hh.ws.write(k, spec(k.toUpperCase(), 0.9));
  hh.ws.write('g', spec('G'));
  hh.ws.write('h', spec('H'));
  hh.ws.remove('f');
  const planned = await hh.cli(['plan', '--prune', '--out', 'plan.json']);
  expect(planned.stdout).toContain('Plan: 2 to create, 5 to modify, 1 to delete');
  hh.emu.setFaults({ failWrite: FAILED_WRITES });
  const first = await hh.cli(['apply', 'plan.json', '--concurrency', '1']);
  hh.emu.setFaults({ failWrite: undefined });
  expect(hh.emu.stats().faults.failed_write).toBe(2);
  // The two failed are b and h, as the fault's numbers meant them, and no other.
  expect([...first.stdout.matchAll(/^! ([a-h])[ :]/gm)].map((m) => m[1]).sort(), first.stdout).toEqual(['b', 'h']);
  return { h: hh, first };
}

/** The writes the emulator fails in partlyApplied's apply: b's update and h's create. */
const FAILED_WRITES = [3, 9];

describe('a saved plan applied again after a partial apply', () => {
  it('after 5xx failures: the first run suggests the same plan again, and that run makes only the two changes left', async () => {
    const run = await partlyApplied();
    h = run.h;
    expect(run.first.code).toBe(1);
    expect(run.first.stdout).toContain('Apply failed: 1 created, 4 modified, 1 deleted, 2 failed.');
    // Never an unreviewed fresh apply: the reviewed plan again, which resumes.
    expect(run.first.stdout).not.toContain('--yes');
    expect(run.first.stdout).toContain("Run `aac apply plan.json` again: it makes only the plan's changes not made yet, and is refused if anything else changed since.");

    h.emu.resetStats();
    const again = await h.cli(['apply', 'plan.json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('6 of 8 changes of plan.json were applied already (by an earlier run of this plan); applying the other 2.');
    expect(again.stdout).toContain('Apply complete: 1 created, 1 modified, 0 deleted.');
    expect(again.stdout).toContain('6 more changes of the plan were applied already, by an earlier run of it, and not made again.');
    // The two writes left and the lock's two: nothing made twice.
    expect(writeCount(h.emu)).toBe(4);
    expect((await h.cli(['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);
    // Applied whole now: the plan-applied refusal, as before.
    const third = await h.cli(['apply', 'plan.json', '--format', 'json']);
    expect(JSON.parse(third.stdout).diagnostics.at(-1).code).toBe('plan-applied');
  });

  it('--format json lists what was applied already, format 1.8', async () => {
    const run = await partlyApplied();
    h = run.h;
    const again = await h.cli(['apply', 'plan.json', '--format', 'json']);
    expect(again.code, again.stderr).toBe(0);
    const doc = JSON.parse(again.stdout);
    expect(doc.format_version).toBe('1.12');
    expect(doc.summary).toMatchObject({ created: 1, modified: 1, deleted: 0, applied_already: 6 });
    expect(doc.applied_already.map((c: { key: string; action: string }) => `${c.action} ${c.key}`).sort()).toEqual(['create g', 'delete f', 'update a', 'update c', 'update d', 'update e']);
    expect(doc.applied_already.find((c: { key: string }) => c.key === 'g').id).toBe(idOf(h.emu, 'g'));
    expect(doc.outcomes.map((o: { key: string }) => o.key).sort()).toEqual(['b', 'h']);
  });

  it('a change left undone that was also edited outside aac keeps it stale: that one is listed, the changes made are not', async () => {
    const run = await partlyApplied();
    h = run.h;
    h.emu.mutate(idOf(h.emu, 'b'), { temperature: 0.1 });
    const again = await h.cli(['apply', 'plan.json', '--format', 'json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).diagnostics.at(-1).code).toBe('plan-stale');
    expect(again.stderr).toContain(`the assistant 'b' (${idOf(h.emu, 'b')}) changed since the plan was made`);
    expect(again.stderr).toContain('(6 of its 8 changes are live already, as it makes them: an earlier apply of it was interrupted or failed; the line above is what else changed)');
    for (const k of ['a', 'c', 'd', 'e', 'f', 'g']) expect(again.stderr).not.toContain(`'${k}'`);
  });

  it('an edited file is still refused as edited, not resumed', async () => {
    const run = await partlyApplied();
    h = run.h;
    const file = join(h.ws.root, 'plan.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const b = doc.resource_changes.find((c: { key: string }) => c.key === 'b');
    b.body.temperature = 2;
    b.after.temperature = 2;
    writeFileSync(file, JSON.stringify(doc));
    const again = await h.cli(['apply', 'plan.json', '--format', 'json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).diagnostics.at(-1).code).toBe('plan-edited');
  });

  it('under GitHub Actions the job summary of the failed apply says to re-run the job, not `aac apply --yes`', async () => {
    const summary = join(testDir('aac-resume-'), 'summary.md');
    writeFileSync(summary, '');
    const hh = await harness({ a: spec('A'), b: spec('B') });
    h = hh;
    hh.ws.write('aac', { options: { max_retries: 0 } });
    expect((await hh.cli(['apply', '--yes'])).code).toBe(0);
    for (const k of ['a', 'b']) hh.ws.write(k, spec(k.toUpperCase(), 0.9));
    expect((await hh.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    // The emulator fails the apply's second write (the first takes the lock): one of the two updates.
    hh.emu.setFaults({ failWrite: 2 });
    const first = await hh.cli(['apply', 'plan.json'], { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    hh.emu.setFaults({ failWrite: undefined });
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('Apply failed: 0 created, 1 modified, 0 deleted, 1 failed.');
    expect(hh.emu.stats().faults.failed_write).toBe(1);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('Re-run this job ("Re-run failed jobs"): it applies the same reviewed plan again');
    expect(md).not.toContain('--yes');
    expect(first.stdout).not.toContain('--yes');
    const again = await hh.cli(['apply', 'plan.json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('1 of 2 changes of plan.json was applied already');
  });

  it('after a Ctrl-C mid-apply (a cancelled CI job), the same plan applied again finishes it', async () => {
    // Every answer takes 300 ms, so the signal lands with changes left.
    const emu = await startEmulator({ apiKey: API_KEY, latencyMs: 300 });
    try {
      const root = testDir('aac-resume-');
      mkdirSync(join(root, 'assistants'));
      const write = (t: number) => {
        for (let i = 0; i < 6; i++) writeFileSync(join(root, 'assistants', `k${i}.yaml`), `model: gpt-4o\nname: K${i}\ntemperature: ${t}\n`);
      };
      write(0.5);
      const env = apiEnv(emu.url);
      expect((await runCli(['apply', '--yes'], { cwd: root, env })).code).toBe(0);
      write(0.8);
      expect((await runCli(['plan', '--out', 'p.json'], { cwd: root, env })).code).toBe(0);
      const cut = await runChild(['apply', 'p.json', '--concurrency', '1'], { cwd: root, env, deadlineMs: 20_000, signal: { name: 'SIGINT', when: /~ k\d+: modified/ } });
      expect(cut.code).toBe(1);
      expect(cut.stdout).toMatch(/Apply interrupted: 0 created, [1-5] modified, 0 deleted, [1-5] not started\./);
      expect(cut.stdout).not.toContain('--yes');
      expect(cut.stdout).toContain('Run `aac apply p.json` again');
      const done = Number(/(\d) modified/.exec(cut.stdout)![1]);
      const again = await runCli(['apply', 'p.json'], { cwd: root, env });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain(`${done} of 6 changes of p.json were applied already (by an earlier run of this plan); applying the other ${6 - done}.`);
      expect(again.stdout).toContain(`Apply complete: 0 created, ${6 - done} modified, 0 deleted.`);
      expect((await runCli(['plan', '--detailed-exitcode'], { cwd: root, env })).code).toBe(0);
    } finally {
      await emu.close();
    }
  }, 40_000);
});

describe('a saved plan of Foundry agents under retain_versions, applied again after a partial apply', () => {
  it('counts a version made and trimmed as done, deletes what a half-done change left, and makes the version never made', async () => {
    const emu = await startEmulator({ provider: 'foundry-agents' });
    try {
      const root = testDir('aac-resume-fa-');
      mkdirSync(join(root, 'agents'));
      writeFileSync(join(root, 'agents', 'aac.yaml'), 'retain_versions: 1\noptions:\n  max_retries: 0\n');
      const write = (description: string) => {
        for (let i = 0; i < 4; i++) writeFileSync(join(root, 'agents', `b${i}.yaml`), `name: fbot-${i}\ndescription: ${description}\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: You are fbot ${i}.\n`);
      };
      const env = { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token' };
      const aac = (...args: string[]) => runCli([...args, '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: root, env });
      write('one');
      expect((await aac('apply', '--yes')).code).toBe(0);
      write('two');
      const planned = await aac('plan', '--out', 'fp.json');
      expect(planned.stdout).toContain('~ b0 (fbot-0) (new version (after 1); delete old version 1)');
      // fbot-2's new version is refused; fbot-3's is made, but deleting its old version is refused.
      // One change at a time: the lock's create is write 1, then each change's new version and
      // its old version's delete (none after a refused version).
      emu.setFaults({ failWrite: [6, 8] });
      const first = await aac('apply', 'fp.json', '--concurrency', '1');
      emu.setFaults({ failWrite: undefined });
      expect(first.stdout, first.stdout).toMatch(/fbot-2[^\n]*fails write 6/);
      expect(first.stdout, first.stdout).toMatch(/fbot-3[^\n]*fails write 8/);
      expect(first.code).toBe(1);
      expect(first.stdout).not.toContain('--yes');
      expect(first.stdout).toContain('Run `aac apply fp.json --dir agents --provider foundry-agents` again');

      const again = await aac('apply', 'fp.json');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('2 of 4 changes of fp.json were applied already (by an earlier run of this plan); applying the other 2.');
      expect(again.stdout).toContain('~ b2: modified fbot-2 (version 2); old version 1 deleted');
      expect(again.stdout).toContain('~ b3: old version 1 deleted from fbot-3');
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${emu.url}/agents/fbot-${i}/versions?api-version=v1`, { headers: { authorization: 'Bearer entra-token' } });
        expect(((await res.json()) as { data: Array<{ version: string }> }).data.map((v) => v.version)).toEqual(['2']);
      }
      expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
    } finally {
      await emu.close();
    }
  });
});

describe('a saved plan of OpenAI agents applied again after a partial apply', () => {
  it('makes only the update and the create left', async () => {
    const agent = (i: number, instructions = `You are agent ${i}.`) => ({ model: 'gpt-4o', name: `Agent ${i}`, instructions });
    const base = await harness({ a0: agent(0), a1: agent(1), a2: agent(2) }, { provider: 'openai-agents' });
    h = base;
    const aac = (...argv: string[]) => base.cli([...argv, '--provider', 'openai-agents']);
    base.ws.write('aac', { options: { max_retries: 0 } });
    expect((await aac('apply', '--yes')).code).toBe(0);
    for (const i of [0, 1, 2]) base.ws.write(`a${i}`, agent(i, `You are agent ${i}, briefly.`));
    base.ws.write('a3', agent(3));
    base.ws.write('a4', agent(4));
    expect((await aac('plan', '--out', 'plan.json')).stdout).toContain('Plan: 2 to create, 3 to modify, 0 to delete');
    // One change at a time: the lock's create is write 1, then the plan's changes in its order;
    // the emulator fails a1's update and a4's create.
    base.emu.setFaults({ failWrite: [3, 6] });
    const first = await aac('apply', 'plan.json', '--concurrency', '1');
    base.emu.setFaults({ failWrite: undefined });
    expect([...first.stdout.matchAll(/^! (a\d)[ :]/gm)].map((m) => m[1]).sort(), first.stdout).toEqual(['a1', 'a4']);
    expect(first.stdout).toContain('Apply failed: 1 created, 2 modified, 0 deleted, 2 failed.');
    expect(first.stdout).not.toContain('--yes');
    const again = await aac('apply', 'plan.json');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('3 of 5 changes of plan.json were applied already (by an earlier run of this plan); applying the other 2.');
    expect(again.stdout).toContain('Apply complete: 1 created, 1 modified, 0 deleted.');
    expect(base.emu.resources().filter((a) => (a.metadata as Record<string, string> | null)?.[TEST_MARKER] === 'a3')).toHaveLength(1);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });
});
