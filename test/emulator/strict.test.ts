// `aac emulator --strict`: each dialect refuses what the live service would and the lenient emulator
// takes — a model it does not have, and ids of stores and files it does not hold — with a 400 in its
// own error shape naming the field; without --strict the same bodies are taken, as before.
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.js';
import { HOSTS } from '../../src/backends/assistants/emulator/hosts.js';
import { defaultHeaders } from './helpers.js';

interface Reply { status: number; body: any }

/** Calls `path` below the emulator's base URL with the headers and query its provider asks for. */
async function call(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<Reply> {
  const query = new URLSearchParams(emu.requiredQuery).toString();
  // Each Assistants host's own credentials headers (portkey's are not a bearer token).
  const headers = emu.provider === 'openai-agents' ? { authorization: 'Bearer k', 'openai-beta': 'agents=v1' } : defaultHeaders(emu);
  const r = await fetch(`${emu.url}${path}${query ? `?${query}` : ''}`, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: await r.json() };
}

const strictly = (provider: string, more: EmulatorOptions = {}) => testEmulator({ provider, strict: true, ...more });

describe.each(['openai', 'foundry', 'portkey', 'zerobot'] as const)('the %s Assistants dialect', (provider) => {
  const noun = provider === 'foundry' ? 'model deployment' : 'model';
  const host = HOSTS[provider];
  // Its own method: zerobot modifies with PATCH.
  const modify = host.modifyMethod;

  test('refuses a model the spec does not list, on create and modify; --models replaces the list', async () => {
    const emu = await strictly(provider);
    const typo = await call(emu, 'POST', '/assistants', { model: 'gpt-4o-mnii' });
    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatchObject({ param: 'model', code: 'model_not_found', type: 'invalid_request_error' });
    expect(typo.body.error.message).toContain(`The ${noun} 'gpt-4o-mnii' does not exist`);
    const made = await call(emu, 'POST', '/assistants', { model: 'gpt-4o' });
    expect(made.status).toBe(200);
    const renamed = await call(emu, modify, `/assistants/${made.body.id}`, { model: 'gpt-9' });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error).toMatchObject({ param: 'model', code: 'model_not_found' });
    expect(emu.resources()).toHaveLength(1);

    const listed = await strictly(provider, { models: ['my-deployment'] });
    expect((await call(listed, 'POST', '/assistants', { model: 'my-deployment' })).status).toBe(200);
    expect((await call(listed, 'POST', '/assistants', { model: 'gpt-4o' })).status).toBe(400);
  });

  test('refuses a vector store it does not hold and a file --files does not name, at the field', async () => {
    const emu = await strictly(provider, { files: ['file-1'] });
    const store = await call(emu, 'POST', '/vector_stores', { name: 'docs', file_ids: ['file-1'] });
    expect(store.status).toBe(200);
    const missingFile = await call(emu, 'POST', '/vector_stores', { file_ids: ['file-1', 'file-2'] });
    expect(missingFile.status).toBe(400);
    expect(missingFile.body.error).toMatchObject({ param: 'file_ids[1]', code: 'not_found' });
    expect(missingFile.body.error.message).toContain("No file found with id 'file-2'");

    const held = { model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: [store.body.id] } } };
    expect((await call(emu, 'POST', '/assistants', held)).status).toBe(200);
    const gone = await call(emu, 'POST', '/assistants', { ...held, tool_resources: { file_search: { vector_store_ids: ['vs_nowhere'] } } });
    expect(gone.status).toBe(400);
    expect(gone.body.error).toMatchObject({ param: 'tool_resources.file_search.vector_store_ids[0]', code: 'not_found' });
    expect(gone.body.error.message).toContain("No vector store found with id 'vs_nowhere'");
    const code = await call(emu, 'POST', '/assistants', { model: 'gpt-4o', tools: [{ type: 'code_interpreter' }], tool_resources: { code_interpreter: { file_ids: ['file-9'] } } });
    expect(code.body.error.param).toBe('tool_resources.code_interpreter.file_ids[0]');
    // OpenAI's vector_stores helper makes a store of files (Foundry's names data sources instead, no file ids).
    if (host.rules.schema === 'openai') {
      const helping = { model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-1', 'file-3'] }] } } };
      const helper = await call(emu, 'POST', '/assistants', helping);
      expect(helper.status).toBe(400);
      expect(helper.body.error).toMatchObject({ param: 'tool_resources.file_search.vector_stores[0].file_ids[1]', code: 'not_found' });
      // A host that takes the helper on modify too (zerobot) checks its files there alike.
      const made = await call(emu, 'POST', '/assistants', { model: 'gpt-4o' });
      const modified = await call(emu, modify, `/assistants/${made.body.id}`, { tools: helping.tools, tool_resources: helping.tool_resources });
      expect(modified.status).toBe(400);
      expect(modified.body.error.param).toBe(host.rules.vectorStoresOnModify ? 'tool_resources.file_search.vector_stores[0].file_ids[1]' : 'tool_resources.file_search.vector_stores');
    }
    // A modify is checked as a create is: a store it does not hold.
    const plain = await call(emu, 'POST', '/assistants', { model: 'gpt-4o' });
    const goneOnModify = await call(emu, modify, `/assistants/${plain.body.id}`, { tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: ['vs_nowhere'] } } });
    expect(goneOnModify.status).toBe(400);
    expect(goneOnModify.body.error).toMatchObject({ param: 'tool_resources.file_search.vector_store_ids[0]', code: 'not_found' });
  });

  test('without --strict the same bodies are taken', async () => {
    const emu = await testEmulator({ provider });
    expect((await call(emu, 'POST', '/assistants', { model: 'gpt-4o-mnii', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: ['vs_nowhere'] } } })).status).toBe(200);
  });
});

describe('the foundry Assistants dialect: azure_ai_search', () => {
  const searching = (index: Record<string, unknown>) => ({ model: 'gpt-4o', tools: [{ type: 'azure_ai_search' }], tool_resources: { azure_ai_search: { indexes: [{ index_name: 'docs', ...index }] } } });
  const CONNECTION = '/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/a/projects/p/connections/search';

  test('refuses an index connection --connections does not name (none by default); its index name is not checked', async () => {
    const emu = await strictly('foundry');
    const none = await call(emu, 'POST', '/assistants', searching({ index_connection_id: CONNECTION }));
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ param: 'tool_resources.azure_ai_search.indexes[0].index_connection_id', code: 'not_found' });
    expect(none.body.error.message).toContain(`No connection found with id '${CONNECTION}'`);
    const listed = await strictly('foundry', { connections: [CONNECTION] });
    expect((await call(listed, 'POST', '/assistants', searching({ index_connection_id: CONNECTION, index_name: 'any-index' }))).status).toBe(200);
    const made = await call(listed, 'POST', '/assistants', { model: 'gpt-4o' });
    const modified = await call(listed, 'POST', `/assistants/${made.body.id}`, searching({ index_connection_id: 'other' }));
    expect(modified.body.error.param).toBe('tool_resources.azure_ai_search.indexes[0].index_connection_id');
    expect((await testEmulator({ provider: 'foundry' }).then((lenient) => call(lenient, 'POST', '/assistants', searching({ index_connection_id: 'other' })))).status).toBe(200);
  });
});

describe('the foundry-agents dialect', () => {
  const agent = (definition: Record<string, unknown>) => ({ name: 'a', definition: { kind: 'prompt', model: 'gpt-4o', ...definition } });

  test('refuses an unknown model deployment, a store it does not hold and a file --files does not name', async () => {
    const emu = await strictly('foundry-agents', { files: ['file-1'] });
    const typo = await call(emu, 'POST', '/agents', agent({ model: 'gpt-4o-mnii' }));
    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatchObject({ param: 'definition.model', code: 'model_not_found' });
    expect(typo.body.error.message).toContain("The model deployment 'gpt-4o-mnii' does not exist");
    // It serves no vector stores alone, so none exists.
    const store = await call(emu, 'POST', '/agents', agent({ tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] }));
    expect(store.body.error).toMatchObject({ param: 'definition.tools[0].vector_store_ids[0]', code: 'not_found' });
    const file = await call(emu, 'POST', '/agents', agent({ tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: ['file-1', 'file-2'] } }] }));
    expect(file.body.error.param).toBe('definition.tools[0].container.file_ids[1]');
    expect((await call(emu, 'POST', '/agents', agent({ tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: ['file-1'] } }] }))).status).toBe(200);
    const version = await call(emu, 'POST', '/agents/a/versions', { definition: { kind: 'prompt', model: 'gpt-9' } });
    expect(version.body.error.param).toBe('definition.model');
    expect(emu.resources()).toHaveLength(1);
  });

  test('beside the classic API at one project endpoint, a store the classic API made exists', async () => {
    const emu = await strictly('foundry,foundry-agents');
    const store = await call(emu, 'POST', '/vector_stores', { name: 'docs' });
    const made = await call(emu, 'POST', '/agents', agent({ tools: [{ type: 'file_search', vector_store_ids: [store.body.id] }] }));
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect((await call(emu, 'POST', '/agents', agent({ tools: [{ type: 'file_search', vector_store_ids: ['vs_nowhere'] }] }))).status).toBe(400);
  });
});

describe('the openai-agents dialect', () => {
  test('refuses an unknown model on create and update, in its own error shape', async () => {
    const emu = await strictly('openai-agents', { models: ['gpt-5.4'] });
    const typo = await call(emu, 'POST', '/agents', { model: 'gpt-5.4-typo' });
    expect(typo.status).toBe(400);
    expect(typo.body).toEqual({ error: { type: 'invalid_request_error', code: 'model_not_found', param: 'model', message: expect.stringContaining("The model 'gpt-5.4-typo' does not exist") } });
    const made = await call(emu, 'POST', '/agents', { model: 'gpt-5.4' });
    expect(made.status).toBe(201);
    expect((await call(emu, 'POST', `/agents/${made.body.id}`, { model: 'gpt-4o' })).body.error.param).toBe('model');
  });
});

describe('aac emulator --strict', () => {
  const stopped = () => {
    const aborted = new AbortController();
    aborted.abort();
    return aborted.signal;
  };

  test('says so when it starts; --models and --files are refused without it or with an empty name', async () => {
    const cwd = testDir('aac-strict-');
    const on = await runCli(['emulator', '--port', '0', '-q', '--strict', '--models', 'a,b'], { cwd, signal: stopped() });
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toContain('Strict: a model that --models does not name, and ids of stores and files it does not hold, are refused.\n');
    const without = await runCli(['emulator', '--port', '0', '-q', '--models', 'a'], { cwd, signal: stopped() });
    expect(without.code).toBe(1);
    expect(without.stderr).toBe('Error: --models says what --strict takes; without --strict the emulator takes any\n  add --strict, or drop --models\n');
    const connections = await runCli(['emulator', '--port', '0', '-q', '--strict', '--connections', 'c'], { cwd, signal: stopped() });
    expect(connections.code).toBe(1);
    expect(connections.stderr).toContain('Error: --connections does not apply to the openai emulator: only the foundry dialect reads it');
    const foundry = await runCli(['emulator', '--provider', 'foundry', '--port', '0', '-q', '--strict', '--connections', 'c'], { cwd, signal: stopped() });
    expect(foundry.code, foundry.stderr).toBe(0);
    expect(foundry.stdout).toContain('Strict: a model the API spec does not list, ids of stores and files it does not hold, and azure_ai_search connection ids that --connections does not name, are refused.\n');
    // Served with foundry-agents at one address, the foundry dialect still reads it; without it, no connection exists.
    const pair = await runCli(['emulator', '--provider', 'foundry,foundry-agents', '--port', '0', '-q', '--strict'], { cwd, signal: stopped() });
    expect(pair.code, pair.stderr).toBe(0);
    expect(pair.stdout).toContain('Strict: a model the API spec does not list, ids of stores and files it does not hold, and azure_ai_search connection ids (without --connections none exists), are refused.\n');
    const empty = await runCli(['emulator', '--port', '0', '-q', '--strict', '--files', 'f,'], { cwd, signal: stopped() });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("Error: --files must list names joined by commas, none empty (got 'f,')\n  write --files f\n");
    // A value of a megabyte is echoed cut, not whole.
    const long = await runCli(['emulator', '--port', '0', '-q', '--strict', '--models', `${'m,'.repeat(500_000)},`], { cwd, signal: stopped() });
    expect(long.code).toBe(1);
    expect(long.stderr).toContain(`(got '${'m,'.repeat(128)}…(999,745 more characters)')\n  write --models ${'m,'.repeat(128)}…(999,743 more characters)\n`);
    expect(long.stderr.length).toBeLessThan(2_000);
  });
});
