// Faults, stats and drift: what the reliability and drift tests of the rest of the tool rely on.
import { request } from 'node:http';
import { describe, expect, test, vi } from 'vitest';
import { checkResponse } from '../../src/backends/assistants/emulator/response-validation.js';
import type { Answered } from '../../src/emulator/index.js';
import { call, defaultHeaders, emulator } from './helpers.js';

describe('rate limit', () => {
  test('beyond the limit: 429 with integer retry-after and x-ratelimit-* headers', async () => {
    const emu = await emulator({ rateLimitPerMinute: 2 });
    const first = await call(emu, 'GET', '/assistants');
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    await call(emu, 'GET', '/assistants');
    const limited = await call(emu, 'GET', '/assistants');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
    const retryAfter = limited.headers.get('retry-after')!;
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(limited.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(\.\d+)?m?s$/);
    expect(emu.stats().faults).toEqual({ rate_limited: 1 });
  });

  test('x-ratelimit-* headers come with error answers too', async () => {
    const emu = await emulator({ rateLimitPerMinute: 5 });
    const r = await call(emu, 'POST', '/assistants', { model: 'm', name: 7 });
    expect(r.status).toBe(400);
    expect(r.headers.get('x-ratelimit-remaining-requests')).toBe('4');
  });

  test('setFaults turns the limit off again', async () => {
    const emu = await emulator({ rateLimitPerMinute: 1 });
    await call(emu, 'GET', '/assistants');
    expect((await call(emu, 'GET', '/assistants')).status).toBe(429);
    emu.setFaults({ rateLimitPerMinute: undefined });
    expect((await call(emu, 'GET', '/assistants')).status).toBe(200);
  });
});

describe('random errors', () => {
  test('errorRate 1: every request is a 500 or 503 in the API shape, nothing is written', async () => {
    const emu = await emulator({ errorRate: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const r = await call(emu, 'POST', '/assistants', { model: 'm' });
      statuses.add(r.status);
      expect(r.body.error.type).toBe('server_error');
    }
    expect([...statuses].sort()).toEqual([500, 503]);
    expect(emu.resources()).toEqual([]);
    expect(emu.stats().faults.error).toBe(20);
  });

  test('the same seed gives the same faults', async () => {
    const run = async (): Promise<number[]> => {
      const emu = await emulator({ errorRate: 0.5, seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await call(emu, 'GET', '/assistants')).status);
      return out;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(1);
  });
});

/** A raw request that reports a dropped connection instead of a status. */
function rawPost(url: string, body: unknown): Promise<number | 'dropped'> {
  return new Promise((resolve) => {
    const req = request(url, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'openai-beta': 'assistants=v2', 'content-type': 'application/json' },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', () => resolve('dropped'));
    req.end(JSON.stringify(body));
  });
}

describe('commit then drop', () => {
  test('the write is committed, then the socket is destroyed without a response', async () => {
    const emu = await emulator({ commitThenDropRate: 1 });
    expect(await rawPost(`${emu.url}/assistants`, { model: 'm', name: 'ghost' })).toBe('dropped');
    expect(emu.resources().map((a) => a.name)).toEqual(['ghost']);
    expect(emu.stats().faults).toEqual({ dropped: 1 });
    expect(emu.stats().byStatus).toEqual({ dropped: 1 });
    // Reads are never dropped.
    expect((await call(emu, 'GET', '/assistants')).status).toBe(200);
  });
});

describe('fail the Nth write', () => {
  test('the Nth write is answered 500 and not done; reads do not count; set again, it counts from then', async () => {
    const emu = await emulator({ failWrite: 2 });
    expect((await call(emu, 'POST', '/assistants', { model: 'm', name: 'one' })).status).toBe(200);
    expect((await call(emu, 'GET', '/assistants')).status).toBe(200);
    const failed = await call(emu, 'POST', '/assistants', { model: 'm', name: 'two' });
    expect(failed.status).toBe(500);
    expect(failed.body.error).toMatchObject({ type: 'server_error', code: 'injected_failure' });
    expect(emu.resources().map((a) => a.name)).toEqual(['one']);
    expect((await call(emu, 'POST', '/assistants', { model: 'm', name: 'three' })).status).toBe(200);
    expect(emu.stats().faults).toEqual({ failed_write: 1 });
    emu.setFaults({ failWrite: 1 });
    expect((await call(emu, 'POST', '/assistants', { model: 'm', name: 'four' })).status).toBe(500);
    expect(emu.resources().map((a) => a.name)).toEqual(['one', 'three']);
  });
});

test('latency delays the answer but not its content', async () => {
  const emu = await emulator({ latencyMs: 20 });
  const r = await call(emu, 'GET', '/assistants');
  expect(r.status).toBe(200);
  expect(r.body.object).toBe('list');
});

describe('timings of each answer (what the bench reads)', () => {
  test('each API request is told once its answer has left: route, status, and times from its arrival past the latency', async () => {
    const told: Answered[] = [];
    const emu = await emulator({ latencyMs: 20, onAnswered: (a) => told.push(a) });
    const before = Date.now();
    await call(emu, 'POST', '/assistants', { model: 'm' });
    await call(emu, 'GET', '/assistants?limit=1');
    await call(emu, 'GET', '/nowhere');
    // The control routes are not the API's: never told.
    await fetch(`${emu.url.replace(/\/v1$/, '')}/_emulator/stats`);
    await vi.waitFor(() => expect(told).toHaveLength(3));
    expect(told.map((a) => [a.method, a.route, a.outcome])).toEqual([
      ['POST', 'POST /assistants', '200'],
      ['GET', 'GET /assistants', '200'],
      ['GET', undefined, '404'],
    ]);
    for (const a of told) {
      // The answer is made once the latency has passed, then handed over whole.
      expect(a.firstByteMs).toBeGreaterThanOrEqual(a.route === undefined ? 0 : 20);
      expect(a.lastByteMs).toBeGreaterThanOrEqual(a.firstByteMs!);
      // Since the epoch, as the bench's write window is kept (a second either way for the clocks' rounding).
      expect(a.arrivedAt).toBeGreaterThan(before - 1000);
      expect(a.arrivedAt).toBeLessThan(Date.now() + 1000);
    }
  });

  test('a write cut after its commit is told as dropped, with no first byte', async () => {
    const told: Answered[] = [];
    const emu = await emulator({ commitThenDropRate: 1, onAnswered: (a) => told.push(a) });
    expect(await rawPost(`${emu.url}/assistants`, { model: 'm' })).toBe('dropped');
    expect(told).toEqual([expect.objectContaining({ method: 'POST', route: 'POST /assistants', outcome: 'dropped after commit' })]);
    expect(told[0]!.firstByteMs).toBeUndefined();
  });
});

describe('stats and mutate', () => {
  test('stats count by dialect-independent route and by status, over HTTP too', async () => {
    const emu = await emulator({ provider: 'zerobot' });
    const a = (await call(emu, 'POST', '/assistants', { model: 'm' })).body;
    await call(emu, 'PATCH', `/assistants/${a.id}`, { name: 'x' });
    await call(emu, 'GET', `/assistants/${a.id}`);
    await call(emu, 'GET', '/assistants/asst_missing');
    await call(emu, 'DELETE', `/assistants/${a.id}`);
    const expected = {
      total: 5,
      byRoute: { 'POST /assistants': 1, 'PATCH /assistants/{id}': 1, 'GET /assistants/{id}': 2, 'DELETE /assistants/{id}': 1 },
      byStatus: { '200': 4, '404': 1 },
      faults: {},
    };
    expect(emu.stats()).toEqual(expected);
    const origin = new URL(emu.url).origin;
    expect(await (await fetch(`${origin}/_emulator/stats`, { headers: defaultHeaders(emu) })).json()).toEqual(expected);
    emu.resetStats();
    expect(emu.stats().total).toBe(0);
  });

  test('mutate changes an assistant behind the tool\'s back, in-process and over HTTP', async () => {
    const emu = await emulator();
    const [a] = emu.seed([{ model: 'm', name: 'original', metadata: { 'aac:key': 'k' } }]);
    const drifted = emu.mutate(a!.id as string, { instructions: 'edited in the dashboard' });
    expect(drifted).toMatchObject({ name: 'original', instructions: 'edited in the dashboard' });
    const origin = new URL(emu.url).origin;
    const headers = defaultHeaders(emu);
    const res = await fetch(`${origin}/_emulator/mutate`, { method: 'POST', headers, body: JSON.stringify({ id: a!.id, fields: { tools: [{ type: 'file_search' }] } }) });
    expect(res.status).toBe(200);
    const live = (await call(emu, 'GET', `/assistants/${a!.id}`)).body;
    expect(live.instructions).toBe('edited in the dashboard');
    expect(live.tools[0].file_search.ranking_options.ranker).toBe('default_2024_08_21');
    expect(emu.stats().total).toBe(1);
    expect(() => emu.mutate('asst_missing', { name: 'x' })).toThrow(/asst_missing/);
    expect((await fetch(`${origin}/_emulator/mutate`, { method: 'POST', headers, body: '{"id":"asst_missing","fields":{}}' })).status).toBe(404);
    expect((await fetch(`${origin}/_emulator/mutate`, { method: 'POST', headers, body: 'nope' })).status).toBe(400);
  });

  test.each([
    ['openai', { apiKey: 'sk-only' }, { authorization: 'Bearer sk-only' }, { authorization: 'Bearer sk-other' }],
    ['portkey', { apiKey: 'pk-only', virtualKey: 'vk-only' }, { 'x-portkey-api-key': 'pk-only', 'x-portkey-virtual-key': 'vk-only' }, { 'x-portkey-api-key': 'pk-only', 'x-portkey-virtual-key': 'vk-other' }],
    ['foundry', { apiKey: 'entra-only' }, { authorization: 'Bearer entra-only' }, { authorization: 'Bearer entra-other' }],
    ['openai-agents', { apiKey: 'sk-only' }, { authorization: 'Bearer sk-only' }, { authorization: 'Bearer sk-other' }],
    ['foundry-agents', { apiKey: 'entra-only' }, { authorization: 'Bearer entra-only' }, { authorization: 'Bearer entra-other' }],
  ])('%s: the control routes take the credentials the API takes, and refuse what it refuses, changing nothing', async (provider, keys, right, wrong) => {
    const emu = await emulator({ provider, ...keys });
    const [seeded] = emu.seed([provider === 'foundry-agents' ? { name: 'a', definition: { kind: 'prompt', model: 'm' } } : { model: 'm', name: 'original' }]);
    const id = String(provider === 'foundry-agents' ? seeded!.name : seeded!.id);
    const before = JSON.stringify(emu.resources());
    const origin = new URL(emu.url).origin;
    const fields = provider === 'foundry-agents' ? { description: 'changed' } : { name: 'changed' };
    const mutate = (headers: Record<string, string>) => fetch(`${origin}/_emulator/mutate`, { method: 'POST', headers, body: JSON.stringify({ id, fields }) });
    for (const headers of [{}, wrong]) {
      const stats = await fetch(`${origin}/_emulator/stats`, { headers });
      expect(stats.status).toBe(401);
      expect(JSON.stringify(await stats.json())).not.toContain('byRoute');
      const refused = await mutate(headers);
      expect(refused.status).toBe(401);
      // The key is never echoed.
      expect(await refused.text()).not.toMatch(/-only|-other/);
    }
    expect(JSON.stringify(emu.resources())).toBe(before);
    expect((await fetch(`${origin}/_emulator/stats`, { headers: right })).status).toBe(200);
    expect((await mutate(right)).status).toBe(200);
    expect(JSON.stringify(emu.resources())).toContain('changed');
  });
});

describe('response validation hook', () => {
  test('flags a body that breaks the official schema', () => {
    expect(checkResponse('openai', 'assistant', { id: 'asst_1', object: 'assistant' })).not.toEqual([]);
    expect(checkResponse('openai', 'error', { error: { message: 'm', type: 't', param: null, code: null } })).toEqual([]);
    expect(checkResponse('foundry', 'list', { data: [], has_more: 'no' })).not.toEqual([]);
  });

  test('the empty page exception is narrow: only null ids on an empty page pass', () => {
    expect(checkResponse('openai', 'list', { object: 'list', data: [], first_id: null, last_id: null, has_more: false })).toEqual([]);
    expect(checkResponse('openai', 'list', { object: 'list', data: [], first_id: 'asst_x', last_id: null, has_more: false })).not.toEqual([]);
  });
});
