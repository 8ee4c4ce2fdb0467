// A Foundry agent's `name:` is its address in a project, not the definition's identity (the key is,
// in every environment): an environment's overlay may give it its own name, as two environments
// sharing one project need. Once the agent exists there, a new name is a rename, refused at plan
// time where the overlay writes it. Against the foundry-agents emulator over loopback.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

test('an overlay names the agent of its environment; changing that name where the agent exists is refused, located in the overlay', async () => {
  const project = await testEmulator({ provider: 'foundry-agents' });
  const cwd = testDir('aac-overlay-agent-name-');
  mkdirSync(join(cwd, '.git'));
  // One project, two namespaces: each environment's agent needs its own name there.
  writeFile(cwd, 'agents/aac.yaml', 'provider: foundry-agents\nenvironments:\n  dev: { namespace: bots-dev }\n  prod: { namespace: bots-prod }\n');
  writeFile(cwd, 'agents/billing.yaml', 'name: billing\ndefinition: { kind: prompt, model: gpt-4o }\n');
  writeFile(cwd, 'agents/overlays/prod/billing.yaml', 'name: billing-prod\n');
  const aac = (...args: string[]) => runCli([...args, '--dir', 'agents', '--no-color'], { cwd, env: { AZURE_AI_PROJECT_ENDPOINT: project.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: undefined } });

  for (const env of ['dev', 'prod']) expect((await aac('apply', '--env', env, '--yes')).code).toBe(0);
  expect(project.resources().map((a) => a.name).sort()).toEqual(['billing', 'billing-prod']);

  writeFile(cwd, 'agents/overlays/prod/billing.yaml', 'name: billing-live\n');
  const refused = await aac('plan', '--env', 'prod');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("agents/overlays/prod/billing.yaml:1:1: renaming agent 'billing-prod' to 'billing-live' makes a new agent (the name is its address), so it is refused");
  // The way out names what a new key does with environments, and the way that leaves the others alone.
  expect(refused.stderr).toContain("the name is this environment's own (set in agents/overlays/prod/billing.yaml), but the key is every environment's: a new key (renaming agents/billing.yaml, or `key:`) makes a new agent in every environment, and --prune then deletes the old one in each; to leave the other environments alone, keep the name 'billing-prod' here until they rename too");
  expect((await aac('plan', '--env', 'dev', '--detailed-exitcode')).code).toBe(0);
});

test("a definition without a name whose key is refused is not told of an overlay its key would name: a `..` segment would lead out of the overlays", async () => {
  const cwd = testDir('aac-overlay-refused-key-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'agents/aac.yaml', 'provider: foundry-agents\nenvironments:\n  prod: { namespace: bots-prod }\n');
  writeFile(cwd, 'agents/billing.yaml', 'key: ../../../outside\ndefinition: { kind: prompt, model: gpt-4o }\n');
  const r = await runCli(['validate', '--env', 'prod', '--dir', 'agents', '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined } });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("agents/billing.yaml:1:6: error: the key '../../../outside' is not valid: it has the segment `..`");
  expect(r.stdout).not.toContain('outside.yaml');
});

test("a name an overlay sets that a live agent already has is refused at the overlay's name:, and every way out it gives names the overlay, never the base", async () => {
  const project = await testEmulator({ provider: 'foundry-agents' });
  const cwd = testDir('aac-overlay-name-taken-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'agents/aac.yaml', 'provider: foundry-agents\nenvironments:\n  dev: { namespace: bots-dev }\n  prod: { namespace: bots-prod }\n');
  writeFile(cwd, 'agents/billing.yaml', 'name: billing\ndefinition: { kind: prompt, model: gpt-4o }\n');
  writeFile(cwd, 'agents/overlays/prod/billing.yaml', '# prod\nname: hand-made\n');
  // Made outside aac: no marker, so the hint offers to pin it, which under an environment goes in its overlay.
  project.seed([{ name: 'hand-made', definition: { kind: 'prompt', model: 'gpt-4o' } }]);
  const aac = (...args: string[]) => runCli([...args, '--dir', 'agents', '--no-color'], { cwd, env: { AZURE_AI_PROJECT_ENDPOINT: project.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: undefined } });

  const refused = await aac('plan', '--env', 'prod');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("agents/overlays/prod/billing.yaml:2:1: the agent name 'hand-made' is taken by a live agent");
  expect(refused.stderr).toContain('to take it over, pin it with `id: hand-made` in agents/overlays/prod/billing.yaml; otherwise choose another name (`name:` in agents/overlays/prod/billing.yaml)');
  expect(refused.stderr).not.toContain('agents/billing.yaml');

  // import --env: the agent is defined by the overlay's name; the pin that adopts it goes there too.
  const imported = await aac('import', '--env', 'prod', '--name', 'hand-made', '--dry-run');
  expect(imported.stdout + imported.stderr).toContain("already defined by its name 'hand-made' in agents/overlays/prod/billing.yaml, which has no `id:`");
  expect(imported.stdout + imported.stderr).toContain('to adopt it, add `id: hand-made` to agents/overlays/prod/billing.yaml');

  // Two definitions of one name, the first's given by its overlay: the error names that overlay.
  writeFile(cwd, 'agents/other.yaml', 'name: hand-made\ndefinition: { kind: prompt, model: gpt-4o }\n');
  const twice = await aac('validate', '--env', 'prod');
  expect(twice.code).toBe(1);
  expect(twice.stdout).toContain("agents/other.yaml:1:7: error: agent name 'hand-made' is also the name in agents/overlays/prod/billing.yaml; one name addresses one agent");
});
