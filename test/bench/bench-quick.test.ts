// CI runs the benchmark at its smallest size so it keeps working. Request counts are exact and
// asserted; times are reported, never asserted (they belong to `npm run bench`, not to tests).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeMachine, type Machine } from '../../src/bench/machine.js';
import { testDir } from '../helpers/each-test.js';

interface Row {
  scenario: string;
  n: number;
  requests: number;
  expectedRequests: number;
  naiveMs?: number;
  serverListMs?: number;
  serverCpuMs?: number;
  failed?: number;
}

describe('npm run bench -- --quick', () => {
  it('runs every scenario and makes exactly the requests the API forces', () => {
    const out = join(testDir('aac-bench-test-'), 'bench.json');
    const run = spawnSync(process.execPath, ['dist/bench/run.js', '--quick', '--out', out], { encoding: 'utf8', timeout: 240_000 });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(0);
    const { rows, machine, baselines } = JSON.parse(readFileSync(out, 'utf8')) as { rows: Row[]; machine: Machine; baselines: Record<string, number> };
    // The machine is described beside the figures, so that two runs' figures can be compared.
    expect(machine.cores).toBeGreaterThan(0);
    expect(machine.nodeStartMs).toBeGreaterThan(0);
    expect(machine.pageFaultUs).toBeGreaterThan(0);
    expect(machine.othersBusy).toBeGreaterThanOrEqual(0);
    expect(machine.othersBusy).toBeLessThanOrEqual(1);
    expect(run.stdout).toContain(describeMachine(machine));
    expect(rows.map((r) => r.scenario)).toEqual([
      'plan (json)',
      'plan (yaml)',
      'openai-agents plan (json)',
      'foundry-agents plan (json)',
      'apply modifies c=16',
      'apply creates c=16',
      'apply @1200/min',
      'aac --version',
      'aac validate',
    ]);
    // Memory is held to a plan of one definition in the row's format: YAML's loads the YAML parser.
    expect(Object.keys(baselines)).toEqual(['openai (json)', 'openai (yaml)', 'openai-agents (json)', 'foundry-agents (json)']);
    for (const bytes of Object.values(baselines)) expect(bytes).toBeGreaterThan(0);
    for (const plan of rows.slice(0, 2)) {
      // 100 assistants: one page, and the naive reconciler ran beside it.
      expect(plan.n).toBe(100);
      expect(plan.requests).toBe(1);
      expect(plan.naiveMs).toBeGreaterThan(0);
    }
    // Every plan row shows the server's own part: its list request, timed at the server from
    // arrival to last byte, holds at least the injected latency (50 ms), and the server's CPU.
    for (const plan of rows.slice(0, 4)) {
      expect(plan.serverListMs).toBeGreaterThanOrEqual(50);
      expect(plan.serverCpuMs).toBeGreaterThan(0);
    }
    // 100 agents of each agents API: one page along their one cursor; no naive tool speaks them.
    for (const agents of rows.slice(2, 4)) {
      expect([agents.n, agents.requests, agents.expectedRequests, agents.naiveMs]).toEqual([100, 1, 1, undefined]);
    }
    const [modifies, creates, limited] = rows.slice(4, 7);
    // k writes plus the stale check's list reads (one page at these sizes), nothing lost under the rate limit.
    for (const apply of [modifies, limited]) expect(apply.requests).toBe(apply.n + 1);
    // A fresh plan of creates lists an empty account once, and the settling re-read lists the creates once.
    expect(creates.requests).toBe(creates.n + 2);
    for (const apply of [modifies, creates, limited]) {
      expect(apply.requests).toBe(apply.expectedRequests);
      expect(apply.failed).toBe(0);
    }
    expect(run.stdout).toContain('| scenario');
  }, 300_000);
});
