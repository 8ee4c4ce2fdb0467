// `--target 'Support Bot'` through the CLI against the emulator: refused naming the key whose
// definition has that name, before any write, on plan and apply.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const ROWS = [
  { provider: 'openai', one: 'assistant', model: 'gpt-4o' },
  { provider: 'openai-agents', one: 'agent', model: 'gpt-5' },
] as const;

describe.each(ROWS)('$provider', ({ provider, one, model }) => {
  it("--target a definition's name names its key instead, on plan and apply", async () => {
    const emu = await testEmulator({ provider });
    const root = testDir('aac-target-name-');
    mkdirSync(join(root, 'defs', 'support'), { recursive: true });
    writeFileSync(join(root, 'defs', 'support', 'bot.yaml'), `model: ${model}\nname: Support Bot\n`);
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-test-target-name' };
    const aac = (...argv: string[]) => runCli([...argv, '--dir', 'defs', '--provider', provider], { cwd: root, env });
    for (const argv of [['plan', '--target', 'Support Bot'], ['apply', '--yes', '--target', 'Support Bot']]) {
      const run = await aac(...argv);
      expect(run.code, run.stdout).toBe(1);
      expect(run.stderr).toContain(`Error: --target 'Support Bot' is the name of the ${one} 'support/bot', not a key: a target is a key, as the plan shows it`);
      expect(run.stderr).toContain('target it by its key: `--target support/bot`');
    }
    expect(emu.resources()).toEqual([]);
  });
});
