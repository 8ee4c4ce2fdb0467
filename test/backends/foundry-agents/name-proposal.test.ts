// An agent name the API's rule refuses is told a valid one made of what was written (lower case,
// each run of other characters one '-', as aac migrate makes names), and that name is one the
// emulator's foundry-agents dialect takes: written back, the agent is created under it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { testDir, testEmulator } from '../../helpers/each-test.js';

const definition = (name: string) => `name: ${name}\ndefinition:\n  kind: prompt\n  model: gpt-4o\n`;

describe('an invalid agent name', () => {
  test('is told a valid name made of it, which the host takes', async () => {
    const emu = await testEmulator({ provider: 'foundry-agents', seed: 1 });
    const dir = testDir('aac-fa-name-');
    mkdirSync(join(dir, 'agents'));
    const env = { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: 'team-a' };
    const aac = (...args: string[]) => runCli([...args, '--provider', 'foundry-agents', '--dir', 'agents', '--no-color'], { cwd: dir, env });
    writeFileSync(join(dir, 'agents', 'billing.yaml'), definition("'Billing_Support Bot!'"));
    const refused = await aac('validate');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      "agents/billing.yaml:1:7: error: name 'Billing_Support Bot!' is not valid: letters, digits and hyphens, starting and ending with a letter or digit [name]\n" +
        '  hint: write a valid one, e.g. `name: billing-support-bot`\n',
    );
    const proposed = /e\.g\. `name: ([^`]+)`/.exec(refused.stdout)![1]!;
    writeFileSync(join(dir, 'agents', 'billing.yaml'), definition(proposed));
    const applied = await aac('apply', '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(emu.resources().map((a) => a.name)).toEqual(['billing-support-bot']);
  });

  test('with nothing a name can keep, is told the rule alone', async () => {
    const dir = testDir('aac-fa-name-');
    mkdirSync(join(dir, 'agents'));
    writeFileSync(join(dir, 'agents', 'support.yaml'), definition('支援'));
    const r = await runCli(['validate', '--provider', 'foundry-agents', '--dir', 'agents', '--no-color'], { cwd: dir });
    expect(r.stdout).toContain('  hint: change name to letters, digits and hyphens, starting and ending with a letter or digit\n');
  });
});
