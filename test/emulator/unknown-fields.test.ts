// One rule for a field a request schema does not list, in every dialect (emulator/closed-schema.ts):
// a 400 `Unknown parameter` naming its path, at the top and inside nested objects, and nothing stored.
import { describe, expect, test } from 'vitest';
import { emulator } from './helpers.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

const FUNCTION = { name: 'lookup', description: 'Looks up.', parameters: { type: 'object', properties: {} } };
const ASSISTANT = { model: 'gpt-4o', tools: [{ type: 'function', function: FUNCTION }] };

interface Case {
  provider: string;
  headers: Record<string, string>;
  query?: string;
  path: string;
  valid: Record<string, unknown>;
  /** The valid body with an unknown field put in at each depth, and the param each must be refused with. */
  unknown: Array<[Record<string, unknown>, string]>;
}

const assistantsCases = (provider: string, headers: Record<string, string>, query = ''): Case => ({
  provider, headers, query, path: '/assistants', valid: ASSISTANT,
  unknown: [
    [{ ...ASSISTANT, foo: 1 }, 'foo'],
    [{ ...ASSISTANT, tools: [{ type: 'function', function: { ...FUNCTION, foo: 1 } }] }, 'tools[0].function.foo'],
    [{ ...ASSISTANT, tools: [{ type: 'function', function: FUNCTION, foo: 1 }] }, 'tools[0].foo'],
    [{ ...ASSISTANT, tool_resources: { code_interpreter: { file_ids: [], foo: 1 } } }, 'tool_resources.code_interpreter.foo'],
  ],
});

const BETA = { authorization: 'Bearer sk-test', 'openai-beta': 'assistants=v2' };
const PROMPT = { kind: 'prompt', model: 'gpt-4o', tools: [{ type: 'function', ...FUNCTION, strict: null }] };
const CASES: Case[] = [
  assistantsCases('openai', BETA),
  assistantsCases('zerobot', BETA),
  assistantsCases('portkey', { 'x-portkey-api-key': 'pk-test', 'x-portkey-virtual-key': 'vk-test', 'openai-beta': 'assistants=v2' }),
  assistantsCases('foundry', { authorization: 'Bearer entra-token' }, '?api-version=v1'),
  {
    provider: 'openai-agents', headers: { authorization: 'Bearer sk-test', 'openai-beta': 'agents=v1' }, path: '/agents',
    valid: { model: 'gpt-5', tools: [{ type: 'function', ...FUNCTION }] },
    unknown: [
      [{ model: 'gpt-5', foo: 1 }, 'foo'],
      [{ model: 'gpt-5', tools: [{ type: 'function', ...FUNCTION, foo: 1 }] }, 'tools[0].foo'],
    ],
  },
  {
    provider: 'foundry-agents', headers: { authorization: 'Bearer entra-token' }, query: '?api-version=v1', path: '/agents',
    valid: { name: 'a1', definition: PROMPT },
    unknown: [
      [{ name: 'a1', definition: PROMPT, foo: 1 }, 'foo'],
      [{ name: 'a1', definition: { ...PROMPT, foo: 1 } }, 'definition.foo'],
      [{ name: 'a1', definition: { ...PROMPT, tools: [{ ...PROMPT.tools[0], foo: 1 }] } }, 'definition.tools[0].foo'],
    ],
  },
];

async function post(emu: RunningEmulator, c: Case, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emu.url}${c.path}${c.query ?? ''}`, { method: 'POST', headers: { ...c.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('a field the request schema does not list', () => {
  for (const c of CASES) {
    test(`${c.provider}: refused with its path at the top and inside nested objects; a body without it is made`, async () => {
      const emu = await emulator({ provider: c.provider });
      for (const [body, param] of c.unknown) {
        const r = await post(emu, c, body);
        expect(r.status, `${param}: ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.error.param).toBe(param);
        expect(r.body.error.message).toContain(`Unknown parameter: '${param}'`);
      }
      expect(emu.resources()).toEqual([]);
      const made = await post(emu, c, c.valid);
      expect(made.status, JSON.stringify(made.body)).toBeLessThan(300);
    });
  }

  test('foundry (classic): `strict` and `reasoning_effort`, which its spec does not have, are refused, not dropped or kept', async () => {
    const foundry = CASES.find((c) => c.provider === 'foundry')!;
    const emu = await emulator({ provider: 'foundry' });
    const strict = await post(emu, foundry, { ...ASSISTANT, tools: [{ type: 'function', function: { ...FUNCTION, strict: true } }] });
    expect(strict.body.error.param).toBe('tools[0].function.strict');
    const effort = await post(emu, foundry, { ...ASSISTANT, reasoning_effort: 'high' });
    expect(effort.body.error.param).toBe('reasoning_effort');
    expect(emu.resources()).toEqual([]);
  });

  test('foundry (classic): below a Swagger discriminator base (a tool\'s openapi auth, a store\'s chunking_strategy), the subtype of its `type` decides, closed', async () => {
    const foundry = CASES.find((c) => c.provider === 'foundry')!;
    const emu = await emulator({ provider: 'foundry' });
    const openapi = (auth: unknown) => ({ model: 'gpt-4o', tools: [{ type: 'openapi', openapi: { name: 'weather', spec: {}, auth } }] });
    const extra = await post(emu, foundry, openapi({ type: 'anonymous', security_scheme: { connection_id: 'c' } }));
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatchObject({ param: 'tools[0].openapi.auth.security_scheme', code: 'unknown_parameter' });
    expect((await post(emu, foundry, openapi({ type: 'anonymous', foo: 1 }))).body.error.param).toBe('tools[0].openapi.auth.foo');
    expect(emu.resources()).toEqual([]);
    expect((await post(emu, foundry, openapi({ type: 'connection', security_scheme: { connection_id: 'c' } }))).status).toBe(200);
    const stores = { ...foundry, path: '/vector_stores' };
    const chunking = await post(emu, stores, { name: 'docs', chunking_strategy: { type: 'auto', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } } });
    expect(chunking.status).toBe(400);
    expect(chunking.body.error.param).toBe('chunking_strategy.static');
    expect((await post(emu, stores, { name: 'docs', chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } } })).status).toBe(200);
  });
});
