// The host going away between a write and its answer: the write was sent and may have been made,
// so apply reports its outcome as unknown (counted apart, in text and JSON), never as "not sent".
// The emulator commits the write, drops the connection, and stops listening, so reading back fails.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { runCli } from '../../helpers/cli.js';
import { testDir, testEmulator } from '../../helpers/each-test.js';

let emu: RunningEmulator;
let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  // Once a write has been committed and its connection dropped, nothing listens any more.
  emu = await testEmulator({ provider: 'foundry-agents', seed: 1, log: (line) => void (line.includes('dropped after commit') && emu.close()) });
  dir = testDir('aac-fa-lost-');
  mkdirSync(join(dir, 'agents'));
  env = { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: 'team-a' };
});

const write = (key: string, instructions: string) =>
  writeFileSync(join(dir, 'agents', `${key}.yaml`), `name: agent-${key}\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: ${instructions}\n`);
const aac = (...args: string[]) => runCli([...args, '--provider', 'foundry-agents', '--dir', 'agents', '--lock', 'false', '--concurrency', '1'], { cwd: dir, env });
const latest = (name: string) => (emu.resources().find((a) => a.name === name) as any)?.versions.latest;
const SENT = 'sent; the answer was lost and the host could not be reached to check: it may have been';

describe('foundry-agents: a write whose answer was lost as the host went away', () => {
  test('a new version sent is of unknown outcome, not "not sent"; the rest are not started', async () => {
    for (const k of ['a', 'b', 'c']) write(k, 'Old.');
    expect((await aac('apply', '--yes')).code).toBe(0);
    for (const k of ['a', 'b', 'c']) write(k, 'New.');
    emu.setFaults({ commitThenDropRate: 1 });
    const r = await aac('apply', '--yes');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('Apply stopped: 0 created, 0 modified, 0 deleted, 1 outcome unknown, 2 not started.');
    const unknown = r.stdout.split('Outcome unknown:\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(unknown).toHaveLength(1);
    const key = /^ {2}~ (\w) \(agent-\w\): /.exec(unknown[0]!)![1]!;
    expect(unknown[0]).toBe(`  ~ ${key} (agent-${key}): ${SENT} made`);
    expect(r.stdout).toContain(`? ${key} (agent-${key}): update outcome unknown: ${SENT} made`);
    expect(r.stdout).not.toMatch(new RegExp(`${key}: not sent`));
    // It was made: the emulator committed it before the connection dropped.
    expect(latest(`agent-${key}`)).toMatchObject({ version: '2', definition: { instructions: 'New.' } });
  }, 90_000);

  test('a delete retried after its first answer was lost, and refused a connection the second time, is of unknown outcome (JSON)', async () => {
    for (const k of ['a', 'b']) write(k, 'Same.');
    expect((await aac('apply', '--yes')).code).toBe(0);
    rmSync(join(dir, 'agents', 'b.yaml'));
    emu.setFaults({ commitThenDropRate: 1 });
    const r = await aac('apply', '--yes', '--prune', '--format', 'json');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.outcomes).toEqual([expect.objectContaining({ key: 'b', id: 'agent-b', action: 'delete', status: 'unknown', error: `${SENT} deleted` })]);
    expect(doc.summary).toMatchObject({ deleted: 0, failed: 0, skipped: 0, unknown: 1, stopped: { cause: 'unreachable' } });
    expect(emu.resources().map((a) => a.name)).toEqual(['agent-a']);
  }, 90_000);
});

describe('foundry-agents: the live counter of a large apply whose host went away', () => {
  test('counts a write of unknown outcome apart from the failed ones', async () => {
    const keys = Array.from({ length: 51 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    for (const k of keys) write(k, 'Old.');
    expect((await runCli(['apply', '--yes', '--provider', 'foundry-agents', '--dir', 'agents', '--lock', 'false'], { cwd: dir, env })).code).toBe(0);
    for (const k of keys) write(k, 'New.');
    emu.setFaults({ commitThenDropRate: 1 });
    // On a terminal, past 50 actions: a counter rather than a line per action.
    const r = await runCli(['apply', '--yes', '--provider', 'foundry-agents', '--dir', 'agents', '--lock', 'false', '--concurrency', '1'], { cwd: dir, env, tty: true });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('Apply stopped: 0 created, 0 modified, 0 deleted, 1 outcome unknown, 50 not started.');
    const counter = r.stdout.split('\r\u001b[2K').filter((s) => s.startsWith('Applying: ')).at(-1);
    expect(counter).toBe('Applying: 51/51 done, 1 outcome unknown');
  }, 90_000);
});
