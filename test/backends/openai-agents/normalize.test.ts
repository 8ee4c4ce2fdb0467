// Normalisation and the write rule against what the emulator dialect sends back: a definition and
// the agent made from it compare equal, a drift in one field is exactly that field, and the update
// the write rule builds for it repairs it.
import fc from '../../helpers/fast-check.js';
import { definitionArbitrary } from './arbitraries.js';
import { expect, test } from 'vitest';
import { AGENT_FIELDS, type AgentField, type AgentSpec } from '../../../src/backends/openai-agents/agent.js';
import { AgentsDialect } from '../../../src/backends/openai-agents/emulator-dialect.js';
import { respond } from './loopback.js';
import { comparableAgent, normalizeAgent, toolIdentity } from '../../../src/backends/openai-agents/normalize.js';
import { createBody, updateBody } from '../../../src/backends/openai-agents/write.js';
import { sameJson } from '../../../src/model/canonical.js';

const HEADERS = { authorization: 'Bearer sk-test', 'openai-beta': 'agents=v1' };

function server(): { create(spec: AgentSpec): AgentSpec; update(id: string, body: unknown): AgentSpec; d: AgentsDialect } {
  const d = new AgentsDialect();
  const call = (method: string, path: string, body: unknown) => respond(d, { method, path, query: new URLSearchParams(), headers: HEADERS, body }).body as AgentSpec;
  return { d, create: (spec) => call('POST', '/v1/agents', createBody(spec)), update: (id, body) => call('POST', `/v1/agents/${id}`, body) };
}

function changed(live: AgentSpec, spec: AgentSpec): AgentField[] {
  const before = normalizeAgent(live);
  const desired = comparableAgent(before, normalizeAgent(spec));
  return AGENT_FIELDS.filter((f) => !sameJson(before[f], desired[f]));
}

const FULL: AgentSpec = {
  model: 'gpt-5',
  name: 'Support',
  instructions: 'Answer briefly.',
  metadata: { team: 'support' },
  reasoning: { effort: 'low' },
  text: { format: { type: 'json_schema', schema: { type: 'object', properties: { a: { type: 'string' } } } } },
  service_tier: 'flex',
  multi_agent: { enabled: true },
  compaction: { async: false },
  experimental: { time_awareness: true },
  tools: [
    { type: 'web_search', allowed_domains: ['example.com'] },
    { type: 'function', name: 'lookup', description: 'Find an order.', parameters: { type: 'object', properties: { id: { type: 'string' } } } },
    { type: 'mcp', server_label: 'crm', transport: { type: 'http', server_url: 'https://mcp.example.com' }, allowed_tools: ['find'] },
    { type: 'tool_search' },
    { type: 'programmatic_tool_calling', enabled: false },
    { type: 'computer_use', include_screenshots: true },
  ],
};

test('a definition and the agent made from it compare equal, whatever the server filled in', () => {
  const s = server();
  for (const spec of [{ model: 'gpt-5' }, { model: 'gpt-4.1', name: '' }, FULL]) {
    expect(changed(s.create(spec), spec), JSON.stringify(spec)).toEqual([]);
  }
});

test('every field is present; a service_tier left out is null (the server\'s choice), any other field left out or null is its defaults', () => {
  const n = normalizeAgent({ model: 'gpt-5', reasoning: null, text: null });
  expect(Object.keys(n)).toEqual([...AGENT_FIELDS]);
  expect(n).toMatchObject({ reasoning: { summary: null }, text: { format: { type: 'text' }, verbosity: 'medium' }, service_tier: null, multi_agent: { enabled: false, max_concurrent_subagents: null }, metadata: {}, tools: [], compaction: { async: true } });
  expect(normalizeAgent({ model: 'gpt-5' })).toEqual(n);
  const live = normalizeAgent({ model: 'gpt-5', reasoning: { effort: 'medium', summary: 'auto' }, service_tier: 'flex' });
  expect(comparableAgent(live, n)).toMatchObject({ reasoning: { effort: 'medium', summary: null }, service_tier: 'flex' });
});

test('an omitted effort is no diff where the server reports its own pick (null or the model default); any other effort is reset', () => {
  const s = server();
  const live = s.create({ model: 'gpt-5' });
  expect(live.reasoning).toEqual({ effort: 'medium', summary: null });
  for (const definition of [{ model: 'gpt-5' }, { model: 'gpt-5', reasoning: null }, { model: 'gpt-5', reasoning: { effort: null } }] as AgentSpec[]) {
    expect(changed(live, definition)).toEqual([]);
    expect(changed({ ...live, reasoning: { effort: null, summary: null } }, definition)).toEqual([]);
    // Set by someone (a definition since changed, or by hand): not the server's pick, so it is reset.
    expect(changed({ ...live, reasoning: { effort: 'high', summary: null } }, definition)).toEqual(['reasoning']);
  }
  expect(changed({ ...live, reasoning: { effort: 'low', summary: 'auto' } }, { model: 'gpt-5', reasoning: { summary: 'auto' } })).toEqual(['reasoning']);
});

test('inside a set resolved field, only what the definition decides is compared', () => {
  const summaryOnly: AgentSpec = { model: 'gpt-5', reasoning: { summary: 'auto' } };
  expect(changed({ model: 'gpt-5', reasoning: { effort: 'medium', summary: 'auto' } }, summaryOnly)).toEqual([]);
  expect(changed({ model: 'gpt-5', reasoning: { effort: 'medium', summary: null } }, summaryOnly)).toEqual(['reasoning']);
  // A sent reasoning replaces the whole field, so an effort-only definition wants summaries off.
  expect(changed({ model: 'gpt-5', reasoning: { effort: 'low', summary: 'auto' } }, { model: 'gpt-5', reasoning: { effort: 'low' } })).toEqual(['reasoning']);
  expect(changed({ model: 'gpt-5', reasoning: { effort: 'high', summary: null } }, { model: 'gpt-5', reasoning: { effort: 'low' } })).toEqual(['reasoning']);
  expect(changed({ model: 'gpt-5', text: { format: { type: 'text' }, verbosity: 'medium' } }, { model: 'gpt-5', text: {} })).toEqual([]);
  expect(changed({ model: 'gpt-5', multi_agent: { enabled: true, max_concurrent_subagents: 6 } }, { model: 'gpt-5', multi_agent: { enabled: true } })).toEqual([]);
  expect(changed({ model: 'gpt-5', service_tier: 'auto' }, { model: 'gpt-5', service_tier: null })).toEqual([]);
});

test('fixed defaults fold on both sides; compaction and experimental missing from a response read as their defaults', () => {
  const bare: AgentSpec = { model: 'gpt-5', name: null, instructions: null, metadata: {}, tools: [] };
  expect(changed(bare, { model: 'gpt-5', metadata: null, tools: null, compaction: null, experimental: {} })).toEqual([]);
  expect(changed(bare, { model: 'gpt-5', compaction: { async: false } })).toEqual(['compaction']);
  expect(changed({ ...bare, name: '' }, { model: 'gpt-5' })).toEqual([]);
});

test('tools line up by identity, not position, and compare with their filled sub-fields', () => {
  const s = server();
  const live = s.create(FULL);
  expect(changed(live, { ...FULL, tools: [...FULL.tools!].reverse() })).toEqual([]);
  const edited = FULL.tools!.map((t) => (t.type === 'function' ? { ...t, defer_loading: true } : t));
  expect(changed(live, { ...FULL, tools: edited })).toEqual(['tools']);
  expect([...FULL.tools!].map(toolIdentity).sort()).toEqual(['computer_use', 'function:lookup', 'mcp:crm', 'programmatic_tool_calling', 'tool_search', 'web_search']);
});

test('a drift in each governed field is that field alone, and the update body for it repairs it', () => {
  const drifts: Record<AgentField, unknown> = {
    model: 'gpt-5-mini', name: 'Other', instructions: 'Other', metadata: { team: 'x', extra: 'y' },
    reasoning: { effort: 'high' }, text: { verbosity: 'low' }, service_tier: 'priority',
    multi_agent: { enabled: false }, compaction: { async: true }, experimental: { time_awareness: false },
    tools: [{ type: 'tool_search' }],
  };
  for (const field of AGENT_FIELDS) {
    const s = server();
    const id = String((s.create(FULL) as unknown as { id: string }).id);
    const drifted = s.d.mutate(id, { [field]: drifts[field] }) as unknown as AgentSpec;
    expect(changed(drifted, FULL), field).toEqual([field]);
    const body = updateBody(FULL, [field]);
    expect(Object.keys(body), field).toEqual([field]);
    expect(changed(s.update(id, body), FULL), field).toEqual([]);
  }
});

test('a field the definition no longer sets is reset with its default; metadata keys removed disappear', () => {
  const s = server();
  const live = s.create(FULL);
  const slim: AgentSpec = { model: 'gpt-5', reasoning: { effort: 'low' }, metadata: {} };
  const diff = changed(live, slim);
  // FULL's service_tier is the server's to keep once the definition leaves it out; its text and multi_agent are reset.
  expect(diff).toEqual(['name', 'instructions', 'metadata', 'text', 'multi_agent', 'compaction', 'experimental', 'tools']);
  const body = updateBody(slim, diff);
  expect(body).toEqual({ name: null, instructions: null, metadata: {}, text: null, multi_agent: null, compaction: { async: true }, experimental: { time_awareness: false }, tools: [] });
  const after = s.update(String((live as unknown as { id: string }).id), body);
  expect(after.metadata).toEqual({});
  expect(changed(after, slim)).toEqual([]);
});

test('reasoning: null goes along with a model change, so a model without reasoning accepts the update', () => {
  const s = server();
  const live = s.create({ model: 'gpt-5', reasoning: { effort: 'low' } });
  const id = String((live as unknown as { id: string }).id);
  const next: AgentSpec = { model: 'gpt-4.1', reasoning: null };
  const body = updateBody(next, changed(live, next));
  expect(body).toEqual({ model: 'gpt-4.1', reasoning: null });
  expect(changed(s.update(id, body), next)).toEqual([]);
  // Without it, only the model is sent, and the API refuses the effort the agent still has.
  expect(updateBody({ model: 'gpt-4.1' }, ['model'])).toEqual({ model: 'gpt-4.1' });
});
test('property: every valid definition equals the agent created from it, and re-planning finds nothing', () => {
  fc.assert(fc.property(definitionArbitrary, (def) => {
    const s = server();
    expect(changed(s.create(def as AgentSpec), def as AgentSpec)).toEqual([]);
  }), { numRuns: 150 });
});
