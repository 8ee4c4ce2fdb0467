// Two `aac apply` processes at once on one namespace (a laptop and CI, two merges in a row), each
// creating the same 20 new assistants: once both have exited, exactly one copy of each is live
// and the next plan is clean. No lock: each apply re-reads what it created and deletes its own
// copies that the keep rule (oldest created_at, then smallest id) does not keep.
// Its applies run with -lock=false: they count the writes apply makes for the definitions, and
// the lock's own create and delete (on by default) are tested in test/lock.
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, apiEnv, harness, type Harness } from '../apply/helpers.js';
import { TEST_NAMESPACE } from '../helpers/cli.js';
import { runChild } from '../helpers/child-cli.js';

const KEYS = Array.from({ length: 20 }, (_, i) => `bot-${String(i).padStart(2, '0')}`);
const RUNS = 5;

let h: Harness;
afterEach(async () => h?.close());

/** The Assistants API and the Agents API: both keep the oldest copy of a key and delete this run's others. */
const HOSTS = [
  { provider: 'openai', path: 'assistants', beta: 'assistants=v2' },
  { provider: 'openai-agents', path: 'agents', beta: 'agents=v1' },
];

describe.each(HOSTS)('concurrent applies ($provider)', ({ provider, path, beta }) => {
  const applyProcess = (cwd: string, url: string) =>
    runChild(['apply', '-lock=false', '--yes', '--provider', provider], { cwd, env: { ...apiEnv(url), NO_COLOR: '1' }, deadlineMs: 60_000 });

  it(`${RUNS} runs of two concurrent apply processes creating 20 new definitions each end with exactly 20 live and a clean plan, each counted once`, async () => {
    h = await harness(Object.fromEntries(KEYS.map((k) => [k, { model: 'gpt-4o', name: k }])), { provider });
    let raced = 0;
    let lastOutput = '';
    for (let run = 0; run < RUNS; run++) {
      const results = await Promise.all([applyProcess(h.ws.root, h.emu.url), applyProcess(h.ws.root, h.emu.url)]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      lastOutput = results.map((r) => r.stdout).join('\n---\n');
      if (lastOutput.includes('another apply created')) raced++;
      // Only what stays is counted as created: a copy deleted as the extra one is the other run's.
      // (A run that listed after the other had made everything has nothing to do.)
      const created = results.map((r) => {
        if (r.stdout.includes('No changes')) return 0;
        const m = /Apply complete: (\d+) created, 0 modified, 0 deleted(?:, (\d+) created by a concurrent apply)?\./.exec(r.stdout);
        expect(m, r.stdout).not.toBeNull();
        expect(Number(m![1]) + Number(m![2] ?? 0), r.stdout).toBe(Number(/^Plan: (\d+) to create/m.exec(r.stdout)![1]));
        return Number(m![1]);
      });
      expect(created[0]! + created[1]!, lastOutput).toBe(KEYS.length);
      const keys = h.emu.resources().map((a) => (a.metadata as Record<string, string>)[`aac@${TEST_NAMESPACE}`]).sort();
      expect(keys, `run ${run}`).toEqual(KEYS);
      expect((await h.cli(['plan', '--detailed-exitcode', '--provider', provider])).code, `run ${run}`).toBe(0);
      // Start the next run from nothing again, so every run races on creates.
      for (const a of h.emu.resources()) await fetch(`${h.emu.url}/${path}/${a.id as string}`, { method: 'DELETE', headers: { authorization: `Bearer ${API_KEY}`, 'openai-beta': beta } });
    }
    // The runs did race (both processes created copies of the same keys), so the rule was exercised.
    expect(raced, lastOutput).toBeGreaterThan(0);
  }, 120_000);
});
