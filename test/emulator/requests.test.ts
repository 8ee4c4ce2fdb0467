// Bad requests get the API's 400 naming the offending param: never a 500 or a hang.
import { describe, expect, test } from 'vitest';
import { call, emulator, OPENAI_HEADERS } from './helpers.js';

async function create(body: unknown, provider: 'openai' | 'foundry' = 'openai') {
  const emu = await emulator({ provider });
  return call(emu, 'POST', '/assistants', body);
}

describe('create body validation (openai)', () => {
  test.each([
    ['wrong type', 'name', 'invalid_type', { model: 'gpt-4o', name: 5 }],
    ['missing model', 'model', 'missing_required_parameter', { name: 'x' }],
    ['unknown top-level field', 'colour', 'unknown_parameter', { model: 'gpt-4o', colour: 'blue' }],
    ['name over 256', 'name', 'string_above_max_length', { model: 'gpt-4o', name: 'n'.repeat(257) }],
    ['description over 512', 'description', 'string_above_max_length', { model: 'gpt-4o', description: 'd'.repeat(513) }],
    ['temperature over 2', 'temperature', 'decimal_above_max_value', { model: 'gpt-4o', temperature: 2.5 }],
    ['top_p below 0', 'top_p', 'decimal_below_min_value', { model: 'gpt-4o', top_p: -0.1 }],
    ['over 128 tools', 'tools', 'array_above_max_length', { model: 'gpt-4o', tools: Array.from({ length: 129 }, () => ({ type: 'code_interpreter' })) }],
    ['unknown tool type', 'tools[1].type', 'invalid_value', { model: 'gpt-4o', tools: [{ type: 'code_interpreter' }, { type: 'web_browser' }] }],
    ['function without a name', 'tools[0].function.name', 'missing_required_parameter', { model: 'gpt-4o', tools: [{ type: 'function', function: {} }] }],
    ['function name pattern', 'tools[0].function.name', 'invalid_value', { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'has space' } }] }],
    ['function name over 64', 'tools[0].function.name', 'string_above_max_length', { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f'.repeat(65) } }] }],
    ['max_num_results over 50', 'tools[0].file_search.max_num_results', 'integer_above_max_value', { model: 'gpt-4o', tools: [{ type: 'file_search', file_search: { max_num_results: 51 } }] }],
    ['ranking_options without score_threshold', 'tools[0].file_search.ranking_options.score_threshold', 'missing_required_parameter', { model: 'gpt-4o', tools: [{ type: 'file_search', file_search: { ranking_options: { ranker: 'auto' } } }] }],
    ['reasoning_effort enum', 'reasoning_effort', 'invalid_value', { model: 'o3', reasoning_effort: 'extreme' }],
    ['response_format type', 'response_format.type', 'invalid_value', { model: 'gpt-4o', response_format: { type: 'yaml' } }],
    ['json_schema name pattern', 'response_format.json_schema.name', 'invalid_value', { model: 'gpt-4o', response_format: { type: 'json_schema', json_schema: { name: 'a b' } } }],
    ['metadata over 16 pairs', 'metadata', 'object_above_max_properties', { model: 'gpt-4o', metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }],
    ['metadata key over 64', 'metadata', 'string_above_max_length', { model: 'gpt-4o', metadata: { ['k'.repeat(65)]: 'v' } }],
    ['metadata value over 512', 'metadata.note', 'string_above_max_length', { model: 'gpt-4o', metadata: { note: 'v'.repeat(513) } }],
    ['metadata value not a string', 'metadata.version', 'invalid_type', { model: 'gpt-4o', metadata: { version: 2 } }],
    ['file_ids over 20', 'tool_resources.code_interpreter.file_ids', 'array_above_max_length', { model: 'gpt-4o', tool_resources: { code_interpreter: { file_ids: Array.from({ length: 21 }, (_, i) => `file-${i}`) } } }],
    ['file_search with both store fields', 'tool_resources.file_search', 'invalid_value', { model: 'gpt-4o', tool_resources: { file_search: { vector_store_ids: ['vs_1'], vector_stores: [{}] } } }],
    ['Azure data_sources', 'tool_resources.code_interpreter.data_sources', 'unknown_parameter', { model: 'gpt-4o', tool_resources: { code_interpreter: { data_sources: [{ uri: 'azureml://x', type: 'uri_asset' }] } } }],
    ['Azure tool resource', 'tool_resources.azure_ai_search', 'unknown_parameter', { model: 'gpt-4o', tool_resources: { azure_ai_search: { indexes: [] } } }],
  ])('%s → 400 at %s (%s)', async (_name, param, code, body) => {
    const r = await create(body);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ type: 'invalid_request_error', param, code });
    // Like the API, only enum failures ("Invalid value: 'x'. Supported values are: …") leave the param out of the message.
    if (!r.body.error.message.startsWith('Invalid value:')) expect(r.body.error.message).toContain(param);
  });

  test('the message reads like the API', async () => {
    const r = await create({ model: 'gpt-4o', name: 'n'.repeat(300) });
    expect(r.body.error.message).toBe("Invalid 'name': string too long. Expected a string with maximum length 256, but got a string with length 300 instead.");
    const t = await create({ model: 'gpt-4o', metadata: { version: 2 } });
    expect(t.body.error.message).toBe("Invalid type for 'metadata.version': expected a string, but got an integer instead.");
  });

  test('nothing is stored when a body is refused', async () => {
    const emu = await emulator();
    await call(emu, 'POST', '/assistants', { model: 'gpt-4o', name: 5 });
    expect(emu.resources()).toEqual([]);
  });
});

describe('bodies that are not JSON objects', () => {
  test.each([
    ['bad JSON', '{"model": '],
    ['empty body', ''],
  ])('%s → 400', async (_name, raw) => {
    const emu = await emulator();
    const r = await call(emu, 'POST', '/assistants', raw === '' ? undefined : raw);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ type: 'invalid_request_error', param: null });
    expect(r.body.error.message).toMatch(/could not parse the JSON body/);
  });

  test('a JSON array → 400 invalid_type', async () => {
    const r = await create([{ model: 'gpt-4o' }]);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_type');
  });

  test('a body over 10 MB → 400, and the server keeps serving', async () => {
    const emu = await emulator();
    const huge = JSON.stringify({ model: 'gpt-4o', instructions: 'x'.repeat(10 * 1024 * 1024) });
    const r = await call(emu, 'POST', '/assistants', huge);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'request_too_large', param: null });
    expect((await call(emu, 'GET', '/assistants')).status).toBe(200);
  });

  // The schema checks and the response's JSON.stringify recurse: 100,000 levels overflowed the stack into a 500.
  test.each([
    ['openai', '/assistants', OPENAI_HEADERS, (deep: unknown) => ({ model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { a: deep } } } }] })],
    ['openai-agents', '/agents', { authorization: 'Bearer sk-test', 'openai-beta': 'agents=v1' }, (deep: unknown) => ({ model: 'gpt-4o', tools: [{ type: 'function', name: 'f', description: '', parameters: { type: 'object', properties: { a: deep } } }] })],
    ['foundry-agents', '/agents?api-version=v1', { authorization: 'Bearer entra-token' }, (deep: unknown) => ({ name: 'deep', definition: { kind: 'prompt', model: 'gpt-4o', tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: { a: deep } } }] } })],
  ] as const)('a body nested 100,000 deep → the API\'s 400 (%s), and the server keeps serving', async (provider, path, headers, body) => {
    const emu = await emulator({ provider });
    const text = JSON.stringify(body('DEEP')).replace('"DEEP"', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    const r = await call(emu, 'POST', path, text, headers);
    expect(r.status).toBe(400);
    const error = (r.body as { error: { message: string; code: string } }).error;
    expect(error.message).toMatch(/^The JSON body of your request nests lists and objects more than 200 levels deep \(line 1, column \d+\); the emulator reads at most 200\.$/);
    expect(error.code).toBe('nested_too_deep');
    expect((await call(emu, 'GET', path, undefined, headers)).status).toBe(200);
  }, 30_000);

  test('instructions at the 256000 limit pass, one more fails', async () => {
    const emu = await emulator();
    expect((await call(emu, 'POST', '/assistants', { model: 'm', instructions: 'i'.repeat(256000) })).status).toBe(200);
    const r = await call(emu, 'POST', '/assistants', { model: 'm', instructions: 'i'.repeat(256001) });
    expect(r.body.error.param).toBe('instructions');
  });
});

describe('modify body validation', () => {
  test('modify refuses unknown fields and the vector_stores helper (openai)', async () => {
    const emu = await emulator();
    const [a] = emu.seed([{ model: 'gpt-4o' }]);
    const unknown = await call(emu, 'POST', `/assistants/${a!.id}`, { model: 'gpt-4o', extra: true });
    expect(unknown.body.error).toMatchObject({ param: 'extra', code: 'unknown_parameter' });
    const helper = await call(emu, 'POST', `/assistants/${a!.id}`, { tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-1'] }] } } });
    expect(helper.status).toBe(400);
    expect(helper.body.error.param).toBe('tool_resources.file_search.vector_stores');
  });

  test('modify of an unknown id → 404 with the API message', async () => {
    const emu = await emulator();
    const r = await call(emu, 'POST', '/assistants/asst_nope', { name: 'x' });
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({ message: "No assistant found with id 'asst_nope'.", type: 'invalid_request_error', param: null, code: null });
  });
});

describe('list query', () => {
  test.each([
    ['limit=0', 'limit', 'integer_below_min_value'],
    ['limit=101', 'limit', 'integer_above_max_value'],
    ['limit=ten', 'limit', 'invalid_type'],
    ['order=sideways', 'order', 'invalid_value'],
    ['after=asst_gone', 'after', 'invalid_value'],
  ])('%s → 400 at %s', async (query, param, code) => {
    const emu = await emulator();
    const r = await call(emu, 'GET', `/assistants?${query}`);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ param, code });
  });
});

test('a malformed id escape → 404, not a crash', async () => {
  const emu = await emulator();
  const r = await call(emu, 'GET', '/assistants/%E0%A4%A');
  expect(r.status).toBe(404);
  expect(r.body.error.message).toBe("No assistant found with id '%E0%A4%A'.");
});

test('an unknown path → 404 in the API shape', async () => {
  const emu = await emulator();
  const r = await call(emu, 'GET', '/threads');
  expect(r.status).toBe(404);
  expect(r.body.error.message).toBe('Invalid URL (GET /v1/threads)');
});
