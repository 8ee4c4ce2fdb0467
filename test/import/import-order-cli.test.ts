// `aac import` lists and writes what it imports in key order, not in the host's order (created_at,
// which a portal's fleet gives in any order): the same fleet imported again, or from another
// environment's host, reads the same. On each backend's emulator.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

/** Made in this order, a second apart: the host's order is not the names' order. */
const NAMES = ['zeta-desk', 'alpha-help', 'mid-bot', 'beta-bot'];
const SORTED = [...NAMES].sort();

const SEEDS = {
  foundry: NAMES.map((name, i) => ({ name, model: 'gpt-4o', instructions: `Hi ${name}`, created_at: 1_700_000_000 + i })),
  'foundry-agents': NAMES.map((name, i) => ({ name, created_at: 1_700_000_000 + i, definition: { kind: 'prompt', model: 'gpt-4o', instructions: `Hi ${name}` } })),
} as const;

describe('import lists and writes in key order', () => {
  for (const provider of ['foundry', 'foundry-agents'] as const) {
    test(provider, async () => {
      const emulator = await testEmulator({ provider });
      emulator.seed([...SEEDS[provider]] as never);
      const cwd = testDir('aac-import-order-');
      const env = { AZURE_AI_PROJECT_ENDPOINT: emulator.url, AAC_FOUNDRY_TOKEN: 'entra-token' };

      const dry = await runCli(['import', '--provider', provider, '--dir', 'defs', '--dry-run', '--format', 'json'], { cwd, env });
      expect(dry.code, dry.stderr).toBe(0);
      expect((JSON.parse(dry.stdout) as { imported: Array<{ key: string }> }).imported.map((a) => a.key)).toEqual(SORTED);

      const text = await runCli(['import', '--provider', provider, '--dir', 'defs'], { cwd, env });
      expect(text.code, text.stderr).toBe(0);
      const listed = text.stdout.split('\n').flatMap((l) => /^ {2}\+ defs\/(\S+)\.yaml/.exec(l)?.[1] ?? []);
      expect(listed).toEqual(SORTED);
      expect(readdirSync(join(cwd, 'defs')).filter((f) => f.endsWith('.yaml') && f !== 'aac.yaml').sort()).toEqual(SORTED.map((k) => `${k}.yaml`));
    });
  }
});
