// A saved plan that cannot be read (cut short in transfer) is refused with the `aac plan --out`
// that makes it again, with the --dir and --env it was made with: its head says them. In-process
// CLI against the openai-agents emulator over loopback.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from '../environments/helpers.js';

const KEY = 'sk-test-show-remake';

it('aac show of a truncated plan suggests the plan --out with the plan\'s own --dir and --env', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const cwd = testDir('aac-show-remake-');
  writeFile(cwd, 'teams/billing/aac.yaml', `provider: openai-agents\nnamespace: billing\nenvironments:\n  prod: { endpoint: "${emu.url}" }\n`);
  writeFile(cwd, 'teams/billing/bot.yaml', 'model: gpt-5\nname: Bot\n');
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: undefined, AAC_NAMESPACE: undefined, AAC_ENV: undefined };
  const made = await runCli(['plan', '--dir', 'teams/billing', '--env', 'prod', '--out', 'trunc.json'], { cwd, env });
  expect(made.code, made.stderr).toBe(0);
  const whole = readFileSync(join(cwd, 'trunc.json'), 'utf8');
  writeFileSync(join(cwd, 'trunc.json'), whole.slice(0, Math.floor(whole.length / 2)));
  const shown = await runCli(['show', 'trunc.json'], { cwd, env });
  expect(shown.code).toBe(1);
  expect(shown.stderr).toContain('`aac plan --out trunc.json --dir teams/billing --env prod`');
});
