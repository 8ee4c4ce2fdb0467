// An apply that fails before its first write (here: the host fails the listings its plan is made
// from) says that nothing was changed, as its other early failures (a lock held, a stale plan, a
// question unanswered) do: a reader of the error learns that running again is safe.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { afterTest, testEmulator } from '../helpers/each-test.js';
import { agentsHosts, workspace } from './helpers.js';

const KEY = 'planning-failure-key-0123456789';

const HOSTS = agentsHosts(KEY);

describe.each(Object.keys(HOSTS) as Array<keyof typeof HOSTS>)('--provider %s, the host failing every request while the plan is made', (provider) => {
  it('ends with an error that says nothing was changed, and changes nothing', async () => {
    const host = HOSTS[provider];
    const emu = await testEmulator({ provider, apiKey: KEY, seed: 1 });
    const ws = workspace({ a: host.definition('a', 'One.') });
    afterTest(() => ws.cleanup());
    writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
    const aac = (...args: string[]) => runCli([...args, '--provider', provider], { cwd: ws.root, env: host.env(emu.url) });
    expect((await aac('apply', '--yes', '-lock=false')).code).toBe(0);
    const before = JSON.stringify(emu.resources());

    ws.write('a', host.definition('a', 'Two.'));
    emu.setFaults({ errorRate: 1 });
    for (const format of ['text', 'json']) {
      const failed = await aac('apply', '--yes', '-lock=false', '--format', format);
      expect(failed.code, failed.stdout + failed.stderr).toBe(1);
      const message = format === 'json' ? (JSON.parse(failed.stdout) as { diagnostics: Array<{ severity: string; message: string }> }).diagnostics.find((d) => d.severity === 'error')!.message : failed.stderr;
      expect(message).toMatch(/^(Error: )?[^\n]*: server error[^\n]*; nothing was changed/);
    }
    emu.setFaults({ errorRate: 0 });
    expect(JSON.stringify(emu.resources())).toBe(before);
  });
});
