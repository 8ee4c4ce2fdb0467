// The host dying in the middle of an apply: once a connection is refused, no further action starts;
// what is left is listed once under "Not done:", the host's error is said once, and the next run
// converges.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runChild } from '../helpers/child-cli.js';
import { alikeExpanded, API_KEY, apiEnv } from './helpers.js';
import { testDir } from '../helpers/each-test.js';

afterAll(cleanupTrees);

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

// The Assistants API, and the Agents API, whose emulator keeps its agents in a state file too.
describe.each(['openai', 'openai-agents'])('apply against a host that dies (%s)', (provider) => {
  it('starts no action after a refused connection, says why once, lists the rest as not done; the next run converges', async () => {
    const statePath = join(testDir('aac-dead-host-'), 'state.json');
    // Each answer takes a while, so the host is gone while most of the plan is still to do.
    const emu = await startEmulator({ provider, apiKey: API_KEY, latencyMs: 300, statePath });
    const port = Number(new URL(emu.url).port);
    const root = writeTree(Object.fromEntries(KEYS.map((k) => [`assistants/${k}.yaml`, 'model: gpt-4o\n'])));
    const aac = (...argv: string[]) => [...argv, '--provider', provider];
    // Without the lock: what is counted is the actions, and a lock on a dead host is left to expire.
    const running = runChild(aac('apply', '--yes', '--concurrency', '2', '--lock', 'false'), { cwd: root, env: apiEnv(emu.url), deadlineMs: 30_000 });
    // The listing and a first create answered (200, or the Agents API's 201): then nothing listens on the port.
    await until(() => (emu.stats().byStatus['200'] ?? 0) + (emu.stats().byStatus['201'] ?? 0) >= 2);
    await emu.close();
    const r = await running;
    expect(r.killed).toBe(false);
    expect(r.code).toBe(1);
    // A create in flight when the host went away was sent: its outcome is unknown, never "not sent".
    const closing = /Apply stopped: (\d+) created, 0 modified, 0 deleted, (?:(\d+) failed, )?(?:(\d+) outcome unknown, )?(\d+) not started\./.exec(r.stdout);
    expect(closing, r.stdout).not.toBeNull();
    const [created, failed, unknown, notStarted] = [Number(closing![1]), Number(closing![2] ?? 0), Number(closing![3] ?? 0), Number(closing![4])];
    expect(created + failed + unknown + notStarted).toBe(KEYS.length);
    expect(notStarted).toBeGreaterThanOrEqual(KEYS.length - 4);
    // The host's error once, naming it; each action left says so in a few words.
    expect(r.stdout.match(/ECONNREFUSED|connection refused/g)).toHaveLength(1);
    expect(r.stdout).toContain(`Stopped, as the host could not be reached: `);
    expect(r.stdout).toContain(`127.0.0.1:${port}`);
    expect(r.stdout).toContain(`Once the host can be reached, run \`aac plan --provider ${provider}\` to see what is left, and \`aac apply --yes --provider ${provider}\` again to finish: it converges from any partial state.\n`);
    // Four or more alike are said once, their keys listed below: written out a line each here.
    const stdout = alikeExpanded(r.stdout);
    const notDone = stdout.split('Not done:\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(notDone).toHaveLength(notStarted);
    for (const line of notDone) expect(line).toMatch(/^ {2}\+ [a-h]: not sent: the host could not be reached$/);
    // Every action is reported after the plan: in progress (and under "Failed:" when it failed), or under "Not done:" alone.
    const report = stdout.split(/^Plan: .*$/m)[1]!;
    for (const k of KEYS) expect(report.match(new RegExp(`^ *[+!?] ${k}: `, 'gm'))?.length, k).toBe(notDone.some((l) => l.includes(` ${k}: `)) ? 1 : report.match(new RegExp(`^[!?] ${k}: `, 'm')) ? 2 : 1);

    // The host comes back with what it had made (its state file): the next run converges.
    const again = await startEmulator({ provider, apiKey: API_KEY, port, statePath });
    try {
      const next = await runChild(aac('apply', '--yes'), { cwd: root, env: apiEnv(again.url), deadlineMs: 30_000 });
      expect(next.code, next.stdout + next.stderr).toBe(0);
      const plan = await runChild(aac('plan', '--detailed-exitcode'), { cwd: root, env: apiEnv(again.url), deadlineMs: 30_000 });
      expect(plan.code, plan.stdout).toBe(0);
      expect(again.resources()).toHaveLength(KEYS.length);
    } finally {
      await again.close();
    }
  }, 60_000);
});
