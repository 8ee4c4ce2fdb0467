// README's Environments example, its files as the README shows them, through `aac migrate`: every
// definition arrives (a `temperature: "${var.temperature}"` of a number variable was read as a
// string that failed the number schema, and its definition was dropped without a word, exit 0).
// The reference stays a reference where the new API has the field, and each environment then
// applies its own value to the Foundry agents emulator over loopback.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's ```yaml block whose first line is `# <file>…`, as written. */
function readmeFile(file: string): string {
  const block = README.split('```yaml\n').map((b) => b.split('```')[0]!).find((b) => b.startsWith(`# ${file}`));
  if (block === undefined) throw new Error(`README has no yaml block starting with '# ${file}'`);
  return block;
}

let cwd: string;
const aac = (argv: string[], env: Record<string, string | undefined> = {}) => runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, ...env } });

beforeEach(() => {
  cwd = testDir('aac-migrate-readme-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'assistants/aac.yaml', readmeFile('assistants/aac.yaml'));
  writeFile(cwd, 'assistants/support/billing.yaml', readmeFile('support/billing.yaml'));
  writeFile(cwd, 'assistants/overlays/prod/support/billing.yaml', readmeFile('overlays/prod/support/billing.yaml'));
  // The files the README's layout names but does not show.
  writeFile(cwd, 'assistants/hr/benefits.yaml', 'model: ${var.chat_model}\nname: Benefits\n');
  writeFile(cwd, 'assistants/_schemas/order.yaml', 'type: object\nproperties: { order_id: { type: string } }\nrequired: [order_id]\nadditionalProperties: false\n');
  writeFile(cwd, 'assistants/prompts/billing-prod.md', 'You help platinum customers with billing.\n');
});

/**
 * What migrate's note asks for: agents/aac.yaml with each environment's endpoint written again (the
 * source's), as the user does who serves the new API where the old one was.
 */
function writeEndpoints(): void {
  const source = parse(readmeFile('assistants/aac.yaml'));
  const path = join(cwd, 'agents/aac.yaml');
  const config = parse(readFileSync(path, 'utf8'));
  for (const [name, env] of Object.entries<{ endpoint?: string }>(config.environments)) env.endpoint = source.environments[name].endpoint;
  writeFileSync(path, stringify(config));
}

describe('aac migrate of README\'s Environments example', () => {
  test('the README example validates as it stands', async () => {
    const validated = await aac(['validate']);
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
  });

  for (const to of ['foundry-agents', 'openai-agents']) {
    test(`--to ${to}: every definition arrives, and the new directory validates in every environment`, async () => {
      const migrated = await aac(['migrate', '--to', to, '--out', 'agents', '--accept-losses']);
      expect(migrated.code, migrated.stdout + migrated.stderr).toBe(0);
      expect(migrated.stdout).toContain(`Migrated 2 definitions, 1 environment overlay and 1 $ref fragment to agents (${to})`);
      expect(existsSync(join(cwd, 'agents/support/billing.yaml'))).toBe(true);
      expect(existsSync(join(cwd, 'agents/hr/benefits.yaml'))).toBe(true);
      // dev and staging were told apart by their endpoints alone, which are not carried: the new
      // directory is refused until each says where it is served, and migrate says so.
      expect(migrated.stdout).toContain("assistants/aac.yaml — environments 'dev' and 'staging' are told apart by their endpoints, which are not carried over: in agents/aac.yaml they share one target, which aac refuses until each has its own `endpoint:` (or 'staging' its own `namespace:`)");
      // An agent has no temperature and no tool_resources: the variables only they referenced are
      // left out, with each environment's value, and said.
      const leftOut = [
        'assistants/aac.yaml:6:3: variables.policies_store — left out of agents/aac.yaml, with environments.dev.values.policies_store, environments.staging.values.policies_store and environments.prod.values.policies_store: its only reference (assistants/support/billing.yaml:6:37 tool_resources.file_search.vector_store_ids[0]) is dropped, so it would set nothing',
        'assistants/aac.yaml:7:3: variables.temperature — left out of agents/aac.yaml, with environments.prod.values.temperature: its only reference (assistants/support/billing.yaml:4:14 temperature) is dropped, so it would set nothing',
      ].join('\n');
      if (to === 'openai-agents') expect(migrated.stdout).toContain(leftOut);
      else expect(migrated.stdout).not.toContain('left out of');
      expect(Object.keys(parse(readFileSync(join(cwd, 'agents/aac.yaml'), 'utf8')).variables)).toEqual(to === 'openai-agents' ? ['chat_model'] : ['chat_model', 'policies_store', 'temperature']);
      const refused = await aac(['validate', '--dir', 'agents']);
      expect(refused.stdout).toContain(`agents/aac.yaml:${to === 'openai-agents' ? 10 : 16}:3: error: environments 'dev' and 'staging' manage the same live resources (same provider and namespace, and neither writes an endpoint, so both take the run's): each apply would undo the other's [environments.staging]\n  hint: give 'staging' its own namespace: (or each environment its own endpoint:)\n`);
      expect(refused.code).toBe(1);
      writeEndpoints();
      const validated = await aac(['validate', '--dir', 'agents']);
      expect(validated.stdout + validated.stderr).toContain('2 definitions valid in every environment (dev, staging, prod).');
      expect(validated.code).toBe(0);
    });
  }

  test('--to foundry-agents keeps the number reference as written, and each environment applies its own value', async () => {
    const migrated = await aac(['migrate', '--to', 'foundry-agents', '--out', 'agents', '--accept-losses']);
    expect(migrated.code, migrated.stderr).toBe(0);
    const billing = parse(readFileSync(join(cwd, 'agents/support/billing.yaml'), 'utf8'));
    expect(billing.definition).toMatchObject({ model: '${var.chat_model}', temperature: '${var.temperature}' });
    writeEndpoints();

    for (const [env, temperature] of [['dev', 0.3], ['prod', 0.2]] as const) {
      const emulator = await testEmulator({ provider: 'foundry-agents' });
      const on = { AZURE_AI_PROJECT_ENDPOINT: emulator.url, AAC_FOUNDRY_TOKEN: 'entra-token' };
      const applied = await aac(['apply', '--yes', '--dir', 'agents', '--env', env], on);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      const agent = emulator.resources().find((a) => a.name === 'billing-support') as { versions: { latest: { definition: { temperature: number } } } } | undefined;
      expect(agent?.versions.latest.definition.temperature).toBe(temperature);
    }
  });
});
