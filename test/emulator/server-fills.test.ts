// What the server fills in and how modify changes a stored assistant (ASSISTANTS.md, "What the
// live API sends back" and "Modify semantics").
import { describe, expect, test } from 'vitest';
import { fillTool, fillToolResources, KEY_ORDER, OPENAI_FILLS, wireJson } from '../../src/backends/assistants/emulator/server-fills.js';
import { call, emulator } from './helpers.js';

describe('server-filled values on create', () => {
  test('create {model} only: every field present, defaults filled, keys in the live order', async () => {
    const emu = await emulator();
    const r = await call(emu, 'POST', '/assistants', { model: 'gpt-4o' });
    expect(Object.keys(r.body)).toEqual([...KEY_ORDER]);
    expect(r.body).toMatchObject({
      object: 'assistant', name: null, description: null, instructions: null, tools: [], top_p: 1,
      temperature: 1, reasoning_effort: null, tool_resources: {}, metadata: {}, response_format: 'auto',
    });
    expect(r.body.id).toMatch(/^asst_[A-Za-z0-9]{24}$/);
    expect(Number.isInteger(r.body.created_at)).toBe(true);
  });

  test('file_search gets ranking_options; max_num_results echoed, never filled', async () => {
    const emu = await emulator();
    const r = await call(emu, 'POST', '/assistants', {
      model: 'gpt-4o',
      tools: [
        { type: 'file_search', file_search: {} },
        { type: 'file_search', file_search: { max_num_results: 2, ranking_options: { ranker: 'auto', score_threshold: 0.5 } } },
      ],
    });
    expect(r.body.tools).toEqual([
      { type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0, hybrid_search: null } } },
      { type: 'file_search', file_search: { max_num_results: 2, ranking_options: { ranker: 'auto', score_threshold: 0.5, hybrid_search: null } } },
    ]);
  });

  test('function gets strict false and default parameters; code_interpreter gets file_ids []', async () => {
    const emu = await emulator();
    const r = await call(emu, 'POST', '/assistants', {
      model: 'gpt-4o',
      tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'f', description: 'd' } }],
    });
    expect(r.body.tools[1]).toEqual({ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: {} }, strict: false } });
    expect(r.body.tool_resources).toEqual({ code_interpreter: { file_ids: [] } });
  });

  test('the vector_stores helper on create makes a store and shows only its id', async () => {
    const emu = await emulator();
    const r = await call(emu, 'POST', '/assistants', {
      model: 'gpt-4o', tools: [{ type: 'file_search' }],
      tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-1'], chunking_strategy: { type: 'auto' } }] } },
    });
    expect(r.status).toBe(200);
    expect(r.body.tool_resources).toEqual({ file_search: { vector_store_ids: [expect.stringMatching(/^vs_[0-9a-f]{32}$/)] } });
  });

  test('whole-number temperature and top_p go out as 1.0, strings are untouched', async () => {
    const emu = await emulator();
    const res = await fetch(`${emu.url}/assistants`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'openai-beta': 'assistants=v2', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', top_p: 0.5, instructions: '"temperature":1,' }),
    });
    const text = await res.text();
    expect(text).toContain('"top_p":0.5,"temperature":1.0,');
    expect(text).toContain('"instructions":"\\"temperature\\":1,"');
    expect(wireJson({ temperature: 2, top_p: 1 })).toBe('{"temperature":2.0,"top_p":1.0}');
  });

  test('response_format {type: text} is echoed as the object', async () => {
    const emu = await emulator();
    const r = await call(emu, 'POST', '/assistants', { model: 'gpt-4o', response_format: { type: 'text' } });
    expect(r.body.response_format).toEqual({ type: 'text' });
  });

  test('fill functions leave their input untouched', () => {
    const tool = { type: 'function', function: { name: 'f' } };
    fillTool(tool, OPENAI_FILLS);
    expect(tool).toEqual({ type: 'function', function: { name: 'f' } });
    const res = { file_search: { vector_store_ids: ['vs_1'] } };
    expect(fillToolResources(res, [{ type: 'code_interpreter' }])).toEqual({ ...res, code_interpreter: { file_ids: [] } });
    expect(res).toEqual({ file_search: { vector_store_ids: ['vs_1'] } });
  });
});

describe('modify', () => {
  async function seeded(opts: Parameters<typeof emulator>[0] = {}) {
    const emu = await emulator(opts);
    const [a] = emu.seed([{
      model: 'gpt-4o', name: 'n', instructions: 'i', temperature: 0.2,
      tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'f' } }],
      metadata: { 'aac:key': 'k', team: 'a' },
    }]);
    return { emu, id: a!.id as string };
  }

  test('is a partial update: fields left out keep their values', async () => {
    const { emu, id } = await seeded();
    const r = await call(emu, 'POST', `/assistants/${id}`, { name: 'renamed' });
    expect(r.body).toMatchObject({ name: 'renamed', instructions: 'i', temperature: 0.2, metadata: { 'aac:key': 'k', team: 'a' } });
    expect(r.body.tools).toHaveLength(2);
  });

  test('tools replaces the whole array; [] removes all', async () => {
    const { emu, id } = await seeded();
    const one = await call(emu, 'POST', `/assistants/${id}`, { tools: [{ type: 'file_search' }] });
    expect(one.body.tools.map((t: { type: string }) => t.type)).toEqual(['file_search']);
    const none = await call(emu, 'POST', `/assistants/${id}`, { tools: [] });
    expect(none.body.tools).toEqual([]);
  });

  test('tool_resources replaces the stored object; a code_interpreter tool still gets its file_ids', async () => {
    const { emu, id } = await seeded();
    const r = await call(emu, 'POST', `/assistants/${id}`, { tool_resources: { file_search: { vector_store_ids: ['vs_1'] } } });
    expect(r.body.tool_resources).toEqual({ file_search: { vector_store_ids: ['vs_1'] }, code_interpreter: { file_ids: [] } });
    const cleared = await call(emu, 'POST', `/assistants/${id}`, { tools: [], tool_resources: null });
    expect(cleared.body.tool_resources).toEqual({});
  });

  test('null on a nullable field resets it to the default', async () => {
    const { emu, id } = await seeded();
    const r = await call(emu, 'POST', `/assistants/${id}`, { name: null, temperature: null, metadata: null, response_format: null });
    expect(r.body).toMatchObject({ name: null, temperature: 1, metadata: {}, response_format: 'auto' });
  });

  test('metadata replace mode (default): the sent map replaces the stored one', async () => {
    const { emu, id } = await seeded();
    const r = await call(emu, 'POST', `/assistants/${id}`, { metadata: { team: 'b' } });
    expect(r.body.metadata).toEqual({ team: 'b' });
  });

  test('metadata merge mode: keys merge, a key sent as "" is removed', async () => {
    const { emu, id } = await seeded({ metadataMode: 'merge' });
    const r = await call(emu, 'POST', `/assistants/${id}`, { metadata: { team: 'b', owner: 'x', 'aac:key': '' } });
    expect(r.body.metadata).toEqual({ team: 'b', owner: 'x' });
  });

  test('setFaults switches the metadata mode of a running server', async () => {
    const { emu, id } = await seeded();
    emu.setFaults({ metadataMode: 'merge' });
    const r = await call(emu, 'POST', `/assistants/${id}`, { metadata: { owner: 'x' } });
    expect(r.body.metadata).toEqual({ 'aac:key': 'k', team: 'a', owner: 'x' });
  });
});
