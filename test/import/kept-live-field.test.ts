// A live file_search `ranking_options.hybrid_search` (set by another client; the Assistants API's
// schema has no such member, so a definition cannot write it) is never wiped by an update that
// sends the tools: plan says it is sent back as it is, and the live assistant keeps it after a
// one-field apply. The CLI against the emulator over loopback, from an import.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { afterTest, testDir, testEmulator } from '../helpers/each-test.js';
import { emulator as startHost, envFor } from '../backends/helpers.js';

async function emulator(provider: 'openai') {
  const emu = await startHost(provider);
  afterTest(() => emu.close());
  return emu;
}

const KEY = 'test-key-for-import';
const HYBRID = { embedding_weight: 0.7, text_weight: 0.3 };

// Every Assistants host shares the one backend. OpenAI's live service holds hybrid_search
// (ASSISTANTS.md); Foundry's classic agents have none in their FileSearchRankingOptions
// (classic-agents-v1.json), and their emulator refuses one (emulator/closed-schema.ts), so no
// classic host there holds one to keep.
test.each(['openai'] as const)('%s: a one-field apply to a file_search tool keeps its live hybrid_search, and plan says it does', async (provider) => {
  const emu = await emulator(provider);
  const cwd = testDir('aac-kept-live-');
  const [id] = emu.seed([{
    model: 'gpt-4o',
    name: 'hybrid',
    tools: [{ type: 'file_search', file_search: { ranking_options: { ranker: 'auto', score_threshold: 0.2, hybrid_search: HYBRID } } }],
  }]).map((r) => String(r.id));
  const aac = (...argv: string[]) => runCli([...argv, '--provider', provider, '--namespace', 'team-a'], { cwd, env: envFor(provider, emu.url) });
  const liveRanking = () => {
    const live = emu.resources().find((r) => r.id === id) as { tools: Array<{ file_search: { ranking_options: Record<string, unknown> } }> };
    return live.tools[0]!.file_search.ranking_options;
  };

  const imported = await aac('import');
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toContain('! the live tools[0].file_search.ranking_options.hybrid_search {"embedding_weight":0.7,"text_weight":0.3} is not written: a definition cannot hold it (the Assistants API\'s file_search ranking options have no hybrid_search); every update keeps it as it is');
  expect(JSON.parse((await aac('import', '--dry-run', '--force', '--format', 'json')).stdout).imported[0].kept_live)
    .toEqual(['tools[0].file_search.ranking_options.hybrid_search {"embedding_weight":0.7,"text_weight":0.3}']);
  expect((await aac('apply', '--yes')).code).toBe(0);
  expect(liveRanking().hybrid_search).toEqual(HYBRID);

  const file = join(cwd, 'assistants', 'hybrid.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('score_threshold: 0.2', 'score_threshold: 0.25'));
  const plan = await aac('plan');
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stderr).toMatch(/assistants\/hybrid\.yaml:\d+:\d+: warning: the live tools/);
  expect(plan.stderr).toContain('warning: the live tools[0].file_search.ranking_options.hybrid_search {"embedding_weight":0.7,"text_weight":0.3} is sent back as it is');

  const applied = await aac('apply', '--yes');
  expect(applied.code, applied.stderr).toBe(0);
  expect(liveRanking()).toMatchObject({ score_threshold: 0.25, hybrid_search: HYBRID });
  const after = await aac('plan', '--detailed-exitcode');
  expect(after.code, after.stdout).toBe(0);
});

// foundry-agents: an agent's card and endpoint (the agent's own, set on create or by PATCH, which
// aac never sends) and its latest version's blueprint_reference (a version's; no definition writes
// it) are listed by import and left out of the file; a new version aac makes carries the
// blueprint_reference back and leaves the card and the endpoint as they are.
const CARD = { version: '1.0', description: 'Answers billing questions.', skills: [{ id: 'refunds', name: 'Refunds' }] };
const ENDPOINT = { protocols: ['responses'] };
const BLUEPRINT = { type: 'ManagedAgentIdentityBlueprint', blueprint_id: 'bp-123' };

test('foundry-agents: a new version keeps the live blueprint_reference, agent card and endpoint; import lists them', async () => {
  const emu = await testEmulator({ provider: 'foundry-agents' });
  const cwd = testDir('aac-kept-live-fa-');
  emu.seed([{ name: 'carded', definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'Be brief.' }, agent_card: CARD, agent_endpoint: ENDPOINT, blueprint_reference: BLUEPRINT }]);
  const aac = (...argv: string[]) => runCli([...argv, '--provider', 'foundry-agents', '--dir', 'agents', '--namespace', 'team-a'], { cwd, env: { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token' } });
  const live = () => emu.resources().find((a) => a.name === 'carded') as { agent_card?: unknown; agent_endpoint?: unknown; blueprint_reference?: unknown; versions: { latest: { version: string; blueprint_reference?: unknown; definition: { instructions: string } } } };
  expect(live()).toMatchObject({ agent_card: CARD, agent_endpoint: ENDPOINT, versions: { latest: { blueprint_reference: BLUEPRINT } } });

  const imported = await aac('import');
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toContain(`! the live blueprint_reference ${JSON.stringify(BLUEPRINT)} is not written: a definition cannot hold it (foundry-agents definitions have no blueprint_reference`);
  for (const kept of [`agent_card ${JSON.stringify(CARD)}`, `agent_endpoint ${JSON.stringify(ENDPOINT)}`]) {
    expect(imported.stdout).toContain(`! the live ${kept} is not written: a definition cannot hold it (it is the agent's own, not a version's, and only a PATCH of the agent writes it, which aac never sends); every update keeps it as it is`);
  }
  const file = join(cwd, 'agents', 'carded.yaml');
  expect(readFileSync(file, 'utf8')).not.toMatch(/blueprint|agent_card|agent_endpoint/);
  expect(JSON.parse((await aac('import', '--dry-run', '--force', '--format', 'json')).stdout).imported[0].kept_live).toHaveLength(3);

  writeFileSync(file, readFileSync(file, 'utf8').replace('Be brief.', 'Be very brief.'));
  const plan = await aac('plan');
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stderr).toContain(`warning: the live blueprint_reference ${JSON.stringify(BLUEPRINT)} is sent back as it is`);
  expect(plan.stderr).not.toMatch(/the live agent_(card|endpoint)/);
  const applied = await aac('apply', '--yes');
  expect(applied.code, applied.stderr).toBe(0);
  expect(live()).toMatchObject({
    agent_card: CARD, agent_endpoint: ENDPOINT,
    versions: { latest: { version: '2', blueprint_reference: BLUEPRINT, definition: { instructions: 'Be very brief.' } } },
  });
  expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  expect(emu.violations()).toEqual([]);
});

test('foundry-agents emulator: a draft version is refused as not emulated, never stored as the latest', async () => {
  const emu = await testEmulator({ provider: 'foundry-agents' });
  emu.seed([{ name: 'drafty', definition: { kind: 'prompt', model: 'gpt-4o' } }]);
  const res = await fetch(`${emu.url}/agents/drafty/versions?api-version=v1`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
    body: JSON.stringify({ draft: true, definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'draft' } }),
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { param: string } }).error.param).toBe('draft');
  expect((emu.resources()[0] as { versions: { latest: { version: string } } }).versions.latest.version).toBe('1');
});

// openai-agents: AgentResource is closed and every field a request takes is governed, so nothing is
// kept beyond a definition: an agent holding every optional setting imports whole, and a one-field
// apply leaves every other setting as it was.
test('openai-agents: a one-field apply leaves every other live setting as it was, and import writes them all', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const cwd = testDir('aac-kept-live-oa-');
  const full = {
    model: 'gpt-5', name: 'full', instructions: 'Be brief.', metadata: { team: 'billing' },
    reasoning: { effort: 'low', summary: 'concise' }, text: { format: { type: 'text' }, verbosity: 'low' }, service_tier: 'flex',
    multi_agent: { enabled: true, max_concurrent_subagents: 3 },
    tools: [
      { type: 'mcp', server_label: 'crm', allowed_tools: ['find'], request_metadata: { team: 'billing' }, required: true, transport: { type: 'http', server_url: 'https://mcp.example.com', headers: { 'x-team': 'billing' } } },
      { type: 'web_search', mode: 'cached', context_size: 'high', allowed_domains: ['example.com'], location: { country: 'US', region: null, city: null, timezone: null } },
      { type: 'function', name: 'lookup', description: 'Looks up.', parameters: { type: 'object', properties: {} }, defer_loading: true },
    ],
  };
  const res = await fetch(`${emu.url}/agents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, 'openai-beta': 'agents=v1' }, body: JSON.stringify(full) });
  expect(res.status, await res.clone().text()).toBe(201);
  const aac = (...argv: string[]) => runCli([...argv, '--provider', 'openai-agents', '--dir', 'agents', '--namespace', 'team-a'], { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url } });
  const liveAgent = () => { const { id: _i, object: _o, created_at: _c, updated_at: _u, ...rest } = emu.resources()[0] as Record<string, unknown>; return rest; };
  const before = liveAgent();

  const imported = await aac('import');
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).not.toContain('is not written');
  expect((await aac('apply', '--yes')).code).toBe(0);
  const file = join(cwd, 'agents', 'full.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('Be brief.', 'Be very brief.'));
  const applied = await aac('apply', '--yes');
  expect(applied.code, applied.stderr).toBe(0);
  const after = liveAgent();
  expect(after).toEqual({ ...before, instructions: 'Be very brief.', metadata: after.metadata });
  expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  expect(emu.violations()).toEqual([]);
});
