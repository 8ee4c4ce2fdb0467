// `--target` written as the id the plan prints beside a managed resource's key (`~ team/one
// (asst_…)`) — or, for Foundry, its version id (`bot-one:1`) — is refused naming the key it is the
// resource of, and the --target to write: Terraform targets an address, never an id, and aac's
// address is the key. Each backend through the real CLI against its emulator dialect on loopback.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const ROWS = [
  {
    provider: 'openai', one: 'assistant',
    env: (url: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-test-target-id' }),
    definition: (name: string, text: string) => `model: gpt-4o\nname: ${name}\ninstructions: ${text}\n`,
  },
  {
    provider: 'openai-agents', one: 'agent',
    env: (url: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-test-target-id' }),
    definition: (name: string, text: string) => `model: gpt-5\nname: ${name}\ninstructions: ${text}\n`,
  },
  {
    provider: 'foundry-agents', one: 'agent',
    env: (url: string) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: 'entra-token' }),
    definition: (name: string, text: string) => `name: ${name}\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: ${text}\n`,
  },
] as const;

describe.each(ROWS)('$provider', ({ provider, one, env: envOf, definition }) => {
  it('--target the id the plan prints names the key to target instead', async () => {
    const emu = await testEmulator({ provider });
    const root = testDir('aac-target-id-');
    mkdirSync(join(root, 'defs', 'team'), { recursive: true });
    writeFileSync(join(root, 'defs', 'team', 'one.yaml'), definition('bot-one', 'A'));
    writeFileSync(join(root, 'defs', 'two.yaml'), definition('bot-two', 'A'));
    const env = envOf(emu.url);
    const aac = (...argv: string[]) => runCli([...argv, '--dir', 'defs', '--provider', provider], { cwd: root, env });
    expect((await aac('apply', '--yes')).code).toBe(0);
    writeFileSync(join(root, 'defs', 'team', 'one.yaml'), definition('bot-one', 'B'));
    const plan = await aac('plan');
    // The id as the plan shows it, beside the key.
    const id = /^ {2}~ team\/one \(([^)]+)\)/m.exec(plan.stdout)?.[1];
    expect(id, plan.stdout).toBeDefined();

    const ids = [[id!, 'id']];
    // A Foundry agent's version id is its name and version (AgentVersionObject.id, `bot-one:1`).
    if (provider === 'foundry-agents') ids.push([`${id}:1`, 'id of version 1']);
    for (const [typed, what] of ids) {
      for (const format of ['text', 'json']) {
        const r = await aac('plan', '--target', typed!, '--format', format);
        expect(r.code).toBe(1);
        const out = r.stdout + r.stderr;
        expect(out).toContain(`--target '${typed}' is the ${what} of the managed ${one} 'team/one', not a key: a target is a key, as the plan shows it before the id`);
        expect(out).toContain('target it by its key: `--target team/one`');
        expect(out).not.toContain('matches no definition');
      }
    }
    // In a comma list, each id is named by its key.
    const list = await aac('plan', '--target', `${id},two`);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('repeat --target for each key (`--target team/one --target two`)');
    // The key itself plans, as before.
    const byKey = await aac('plan', '--target', 'team/one');
    expect(byKey.code, byKey.stderr).toBe(0);
    expect(byKey.stdout).toContain('~ team/one');
    // An id no managed resource has is still refused as selecting nothing.
    const none = await aac('plan', '--target', `${id}x`);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`matches no definition and no managed ${one}`);
  });
});
