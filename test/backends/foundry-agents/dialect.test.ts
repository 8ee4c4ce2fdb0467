// The foundry-agents emulator dialect over HTTP: paths, versions, paging, auth, api-version,
// the API's error body, request validation against the official schemas, and test hooks. Every
// response these tests cause is checked against the official response schemas (loopback.ts).
import { afterEach, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { call, loopback, prompt, type Loopback } from './loopback.js';
import { testDir } from '../../helpers/each-test.js';
import { StateFile } from '../../../src/emulator/state-file.js';

let current: Loopback | undefined;
afterEach(() => {
  if (current) expect(current.dialect.violations()).toEqual([]);
  current = undefined;
});
async function emu(opts = {}): Promise<Loopback> {
  current = await loopback(opts);
  return current;
}

describe('agents and versions', () => {
  test('create, new versions, get the latest, get and list versions, delete a version and the agent', async () => {
    const l = await emu();
    const created = await call(l, 'POST', '/agents', { name: 'billing-support', description: 'Bills.', metadata: { team: 'a' }, definition: prompt('gpt-4o', { instructions: 'Help.' }) });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ object: 'agent', name: 'billing-support', state: 'enabled', versions: { latest: { object: 'agent.version', version: '1', description: 'Bills.', metadata: { team: 'a' }, status: 'active', definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'Help.' } } } });
    const v2 = await call(l, 'POST', '/agents/billing-support/versions', { definition: prompt('gpt-4o', { instructions: 'Help more.' }) });
    expect(v2.body).toMatchObject({ object: 'agent.version', name: 'billing-support', version: '2', metadata: {} });
    expect(v2.body.description).toBeUndefined();
    // POST /agents on an existing name adds a version too ([Y] "Creates a new agent or a new version").
    const again = await call(l, 'POST', '/agents', { name: 'billing-support', definition: prompt('gpt-4o-mini') });
    expect(again.body.versions.latest.version).toBe('3');
    expect((await call(l, 'GET', '/agents/billing-support')).body.versions.latest.definition.model).toBe('gpt-4o-mini');
    expect((await call(l, 'GET', '/agents/billing-support/versions/2')).body.definition.instructions).toBe('Help more.');
    const versions = await call(l, 'GET', '/agents/billing-support/versions', undefined, { query: { order: 'asc' } });
    expect(versions.body.data.map((x: any) => x.version)).toEqual(['1', '2', '3']);
    expect(versions.body).toMatchObject({ first_id: 'billing-support:1', last_id: 'billing-support:3', has_more: false });
    expect((await call(l, 'DELETE', '/agents/billing-support/versions/3')).body).toEqual({ object: 'agent.version.deleted', name: 'billing-support', version: '3', deleted: true });
    expect((await call(l, 'GET', '/agents/billing-support')).body.versions.latest.version).toBe('2');
    expect((await call(l, 'GET', '/agents/billing-support/versions/3')).status).toBe(404);
    // Version numbers are not reused after a delete.
    expect((await call(l, 'POST', '/agents/billing-support/versions', { definition: prompt() })).body.version).toBe('4');
    expect((await call(l, 'DELETE', '/agents/billing-support')).body).toEqual({ object: 'agent.deleted', name: 'billing-support', deleted: true });
    const gone = await call(l, 'GET', '/agents/billing-support');
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'not_found', param: 'agent_name', type: 'invalid_request_error' });
    expect(l.dialect.agents()).toEqual([]);
  });

  test('deleting the only version deletes the agent; a version of a missing agent is a 404', async () => {
    const l = await emu();
    await call(l, 'POST', '/agents', { name: 'a1', definition: prompt() });
    await call(l, 'DELETE', '/agents/a1/versions/1');
    expect((await call(l, 'GET', '/agents/a1')).status).toBe(404);
    expect((await call(l, 'POST', '/agents/nobody/versions', { definition: prompt() })).status).toBe(404);
  });

  test('an update by name adds a version only when the definition changed, and answers the agent either way', async () => {
    const l = await emu();
    await call(l, 'POST', '/agents', { name: 'faq', description: 'Old.', metadata: { team: 'a' }, definition: prompt('gpt-4o', { instructions: 'Help.', temperature: 0.5 }) });
    const changed = await call(l, 'POST', '/agents/faq', { description: 'New.', metadata: { team: 'b' }, definition: prompt('gpt-4o', { instructions: 'Help more.' }) });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ object: 'agent', name: 'faq', versions: { latest: { version: '2', description: 'New.', metadata: { team: 'b' }, definition: { instructions: 'Help more.' } } } });
    // The same definition, its keys in another order: "If no changes, returns the existing agent version" ([Y]).
    const same = await call(l, 'POST', '/agents/faq', { definition: { instructions: 'Help more.', model: 'gpt-4o', kind: 'prompt' } });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(changed.body);
    // Only the definition counts (the sources leave description and metadata open): a change of those alone makes no version.
    const metadataOnly = await call(l, 'POST', '/agents/faq', { description: 'Newer.', metadata: { team: 'c' }, definition: prompt('gpt-4o', { instructions: 'Help more.' }) });
    expect(metadataOnly.body.versions.latest).toMatchObject({ version: '2', description: 'New.', metadata: { team: 'b' } });
    expect(l.dialect.agents()[0]!.versions.map((v) => v.version)).toEqual(['1', '2']);
    expect(l.requests['POST /agents/{agent_name}']).toBe(3);
  });

  test('an update is checked as UpdateAgentRequest: no draft, no name, a definition required; an unknown agent is a 404', async () => {
    const l = await emu();
    await call(l, 'POST', '/agents', { name: 'faq', definition: prompt() });
    for (const [body, param] of [[{ definition: prompt(), draft: true }, 'draft'], [{ name: 'faq', definition: prompt() }, 'name'], [{ description: 'd' }, 'definition'], [{ definition: prompt('m', { temperature: 3 }) }, 'definition.temperature']] as const) {
      const r = await call(l, 'POST', '/agents/faq', body);
      expect(r.status).toBe(400);
      expect(r.body.error.param).toBe(param);
    }
    const missing = await call(l, 'POST', '/agents/nobody', { definition: prompt() });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', param: 'agent_name' });
    expect(l.dialect.agents().map((a) => a.versions.length)).toEqual([1]);
  });

  test("the agent's card and endpoint are kept on the agent, a version's blueprint_reference on the version: stored, sent back, and kept across a restart", async () => {
    const state = join(testDir('aac-fa-state-'), 'state.json');
    const card = { version: '1', skills: [{ id: 's', name: 'S' }] };
    const endpoint = { protocols: ['responses'] };
    const blueprint = { type: 'ManagedAgentIdentityBlueprint', blueprint_id: 'bp-1' };
    const l = await emu({ state: new StateFile(state, 'foundry-agents') });
    const created = await call(l, 'POST', '/agents', { name: 'a', agent_card: card, agent_endpoint: endpoint, blueprint_reference: blueprint, definition: prompt() });
    expect(created.body).toMatchObject({ agent_card: card, agent_endpoint: endpoint, blueprint_reference: blueprint, versions: { latest: { blueprint_reference: blueprint } } });
    // A new version carries neither card nor endpoint (CreateAgentVersionRequest): the agent keeps its own.
    const v2 = await call(l, 'POST', '/agents/a/versions', { definition: prompt('m2') });
    expect(v2.body).not.toHaveProperty('blueprint_reference');
    const read = (await call(l, 'GET', '/agents/a')).body;
    expect(read).toMatchObject({ agent_card: card, agent_endpoint: endpoint });
    expect(read).not.toHaveProperty('blueprint_reference');
    const again = await emu({ state: new StateFile(state, 'foundry-agents') });
    expect((await call(again, 'GET', '/agents/a')).body).toMatchObject({ agent_card: card, agent_endpoint: endpoint });
    expect((await call(again, 'GET', '/agents/a/versions/1')).body.blueprint_reference).toEqual(blueprint);
  });
});

describe('listing', () => {
  test('GET /agents?kind=prompt pages with limit and after, newest first, other kinds left out', async () => {
    const l = await emu();
    l.dialect.seed(Array.from({ length: 7 }, (_, i) => ({ name: `agent-${i}`, definition: prompt(), created_at: 1000 + i })));
    l.dialect.seed([{ name: 'hosted-1', definition: { kind: 'hosted', cpu: '1', memory: '1Gi' }, created_at: 2000 }]);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const r = await call(l, 'GET', '/agents', undefined, { query: { kind: 'prompt', limit: '3', ...(after ? { after } : {}) } });
      expect(r.status).toBe(200);
      pages++;
      seen.push(...r.body.data.map((a: any) => a.name));
      if (!r.body.has_more) break;
      after = r.body.last_id;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['agent-6', 'agent-5', 'agent-4', 'agent-3', 'agent-2', 'agent-1', 'agent-0']);
    const all = await call(l, 'GET', '/agents', undefined, { query: { limit: '100', order: 'asc' } });
    expect(all.body.data.map((a: any) => a.name).at(-1)).toBe('hosted-1');
    const empty = await call(l, 'GET', '/agents', undefined, { query: { kind: 'workflow' } });
    expect(empty.body).toEqual({ data: [], has_more: false });
  });

  test('a page lists each agent as it is now, as a get shows it: after a new version, a drift, a deleted latest version and a change of kind', async () => {
    const l = await emu();
    l.dialect.seed(['a', 'b', 'c', 'd'].map((name, i) => ({ name, definition: prompt(), created_at: 1000 + i })));
    const names = async (kind?: string): Promise<string[]> => (await call(l, 'GET', '/agents', undefined, { query: { order: 'asc', ...(kind ? { kind } : {}) } })).body.data.map((a: any) => a.name);
    expect(await names('prompt')).toEqual(['a', 'b', 'c', 'd']);
    await call(l, 'POST', '/agents/a/versions', { definition: prompt('gpt-4o', { instructions: 'v2' }) });
    l.dialect.mutate('b', { description: 'by hand' });
    await call(l, 'POST', '/agents/c/versions', { definition: prompt('gpt-4o', { instructions: 'v2' }) });
    await call(l, 'DELETE', '/agents/c/versions/2');
    l.dialect.mutate('d', { definition: { kind: 'hosted', cpu: '1', memory: '1Gi' } });
    const page = (await call(l, 'GET', '/agents', undefined, { query: { order: 'asc' } })).body;
    for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) expect(page.data[i]).toEqual((await call(l, 'GET', `/agents/${name}`)).body);
    expect(page.data.map((a: any) => a.versions.latest.version)).toEqual(['2', '2', '1', '2']);
    expect(await names('prompt')).toEqual(['a', 'b', 'c']);
  });

  test.each([['0'], ['101'], ['x']])('limit=%s is refused', async (limit) => {
    const l = await emu();
    const r = await call(l, 'GET', '/agents', undefined, { query: { limit } });
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe('limit');
  });

  test('a version deleted between pages is a refused cursor; the versions that remain page from where they now stand', async () => {
    const l = await emu();
    await call(l, 'POST', '/agents', { name: 'a', definition: prompt() });
    for (let i = 0; i < 4; i++) await call(l, 'POST', '/agents/a/versions', { definition: prompt('gpt-4o', { instructions: `v${i + 2}` }) });
    const page = async (query: Record<string, string>) => call(l, 'GET', '/agents/a/versions', undefined, { query: { limit: '2', ...query } });
    expect((await page({ order: 'asc' })).body.data.map((v: any) => v.version)).toEqual(['1', '2']);
    expect((await page({ order: 'asc', after: 'a:2' })).body.data.map((v: any) => v.version)).toEqual(['3', '4']);
    // The versions list is the agent's own, changed in place: what stood after version 2 moved up.
    await call(l, 'DELETE', '/agents/a/versions/2');
    const gone = await page({ order: 'asc', after: 'a:2' });
    expect(gone.status).toBe(400);
    expect(gone.body.error).toMatchObject({ param: 'after', message: "Invalid 'after': no version found with id 'a:2'." });
    expect((await page({ order: 'asc', before: 'a:2' })).body.error.param).toBe('before');
    expect((await page({ order: 'asc', after: 'a:1' })).body.data.map((v: any) => v.version)).toEqual(['3', '4']);
    expect((await page({ order: 'asc', after: 'a:4' })).body.data.map((v: any) => v.version)).toEqual(['5']);
    expect((await page({ order: 'desc', after: 'a:5' })).body.data.map((v: any) => v.version)).toEqual(['4', '3']);
  });

  test('an unknown cursor and an unknown query parameter are refused', async () => {
    const l = await emu();
    expect((await call(l, 'GET', '/agents', undefined, { query: { after: 'nope' } })).body.error.param).toBe('after');
    const r = await call(l, 'GET', '/agents', undefined, { query: { include_drafts: 'true' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ param: 'include_drafts', code: 'unknown_parameter' });
  });
});

describe('auth, api-version and routes', () => {
  test('a bearer token is required; with a configured token only it is accepted, and never echoed', async () => {
    const l = await emu({ token: 'right-token' });
    const none = await call(l, 'GET', '/agents', undefined, { token: null });
    expect(none.status).toBe(401);
    const wrong = await call(l, 'GET', '/agents', undefined, { token: 'wrong-token-secret' });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain('wrong-token-secret');
    expect((await call(l, 'GET', '/agents', undefined, { token: 'right-token' })).status).toBe(200);
  });

  test('api-version is required and must be v1', async () => {
    const l = await emu();
    const missing = await call(l, 'GET', '/agents', undefined, { query: { 'api-version': '' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ param: 'api-version', code: 'missing_required_parameter' });
    expect((await call(l, 'GET', '/agents', undefined, { query: { 'api-version': '2025-11-15-preview' } })).body.error.code).toBe('unsupported_api_version');
  });

  test('unknown paths are 404 and unserved operations 405, in the API error shape', async () => {
    const l = await emu();
    const r = await call(l, 'GET', '/assistants');
    expect(r.status).toBe(404);
    expect(Object.keys(r.body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect((await call(l, 'PATCH', '/agents/x', {})).status).toBe(405);
    // `:disable` is its own operation, not an update of an agent named `x:disable`.
    await call(l, 'POST', '/agents', { name: 'x', definition: prompt() });
    const disable = await call(l, 'POST', '/agents/x:disable');
    expect(disable.status).toBe(405);
    expect(disable.body.error.message).toMatch(/not served by the emulator/);
    expect(l.dialect.route({ method: 'POST', path: '/agents/x:enable' })).toBe('POST /agents/{agent_name}:enable');
    expect(l.dialect.route({ method: 'POST', path: '/agents/x' })).toBe('POST /agents/{agent_name}');
    expect(l.dialect.isWrite({ method: 'POST', path: '/agents/x/versions' })).toBe(true);
    expect(l.dialect.isWrite({ method: 'GET', path: '/agents' })).toBe(false);
    expect(l.dialect.route({ method: 'DELETE', path: '/agents/a%20b/versions/2' })).toBe('DELETE /agents/{agent_name}/versions/{agent_version}');
  });
});

describe('request validation against the official schemas', () => {
  const cases: Array<[string, string, unknown, string | null]> = [
    ['no name', '/agents', { definition: prompt() }, 'name'],
    ['no definition', '/agents', { name: 'a' }, 'definition'],
    ['no model', '/agents', { name: 'a', definition: { kind: 'prompt' } }, 'definition.model'],
    ['a 64-character name', '/agents', { name: 'a'.repeat(64), definition: prompt() }, 'name'],
    ['a name ending in a hyphen', '/agents', { name: 'billing-', definition: prompt() }, 'name'],
    ['a name with an underscore', '/agents', { name: 'billing_support', definition: prompt() }, 'name'],
    ['a 513-character description', '/agents', { name: 'a', description: 'd'.repeat(513), definition: prompt() }, 'description'],
    ['temperature 2.5', '/agents', { name: 'a', definition: prompt('m', { temperature: 2.5 }) }, 'definition.temperature'],
    ['top_p -1', '/agents', { name: 'a', definition: prompt('m', { top_p: -1 }) }, 'definition.top_p'],
    ['reasoning effort max', '/agents', { name: 'a', definition: prompt('m', { reasoning: { effort: 'max' } }) }, 'definition.reasoning.effort'],
    ['a function tool without strict', '/agents', { name: 'a', definition: prompt('m', { tools: [{ type: 'function', name: 'f', parameters: null }] }) }, 'definition.tools[0].strict'],
    ['a file_search tool without vector_store_ids', '/agents', { name: 'a', definition: prompt('m', { tools: [{ type: 'file_search' }] }) }, 'definition.tools[0].vector_store_ids'],
    ['max_num_results 51', '/agents', { name: 'a', definition: prompt('m', { tools: [{ type: 'file_search', vector_store_ids: [], max_num_results: 51 }] }) }, 'definition.tools[0].max_num_results'],
    ['51 code interpreter files', '/agents', { name: 'a', definition: prompt('m', { tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: Array.from({ length: 51 }, (_, i) => `f${i}`) } }] }) }, 'definition.tools[0].container.file_ids'],
    ['a json_schema format without schema', '/agents', { name: 'a', definition: prompt('m', { text: { format: { type: 'json_schema', name: 'x' } } }) }, 'definition.text.format.schema'],
    ['a json_schema format name with a space', '/agents', { name: 'a', definition: prompt('m', { text: { format: { type: 'json_schema', name: 'x y', schema: {} } } }) }, 'definition.text.format.name'],
    ['17 metadata pairs', '/agents', { name: 'a', metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])), definition: prompt() }, 'metadata'],
    ['a 513-character metadata value', '/agents', { name: 'a', metadata: { k: 'v'.repeat(513) }, definition: prompt() }, 'metadata.k'],
    ['a hosted definition', '/agents', { name: 'a', definition: { kind: 'hosted', cpu: '1', memory: '1Gi' } }, 'definition.kind'],
    ['a non-object body', '/agents', [1], null],
  ];
  test.each(cases)('%s is refused with its param', async (_label, path, body, param) => {
    const l = await emu();
    const r = await call(l, 'POST', path, body);
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe(param);
    expect(r.body.error.message).toMatch(param ? new RegExp(param.replace(/[.[\]]/g, '\\$&')) : /object/);
    expect(l.dialect.agents()).toEqual([]);
  });

  test('a 64-character agent name in the versions path is refused', async () => {
    const l = await emu();
    const r = await call(l, 'POST', `/agents/${'a'.repeat(64)}/versions`, { definition: prompt() });
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe('agent_name');
  });

  test('a full prompt definition passes', async () => {
    const l = await emu();
    const definition = prompt('gpt-4o', {
      instructions: 'x', temperature: 0.2, top_p: 0.9, reasoning: { effort: 'low', summary: 'auto' },
      tools: [
        { type: 'function', name: 'get_invoice', description: 'd', parameters: { type: 'object', properties: {} }, strict: true },
        { type: 'file_search', vector_store_ids: ['vs_1'], max_num_results: 8, ranking_options: { ranker: 'auto', score_threshold: 0.4 } },
        { type: 'code_interpreter', container: { type: 'auto', file_ids: ['file_1'] } },
        { type: 'web_search' },
      ],
      tool_choice: 'auto',
      text: { format: { type: 'json_schema', name: 'notes', schema: { type: 'object' }, strict: true } },
      structured_inputs: { customer: { description: 'who', required: true } },
      rai_config: { rai_policy_name: 'default' },
    });
    const r = await call(l, 'POST', '/agents', { name: 'Full-1', description: 'd', metadata: { a: 'b' }, definition });
    expect(r.status).toBe(200);
    expect(r.body.versions.latest.definition).toEqual(definition);
  });
});

describe('test hooks', () => {
  test('seed makes agents of any kind and several versions; mutate makes a new version behind the tool\'s back', async () => {
    const l = await emu();
    const [seeded] = l.dialect.seed([{ name: 'drifty', definition: prompt('m', { instructions: 'a' }), metadata: { 'aac@ns': 'k' }, versions: 3 }]);
    expect((seeded as any).versions.latest.version).toBe('3');
    const v4 = l.dialect.mutate('drifty', { definition: { instructions: 'b' } });
    expect(v4).toMatchObject({ version: '4', metadata: { 'aac@ns': 'k' }, definition: { kind: 'prompt', model: 'm', instructions: 'b' } });
    expect((await call(l, 'GET', '/agents/drifty')).body.versions.latest.version).toBe('4');
    expect(l.dialect.agents()[0]!.versions).toHaveLength(4);
    expect(() => l.dialect.mutate('nobody', {})).toThrow(/not found/);
  });
});

describe('the dialect called directly', () => {
  test('handle throws the typed error and errorResponse serialises it', async () => {
    const { createFoundryAgentsDialect, FoundryAgentsError } = await import('../../../src/backends/foundry-agents/emulator/dialect.js');
    const d = createFoundryAgentsDialect({ validateResponses: true });
    const req = { method: 'GET', path: '/agents/x', query: new URLSearchParams('api-version=v1'), headers: { authorization: 'Bearer t' }, body: undefined };
    let thrown: unknown;
    try {
      d.handle(req);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FoundryAgentsError);
    expect(d.errorResponse(thrown as InstanceType<typeof FoundryAgentsError>, d.route(req))).toEqual({
      status: 404, body: { error: { code: 'not_found', message: "Agent 'x' not found.", param: 'agent_name', type: 'invalid_request_error' } },
    });
    expect(d.violations()).toEqual([]);
  });
});

describe('response validation (test mode)', () => {
  test('a response the official schemas reject is recorded, not sent silently', async () => {
    const { createFoundryAgentsDialect } = await import('../../../src/backends/foundry-agents/emulator/dialect.js');
    const d = createFoundryAgentsDialect({ validateResponses: true });
    // A drift skips validation (a seed is held to the API's object): a model that is not a string.
    d.seed([{ name: 'broken', definition: { kind: 'prompt', model: 'gpt-4o' } }]);
    d.mutate('broken', { definition: { model: 5 } });
    d.handle({ method: 'GET', path: '/agents/broken', query: new URLSearchParams('api-version=v1'), headers: { authorization: 'Bearer t' }, body: undefined });
    expect(d.violations()).toEqual([expect.objectContaining({ route: 'GET /agents/{agent_name}', status: 200 })]);
  });
});
