// The examples users copy from: applying them leaves nothing for the next plan to do, whichever
// way the server treats metadata on modify.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { API_KEY, apiEnv, markers } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const examples = readdirSync(new URL('../../assistants/', import.meta.url), { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.ya?ml$/.test(f) && !/^aac\.ya?ml$/.test(f))
  .map((f) => f.replace(/\\/g, '/').replace(/\.ya?ml$/, ''))
  .sort();

describe.each(['replace', 'merge'] as const)('the examples in assistants/ (metadata %s)', (metadataMode) => {
  it('apply, then plan shows no changes; after drift, apply again converges', async () => {
    expect(examples.length).toBeGreaterThan(0);
    const emu: RunningEmulator = await startEmulator({ apiKey: API_KEY, metadataMode });
    const cli = (...argv: string[]) => runCli([...argv, '--dir', 'assistants'], { cwd: root, env: apiEnv(emu.url) });
    try {
      const applied = await cli('apply', '--yes');
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(applied.stdout).toContain(`Apply complete: ${examples.length} created, 0 modified, 0 deleted.`);
      expect(applied.stdout).not.toContain('warning:');
      expect(markers(emu).sort()).toEqual(examples);
      expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);

      for (const a of emu.resources()) {
        emu.mutate(a.id as string, { temperature: 1.9, metadata: { ...(a.metadata as Record<string, string>), stray: 'x' } });
      }
      const repaired = await cli('apply', '--yes');
      expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
      expect(repaired.stdout).toContain(`Apply complete: 0 created, ${examples.length} modified, 0 deleted.`);
      const plan = await cli('plan', '--detailed-exitcode');
      expect(plan.code, plan.stdout).toBe(0);
    } finally {
      await emu.close();
    }
  });
});
