// `aac emulator --provider foundry,foundry-agents`: one emulator serving Foundry's classic agents and
// its versioned agents at one project endpoint, as the service does, so a migration is rehearsed
// end to end through the real CLI: apply the classic definitions, migrate, plan the migrated
// directory against the same endpoint (the new agents to create, the classic ones still there),
// and a restart from --state finds both.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli, END_TO_END } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { emulatorCommand } from './helpers.js';

const emulator = (args: string[], cwd: string) => emulatorCommand(args, cwd, 'State file:');

test('classic apply → migrate → a plan of the new agents, against one emulator at one project endpoint', END_TO_END, async () => {
  const cwd = testDir('aac-one-endpoint-');
  mkdirSync(join(cwd, 'classic'));
  writeFileSync(join(cwd, 'classic', 'aac.yaml'), 'provider: foundry\n');
  writeFileSync(join(cwd, 'classic', 'help-desk.yaml'), 'model: gpt-4o\nname: Help Desk\ninstructions: Answer briefly.\n');

  // The provider order given does not matter: the emulator names them in the registry's order.
  const emu = await emulator(['--provider', 'foundry-agents,foundry', '--state', 'state.json'], cwd);
  const url = /listening on (\S+)/.exec(emu.banner)?.[1];
  expect(emu.banner, emu.banner).toBe([
    `Assistants API emulator (foundry) and Agents API emulator (foundry-agents) listening on ${url}`,
    `Point aac at it: AZURE_AI_PROJECT_ENDPOINT=${url} AAC_FOUNDRY_TOKEN=any aac plan --provider foundry`,
    `Point aac at it: AZURE_AI_PROJECT_ENDPOINT=${url} AAC_FOUNDRY_TOKEN=any aac plan --provider foundry-agents`,
    'Add ?api-version=v1 to every request.',
    `State file: ${join(cwd, 'state.json')}`,
    '',
  ].join('\n'));
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/projects\/default$/);
  const env = { AZURE_AI_PROJECT_ENDPOINT: url!, AAC_FOUNDRY_TOKEN: 'entra-token' };

  const classic = await runCli(['apply', '--yes', '--dir', 'classic'], { cwd, env });
  expect(classic.code, classic.stdout + classic.stderr).toBe(0);
  const migrated = await runCli(['migrate', '--to', 'foundry-agents', '--dir', 'classic', '--out', 'agents'], { cwd, env });
  expect(migrated.code, migrated.stderr).toBe(0);

  // The same endpoint, the other API: the agent to create, while the classic assistant stays.
  const plan = await runCli(['plan', '--detailed-exitcode', '--dir', 'agents'], { cwd, env });
  expect(plan.code, plan.stdout + plan.stderr).toBe(2);
  expect(plan.stdout).toContain('  + help-desk (create)\n');
  expect(plan.stdout).toContain('Plan: 1 to create, 0 to modify, 0 to delete, 0 unchanged.');
  const still = await runCli(['plan', '--detailed-exitcode', '--dir', 'classic'], { cwd, env });
  expect(still.code, still.stdout + still.stderr).toBe(0);

  const agents = await runCli(['apply', '--yes', '--dir', 'agents'], { cwd, env });
  expect(agents.code, agents.stdout + agents.stderr).toBe(0);
  const stopped = await emu.stop();
  expect(stopped.code, stopped.stderr).toBe(0);

  // One state file, naming both dialects, holds both APIs' resources; a restart serves both again.
  const state = JSON.parse(readFileSync(join(cwd, 'state.json'), 'utf8'));
  expect(state.provider).toBe('foundry,foundry-agents');
  expect(state.assistants.map((a: { name: string }) => a.name)).toContain('Help Desk');
  expect(state.agents.map((a: { name: string }) => a.name)).toContain('help-desk');
  const again = await emulator(['--provider', 'foundry,foundry-agents', '--state', 'state.json'], cwd);
  const env2 = { ...env, AZURE_AI_PROJECT_ENDPOINT: /listening on (\S+)/.exec(again.banner)![1]! };
  for (const dir of ['classic', 'agents']) {
    const clean = await runCli(['plan', '--detailed-exitcode', '--dir', dir], { cwd, env: env2 });
    expect(clean.code, `${dir}: ${clean.stdout}${clean.stderr}`).toBe(0);
  }
});

test('a dialect alone refuses the shared state file, whose writes would drop the other API; the pair reads a file one of them wrote', END_TO_END, async () => {
  const cwd = testDir('aac-one-endpoint-state-');
  writeFileSync(join(cwd, 'shared.json'), JSON.stringify({ format: 'aac-emulator-state', version: 1, provider: 'foundry,foundry-agents', assistants: [], vector_stores: [], agents: [] }, null, 2));
  const alone = await runCli(['emulator', '--provider', 'foundry', '--port', '0', '-q', '--state', 'shared.json'], { cwd });
  expect(alone.code).toBe(1);
  expect(alone.stderr).toContain("shared.json:4:15: ");
  expect(alone.stderr).toContain("holds a foundry,foundry-agents emulator's assistants, vector_stores and agents: start it with --provider foundry,foundry-agents, or give another --state");

  writeFileSync(join(cwd, 'classic.json'), JSON.stringify({ format: 'aac-emulator-state', version: 1, provider: 'foundry', assistants: [{ id: 'asst_1', object: 'assistant', created_at: 1, name: null, description: null, model: 'gpt-4o', instructions: null, tools: [], tool_resources: {}, temperature: 1, top_p: 1, metadata: {} }], vector_stores: [] }));
  const pair = await emulator(['--provider', 'foundry,foundry-agents', '--state', 'classic.json'], cwd);
  expect(pair.banner).toContain('listening on');
  await pair.stop();
});

test.each([
  [['--provider', 'openai,foundry'], 'Error: one emulator serves several providers only where one address serves them all; openai and foundry are served at different addresses\n  give one provider, or --provider foundry,foundry-agents\n'],
  [['--provider', 'foundry,foundry'], 'Error: --provider names foundry twice\n  give one provider, or --provider foundry,foundry-agents\n'],
  [['--provider', 'foundry,fondry'], "Error: unknown --provider 'fondry'\n"],
])('%j is refused, naming what one emulator can serve', async (argv, error) => {
  const r = await runCli(['emulator', '--port', '0', '-q', ...argv], { cwd: testDir('aac-one-endpoint-refused-') });
  expect(r.code).toBe(1);
  expect(r.stderr.startsWith(error), r.stderr).toBe(true);
  expect(r.stdout).toBe('');
});

test('each API at the shared endpoint keeps its own checks, headers and drift; stats count both', END_TO_END, async () => {
  const emu = await testEmulator({ provider: 'foundry,foundry-agents', apiKey: 'token' });
  const call = (method: string, path: string, body?: unknown) => fetch(`${emu.url}${path}?api-version=v1`, {
    method,
    headers: { authorization: 'Bearer token', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const assistant = await call('POST', '/assistants', { model: 'gpt-4o', name: 'classic' });
  expect(assistant.status).toBe(200);
  // The classic API's headers (ASSISTANTS.md) on its routes, not on the agents'.
  expect(assistant.headers.get('openai-version')).toBe('2020-10-01');
  const agent = await call('POST', '/agents', { name: 'fresh', definition: { kind: 'prompt', model: 'gpt-4o' } });
  expect(agent.status).toBe(200);
  expect(agent.headers.get('openai-version')).toBeNull();

  // Each body is checked against its own API's schema: a classic field is unknown to the new API and back.
  const classicOnly = await call('POST', '/agents', { name: 'x', model: 'gpt-4o', definition: { kind: 'prompt', model: 'gpt-4o' } });
  expect(classicOnly.status).toBe(400);
  expect(((await classicOnly.json()) as { error: { param: string } }).error.param).toBe('model');
  const agentOnly = await call('POST', '/assistants', { model: 'gpt-4o', definition: {} });
  expect(agentOnly.status).toBe(400);
  expect(((await agentOnly.json()) as { error: { message: string } }).error.message).toBe("Unknown parameter: 'definition'.");

  // Drift behind the tool's back reaches whichever API holds the id.
  const id = ((await assistant.json()) as { id: string }).id;
  expect(emu.mutate(id, { instructions: 'changed' })).toMatchObject({ id, instructions: 'changed' });
  expect(emu.mutate('fresh', { definition: { instructions: 'changed' } })).toMatchObject({ version: '2' });
  expect(() => emu.mutate('nobody', {})).toThrow(/not found|No assistant/);
  expect(emu.resources().map((r) => r.name)).toEqual(['classic', 'fresh']);
  expect(emu.stats().byRoute).toEqual({ 'POST /assistants': 2, 'POST /agents': 2 });
  // A body alone does not say which API's resource it is.
  expect(() => emu.seed([{ model: 'gpt-4o' }])).toThrow('serves several APIs');
});
