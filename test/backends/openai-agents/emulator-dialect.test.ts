// The Agents API emulator dialect: direct calls to `handle`, and HTTP through a loopback server.
import { expect, test } from 'vitest';
import { ApiError } from '../../../src/emulator/errors.js';
import { AgentsDialect } from '../../../src/backends/openai-agents/emulator-dialect.js';
import type { DialectRequest } from '../../../src/emulator/dialect.js';
import { AGENT_HEADERS, call, loopback, respond } from './loopback.js';
import { bodyValue } from '../../../src/emulator/json-text.js';

function request(method: string, path: string, body?: unknown, query = '', headers: DialectRequest['headers'] = AGENT_HEADERS): DialectRequest {
  return { method, path: `/v1${path}`, query: new URLSearchParams(query), headers, body };
}

function refusal(d: AgentsDialect, req: DialectRequest): ApiError {
  try {
    d.handle(req);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

test('create answers 201 with every field present, defaults filled and resolved for the model', async () => {
  const lb = await loopback();
  const reasoning = await call(lb, 'POST', '/agents', { model: 'gpt-5', name: 'Support' });
  expect(reasoning.status).toBe(201);
  const { id, created_at, updated_at, ...rest } = reasoning.body;
  expect(id).toMatch(/^agent_[0-9a-f]{32}$/);
  expect(updated_at).toBe(created_at);
  expect(rest).toEqual({
    object: 'agent', name: 'Support', model: 'gpt-5', instructions: null, metadata: {},
    reasoning: { effort: 'medium', summary: null },
    text: { format: { type: 'text' }, verbosity: 'medium' },
    service_tier: 'auto', tools: [], multi_agent: { enabled: false, max_concurrent_subagents: null },
    compaction: { async: true }, experimental: { time_awareness: false },
  });
  const plain = await call(lb, 'POST', '/agents', { model: 'gpt-4.1' });
  expect(plain.body.reasoning).toEqual({ effort: null, summary: null });
  expect(plain.body.name).toBeNull();
});

test('every tool type comes back fully populated', async () => {
  const lb = await loopback();
  const res = await call(lb, 'POST', '/agents', {
    model: 'gpt-5',
    tools: [
      { type: 'function', name: 'lookup', description: '', parameters: { type: 'object', properties: {} } },
      { type: 'tool_search' },
      { type: 'programmatic_tool_calling' },
      { type: 'mcp', server_label: 'crm', transport: { type: 'http', server_url: 'https://mcp.example.com' } },
      { type: 'mcp', server_label: 'local', transport: { type: 'stdio', command: 'crm-mcp', cwd: '/srv' } },
      { type: 'web_search', location: { country: 'DE' } },
      { type: 'computer_use' },
    ],
    multi_agent: { enabled: true },
  });
  expect(res.status).toBe(201);
  expect(res.body.tools).toEqual([
    { type: 'function', name: 'lookup', description: '', parameters: { type: 'object', properties: {} }, defer_loading: false },
    { type: 'tool_search' },
    { type: 'programmatic_tool_calling', enabled: true },
    { type: 'mcp', server_label: 'crm', transport: { type: 'http', server_url: 'https://mcp.example.com', headers: {} }, allowed_tools: null, connection_origin: 'service', credential_id: null, request_metadata: {}, required: false },
    { type: 'mcp', server_label: 'local', transport: { type: 'stdio', command: 'crm-mcp', cwd: '/srv', args: [], env_vars: [] }, allowed_tools: null, connection_origin: 'service', credential_id: null, request_metadata: {}, required: false },
    { type: 'web_search', location: { country: 'DE', region: null, city: null, timezone: null }, mode: 'live', context_size: 'medium', allowed_domains: null },
    { type: 'computer_use', include_screenshots: false },
  ]);
  expect(res.body.multi_agent).toEqual({ enabled: true, max_concurrent_subagents: 6 });
});

test.each([
  ['an unknown top-level key', { model: 'gpt-5', temperature: 0.2 }, 'temperature', 'unknown_parameter'],
  ['an unknown key inside reasoning', { model: 'gpt-5', reasoning: { effort: 'low', budget: 3 } }, 'reasoning.budget', 'unknown_parameter'],
  ['strict on a function tool', { model: 'gpt-5', tools: [{ type: 'function', name: 'f', description: '', parameters: {}, strict: true }] }, 'tools[0].strict', 'unknown_parameter'],
  ['a nested function wrapper', { model: 'gpt-5', tools: [{ type: 'function', function: { name: 'f' } }] }, 'tools[0].name', 'missing_required_parameter'],
  ['a function without description', { model: 'gpt-5', tools: [{ type: 'function', name: 'f', parameters: {} }] }, 'tools[0].description', 'missing_required_parameter'],
  ['an Assistants tool type', { model: 'gpt-5', tools: [{ type: 'code_interpreter' }] }, 'tools[0].type', 'invalid_value'],
  ['json_schema with a name', { model: 'gpt-5', text: { format: { type: 'json_schema', schema: {}, name: 'x' } } }, 'text.format.name', 'unknown_parameter'],
  ['a name over 128 characters', { model: 'gpt-5', name: 'n'.repeat(129) }, 'name', 'string_above_max_length'],
  ['17 metadata pairs', { model: 'gpt-5', metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata', 'object_above_max_properties'],
  ['a metadata value over 512', { model: 'gpt-5', metadata: { k: 'v'.repeat(513) } }, 'metadata.k', 'string_above_max_length'],
  ['ultrafast as a request tier', { model: 'gpt-5', service_tier: 'ultrafast' }, 'service_tier', 'invalid_value'],
  ['max_concurrent_subagents 0', { model: 'gpt-5', multi_agent: { enabled: true, max_concurrent_subagents: 0 } }, 'multi_agent.max_concurrent_subagents', 'integer_below_min_value'],
  ['no model', { name: 'x' }, 'model', 'missing_required_parameter'],
  ['an effort on a model without reasoning', { model: 'gpt-4.1', reasoning: { effort: 'low' } }, 'reasoning.effort', 'unsupported_parameter'],
])('create refuses %s with a 400 naming the field', async (_what, body, param, code) => {
  const lb = await loopback();
  const res = await call(lb, 'POST', '/agents', body);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param, code });
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
});

test.each([
  ['a text format type that does not exist', { model: 'gpt-5', text: { format: { type: 'json_object' } } }, 'text.format.type'],
  ['json_schema without its schema', { model: 'gpt-5', text: { format: { type: 'json_schema' } } }, 'text.format.schema'],
  ['an MCP transport with a secret', { model: 'gpt-5', tools: [{ type: 'mcp', server_label: 's', transport: { type: 'http', server_url: 'https://m', authorization: 'Bearer x' } }] }, 'tools[0].transport.authorization'],
  ['an MCP stdio transport without cwd', { model: 'gpt-5', tools: [{ type: 'mcp', server_label: 's', transport: { type: 'stdio', command: 'c' } }] }, 'tools[0].transport.cwd'],
  ['a tool without a type', { model: 'gpt-5', tools: [{ name: 'f' }] }, 'tools[0].type'],
  ['a body that is not an object', [1, 2], null],
  ['no body at all', undefined, null],
])('a nested refusal names the innermost field: %s', (_what, body, param) => {
  const e = refusal(new AgentsDialect(), request('POST', '/agents', body));
  expect([e.status, e.param]).toEqual([400, param]);
  expect(e.message).not.toMatch(/undefined/);
});

test('names and limits count Unicode characters, not UTF-16 units', () => {
  const d = new AgentsDialect();
  // 128 emoji are 256 UTF-16 units but 128 characters (AGENTS-API.md:65).
  expect(d.handle(request('POST', '/agents', { model: 'gpt-5', name: '😀'.repeat(128) })).status).toBe(201);
});

test('the tools list is limited to 3 MiB of JSON', () => {
  const d = new AgentsDialect();
  const big = { type: 'function', name: 'f', description: 'x'.repeat(1024 * 1024), parameters: {} };
  const e = refusal(d, request('POST', '/agents', { model: 'gpt-5', tools: [big, { ...big, name: 'g' }, { ...big, name: 'h' }] }));
  expect(e.param).toBe('tools');
  expect(d.handle(request('POST', '/agents', { model: 'gpt-5', tools: [big, { ...big, name: 'g' }] })).status).toBe(201);
});

test('update: omitted keeps, supplied replaces whole, null resets', () => {
  const d = new AgentsDialect();
  const [a] = d.seed([{ model: 'gpt-5', name: 'A', instructions: 'Hi', metadata: { a: '1', b: '2' }, reasoning: { effort: 'low', summary: 'auto' }, text: { verbosity: 'high' } }]);
  const up = (body: unknown) => d.handle(request('POST', `/agents/${String(a!.id)}`, body)).body as Record<string, unknown>;
  expect(up({}).name).toBe('A');
  const r = up({ reasoning: { effort: 'high' }, metadata: { c: '3' } });
  expect(r.reasoning).toEqual({ effort: 'high', summary: null });
  expect(r.metadata).toEqual({ c: '3' });
  expect(r.instructions).toBe('Hi');
  const reset = up({ name: null, instructions: null, metadata: null, reasoning: null, text: null, tools: null });
  expect(reset).toMatchObject({ name: null, instructions: null, metadata: {}, reasoning: { effort: 'medium', summary: null }, text: { format: { type: 'text' }, verbosity: 'medium' }, tools: [] });
  expect(refusal(d, request('POST', `/agents/${String(a!.id)}`, { model: null })).param).toBe('model');
});

test('changing to a model without reasoning fails unless reasoning is reset in the same request', () => {
  const d = new AgentsDialect();
  const [a] = d.seed([{ model: 'gpt-5', reasoning: { effort: 'low' } }]);
  const path = `/agents/${String(a!.id)}`;
  expect(refusal(d, request('POST', path, { model: 'gpt-4.1' })).param).toBe('reasoning.effort');
  const ok = d.handle(request('POST', path, { model: 'gpt-4.1', reasoning: null })).body as Record<string, unknown>;
  expect(ok.reasoning).toEqual({ effort: null, summary: null });
});

test('an effort on a model no table knows is taken as given: no source says which models take one (AGENTS-API.md:80-81)', async () => {
  const lb = await loopback();
  const made = await call(lb, 'POST', '/agents', { model: 'my-deployment', reasoning: { effort: 'high' } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  expect(made.body.reasoning).toEqual({ effort: 'high', summary: null });
  // Switched to such a model, an agent keeps its effort; to one reported to refuse it, the update fails.
  const d = new AgentsDialect();
  const [a] = d.seed([{ model: 'gpt-5', reasoning: { effort: 'low' } }]);
  expect((d.handle(request('POST', `/agents/${String(a!.id)}`, { model: 'ft:my-model' })).body as Record<string, unknown>).reasoning).toEqual({ effort: 'low', summary: null });
  expect(refusal(d, request('POST', `/agents/${String(a!.id)}`, { model: 'gpt-4o-mini' })).param).toBe('reasoning.effort');
});

test('updated_at moves on update; retrieve and delete; 404 afterwards', () => {
  let clock = 1_000;
  const d = new AgentsDialect({ now: () => clock });
  const created = d.handle(request('POST', '/agents', { model: 'gpt-5' })).body as Record<string, unknown>;
  clock = 2_000;
  const updated = d.handle(request('POST', `/agents/${String(created.id)}`, { name: 'N' })).body as Record<string, unknown>;
  expect([updated.created_at, updated.updated_at]).toEqual([1_000, 2_000]);
  expect(d.handle(request('GET', `/agents/${String(created.id)}`)).body).toEqual(updated);
  expect(d.handle(request('DELETE', `/agents/${String(created.id)}`)).body).toEqual({ id: created.id, object: 'agent.deleted', deleted: true });
  const e = refusal(d, request('GET', `/agents/${String(created.id)}`));
  expect([e.status, e.code]).toEqual([404, 'not_found']);
  expect((bodyValue(d.handle(request('GET', '/agents')).body) as { data: unknown[] }).data).toEqual([]);
});

test('list: limit 1–100 default 20, order, one cursor `after`, and no `before`', async () => {
  const lb = await loopback();
  const seeded = lb.dialect.seed(Array.from({ length: 45 }, (_, i) => ({ model: 'gpt-5', name: `a${i}`, created_at: 1_000 + i })));
  const newest = seeded.map((a) => a.id).reverse();
  const first = await call(lb, 'GET', '/agents');
  expect(first.body.data.map((a: { id: string }) => a.id)).toEqual(newest.slice(0, 20));
  expect(first.body).toMatchObject({ object: 'list', first_id: newest[0], last_id: newest[19], has_more: true });
  const walked: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await call(lb, 'GET', `/agents?limit=100&order=asc${after ? `&after=${after}` : ''}`);
    walked.push(...page.body.data.map((a: { id: string }) => a.id));
    if (!page.body.has_more) break;
    after = page.body.last_id;
  }
  expect(walked).toEqual(seeded.map((a) => a.id));
  const paged = await call(lb, 'GET', `/agents?limit=40&after=${newest[0]}`);
  expect(paged.body.data).toHaveLength(40);
  expect(paged.body.has_more).toBe(true);
  for (const [query, param] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=x', 'limit'], ['order=up', 'order'], [`before=${newest[0]}`, 'before'], ['after=agent_nope', 'after']]) {
    const res = await call(lb, 'GET', `/agents?${query}`);
    expect([res.status, res.body.error.param], query).toEqual([400, param]);
  }
  lb.dialect.seed([]);
  const empty = new AgentsDialect();
  expect(respond(empty, request('GET', '/agents')).body).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
});

test('the beta header and a Bearer key are required; the key is never echoed', async () => {
  const lb = await loopback({ apiKey: 'sk-right' });
  const noBeta = await call(lb, 'GET', '/agents', undefined, { authorization: 'Bearer sk-right' });
  expect([noBeta.status, noBeta.body.error.code]).toEqual([400, 'invalid_beta']);
  const assistantsBeta = await call(lb, 'GET', '/agents', undefined, { authorization: 'Bearer sk-right', 'openai-beta': 'assistants=v2' });
  expect(assistantsBeta.status).toBe(400);
  const several = await call(lb, 'GET', '/agents', undefined, { authorization: 'Bearer sk-right', 'openai-beta': 'assistants=v2, agents=v1' });
  expect(several.status).toBe(200);
  const noKey = await call(lb, 'GET', '/agents', undefined, { 'openai-beta': 'agents=v1' });
  expect(noKey.status).toBe(401);
  const wrong = await call(lb, 'GET', '/agents', undefined, { authorization: 'Bearer sk-wrong-secret', 'openai-beta': 'agents=v1' });
  expect(wrong.status).toBe(401);
  expect(JSON.stringify(wrong.body)).not.toContain('sk-wrong-secret');
});

test('unknown paths and methods are the API error, never a crash', async () => {
  const lb = await loopback();
  expect((await call(lb, 'GET', '/assistants')).status).toBe(404);
  expect((await call(lb, 'PATCH', '/agents/agent_1', {})).status).toBe(405);
  expect((await call(lb, 'GET', '/agents/%E0%A4%A')).status).toBe(404);
  const res = await fetch(`${lb.url}/agents`, { method: 'POST', headers: AGENT_HEADERS, body: '{"model":' });
  expect(res.status).toBe(400);
});

test('isWrite: creates, updates and deletes of agents, nothing else', () => {
  const d = new AgentsDialect();
  expect(d.isWrite({ method: 'POST', path: '/v1/agents' })).toBe(true);
  expect(d.isWrite({ method: 'POST', path: '/v1/agents/agent_1' })).toBe(true);
  expect(d.isWrite({ method: 'DELETE', path: '/v1/agents/agent_1' })).toBe(true);
  expect(d.isWrite({ method: 'GET', path: '/v1/agents' })).toBe(false);
  expect(d.isWrite({ method: 'POST', path: '/v1/assistants' })).toBe(false);
});

test('mutate changes an agent behind the tool\'s back; resources() lists oldest first', () => {
  const d = new AgentsDialect();
  const [a, b] = d.seed([{ model: 'gpt-5', created_at: 1 }, { model: 'gpt-5', created_at: 2 }]);
  d.mutate(String(a!.id), { reasoning: { effort: 'high' }, metadata: { x: 'y' } });
  expect(d.resources().map((x) => x.id)).toEqual([a!.id, b!.id]);
  expect(d.resources()[0]).toMatchObject({ reasoning: { effort: 'high', summary: null }, metadata: { x: 'y' } });
  expect(() => d.mutate('agent_missing', {})).toThrow(ApiError);
  expect(() => d.mutate(String(a!.id), { temperature: 1 })).toThrow(/no field temperature/);
});

test('response validation records a response that breaks the schema', () => {
  const d = new AgentsDialect();
  const [a] = d.seed([{ model: 'gpt-5' }]);
  // A drift no request could make: a verbosity the response schema does not allow.
  d.mutate(String(a!.id), { text: { verbosity: 'loud' } });
  const res = d.handle(request('GET', `/agents/${String(a!.id)}`));
  expect(d.checkResponse('GET /agents/{id}', res.status, res.body)).toEqual(['text.verbosity: must be equal to one of the allowed values']);
  expect(d.checkResponse('GET /agents/{id}', 404, d.errorBody(new ApiError(404, 'gone')))).toEqual([]);
});
