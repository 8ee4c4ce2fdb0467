// The list walk against the emulator: every assistant once, oldest first, at the request count
// documented in src/backends/http/pagination.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FoundryAgentsClient } from '../../src/backends/foundry-agents/client.js';
import { AssistantsBackend } from '../../src/backends/assistants/assistants-backend.js';
import { PROFILES } from '../../src/backends/assistants/profiles.js';
import { listEverything, MAX_LISTED, oneCursorRequests, twoCursorRequests, type ListPage } from '../../src/backends/http/pagination.js';
import { Transport } from '../../src/backends/http/transport.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { LiveResource } from '../../src/model/definition.js';
import { connect, emulator, envFor, seedMany } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** The documented count: one page, then pairs of pages until the cursors meet. */
function expectedRequests(n: number): number {
  if (n <= 100) return 1;
  const pairs = Math.ceil((n - 100) / 200) + ((n - 100) % 200 === 0 ? 1 : 0);
  return 1 + 2 * pairs;
}

describe('listAll: two cursors', () => {
  it.each([0, 1, 100, 101, 250, 1000])('reads %i assistants in the documented number of requests', async (n) => {
    emu = await emulator('openai');
    const ids = seedMany(emu, n);
    const { backend } = await connect(emu);
    const live = await backend.listAll();
    expect(live.map((a) => a.id)).toEqual(ids);
    const requests = emu.stats().byRoute['GET /assistants'] ?? 0;
    expect(requests).toBe(expectedRequests(n));
    expect(requests).toBeLessThanOrEqual(Math.ceil(n / 100) + 2);
    expect(requests).toBe(twoCursorRequests(n));
    expect(backend.stats.requests).toBe(requests);
  });

  it('states the counts the comment promises', () => {
    expect([0, 1, 100, 101, 250, 300, 1000, 10_000].map(expectedRequests)).toEqual([1, 1, 1, 3, 3, 5, 11, 101]);
  });

  it.each([199, 200, 300, 301, 500, 700])('covers the boundary case of %i assistants', async (n) => {
    emu = await emulator('openai');
    const ids = seedMany(emu, n);
    const { backend } = await connect(emu);
    expect((await backend.listAll()).map((a) => a.id)).toEqual(ids);
    expect(emu.stats().byRoute['GET /assistants']).toBe(expectedRequests(n));
  });

  it('hands over every page as it arrives, as the live resources the listing returns', async () => {
    emu = await emulator('openai');
    seedMany(emu, 250);
    const { backend } = await connect(emu);
    const pages: Array<readonly LiveResource[]> = [];
    const live = await backend.listAll((page) => pages.push(page));
    expect(pages).toHaveLength(twoCursorRequests(250));
    expect(pages.every((p) => p.length > 0 && p.length <= 100)).toBe(true);
    // The very objects, so work done on a page's resources is work done on the result's.
    const handed = new Set(pages.flat());
    expect(live.every((l) => handed.has(l))).toBe(true);
    expect(new Set(pages.flat().map((l) => l.id))).toEqual(new Set(live.map((l) => l.id)));
  });

  it('asks for the next pages before it hands over the ones it has, with either cursor', async () => {
    emu = await emulator('openai');
    seedMany(emu, 450);
    const connection = await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', emu.url));
    const transport = new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 });
    const events: string[] = [];
    const fetchPage = async (query: { limit: number; order?: string; after?: string; before?: string }) => {
      events.push(`ask ${query.order ?? 'after'}`);
      return (await transport.send<ListPage>({ method: 'get', path: '/assistants', query, op: { kind: 'list', what: 'listing' } }))!;
    };
    const onPage = (page: ListPage) => events.push(`hand over ${page.data.length}`);
    expect((await listEverything(fetchPage, true, 'listing', onPage)).length).toBe(450);
    // 100 newest; a pair of 100 + 100; a pair bounded by the frontiers, 150 between them, whose
    // pages overlap and so end the walk.
    expect(events).toEqual([
      'ask desc', 'ask desc', 'ask asc', 'hand over 100',
      'ask desc', 'ask asc', 'hand over 100', 'hand over 100',
      'hand over 100', 'hand over 100',
    ]);
    events.length = 0;
    expect((await listEverything(fetchPage, false, 'listing', onPage)).length).toBe(450);
    expect(events).toEqual(['ask after', 'ask after', 'hand over 100', 'ask after', 'hand over 100', 'ask after', 'hand over 100', 'ask after', 'hand over 100', 'hand over 50']);
  });

  it('keeps the host order of assistants created in the same second, each once', async () => {
    emu = await emulator('openai');
    const ids = emu.seed(Array.from({ length: 230 }, (_, i) => ({ model: 'gpt-4o', name: `t${i}`, created_at: 1_700_000_000 + Math.floor(i / 50) }))).map((a) => a.id);
    const { backend } = await connect(emu);
    expect((await backend.listAll()).map((a) => a.id)).toEqual(ids);
  });
});

describe('listAll: one cursor where the host cannot order', () => {
  it.each([0, 100, 101, 250])('reads %i assistants in ⌈N/100⌉ requests (1 for none)', async (n) => {
    emu = await emulator('openai');
    const ids = seedMany(emu, n);
    const connection = { ...(await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', emu.url))), canOrder: false };
    const backend = new AssistantsBackend(connection, new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 }));
    expect((await backend.listAll()).map((a) => a.id)).toEqual(ids);
    expect(emu.stats().byRoute['GET /assistants']).toBe(Math.max(1, Math.ceil(n / 100)));
    expect(emu.stats().byRoute['GET /assistants']).toBe(oneCursorRequests(n));
  });
});

describe('listAll: a host that ignores `order`', () => {
  it.each([
    ['distinct seconds', (i: number) => 1_700_000_000 + i],
    ['one second', () => 1_700_000_000],
  ])('notices the pages are not in the order asked for and walks one cursor instead (%s)', async (_label, createdAt) => {
    emu = await emulator('openai');
    const ids = emu.seed(Array.from({ length: 350 }, (_, i) => ({ model: 'gpt-4o', created_at: createdAt(i) }))).map((a) => a.id);
    const connection = await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', emu.url));
    const transport = new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 });
    // The emulator behind a proxy that drops `order`: every page comes in the host's default (desc).
    const ignoringOrder = async ({ order: _dropped, ...query }: { order?: string; limit: number; after?: string; before?: string }) =>
      (await transport.send<ListPage>({ method: 'get', path: '/assistants', query, op: { kind: 'list', what: 'listing' } }))!;
    const wires = await listEverything(ignoringOrder, true, 'listing');
    expect(wires.map((a) => a.id).sort()).toEqual([...ids].sort());
    expect(new Set(wires.map((a) => a.id)).size).toBe(350);
  });
});

describe('listAll: an assistant deleted under a cursor', () => {
  it('reads the list again when the host no longer knows a cursor id', async () => {
    emu = await emulator('openai');
    const ids = seedMany(emu, 250);
    const connection = await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', emu.url));
    const transport = new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 });
    const backend = new AssistantsBackend(connection, transport);
    let deleted: string | undefined;
    const fetchPage = async (query: { limit: number; order?: string; after?: string; before?: string }) => {
      const page = (await transport.send<ListPage>({ method: 'get', path: '/assistants', query, op: { kind: 'list', what: 'listing' } }))!;
      // Someone deletes the newest page's last assistant just as it arrives: it is the next cursor.
      if (!deleted) {
        deleted = page.data.at(-1)!.id;
        await backend.delete(deleted);
      }
      return page;
    };
    const wires = await listEverything(fetchPage, true, 'listing');
    expect(wires.map((a) => a.id)).toEqual(ids.filter((id) => id !== deleted));
  });
});

describe('a listing that never ends', () => {
  // A broken gateway: every page holds new ids and says there are more, so no cursor repeats.
  it('is cut off after MAX_LISTED items with an error saying so, on each walk', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      const data = Array.from({ length: 100 }, (_, i) => {
        const id = `asst_${requests}_${i}`;
        return { id, name: id, created_at: 1_700_000_000, versions: { latest: { id, name: id, version: '1', definition: { kind: 'prompt', model: 'm' } } } };
      });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ object: 'list', data, last_id: data.at(-1)!.id, has_more: true }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async <T>(query: Record<string, unknown>): Promise<T> => {
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
      return (await (await fetch(`${url}/list?${qs}`)).json()) as T;
    };
    try {
      const endless = /^listing (assistants|agents): the listing did not end after 10\d{4} items \(the server still says has_more\); aac reads at most 100000: check that the endpoint/;
      for (const canOrder of [true, false]) {
        requests = 0;
        await expect(listEverything((q) => get<ListPage>({ ...q }), canOrder, 'listing assistants')).rejects.toThrow(endless);
        // 100 items a page: the walk stopped at the limit, not before, and not long after.
        expect(requests).toBeGreaterThanOrEqual(MAX_LISTED / 100);
        expect(requests).toBeLessThanOrEqual(MAX_LISTED / 100 + 2);
      }
      requests = 0;
      const foundry = new FoundryAgentsClient(async <T>(call: { query?: Record<string, unknown> }) => get<T>(call.query ?? {}));
      await expect(foundry.listAll()).rejects.toThrow(endless);
      expect(requests).toBe(MAX_LISTED / 100);
    } finally {
      server.close();
    }
  }, 300_000);
});
