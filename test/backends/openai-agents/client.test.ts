// The Agents API client over the shared transport, against the dialect on loopback: the beta
// header on every request, one cursor, the API's errors as typed backend errors, secrets redacted.
import { expect, test } from 'vitest';
import { BackendError } from '../../../src/backends/backend.js';
import { Transport } from '../../../src/backends/http/transport.js';
import { AgentsClient, connectAgents } from '../../../src/backends/openai-agents/client.js';
import type { ProjectConfig } from '../../../src/model/config.js';
import { loopback, type Loopback } from './loopback.js';
import { AgentsBackend } from '../../../src/backends/openai-agents/agents-backend.js';
import type { LiveResource } from '../../../src/model/definition.js';

const KEY = 'sk-agents-secret-0123456789';
const config = { provider: 'openai', options: {} } as unknown as ProjectConfig;

function client(lb: Loopback, env: Record<string, string> = {}): AgentsClient {
  const connection = connectAgents(config, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: lb.url, ...env });
  return new AgentsClient(new Transport({ connection, maxRetries: 0, timeoutMs: 5_000 }));
}

async function failure(p: Promise<unknown>): Promise<BackendError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(BackendError);
  return e as BackendError;
}

test('create, list, update and delete, each with the beta header', async () => {
  // The dialect refuses any request without `OpenAI-Beta: agents=v1`, so five answers prove five headers.
  const lb = await loopback({ apiKey: KEY });
  const c = client(lb);
  const made = await c.create({ model: 'gpt-5', metadata: { 'aac@.': 'a' } }, 'a');
  expect(made.metadata).toEqual({ 'aac@.': 'a' });
  const updated = await c.update(made.id, { name: 'A' }, 'a');
  expect(updated.name).toBe('A');
  expect((await c.listAll()).map((a) => a.id)).toEqual([made.id]);
  await c.delete(made.id);
  expect(await c.listAll()).toEqual([]);
  expect(lb.requests).toEqual(['POST /v1/agents', `POST /v1/agents/${made.id}`, 'GET /v1/agents?limit=100', `DELETE /v1/agents/${made.id}`, 'GET /v1/agents?limit=100']);
});

test('the backend is handed each page as it arrives, as the live agents it returns', async () => {
  const lb = await loopback();
  lb.dialect.seed(Array.from({ length: 250 }, (_, i) => ({ model: 'gpt-5', created_at: 1_000 + i })));
  const connection = connectAgents(config, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: lb.url });
  const backend = new AgentsBackend({ backend: 'openai-agents', provider: 'openai-agents', endpoint: lb.url }, new Transport({ connection, maxRetries: 0, timeoutMs: 5_000 }));
  const pages: Array<readonly LiveResource[]> = [];
  const live = await backend.listAll((page) => pages.push(page));
  expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
  // The very objects (the result oldest first, the pages in the API's order).
  const handed = new Set(pages.flat());
  expect(live.every((l) => handed.has(l))).toBe(true);
  expect(live).toHaveLength(250);
});

test('listing walks 250 agents along one cursor, oldest first, never with before', async () => {
  const lb = await loopback();
  const seeded = lb.dialect.seed(Array.from({ length: 250 }, (_, i) => ({ model: 'gpt-5', created_at: 1_000 + i })));
  expect((await client(lb).listAll()).map((a) => a.id)).toEqual(seeded.map((a) => a.id));
  expect(lb.requests).toHaveLength(3);
  expect(lb.requests.every((r) => !r.includes('before='))).toBe(true);
});

test('the API\'s errors are typed: auth, invalid with its param, not found', async () => {
  const lb = await loopback({ apiKey: 'sk-other' });
  const auth = await failure(client(lb).listAll());
  expect(auth.kind).toBe('auth');
  expect(auth.message).toContain('OPENAI_API_KEY');
  expect(auth.message).not.toContain(KEY);
  const ok = await loopback();
  const invalid = await failure(client(ok).create({ model: 'gpt-5', temperature: 1 }, 'k'));
  expect([invalid.kind, invalid.details.param, invalid.details.status]).toEqual(['invalid', 'temperature', 400]);
  const missing = await failure(client(ok).update('agent_gone', { name: 'x' }, 'k'));
  expect(missing.kind).toBe('not-found');
});

test('configuration: the key is required, the endpoint must be http(s), OPENAI_* are read as the SDK reads them', () => {
  expect(() => connectAgents(config, {})).toThrow(/OPENAI_API_KEY/);
  expect(() => connectAgents(config, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: 'ftp://x' })).toThrow('the endpoint in the environment variable OPENAI_BASE_URL must be an http:// or https:// URL, not ftp://');
  const c = connectAgents(config, { OPENAI_API_KEY: KEY, OPENAI_ORG_ID: 'org-1', OPENAI_PROJECT_ID: 'proj-1' });
  expect(c).toMatchObject({ baseURL: 'https://api.openai.com/v1', organization: 'org-1', project: 'proj-1', headers: { 'OpenAI-Beta': 'agents=v1' }, canOrder: false });
  expect(c.secrets).toContain(KEY);
});
