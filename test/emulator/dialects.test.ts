// Each host's dialect: auth, paths, the modify method, and which extra fields it accepts.
import { describe, expect, test } from 'vitest';
import { call, emulator, OPENAI_HEADERS } from './helpers.js';

const AZURE_TOOLS = [
  { type: 'bing_grounding', bing_grounding: { search_configurations: [{ connection_id: 'conn-1' }] } },
  { type: 'azure_ai_search' },
  { type: 'connected_agent', connected_agent: { id: 'asst_other', name: 'helper', description: 'Helps.' } },
];

describe('openai', () => {
  test('refuses a missing key, a wrong key and a missing beta header', async () => {
    const emu = await emulator({ apiKey: 'sk-right' });
    const missing = await call(emu, 'GET', '/assistants', undefined, { 'openai-beta': 'assistants=v2' });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('invalid_api_key');
    const wrong = await call(emu, 'GET', '/assistants', undefined, { ...OPENAI_HEADERS, authorization: 'Bearer sk-wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_api_key');
    expect(JSON.stringify(wrong.body)).not.toContain('sk-wrong');
    const noBeta = await call(emu, 'GET', '/assistants', undefined, { authorization: 'Bearer sk-right' });
    expect(noBeta.status).toBe(400);
    expect(noBeta.body.error.code).toBe('invalid_beta');
    const ok = await call(emu, 'GET', '/assistants', undefined, { ...OPENAI_HEADERS, authorization: 'Bearer sk-right' });
    expect(ok.status).toBe(200);
  });

  test('serves /v1/assistants; modify is POST, PATCH is not allowed', async () => {
    const emu = await emulator();
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const a = (await call(emu, 'POST', '/assistants', { model: 'gpt-4o' })).body;
    expect((await call(emu, 'POST', `/assistants/${a.id}`, { name: 'n' })).body.name).toBe('n');
    const patch = await call(emu, 'PATCH', `/assistants/${a.id}`, { name: 'p' });
    expect(patch.status).toBe(405);
    expect(emu.resources()[0]!.name).toBe('n');
  });

  test('refuses Azure tool types', async () => {
    const emu = await emulator();
    const r = await call(emu, 'POST', '/assistants', { model: 'gpt-4o', tools: [AZURE_TOOLS[0]] });
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe('tools[0].type');
  });
});

describe('portkey', () => {
  test('authenticates with x-portkey-api-key and x-portkey-virtual-key, not Bearer', async () => {
    const emu = await emulator({ provider: 'portkey', apiKey: 'pk-right', virtualKey: 'vk-right' });
    const good = { 'x-portkey-api-key': 'pk-right', 'x-portkey-virtual-key': 'vk-right', 'openai-beta': 'assistants=v2' };
    expect((await call(emu, 'GET', '/assistants', undefined, good)).status).toBe(200);
    const bearerOnly = await call(emu, 'GET', '/assistants', undefined, OPENAI_HEADERS);
    expect(bearerOnly.status).toBe(401);
    const noVirtual = await call(emu, 'GET', '/assistants', undefined, { 'x-portkey-api-key': 'pk-right', 'openai-beta': 'assistants=v2' });
    expect(noVirtual.status).toBe(401);
    expect(noVirtual.body.error.message).toContain('x-portkey-virtual-key');
    const wrongVirtual = await call(emu, 'GET', '/assistants', undefined, { ...good, 'x-portkey-virtual-key': 'vk-wrong' });
    expect(wrongVirtual.status).toBe(401);
    const noBeta = await call(emu, 'GET', '/assistants', undefined, { 'x-portkey-api-key': 'pk-right', 'x-portkey-virtual-key': 'vk-right' });
    expect(noBeta.body.error.code).toBe('invalid_beta');
  });

  test('serves /v1/assistants with POST modify and refuses the vector_stores helper on modify', async () => {
    const emu = await emulator({ provider: 'portkey' });
    const a = (await call(emu, 'POST', '/assistants', { model: 'gpt-4o' })).body;
    expect((await call(emu, 'POST', `/assistants/${a.id}`, { name: 'n' })).status).toBe(200);
    const helper = await call(emu, 'POST', `/assistants/${a.id}`, { tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-1'] }] } } });
    expect(helper.status).toBe(400);
  });
});

describe('zerobot', () => {
  test('modify is PATCH; POST on an id is 405', async () => {
    const emu = await emulator({ provider: 'zerobot' });
    const a = (await call(emu, 'POST', '/assistants', { model: 'gpt-4o' })).body;
    const post = await call(emu, 'POST', `/assistants/${a.id}`, { name: 'x' });
    expect(post.status).toBe(405);
    expect(post.body.error.message).toContain('PATCH');
    const patch = await call(emu, 'PATCH', `/assistants/${a.id}`, { name: 'y' });
    expect(patch.status).toBe(200);
    expect(patch.body.name).toBe('y');
  });

  test('modify accepts the vector_stores helper and answers with the new store id', async () => {
    const emu = await emulator({ provider: 'zerobot' });
    const a = (await call(emu, 'POST', '/assistants', { model: 'gpt-4o', tools: [{ type: 'file_search' }] })).body;
    const r = await call(emu, 'PATCH', `/assistants/${a.id}`, { tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-1'] }] } } });
    expect(r.status).toBe(200);
    expect(r.body.tool_resources.file_search).toEqual({ vector_store_ids: [expect.stringMatching(/^vs_[0-9a-f]{32}$/)] });
  });

  test('refuses a missing key', async () => {
    const emu = await emulator({ provider: 'zerobot' });
    expect((await call(emu, 'GET', '/assistants', undefined, { 'openai-beta': 'assistants=v2' })).status).toBe(401);
  });
});

describe('foundry', () => {
  test('serves the project path and requires api-version, not the beta header', async () => {
    const emu = await emulator({ provider: 'foundry', project: 'team-a' });
    expect(emu.url).toMatch(/\/api\/projects\/team-a$/);
    const noVersion = await call(emu, 'GET', '/assistants', undefined, { authorization: 'Bearer t', 'x-no-api-version': '1' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.param).toBe('api-version');
    const ok = await call(emu, 'GET', '/assistants', undefined, { authorization: 'Bearer any-entra-token' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ data: [], has_more: false });
  });

  test('refuses a request without a bearer token', async () => {
    const emu = await emulator({ provider: 'foundry' });
    const r = await call(emu, 'GET', '/assistants', undefined, { 'api-key': 'k' });
    expect(r.status).toBe(401);
  });

  test('accepts Azure tools and tool resources, modify is POST, pages have no object/first_id', async () => {
    const emu = await emulator({ provider: 'foundry' });
    const r = await call(emu, 'POST', '/assistants', {
      model: 'gpt-4o',
      tools: AZURE_TOOLS,
      tool_resources: {
        azure_ai_search: { indexes: [{ index_connection_id: 'conn', index_name: 'docs', query_type: 'semantic' }] },
        code_interpreter: { data_sources: [{ uri: 'azureml://x', type: 'uri_asset' }] },
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.tools).toEqual(AZURE_TOOLS);
    expect(r.body).not.toHaveProperty('reasoning_effort');
    const upd = await call(emu, 'POST', `/assistants/${r.body.id}`, { name: 'agent' });
    expect(upd.body.name).toBe('agent');
    const page = await call(emu, 'GET', '/assistants');
    expect(page.body).toEqual({ data: [upd.body], last_id: r.body.id, has_more: false });
  });

  test('validates Azure tools against classic-agents-v1.json', async () => {
    const emu = await emulator({ provider: 'foundry' });
    const missing = await call(emu, 'POST', '/assistants', { model: 'gpt-4o', tools: [{ type: 'bing_grounding' }] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.param).toBe('tools[0].bing_grounding');
    const badQuery = await call(emu, 'POST', '/assistants', {
      model: 'gpt-4o',
      tool_resources: { azure_ai_search: { indexes: [{ index_connection_id: 'c', index_name: 'i', query_type: 'fuzzy' }] } },
    });
    expect(badQuery.body.error.param).toBe('tool_resources.azure_ai_search.indexes[0].query_type');
    const unknownTool = await call(emu, 'POST', '/assistants', { model: 'gpt-4o', tools: [{ type: 'web_browser' }] });
    expect(unknownTool.body.error.param).toBe('tools[0].type');
  });

  test('modify accepts the vector_stores helper', async () => {
    const emu = await emulator({ provider: 'foundry' });
    const a = (await call(emu, 'POST', '/assistants', { model: 'gpt-4o' })).body;
    const r = await call(emu, 'POST', `/assistants/${a.id}`, {
      tool_resources: { file_search: { vector_stores: [{ name: 'docs', configuration: { data_sources: [{ uri: 'azureml://d', type: 'uri_asset' }] } }] } },
    });
    expect(r.status).toBe(200);
    expect(r.body.tool_resources.file_search.vector_store_ids).toEqual([expect.stringMatching(/^vs_[0-9a-f]{32}$/)]);
  });
});

describe.each(['openai', 'portkey', 'zerobot', 'foundry'] as const)('vector stores on %s', (provider) => {
  const body = provider === 'foundry'
    ? { name: 'docs', configuration: { data_sources: [{ uri: 'azureml://d', type: 'uri_asset' }] }, metadata: { a: 'b' } }
    : { file_ids: ['file-1', 'file-2'], chunking_strategy: { type: 'auto' }, metadata: { a: 'b' } };

  test('create answers the API\'s vector store object (checked against its schema), and retrieve gives it back', async () => {
    const emu = await emulator({ provider });
    const made = await call(emu, 'POST', '/vector_stores', body);
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ id: expect.stringMatching(/^vs_[0-9a-f]{32}$/), object: 'vector_store', status: 'completed', metadata: { a: 'b' } });
    expect(made.body).not.toHaveProperty('file_ids');
    const got = await call(emu, 'GET', `/vector_stores/${made.body.id}`);
    expect(got.body).toEqual(made.body);
    expect((await call(emu, 'GET', '/vector_stores/vs_none')).status).toBe(404);
  });

  test('delete answers the deletion status (checked against its schema); the store is gone, and an assistant holding it keeps its id', async () => {
    const emu = await emulator({ provider });
    const made = await call(emu, 'POST', '/vector_stores', body);
    const other = await call(emu, 'POST', '/vector_stores', body);
    const holder = await call(emu, 'POST', '/assistants', { model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: [made.body.id] } } });
    const deleted = await call(emu, 'DELETE', `/vector_stores/${made.body.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: made.body.id, object: 'vector_store.deleted', deleted: true });
    expect((await call(emu, 'GET', `/vector_stores/${made.body.id}`)).status).toBe(404);
    const listed = await call(emu, 'GET', '/vector_stores');
    expect(listed.body.data.map((v: { id: string }) => v.id)).toEqual([other.body.id]);
    // The sources are silent on what a delete does to an assistant holding the store: nothing is cascaded.
    const still = await call(emu, 'GET', `/assistants/${holder.body.id}`);
    expect(still.body.tool_resources.file_search.vector_store_ids).toEqual([made.body.id]);
    const again = await call(emu, 'DELETE', `/vector_stores/${made.body.id}`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toContain(`No vector store found with id '${made.body.id}'`);
  });

  test('create refuses what its request schema does not have, and the metadata limits', async () => {
    const emu = await emulator({ provider });
    // OpenAI's CreateVectorStoreRequest is closed; Foundry's VectorStoreOptions types its members.
    const refused = provider === 'foundry' ? { name: 7 } : { file_ids: ['f'], tools: [] };
    const r = await call(emu, 'POST', '/vector_stores', refused);
    expect(r.status).toBe(400);
    expect(r.body.error.param ?? r.body.error.message).toMatch(provider === 'foundry' ? /name/ : /tools/);
    const tooMany = await call(emu, 'POST', '/vector_stores', { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code ?? tooMany.body.error.message).toMatch(/object_above_max_properties|16/);
  });
});
