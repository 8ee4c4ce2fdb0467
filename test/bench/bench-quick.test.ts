// CI runs the benchmark at its smallest size so it keeps working. Request counts are exact and
// asserted; times are reported, never asserted (they belong to `npm run bench`, not to tests).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Row {
  scenario: string;
  n: number;
  requests: number;
  expectedRequests: number;
  failed?: number;
}

describe('npm run bench -- --quick', () => {
  it('runs every scenario and makes exactly the requests the API forces', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'aac-bench-test-')), 'bench.json');
    const run = spawnSync(process.execPath, ['dist/bench/run.js', '--quick', '--out', out], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(0);
    const { rows } = JSON.parse(readFileSync(out, 'utf8')) as { rows: Row[] };
    expect(rows.map((r) => r.scenario)).toEqual(['plan', 'apply c=16', 'apply @1200/min', 'aac --version', 'aac validate']);
    const plan = rows[0];
    expect(plan.requests).toBe(Math.ceil(plan.n / 100));
    for (const apply of rows.slice(1, 3)) {
      // k modifies plus the list reads of the stale check, and nothing lost under the rate limit.
      expect(apply.requests).toBe(apply.expectedRequests);
      expect(apply.failed).toBe(0);
    }
    expect(run.stdout).toContain('| scenario');
  }, 180_000);
});
