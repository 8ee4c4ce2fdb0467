// What `aac migrate` does with the source's aac.yaml beyond the provider: the options every client
// reads alike (concurrency, timeout_ms, max_retries) are carried; `api_version` and `endpoint:` are
// carried only between providers one endpoint serves (Foundry's project endpoint serves classic and
// versioned agents: azure-foundry/AGENTS.md), and otherwise named on stdout, each with why; a
// variable's description and the editor's `$schema` are carried. A classic Foundry directory then
// applies to the versioned agents' emulator at the carried endpoint, with no endpoint variable set.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeEach, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { testDir, testEmulator } from '../../helpers/each-test.js';
import { writeFile } from '../../environments/helpers.js';

let cwd: string;
const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const read = (rel: string) => readFileSync(join(cwd, rel), 'utf8');
const aac = (argv: string[], env: Record<string, string | undefined> = {}) =>
  runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, AZURE_AI_PROJECT_ENDPOINT: undefined, ...env } });

const config = (provider: string, endpoint: string, devEndpoint: string) => [
  '$schema: ../schema/aac.schema.json',
  `provider: ${provider}`,
  'namespace: support',
  `endpoint: ${endpoint}`,
  'options: { concurrency: 2, timeout_ms: 30000, max_retries: 1, api_version: v1 }',
  'variables:',
  '  chat_model: { type: string, default: gpt-4o, description: The model deployment every assistant uses. }',
  'environments:',
  `  dev: { endpoint: "${devEndpoint}" }`,
  '',
].join('\n');

beforeEach(() => {
  cwd = testDir('aac-migrate-config-');
  mkdirSync(join(cwd, '.git'));
  write('src/bot.yaml', 'model: ${var.chat_model}\nname: Bot\ninstructions: Be brief.\n');
});

test('to openai-agents: the client options, the description and $schema carry over; api_version and the endpoints are named as not carried, with why', async () => {
  write('src/aac.yaml', config('foundry', 'https://llm.example.com/v1', 'https://dev.example.com/v1'));
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out/agents']);
  expect(r.code, r.stderr).toBe(0);
  expect(parse(read('out/agents/aac.yaml'))).toEqual({
    $schema: '../../schema/aac.schema.json',
    provider: 'openai-agents',
    namespace: 'support',
    options: { concurrency: 2, timeout_ms: 30000, max_retries: 1 },
    variables: { chat_model: { type: 'string', default: 'gpt-4o', description: 'The model deployment every assistant uses.' } },
    environments: { dev: {} },
  });
  expect(r.stdout).toContain('src/aac.yaml — its endpoint https://llm.example.com/v1 is not carried over: add `endpoint:` to out/agents/aac.yaml if openai-agents is served there\n');
  expect(r.stdout).toContain("src/aac.yaml — the endpoint https://dev.example.com/v1 of environment 'dev' is not carried over: add `endpoint:` under environments.dev in out/agents/aac.yaml if openai-agents is served there\n");
  expect(r.stdout).toContain('src/aac.yaml — options.api_version (v1) is not carried over: it is a version of the API of foundry, and openai-agents sends none\n');
  expect((await aac(['validate', '--dir', 'out/agents'])).code).toBe(0);
});

test('from foundry to foundry-agents: the project endpoint and api_version carry over, and the new directory applies there with no endpoint variable', async () => {
  const emulator = await testEmulator({ provider: 'foundry-agents' });
  write('src/aac.yaml', config('foundry', 'https://acct.services.ai.azure.com/api/projects/p', emulator.url));
  const r = await aac(['migrate', '--to', 'foundry-agents', '--dir', 'src', '--out', 'agents']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).not.toContain('not carried over');
  expect(parse(read('agents/aac.yaml'))).toMatchObject({
    provider: 'foundry-agents',
    endpoint: 'https://acct.services.ai.azure.com/api/projects/p',
    options: { concurrency: 2, timeout_ms: 30000, max_retries: 1, api_version: 'v1' },
    environments: { dev: { endpoint: emulator.url } },
  });
  const on = { AAC_FOUNDRY_TOKEN: 'entra-token' };
  const applied = await aac(['apply', '--yes', '--dir', 'agents', '--env', 'dev'], on);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  expect(emulator.resources().map((a) => a.name)).toEqual(['bot']);
  expect((await aac(['plan', '--detailed-exitcode', '--dir', 'agents', '--env', 'dev'], on)).code).toBe(0);
});

test('an aac.yaml already in --out is kept when there is nothing the definitions need, and what it does not get is said', async () => {
  write('src/aac.yaml', 'provider: foundry\nendpoint: https://acct.services.ai.azure.com/api/projects/p\noptions: { max_retries: 2 }\n');
  write('src/bot.yaml', 'model: gpt-4o\nname: Bot\n');
  write('agents/aac.yaml', 'provider: foundry-agents\n');
  const r = await aac(['migrate', '--to', 'foundry-agents', '--dir', 'src', '--out', 'agents']);
  expect(r.code, r.stderr).toBe(0);
  expect(read('agents/aac.yaml')).toBe('provider: foundry-agents\n');
  expect(r.stdout).toContain('src/aac.yaml — endpoint and options.max_retries are not carried over: agents/aac.yaml already exists and is kept');
});

/** `aac migrate` of a team-a openai source into `out`, whose aac.yaml `kept` is kept: its stdout. */
async function migrateBeside(kept: string): Promise<string> {
  write('src/aac.yaml', 'provider: openai\nnamespace: team-a\n');
  write('src/bot.yaml', 'model: gpt-4o\nname: X\n');
  write('out/aac.yaml', kept);
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out']);
  expect(r.code, r.stderr).toBe(0);
  expect(read('out/aac.yaml')).toBe(kept);
  return r.stdout;
}
/** What migrate says last: nothing live moved, and how the source's resources are retired. */
const RETIRE = 'The assistants defined in src/ stay live and managed from there. Once the agents serve, retire them: remove the definitions in src/ and run `aac apply --prune --allow-empty --dir src`, which lists each delete before it asks.';
/** What migrate says of the source's live state without a key: not read, and the plan to check it with. */
const UNREAD = 'The live assistants of src/ were not read (OPENAI_BASE_URL (or an `endpoint:`) and OPENAI_API_KEY are not set), so an edit made on the host since the last apply is not known here and is not migrated: check first that `aac plan --dir src --detailed-exitcode` exits 0';
const NAMESPACE_KEPT_OUT = 'src/aac.yaml — namespace team-a is not carried over: out/aac.yaml already exists and is kept (it is replaced, with --force, only when there are variables or environments to carry)';

test("a kept aac.yaml without the source's namespace: the namespace is named as not carried, with what that means, and Next: needs no --provider", async () => {
  expect(await migrateBeside('provider: openai-agents\n')).toBe([
    NAMESPACE_KEPT_OUT,
    "out/aac.yaml — it sets no namespace, so its directory's path gives one: the migrated definitions are a different set of agents from those of namespace team-a; set `namespace: team-a` there to keep them the same team's",
    UNREAD,
    'Migrated 1 definition to out (openai-agents).',
    'Next: aac plan --dir out',
    RETIRE,
    '',
  ].join('\n'));
  expect((await aac(['validate', '--dir', 'out'])).code).toBe(0);
});

test('a kept aac.yaml with another namespace and provider: both are named, and Next: adds --provider', async () => {
  expect(await migrateBeside('provider: openai\nnamespace: other\n')).toBe([
    NAMESPACE_KEPT_OUT,
    "out/aac.yaml — its namespace is other: the migrated definitions are a different set of agents from those of namespace team-a; set `namespace: team-a` there to keep them the same team's",
    'out/aac.yaml — its provider is openai, not openai-agents: a plan there needs --provider openai-agents, or set `provider: openai-agents` there',
    UNREAD,
    'Migrated 1 definition to out (openai-agents).',
    'Next: aac plan --dir out --provider openai-agents',
    RETIRE,
    '',
  ].join('\n'));
  expect((await aac(['validate', '--dir', 'out', '--provider', 'openai-agents'])).code).toBe(0);
});

test('a kept aac.yaml with the same namespace and provider: nothing to say of either', async () => {
  expect(await migrateBeside('provider: openai-agents\nnamespace: team-a\n')).toBe(`${UNREAD}\nMigrated 1 definition to out (openai-agents).\nNext: aac plan --dir out\n${RETIRE}\n`);
});

test('migrate --force over an aac.yaml it wrote before keeps the settings added there that it does not write (retain_versions:, an endpoint:), says so, and a plan there reads them', async () => {
  const emulator = await testEmulator({ provider: 'foundry-agents' });
  write('src/aac.yaml', 'provider: foundry\nvariables:\n  chat_model: { type: string, default: gpt-4o }\nenvironments:\n  dev: {}\n');
  write('src/bot.yaml', 'model: ${var.chat_model}\nname: Bot\n');
  const migrate = () => aac(['migrate', '--to', 'foundry-agents', '--dir', 'src', '--out', 'agents', '--force']);
  expect((await migrate()).code).toBe(0);
  // Settings only foundry-agents has, added as the first run's notes and README ask.
  // With comments, which the file the run writes over this one keeps, each where it was.
  write('agents/aac.yaml', `# The agents of team A: see the runbook.\n${read('agents/aac.yaml')}# Five, as the rollback drill needs.\nretain_versions: 5 # newest first\n`.replace('  dev: {}\n', `  dev:\n    # The dev project.\n    endpoint: ${emulator.url}\n`));
  const again = await migrate();
  expect(again.code, again.stderr).toBe(0);
  expect(parse(read('agents/aac.yaml'))).toEqual({ provider: 'foundry-agents', variables: { chat_model: { type: 'string', default: 'gpt-4o' } }, environments: { dev: { endpoint: emulator.url } }, retain_versions: 5 });
  expect(read('agents/aac.yaml')).toMatch(/^# The agents of team A: see the runbook\.\n/);
  expect(read('agents/aac.yaml')).toContain(`  dev:\n    # The dev project.\n    endpoint: ${emulator.url}\n`);
  expect(read('agents/aac.yaml')).toContain('# Five, as the rollback drill needs.\nretain_versions: 5 # newest first\n');
  expect(again.stdout).toContain('agents/aac.yaml — environments.dev.endpoint and retain_versions are kept as they were in the agents/aac.yaml this run replaces: the migration writes no value for them\n');
  const plan = await aac(['plan', '--dir', 'agents', '--env', 'dev', '--format', 'json'], { AAC_FOUNDRY_TOKEN: 'entra-token' });
  expect(plan.code, plan.stderr).toBe(0);
  expect(JSON.parse(plan.stdout)).toMatchObject({ retain_versions: 5 });
});

test('migrate --force over an aac.yaml whose added setting the new provider refuses drops it, saying where, why and the fix; the source\'s variables are never put back', async () => {
  write('src/aac.yaml', 'provider: openai\nvariables:\n  chat_model: { type: string, default: gpt-4o }\n  unused: { type: string, default: x }\n');
  write('src/bot.yaml', 'model: ${var.chat_model}\nname: Bot\n');
  write('agents/aac.yaml', 'provider: openai-agents\nvariables:\n  gone: { type: string, default: y }\nretain_versions: 5\n');
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'agents', '--force']);
  expect(r.code, r.stderr).toBe(0);
  expect(parse(read('agents/aac.yaml'))).toEqual({ provider: 'openai-agents', variables: { chat_model: { type: 'string', default: 'gpt-4o' }, unused: { type: 'string', default: 'x' } } });
  expect(r.stdout).toContain('agents/aac.yaml:4:1: retain_versions — dropped from the new agents/aac.yaml, which the migration writes over this one: retain_versions keeps the newest versions of versioned agents; the agents of the provider openai-agents have no versions; remove it, or use it with a provider whose agents have versions (foundry-agents)\n');
  expect(r.stdout).not.toContain('are kept as');
  expect((await aac(['validate', '--dir', 'agents'])).code).toBe(0);
});
