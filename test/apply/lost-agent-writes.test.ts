// A write of an agents backend made whose answer was lost: said as such on every backend, the way
// the Assistants path says it ("the create's response was lost; … so it was made and is adopted"),
// whether apply's listing settles it or the client's own re-read of the agent does (foundry-agents
// reads a lost create or new version back by its name before apply would list).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { afterTest, testEmulator } from '../helpers/each-test.js';
import { agentsHosts, workspace } from './helpers.js';

const KEY = 'lost-answer-key-0123456789';

const HOSTS = agentsHosts(KEY);

describe.each(Object.keys(HOSTS) as Array<keyof typeof HOSTS>)('--provider %s, every write made and its answer lost', (provider) => {
  it('reports each create and each update as made, with the warning that its answer was lost', async () => {
    const host = HOSTS[provider];
    const emu = await testEmulator({ provider, apiKey: KEY, commitThenDropRate: 1, seed: 1 });
    const ws = workspace({ a: host.definition('a', 'One.'), b: host.definition('b', 'One.') });
    afterTest(() => ws.cleanup());
    writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 1\n');
    const aac = (...args: string[]) => runCli([...args, '--provider', provider], { cwd: ws.root, env: host.env(emu.url) });

    const created = await aac('apply', '--yes', '-lock=false');
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect(created.stdout).toContain('Apply complete: 2 created, 0 modified, 0 deleted.');
    expect(created.stdout.match(/the create's response was lost; \S+ carries this key, so it was made and is adopted/g), created.stdout).toHaveLength(2);

    ws.write('a', host.definition('a', 'Two.'));
    ws.write('b', host.definition('b', 'Two.'));
    const modified = await aac('apply', '--yes', '-lock=false', '--format', 'json');
    expect(modified.code, modified.stdout + modified.stderr).toBe(0);
    const outcomes = JSON.parse(modified.stdout).outcomes as Array<{ action: string; status: string; warnings: string[] }>;
    expect(outcomes.map((o) => [o.action, o.status, o.warnings])).toEqual([
      ['update', 'ok', ["the update's response was lost; re-reading shows it was made"]],
      ['update', 'ok', ["the update's response was lost; re-reading shows it was made"]],
    ]);
    expect(emu.stats().faults.dropped).toBeGreaterThanOrEqual(4);

    emu.setFaults({ commitThenDropRate: 0 });
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });
});
