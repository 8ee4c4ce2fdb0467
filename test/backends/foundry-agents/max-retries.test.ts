// `options.max_retries` bounds how many times a foundry-agents write whose outcome is unknown (a
// 500) is sent again, as for every backend: with 0, a create and a new version each go out once,
// the apply says it failed and what was done, and the next apply finishes it. The emulator fails
// the Nth write as told (--fail-write), doing nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { recordingProxy } from '../../apply/helpers.js';
import { runCli } from '../../helpers/cli.js';
import { afterTest, testDir, testEmulator } from '../../helpers/each-test.js';

let emu: RunningEmulator;
let dir: string;
const env = () => ({ AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: 'team-a' });

beforeEach(async () => {
  emu = await testEmulator({ provider: 'foundry-agents' });
  dir = testDir('aac-fa-retries-');
  mkdirSync(join(dir, 'agents'));
});

const config = (retries: number) => writeFileSync(join(dir, 'agents', 'aac.yaml'), `provider: foundry-agents\noptions:\n  max_retries: ${retries}\n`);
const write = (key: string, instructions: string) =>
  writeFileSync(join(dir, 'agents', `${key}.yaml`), `name: agent-${key}\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: ${instructions}\n`);
/** No lock, one write at a time: the Nth write is the Nth agent's. */
const APPLY = ['--lock', 'false', '--concurrency', '1'];
const aac = (...args: string[]) => runCli([...args, '--dir', 'agents', ...(args[0] === 'apply' ? APPLY : [])], { cwd: dir, env: env() });
const posts = () => Object.entries(emu.stats().byRoute).filter(([route]) => route.startsWith('POST')).reduce((n, [, count]) => n + count, 0);

describe('foundry-agents: options.max_retries bounds the writes sent again', () => {
  test('max_retries: 0 — a create that failed is sent once, reported not created, and made by the next apply', async () => {
    config(0);
    for (const k of ['a', 'b', 'c']) write(k, 'Hi.');
    emu.setFaults({ failWrite: 2 });
    const r = await aac('apply', '--yes');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('Apply failed: 2 created, 0 modified, 0 deleted, 1 failed.');
    expect(r.stdout).toContain("+ b: the create failed once (500: The emulator fails write 2 as told (fail-write 2); nothing was done; options.max_retries: 0) and no agent carries its key: it was not created");
    // Three creates, none sent twice.
    expect(posts()).toBe(3);
    expect(emu.resources().map((a) => a.name).sort()).toEqual(['agent-a', 'agent-c']);
    emu.setFaults({ failWrite: undefined });
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
    expect(emu.resources().map((a) => a.name).sort()).toEqual(['agent-a', 'agent-b', 'agent-c']);
  });

  test('max_retries: 0 — a new version that failed is sent once, reported not made, and made by the next apply', async () => {
    config(0);
    for (const k of ['a', 'b']) write(k, 'Old.');
    expect((await aac('apply', '--yes')).code).toBe(0);
    for (const k of ['a', 'b']) write(k, 'New.');
    emu.resetStats();
    emu.setFaults({ failWrite: 1 });
    const r = await aac('apply', '--yes');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('Apply failed: 0 created, 1 modified, 0 deleted, 1 failed.');
    expect(posts()).toBe(2);
    emu.setFaults({ failWrite: undefined });
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test('max_retries: 2 — a failed create is sent again and made, once', async () => {
    config(2);
    write('a', 'Hi.');
    emu.setFaults({ failWrite: 1 });
    const r = await aac('apply', '--yes');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(posts()).toBe(2);
    expect(emu.resources().filter((a) => a.name === 'agent-a')).toHaveLength(1);
  });
  test('a new version answered 503 asking for a day is read back, never sent again, said so; the next apply makes it', async () => {
    config(2);
    write('a', 'Old.');
    expect((await aac('apply', '--yes')).code).toBe(0);
    write('a', 'New.');
    let answer503 = true;
    const proxy = await recordingProxy(emu.url, (r) => (answer503 && r.method === 'POST' && /\/agents\/agent-a\/versions$/.test(r.path) ? { status: 503, headers: { 'retry-after': '86400' } } : undefined));
    afterTest(() => proxy.close());
    const viaProxy = (...args: string[]) => runCli([...args, '--dir', 'agents', ...APPLY], { cwd: dir, env: { ...env(), AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
    const r = await viaProxy('apply', '--yes');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('~ a (agent-a): the update was answered 503 (injected 503) and re-reading shows it was not made; the host asked to wait 86400 s (its retry-after), longer than the 60 s aac waits: not sent again\n');
    expect(r.stdout).toContain('  ~ a: run again later, once that time has passed\n');
    // One version sent, though options.max_retries allows two more.
    expect(proxy.writes().filter((q) => q.method === 'POST')).toHaveLength(1);
    answer503 = false;
    expect((await viaProxy('apply', '--yes')).code).toBe(0);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });
});
