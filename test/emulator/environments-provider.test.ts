// `aac emulator` without --provider in a directory whose aac.yaml declares environments speaks the
// provider those environments plan against (an environment's own `provider:`, else the top
// level's), not the default one, and the `aac plan` it prints names an environment that uses it:
// without --env, that plan is refused where environments are declared. Environments on providers
// served at different addresses are refused, naming each, as one emulator cannot serve them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { emulatorCommand } from './helpers.js';

const emulator = (args: string[], cwd: string) => emulatorCommand(args, cwd, 'with every request.');

function project(config: string): string {
  const cwd = testDir('aac-emu-envs-');
  mkdirSync(join(cwd, 'agents'));
  writeFileSync(join(cwd, 'agents', 'aac.yaml'), config);
  writeFileSync(join(cwd, 'agents', 'a.yaml'), 'model: gpt-5\nname: A\n');
  return cwd;
}

test("environments' own provider: the emulator speaks it, and its plan line names an environment; run as printed, it plans", async () => {
  const cwd = project('environments:\n  dev: { provider: openai-agents, namespace: a-dev }\n  prod: { provider: openai-agents, namespace: a-prod }\n');
  const emu = await emulator(['--dir', 'agents'], cwd);
  const line = /^Point aac at it: OPENAI_BASE_URL=(\S+) OPENAI_API_KEY=any aac (plan .*)$/m.exec(emu.banner);
  expect(line, emu.banner).not.toBeNull();
  expect(emu.banner).toContain('Agents API emulator (openai-agents) listening on');
  expect(line![2]).toBe('plan --dir agents --provider openai-agents --env dev');
  const plan = await runCli(line![2]!.split(' '), { cwd, env: { OPENAI_BASE_URL: line![1]!, OPENAI_API_KEY: 'any', AAC_NAMESPACE: undefined } });
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  expect(plan.stdout).toContain("in environment dev, namespace 'a-dev', on openai-agents");
});

test('environments on providers served at different addresses: refused, naming each environment and its provider', async () => {
  const cwd = project('environments:\n  dev: { provider: openai-agents, namespace: a-dev }\n  prod: { provider: foundry-agents, namespace: a-prod }\n');
  const emu = await emulator(['--dir', 'agents'], cwd);
  const r = await emu.run;
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("the environments of agents/aac.yaml plan against openai-agents (dev) and foundry-agents (prod), which one emulator cannot serve at one address");
  expect(r.stderr).toContain('start one for each: `aac emulator --dir agents --provider openai-agents`, and `aac emulator --dir agents --provider foundry-agents`, each on its own port');
});
