// The official openai SDK as a client of the Agents emulator dialect. The pinned SDK (6.30.1)
// predates the Agents API and has no client.beta.agents, so its generic request methods drive it,
// with the beta header the agents SDKs add to every call (AGENTS-API.md:13).
import OpenAI, { BadRequestError, NotFoundError } from 'openai';
import { CursorPage } from 'openai/pagination';
import { expect, test } from 'vitest';
import { loopback } from './loopback.js';

interface Agent {
  id: string;
  name: string | null;
  model: string;
  tools: Array<Record<string, unknown>>;
  metadata: Record<string, string>;
}

function client(url: string): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', baseURL: url, maxRetries: 0, defaultHeaders: { 'OpenAI-Beta': 'agents=v1' } });
}

test('the pinned SDK has no beta.agents resource (so the generic methods are the way in)', () => {
  expect((client('http://127.0.0.1:1').beta as unknown as Record<string, unknown>).agents).toBeUndefined();
});

test('create, retrieve, update, list and delete through the SDK', async () => {
  const lb = await loopback();
  const sdk = client(lb.url);
  const created = await sdk.post<Agent>('/agents', {
    body: { model: 'gpt-5', name: 'Support', tools: [{ type: 'function', name: 'lookup', description: 'Find one order.', parameters: { type: 'object', properties: {} } }], metadata: { team: 'support' } },
  });
  expect(created.tools).toEqual([{ type: 'function', name: 'lookup', description: 'Find one order.', parameters: { type: 'object', properties: {} }, defer_loading: false }]);
  expect(await sdk.get<Agent>(`/agents/${created.id}`)).toEqual(created);
  const updated = await sdk.post<Agent>(`/agents/${created.id}`, { body: { name: 'Support v2' } });
  expect(updated.name).toBe('Support v2');
  expect(updated.metadata).toEqual({ team: 'support' });
  const deleted = await sdk.delete(`/agents/${created.id}`);
  expect(deleted).toEqual({ id: created.id, object: 'agent.deleted', deleted: true });
  await expect(sdk.get(`/agents/${created.id}`)).rejects.toBeInstanceOf(NotFoundError);
  expect(lb.requests.filter((r) => r.startsWith('POST'))).toHaveLength(2);
});

test('the SDK\'s cursor pagination walks 250 agents with `after` alone', async () => {
  const lb = await loopback();
  const seeded = lb.dialect.seed(Array.from({ length: 250 }, (_, i) => ({ model: 'gpt-5', name: `a${i}`, created_at: 1_000 + i })));
  const seen: string[] = [];
  for await (const a of client(lb.url).getAPIList<Agent, CursorPage<Agent>>('/agents', CursorPage<Agent>, { query: { limit: 100 } })) seen.push(a.id);
  expect(seen).toEqual(seeded.map((a) => String(a.id)).reverse());
  expect(lb.requests.filter((r) => r.startsWith('GET /v1/agents'))).toHaveLength(3);
  expect(lb.requests.some((r) => r.includes('before='))).toBe(false);
});

test('a refused body surfaces as BadRequestError carrying the API\'s param and code', async () => {
  const lb = await loopback();
  const err = await client(lb.url).post('/agents', { body: { model: 'gpt-5', temperature: 0.3 } }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BadRequestError);
  expect(err).toMatchObject({ status: 400, param: 'temperature', code: 'unknown_parameter', type: 'invalid_request_error' });
});

test('without the beta header the SDK gets the API\'s 400', async () => {
  const lb = await loopback();
  const bare = new OpenAI({ apiKey: 'sk-test', baseURL: lb.url, maxRetries: 0 });
  const err = await bare.get('/agents').catch((e: unknown) => e);
  expect(err).toMatchObject({ status: 400, code: 'invalid_beta' });
});
