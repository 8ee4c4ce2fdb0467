// Two environments sharing one Foundry project (one provider and endpoint, each its own namespace):
// an agent's name is its address there, so a name one environment's agent has cannot be created by
// another. `aac import --env prod` must not write a base that every other environment's plan then
// refuses, and a plan that meets another environment's agent under its name must say whose it is
// and give the per-environment way (an overlay's `name:`), never a pin of that agent in the shared
// base. Against the foundry-agents emulator over loopback.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

async function project() {
  const emu = await testEmulator({ provider: 'foundry-agents' });
  const cwd = testDir('aac-shared-project-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'agents/aac.yaml', 'provider: foundry-agents\nenvironments:\n  dev: { namespace: bots-dev }\n  prod: { namespace: bots-prod }\n');
  const aac = (...args: string[]) => runCli([...args, '--dir', 'agents', '--no-color'], { cwd, env: { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: undefined } });
  const read = (rel: string) => parse(readFileSync(join(cwd, rel), 'utf8')) as unknown;
  return { emu, cwd, aac, read };
}

test('import --env of an agent whose environment shares its project writes its name into that environment\'s overlay, not the base', async () => {
  const { emu, cwd, aac, read } = await project();
  emu.seed([{ name: 'helper-prod', definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'Help.' } }]);

  const dry = await aac('import', '--env', 'prod', '--name', 'helper-prod', '--dry-run', '--format', 'json');
  expect((JSON.parse(dry.stdout) as { imported: Array<{ name_needed_in: unknown }> }).imported[0]!.name_needed_in).toEqual([{ environment: 'dev', overlay_file: 'agents/overlays/dev/helper-prod.yaml' }]);
  const imported = await aac('import', '--env', 'prod', '--name', 'helper-prod');
  expect(imported.code).toBe(0);
  expect(read('agents/helper-prod.yaml')).not.toHaveProperty('name');
  expect(read('agents/overlays/prod/helper-prod.yaml')).toEqual({ id: 'helper-prod', name: 'helper-prod' });
  expect(imported.stdout).toContain('id pinned and name in agents/overlays/prod/helper-prod.yaml');
  expect(imported.stdout).toContain("environment 'dev' shares this project, where this name is taken: give it its own name in agents/overlays/dev/helper-prod.yaml");

  // prod plans the adoption alone, and is clean once applied.
  const prodPlan = await aac('plan', '--env', 'prod');
  expect(prodPlan.stderr).toBe('');
  expect(prodPlan.code).toBe(0);
  expect((await aac('apply', '--env', 'prod', '--yes')).code).toBe(0);
  expect((await aac('plan', '--env', 'prod', '--detailed-exitcode')).code).toBe(0);

  // dev is told, without credentials, to name its own agent there; then it creates its own.
  const devValidate = await aac('validate', '--env', 'dev');
  expect(devValidate.code).toBe(1);
  expect(devValidate.stdout).toContain("agents/helper-prod.yaml:1:1: error: the definition is missing the required field 'name'");
  expect(devValidate.stdout).toContain("add `name:` here, or in agents/overlays/dev/helper-prod.yaml for environment dev alone");
  writeFile(cwd, 'agents/overlays/dev/helper-prod.yaml', 'name: helper-dev\n');
  expect((await aac('apply', '--env', 'dev', '--yes')).code).toBe(0);
  expect(emu.resources().map((a) => a.name).sort()).toEqual(['helper-dev', 'helper-prod']);
  expect(existsSync(join(cwd, 'agents/overlays/dev'))).toBe(true);
});

test('a plan that meets, under its name, the agent another environment pins or manages names that environment and the overlay name: here', async () => {
  const { emu, cwd, aac } = await project();
  emu.seed([{ name: 'helper', definition: { kind: 'prompt', model: 'gpt-4o' } }]);
  // Written by hand as an older import wrote it: the name in the shared base, prod's pin in its overlay.
  writeFile(cwd, 'agents/helper.yaml', 'name: helper\ndefinition: { kind: prompt, model: gpt-4o }\n');
  writeFile(cwd, 'agents/overlays/prod/helper.yaml', 'id: helper\n');

  const pinned = await aac('plan', '--env', 'dev');
  expect(pinned.code).toBe(1);
  expect(pinned.stderr).toContain("environment 'prod' pins it in agents/overlays/prod/helper.yaml;");
  expect(pinned.stderr).toContain('give the agent its own name in environment dev: `name: …` in agents/overlays/dev/helper.yaml');
  expect(pinned.stderr).not.toContain('pin it with `id: helper` in agents/helper.yaml');

  // Once prod's apply adopted it, it is prod's namespace's: the refusal says whose it is alike.
  expect((await aac('apply', '--env', 'prod', '--yes')).code).toBe(0);
  const managed = await aac('plan', '--env', 'dev');
  expect(managed.code).toBe(1);
  expect(managed.stderr).toContain("it is the agent of environment 'prod'; it is managed as 'helper' in namespace 'bots-prod'");
  expect(managed.stderr).toContain('give the agent its own name in environment dev: `name: …` in agents/overlays/dev/helper.yaml');
});

test('import --env keeps the name in the base where every environment has its own project', async () => {
  const [dev, prod] = await Promise.all([testEmulator({ provider: 'foundry-agents' }), testEmulator({ provider: 'foundry-agents' })]);
  const cwd = testDir('aac-own-projects-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'agents/aac.yaml', `provider: foundry-agents\nenvironments:\n  dev: { endpoint: '${dev.url}', namespace: bots }\n  prod: { endpoint: '${prod.url}', namespace: bots }\n`);
  prod.seed([{ name: 'helper', definition: { kind: 'prompt', model: 'gpt-4o' } }]);
  const imported = await runCli(['import', '--dir', 'agents', '--env', 'prod'], { cwd, env: { AZURE_AI_PROJECT_ENDPOINT: undefined, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: undefined } });
  expect(imported.code).toBe(0);
  expect(imported.stdout).not.toContain('shares this project');
  expect(parse(readFileSync(join(cwd, 'agents/helper.yaml'), 'utf8'))).toMatchObject({ name: 'helper' });
  expect(parse(readFileSync(join(cwd, 'agents/overlays/prod/helper.yaml'), 'utf8'))).toEqual({ id: 'helper' });
});
