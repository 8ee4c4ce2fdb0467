// Apply in each host's dialect: creates and modifies reach the emulator with that host's method
// and auth, modifies carry only the changed fields, and the next plan shows no changes.
// Its applies run with -lock=false: they count the writes apply makes for the definitions, and
// the lock's own create and delete (on by default) are tested in test/lock.
import { describe, expect, it } from 'vitest';
import type { ProviderName } from '../../src/backends/assistants/providers.js';
import { credentialOf, emulator, envFor, VIRTUAL_KEY } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { recordingProxy, workspace } from './helpers.js';

const MODIFY_METHOD: Record<ProviderName, string> = { openai: 'POST', portkey: 'POST', foundry: 'POST', zerobot: 'PATCH' };

describe.each(Object.keys(MODIFY_METHOD) as ProviderName[])('aac apply --provider %s', (provider) => {
  it('creates, modifies with only the changed fields, and converges', async () => {
    const emu = await emulator(provider);
    const proxy = await recordingProxy(emu.url);
    const ws = workspace({ 'support/billing': { model: 'gpt-4o', name: 'Billing', temperature: 0.5 } });
    const env = envFor(provider, proxy.url);
    const cli = (...argv: string[]) => runCli([...argv, '--provider', provider], { cwd: ws.root, env });
    try {
      const created = await cli('apply', '-lock=false', '--yes');
      expect(created.code, created.stdout + created.stderr).toBe(0);
      expect(created.stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');

      ws.write('support/billing', { model: 'gpt-4o', name: 'Billing desk', temperature: 0.5 });
      proxy.requests.length = 0;
      const modified = await cli('apply', '-lock=false', '--yes');
      expect(modified.code, modified.stdout + modified.stderr).toBe(0);
      expect(modified.stdout).toContain('Apply complete: 0 created, 1 modified, 0 deleted.');
      expect(proxy.writes().map((w) => [w.method, w.body])).toEqual([[MODIFY_METHOD[provider], { name: 'Billing desk' }]]);

      expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
      for (const out of [created, modified]) {
        for (const secret of [credentialOf(provider), VIRTUAL_KEY]) expect(out.stdout + out.stderr).not.toContain(secret);
      }
    } finally {
      await proxy.close();
      await emu.close();
      ws.cleanup();
    }
  });
});
