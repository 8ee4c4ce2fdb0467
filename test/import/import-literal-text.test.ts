// `aac import` writes live text that holds aac's own reference syntax (`${var.x}`, `$${`, a
// misspelt `${env.X}`, another tool's `${{ secrets.X }}`) so that the definition means exactly the
// live text: each `${` as `$${` (README, Variables). Then the plan after the import shows only the
// adoption, with no warning, in every kind; a prompt moved to its own Markdown file, where
// references are not read, keeps the text as it is. The CLI against each kind's emulator over loopback.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'test-key-for-import';
const FOUNDRY = (url: string) => ({ AAC_FOUNDRY_TOKEN: KEY, AZURE_AI_PROJECT_ENDPOINT: url });
const OPENAI = (url: string) => ({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: url });

const TEXT = 'Use ${var.x} and $${var.y} and ${env.HOME} and ${{ secrets.X }} and $$${z} literally.';
const FILE = { openai: 'tricky-var-n.yaml', 'openai-agents': 'tricky-var-n.yaml', 'foundry-agents': 'tricky.yaml' } as const;
const LONG = `${TEXT}\n${'More rules.\n'.repeat(60)}`;

const KINDS = [
  { provider: 'openai', env: OPENAI, body: (instructions: string) => ({ model: 'gpt-4o', name: 'Tricky ${var.n}', description: '${env.HOME}', instructions, metadata: { tpl: TEXT } }) },
  { provider: 'openai-agents', env: OPENAI, body: (instructions: string) => ({ model: 'gpt-4o', name: 'Tricky ${var.n}', instructions, metadata: { tpl: TEXT } }) },
  {
    provider: 'foundry-agents', env: FOUNDRY,
    body: (instructions: string) => ({ name: 'tricky', description: '${env.HOME}', metadata: { tpl: TEXT }, definition: { kind: 'prompt', model: 'gpt-4o', instructions } }),
  },
] as const;

for (const { provider, env, body } of KINDS) {
  test(`${provider}: live text with \${var.x}, $\${, \${env.X} and \${{ … }} imports escaped; the plan shows only the adoption, without warnings`, async () => {
    const emu = await testEmulator({ provider, apiKey: KEY });
    const cwd = testDir('aac-import-literal-');
    emu.seed([body(TEXT) as unknown as Record<string, unknown>]);
    const aac = (...argv: string[]) => runCli([...argv, '--provider', provider, '--namespace', 'team-a'], { cwd, env: env(emu.url) });

    const imported = await aac('import');
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const file = readFileSync(join(cwd, 'assistants', FILE[provider]), 'utf8');
    expect(file).toContain('Use $${var.x} and $$${var.y} and $${env.HOME} and $${{ secrets.X }} and $$$${z} literally.');

    const plan = await aac('plan', '--format', 'json');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).not.toMatch(/warning/);
    expect(JSON.parse(plan.stdout).resource_changes.map((c: { adopt: boolean; changed_fields: string[] }) => [c.adopt, c.changed_fields])).toEqual([[true, []]]);
  });

  test(`${provider}: a long prompt with \${var.x} moves to a Markdown file as it is; the plan shows only the adoption`, async () => {
    const emu = await testEmulator({ provider, apiKey: KEY });
    const cwd = testDir('aac-import-literal-');
    emu.seed([body(LONG) as unknown as Record<string, unknown>]);
    const aac = (...argv: string[]) => runCli([...argv, '--provider', provider, '--namespace', 'team-a'], { cwd, env: env(emu.url) });

    const imported = await aac('import');
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'assistants', 'prompts', FILE[provider].replace('.yaml', '.md')), 'utf8')).toBe(LONG);
    const plan = await aac('plan', '--format', 'json');
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).resource_changes.map((c: { adopt: boolean; changed_fields: string[] }) => [c.adopt, c.changed_fields])).toEqual([[true, []]]);
  });
}
