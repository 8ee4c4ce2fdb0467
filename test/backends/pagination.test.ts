// The list walk against the emulator: every assistant once, oldest first, at the request count
// documented in src/backends/http/pagination.ts.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FoundryAgentsClient } from '../../src/backends/foundry-agents/client.js';
import { AssistantsBackend } from '../../src/backends/assistants/assistants-backend.js';
import { PROFILES } from '../../src/backends/assistants/profiles.js';
import { LIST_ITEM_FIELDS, listEverything, MAX_LISTED, oneCursorRequests, pageTail, twoCursorRequests, type FetchPage, type ListItem, type ListPage, type PageQuery } from '../../src/backends/http/pagination.js';
import { pagesOf } from '../../src/backends/http/list-pages.js';
import { pageReader } from '../../src/backends/http/live-resource.js';
import { FROM_ITS_PAGES } from '../../src/backends/backend.js';
import { Transport } from '../../src/backends/http/transport.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { LiveResource } from '../../src/model/definition.js';
import { connect, emulator, envFor, EVERY_BACKEND_HOST, seedMany } from './helpers.js';
import { runCli } from '../helpers/cli.js';
import { workspace } from '../apply/helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** The documented counts: one page for up to 100; past that, at least a page a hundred, at most two more than ⌊N/100⌋. */
const fewestRequests = (n: number) => Math.max(1, Math.ceil(n / 100));
const mostRequests = (n: number) => (n <= 100 ? 1 : Math.floor(n / 100) + 2);

/** A live resource of a listed item, for a page reader fed by hand: its id and time, nothing managed. */
const liveOf = (item: ListItem): LiveResource => ({ id: item.id, key: null, namespace: null, createdAt: item.created_at, spec: {}, fingerprint: item.id });

/** A transport to the emulator's OpenAI dialect, for walks driven by hand. */
async function transportTo(server: RunningEmulator): Promise<Transport> {
  const connection = await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', server.url));
  return new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 });
}

/** A Foundry agents client over a transport to `url` (any server on loopback), sending nothing twice. */
function foundryAt(url: string): FoundryAgentsClient {
  const connection = {
    provider: 'foundry-agents', baseURL: url, bearer: 'entra-token', headers: {}, query: { 'api-version': 'v1' },
    organization: null, project: null, secrets: ['entra-token'], updateMethod: 'post' as const, canOrder: false, credentialHint: 'check AAC_FOUNDRY_TOKEN',
  };
  const transport = new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 });
  return new FoundryAgentsClient((call) => transport.send(call), 0);
}

/** The requests the emulator counted for the list route. */
const listRequests = () => emu!.stats().byRoute['GET /assistants'] ?? 0;

describe('listAll: two cursors', () => {
  it.each([0, 1, 100, 101, 250, 1000])('reads %i assistants in the documented number of requests', async (n) => {
    emu = await emulator('openai');
    const ids = seedMany(emu, n);
    const { backend } = await connect(emu);
    const live = await backend.listAll();
    expect(live.map((a) => a.id)).toEqual(ids);
    const requests = listRequests();
    expect(requests).toBeGreaterThanOrEqual(fewestRequests(n));
    expect(requests).toBeLessThanOrEqual(mostRequests(n));
    expect(requests).toBeLessThanOrEqual(twoCursorRequests(n));
    // A page cancelled once the cursors met may have been sent and not reached the server.
    expect(backend.stats.requests).toBeGreaterThanOrEqual(requests);
    expect(backend.stats.requests).toBeLessThanOrEqual(mostRequests(n));
  });

  it('states the counts the comment promises', () => {
    const sizes = [0, 1, 100, 101, 250, 300, 1000, 10_000];
    expect(sizes.map(twoCursorRequests)).toEqual([1, 1, 1, 3, 4, 5, 12, 102]);
    expect(sizes.map(twoCursorRequests)).toEqual(sizes.map(mostRequests));
  });

  it.each([199, 200, 300, 301, 500, 700])('covers the boundary case of %i assistants', async (n) => {
    emu = await emulator('openai');
    const ids = seedMany(emu, n);
    const { backend } = await connect(emu);
    expect((await backend.listAll()).map((a) => a.id)).toEqual(ids);
    expect(listRequests()).toBeGreaterThanOrEqual(fewestRequests(n));
    expect(listRequests()).toBeLessThanOrEqual(mostRequests(n));
  });

  it('hands over every page as it arrives, as the live resources the listing returns', async () => {
    emu = await emulator('openai');
    seedMany(emu, 250);
    const { backend } = await connect(emu);
    const pages: Array<readonly LiveResource[]> = [];
    const live = await backend.listAll((page) => pages.push(page));
    // A page still on its way when the cursors meet holds nothing unread, and is not handed over.
    expect(pages.length).toBeGreaterThanOrEqual(fewestRequests(250));
    expect(pages.length).toBeLessThanOrEqual(listRequests());
    expect(pages.every((p) => p.length > 0 && p.length <= 100)).toBe(true);
    // The very objects, so work done on a page's resources is work done on the result's.
    const handed = new Set(pages.flat());
    expect(live.every((l) => handed.has(l))).toBe(true);
    expect(new Set(pages.flat().map((l) => l.id))).toEqual(new Set(live.map((l) => l.id)));
    // And the backend says so: the result is exactly its pages' resources.
    expect(live[FROM_ITS_PAGES]).toBe(true);
  });

  it('asks for the next page before it hands over the one it has, with either cursor', async () => {
    emu = await emulator('openai');
    seedMany(emu, 450);
    const transport = await transportTo(emu);
    const events: string[] = [];
    const asked = new Map<string, number>();
    const named = new WeakMap<ListPage, string>();
    const fetchPage = async (query: PageQuery) => {
      const order = query.order ?? 'after';
      const name = `${order} ${(asked.get(order) ?? 0) + 1}`;
      asked.set(order, (asked.get(order) ?? 0) + 1);
      events.push(`ask ${name}`);
      const page = (await transport.send<ListPage>({ method: 'get', path: '/assistants', query, op: { kind: 'list', what: 'listing' } }))!;
      named.set(page, name);
      return page;
    };
    const onPage = (page: ListPage) => events.push(`hand over ${named.get(page)}`);
    const before = (a: string, b: string) => events.indexOf(a) >= 0 && events.indexOf(a) < events.indexOf(b);
    expect((await listEverything(fetchPage, true, 'listing', onPage)).length).toBe(450);
    // The first page is handed over once both cursors have asked for theirs; every later one once
    // its cursor has asked for the next, if there is a next.
    expect(before('ask asc 1', 'hand over desc 1') && before('ask desc 2', 'hand over desc 1')).toBe(true);
    for (const e of events.filter((x) => x.startsWith('hand over'))) {
      const [order, k] = e.slice('hand over '.length).split(' ');
      const next = `ask ${order} ${Number(k) + 1}`;
      if (events.includes(next)) expect(before(next, e)).toBe(true);
    }
    expect(events.filter((e) => e.startsWith('hand over')).length).toBeGreaterThanOrEqual(5);
    events.length = 0;
    asked.clear();
    expect((await listEverything(fetchPage, false, 'listing', onPage)).length).toBe(450);
    expect(events).toEqual(['ask after 1', 'ask after 2', 'hand over after 1', 'ask after 3', 'hand over after 2', 'ask after 4', 'hand over after 3', 'ask after 5', 'hand over after 4', 'hand over after 5']);
  });

  it.each([50, 450])('asks for the first asc page beside the first desc page when more than a page is expected (%i listed)', async (n) => {
    emu = await emulator('openai');
    const ids = seedMany(emu, n);
    const transport = await transportTo(emu);
    const events: string[] = [];
    const fetchPage = async (query: PageQuery, signal?: AbortSignal) => {
      const name = `${query.order} ${query.after ? 'next' : 'first'}`;
      events.push(`ask ${name}`);
      const page = (await transport.send<ListPage>({ method: 'get', path: '/assistants', query, op: { kind: 'list', what: 'listing' }, ...(signal ? { signal } : {}) }))!;
      events.push(`got ${name}`);
      return page;
    };
    // The definitions were counted before the walk began: more than a page of them.
    const expected = (items: number) => (items <= 101 ? Promise.resolve() : new Promise<void>(() => undefined));
    expect((await listEverything(fetchPage, true, 'listing', undefined, expected)).map((a) => a.id)).toEqual(ids);
    expect(events.slice(0, 2)).toEqual(['ask desc first', 'ask asc first']);
    // A list that fits in a page costs the one request more; a longer one, no request more.
    expect(listRequests()).toBeLessThanOrEqual(n <= 100 ? 2 : mostRequests(n));
  });

  it('fails with the first page when it fails, the other cursor\'s first page cancelled', async () => {
    const cancelled: string[] = [];
    const fetchPage = (query: PageQuery, signal?: AbortSignal) => new Promise<ListPage>((resolve, reject) => {
      if (query.order === 'desc') setTimeout(() => reject(new Error('host down')), 10);
      signal?.addEventListener('abort', () => {
        cancelled.push(query.order!);
        reject(new Error('cancelled'));
      });
    });
    await expect(listEverything(fetchPage, true, 'listing', undefined, () => Promise.resolve())).rejects.toThrow('host down');
    expect(cancelled).toContain('asc');
  });

  it('walks each cursor at its own pace: a slow side does not hold the other back', async () => {
    emu = await emulator('openai');
    const ids = seedMany(emu, 1000);
    const transport = await transportTo(emu);
    const asked = { desc: 0, asc: 0 };
    const fetchPage = async (query: PageQuery) => {
      asked[query.order!]++;
      // The oldest pages come back slowly (a host whose ascending scan is slower, a congested connection).
      if (query.order === 'asc') await new Promise((resolve) => setTimeout(resolve, 40));
      return (await transport.send<ListPage>({ method: 'get', path: '/assistants', query, op: { kind: 'list', what: 'listing' } }))!;
    };
    const wires = await listEverything(fetchPage, true, 'listing');
    expect(wires.map((a) => a.id)).toEqual(ids);
    // Pairs of pages would ask each side equally often (the first desc page aside).
    expect(asked.desc).toBeGreaterThan(asked.asc + 2);
    expect(asked.desc + asked.asc).toBeLessThanOrEqual(mostRequests(1000));
  });

  it('cancels a page still on its way once the cursors have met, rather than wait for it', async () => {
    emu = await emulator('openai');
    const ids = seedMany(emu, 250);
    const transport = await transportTo(emu);
    const events: string[] = [];
    const fetchPage = async (query: PageQuery, signal?: AbortSignal) => {
      // The oldest page is slow: the newest-first cursor reads the whole list before it comes.
      if (query.order === 'asc') {
        await new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, 2_000);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            events.push('slow page cancelled');
            reject(new Error('cancelled'));
          });
        });
      }
      return (await transport.send<ListPage>({ method: 'get', path: '/assistants', query, op: { kind: 'list', what: 'listing' }, ...(signal ? { signal } : {}) }))!;
    };
    const wires = await listEverything(fetchPage, true, 'listing');
    events.push('walk done');
    expect(wires.map((a) => a.id)).toEqual(ids);
    expect(events).toEqual(['slow page cancelled', 'walk done']);
  });

  it('puts the list oldest first where each cursor read its side in order and the sides disagree where they join', async () => {
    // A host whose order is not its items' times': the newer half of the list was stamped 50 s
    // earlier, so the desc cursor's side reads 149 s down to 50 s and the asc cursor's 0 s up to 99 s.
    const host: ListItem[] = Array.from({ length: 200 }, (_, i) => ({ id: `asst_${String(i).padStart(3, '0')}`, created_at: i < 100 ? i : i - 50 }));
    const fetchPage: FetchPage = async (query) => {
      const ordered = query.order === 'desc' ? [...host].reverse() : host;
      const from = query.after === undefined ? 0 : ordered.findIndex((i) => i.id === query.after) + 1;
      const to = query.before === undefined ? ordered.length : ordered.findIndex((i) => i.id === query.before);
      const rest = ordered.slice(from, to);
      // The desc cursor's second page comes last: the asc cursor's pages meet it first.
      if (query.order === 'desc' && query.after !== undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      return { data: rest.slice(0, query.limit), has_more: rest.length > query.limit };
    };
    const pages: ListPage[] = [];
    const items = await listEverything(fetchPage, true, 'listing', (page) => pages.push(page));
    // Read by two cursors, not given up for one: the first desc page, then the asc cursor's two.
    expect(pages.map((p) => p.data.length)).toEqual([100, 100, 0]);
    expect(items.map((i) => i.created_at)).toEqual([...host].map((i) => i.created_at).sort((a, b) => a - b));
    // Equal times in the host's order (the older half first).
    expect(items.filter((i) => i.created_at === 50).map((i) => i.id)).toEqual(['asst_050', 'asst_100']);
  });

  it('keeps the host order of assistants created in the same second, each once', async () => {
    emu = await emulator('openai');
    const ids = emu.seed(Array.from({ length: 230 }, (_, i) => ({ model: 'gpt-4o', name: `t${i}`, created_at: 1_700_000_000 + Math.floor(i / 50) }))).map((a) => a.id);
    const { backend } = await connect(emu);
    expect((await backend.listAll()).map((a) => a.id)).toEqual(ids);
  });
});

describe('the next page asked for from the end of the one that arrived', () => {
  it('reads last_id and has_more from the end of a list page, and nothing else', () => {
    const page = (items: string[], hasMore: boolean) => ({ object: 'list', data: items.map((id) => ({ id, object: 'assistant' })), first_id: items[0] ?? null, last_id: items.at(-1) ?? null, has_more: hasMore });
    // As the Assistants API and the emulator send it, and as Foundry classic's page (no object, no first_id).
    expect(pageTail(JSON.stringify(page(['asst_a', 'asst_b'], true)).slice(-40))).toEqual({ lastId: 'asst_b', hasMore: true });
    expect(pageTail(JSON.stringify({ data: [{ id: 'asst_a' }], last_id: 'asst_a', has_more: false }))).toEqual({ lastId: 'asst_a', hasMore: false });
    expect(pageTail(JSON.stringify(page([], false)))).toEqual({ lastId: null, hasMore: false });
    // Pretty-printed, and a trailing newline.
    expect(pageTail(`${JSON.stringify(page(['asst_a'], true), null, 2)}\n`)).toEqual({ lastId: 'asst_a', hasMore: true });
    // Not the outermost object's fields, another order, an id with an escape: read whole instead.
    expect(pageTail(JSON.stringify({ has_more: true, data: [{ id: 'x', metadata: { last_id: 'y', has_more: true } }] }))).toBeUndefined();
    expect(pageTail('{"data":[{"id":"x","inner":{"last_id":"y","has_more":true}}]}')).toBeUndefined();
    expect(pageTail(JSON.stringify({ data: [], has_more: true, last_id: 'asst_a' }))).toBeUndefined();
    expect(pageTail('{"data":[],"last_id":"as\\"t","has_more":true}')).toBeUndefined();
  });

  /** The walk's events: `ask <order> <k>` as each page is asked for, `read <order> <k>` once the SDK has parsed it and handed it back. */
  function recorded(fetchPage: FetchPage) {
    const events: string[] = [];
    const asked = new Map<string, number>();
    const recording: FetchPage = async (query, signal, onBodyEnd) => {
      const order = query.order ?? 'after';
      const k = (asked.get(order) ?? 0) + 1;
      asked.set(order, k);
      events.push(`ask ${order} ${k}`);
      const page = await fetchPage(query, signal, onBodyEnd);
      events.push(`read ${order} ${k}`);
      return page;
    };
    /** Pages whose next page of the same cursor was asked for before they were read. */
    const askedAhead = () => events.filter((e) => e.startsWith('read ')).filter((e) => {
      const [order, k] = e.slice('read '.length).split(' ');
      const next = events.indexOf(`ask ${order} ${Number(k) + 1}`);
      return next >= 0 && next < events.indexOf(e);
    });
    return { recording, events, askedAhead };
  }

  it('asks for the next page before the SDK has parsed the one that arrived, on one cursor and on two', async () => {
    emu = await emulator('openai');
    const ids = seedMany(emu, 650);
    const transport = await transportTo(emu);
    const one = recorded(pagesOf(transport, '/assistants', { kind: 'list', what: 'listing' }, 'not a page', { noun: 'an assistant', fields: LIST_ITEM_FIELDS }));
    expect((await listEverything(one.recording, false, 'listing')).map((a) => a.id)).toEqual(ids);
    // Every page but the last: the next one left from the tail, not from the parsed page.
    expect(one.askedAhead()).toEqual(['read after 1', 'read after 2', 'read after 3', 'read after 4', 'read after 5', 'read after 6']);
    expect(listRequests()).toBe(oneCursorRequests(650));
    emu.resetStats();
    const two = recorded(pagesOf(transport, '/assistants', { kind: 'list', what: 'listing' }, 'not a page', { noun: 'an assistant', fields: LIST_ITEM_FIELDS }));
    expect((await listEverything(two.recording, true, 'listing')).map((a) => a.id)).toEqual(ids);
    expect(two.askedAhead().length).toBeGreaterThanOrEqual(1);
    expect(listRequests()).toBeLessThanOrEqual(mostRequests(650));
  });

  it('trusts no tail after one its page did not bear out, and reads every item once', async () => {
    emu = await emulator('openai');
    const ids = seedMany(emu, 650);
    // A gateway that answers with a last_id other than its page's last item (here, the first).
    const proxy = createServer((req, res) => {
      void (async () => {
        const headers = Object.entries(req.headers).flatMap(([k, v]) => (k === 'host' || k === 'connection' || k === 'accept-encoding' || typeof v !== 'string' ? [] : [[k, v] as [string, string]]));
        const page = (await (await fetch(`${emu!.url.replace(/\/v1$/, '')}${req.url}`, { headers })).json()) as ListPage & { last_id: string | null };
        page.last_id = page.data[0]?.id ?? null;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(page));
      })();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const connection = await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1`));
      const transport = new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 });
      for (const canOrder of [false, true]) {
        emu.resetStats();
        const walk = recorded(pagesOf(transport, '/assistants', { kind: 'list', what: 'listing' }, 'not a page', { noun: 'an assistant', fields: LIST_ITEM_FIELDS }));
        expect((await listEverything(walk.recording, canOrder, 'listing')).map((a) => a.id)).toEqual(ids);
        // At most the pages asked from the first tails of each cursor, before one was found untrue, were asked for in vain.
        expect(walk.askedAhead().length).toBeLessThanOrEqual(canOrder ? 2 : 1);
        expect(listRequests()).toBeLessThanOrEqual((canOrder ? mostRequests(650) : oneCursorRequests(650)) + (canOrder ? 2 : 1));
      }
    } finally {
      proxy.close();
    }
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
    const again: boolean[] = [];
    const reader = pageReader(liveOf);
    const wires = await listEverything(ignoringOrder, true, 'listing', (page, walkedAgain) => {
      again.push(walkedAgain);
      reader.page(page.data, walkedAgain);
    });
    expect(wires.map((a) => a.id).sort()).toEqual([...ids].sort());
    expect(new Set(wires.map((a) => a.id)).size).toBe(350);
    // The two cursors' pages, then the one cursor's, each said to be of a walk begun again: the
    // first pages' objects are not the result's, which is not vouched for as its pages'.
    expect(again.indexOf(true)).toBeGreaterThan(0);
    expect(again.slice(again.indexOf(true))).toEqual(Array(again.length - again.indexOf(true)).fill(true));
    expect(again.filter((a) => a)).toHaveLength(oneCursorRequests(350));
    expect(reader.all(wires)[FROM_ITS_PAGES]).toBeUndefined();
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
    const again: boolean[] = [];
    const reader = pageReader(liveOf);
    const wires = await listEverything(fetchPage, true, 'listing', (page, walkedAgain) => {
      again.push(walkedAgain);
      reader.page(page.data, walkedAgain);
    });
    expect(wires.map((a) => a.id)).toEqual(ids.filter((id) => id !== deleted));
    // The first walk's pages, then the second's, said to be of a walk begun again: the deleted
    // assistant was on a page handed over, and is not in the result, which is not vouched for.
    expect(again[0]).toBe(false);
    expect(again.at(-1)).toBe(true);
    expect(reader.all(wires)[FROM_ITS_PAGES]).toBeUndefined();
  });
});

describe('a listing vouched for as exactly its pages (FROM_ITS_PAGES)', () => {
  it.each(Object.keys(EVERY_BACKEND_HOST))('is vouched for by %s when one walk read it', async (provider) => {
    const host = EVERY_BACKEND_HOST[provider]!;
    emu = await host.start();
    const w = workspace(Object.fromEntries(['a', 'b', 'c'].map((k) => [k, host.definition(k)])));
    try {
      const env = host.env(emu.url);
      const applied = await runCli(['apply', '--yes', '--provider', provider], { cwd: w.root, env });
      expect(applied.code, applied.stderr).toBe(0);
      const { backend } = await connect(emu, {}, env);
      const pages: Array<readonly LiveResource[]> = [];
      const live = await backend.listAll((page) => pages.push(page));
      expect(live).toHaveLength(3);
      expect(new Set(live)).toEqual(new Set(pages.flat()));
      expect(live[FROM_ITS_PAGES]).toBe(true);
    } finally {
      w.cleanup();
    }
  });

  it('is vouched for along one cursor too, where the host cannot order', async () => {
    emu = await emulator('openai');
    seedMany(emu, 250);
    const connection = { ...(await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', emu.url))), canOrder: false };
    const backend = new AssistantsBackend(connection, new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 }));
    expect((await backend.listAll())[FROM_ITS_PAGES]).toBe(true);
  });

  it('is not vouched for when the result holds an object no page showed', () => {
    const [a, b] = [{ id: 'asst_a', created_at: 1 }, { id: 'asst_b', created_at: 2 }];
    const reader = pageReader(liveOf);
    reader.page([a]);
    const vouched = reader.all([a]);
    expect(vouched[FROM_ITS_PAGES]).toBe(true);
    const unseen = reader.all([a, b]);
    expect(unseen.map((l) => l.id)).toEqual(['asst_a', 'asst_b']);
    expect(unseen[0]).toBe(vouched[0]);
    expect(unseen[FROM_ITS_PAGES]).toBeUndefined();
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
      const foundry = foundryAt(url);
      await expect(foundry.listAll()).rejects.toThrow(endless);
      expect(requests).toBe(MAX_LISTED / 100);
    } finally {
      server.close();
    }
  }, 300_000);
});

describe('a listing whose cursor does not advance', () => {
  /**
   * A broken gateway on loopback: every page is `page(query)`, whatever `after` asks; closed after
   * the test. Returns its base URL and a fetch of one page of it.
   */
  async function repeating(page: (query: URLSearchParams) => Record<string, unknown>) {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ object: 'list', ...page(new URL(req.url!, 'http://x').searchParams) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    closing.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const get = async <T>(query: Record<string, unknown> = {}): Promise<T> => {
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
      return (await (await fetch(`${url}/list?${qs}`)).json()) as T;
    };
    return { url, get };
  }
  const closing: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((close) => close()));
  });

  const agent = (id: string) => ({ id, name: id, version: '1', created_at: 1_700_000_000, versions: { latest: { id, name: id, version: '1', definition: { kind: 'prompt', model: 'm' } } } });
  /** The same one item on every page, `has_more` and the same `last_id` (as a gateway seen in a trial answered). */
  const samePage = () => ({ data: [agent('asst_x')], first_id: 'asst_x', last_id: 'asst_x', has_more: true });
  const stuck = /^listing (assistants|agents|the versions of agent 'a'): the listing did not end after 1 item \(the server still says has_more, but its last page held nothing new: it does not advance past `after`\); check that the endpoint is the API itself and that it honours `after`/;

  it('is the error of a listing that never ends, on every walk: two cursors, one cursor, Foundry agents and their versions', async () => {
    const { url, get } = await repeating(samePage);
    for (const canOrder of [true, false]) {
      await expect(listEverything((q) => get<ListPage>({ ...q }), canOrder, 'listing assistants')).rejects.toThrow(stuck);
    }
    const foundry = foundryAt(url);
    await expect(foundry.listAll()).rejects.toThrow(stuck);
    await expect(foundry.versions('a')).rejects.toThrow(stuck);
  });

  it('an empty page that says has_more is one too', async () => {
    const { url, get } = await repeating((q) => (q.has('after') ? { data: [], last_id: null, has_more: true } : samePage()));
    await expect(listEverything((q) => get<ListPage>({ ...q }), false, 'listing assistants')).rejects.toThrow(stuck);
    const foundry = foundryAt(url);
    await expect(foundry.listAll()).rejects.toThrow(stuck);
    await expect(foundry.versions('a')).rejects.toThrow(stuck);
  });

  it('stops plan with that error and no plan, instead of planning over the one page', async () => {
    const { url } = await repeating(samePage);
    const w = workspace({ a: { model: 'gpt-4o' }, b: { model: 'gpt-4o' } });
    try {
      const r = await runCli(['plan'], { cwd: w.root, env: { OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-test-repeating-0000' } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/listing assistants: the listing did not end after 1 item \(the server still says has_more, but its last page held nothing new/);
      expect(r.stdout).not.toContain('Plan:');
    } finally {
      w.cleanup();
    }
  });
});

describe('a listing that shows one id twice', () => {
  const closing: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((close) => close()));
  });

  /**
   * The emulator behind a gateway on loopback that lists one id twice: every list page asked for
   * `after` an id begins again with that id's item, as `copy` makes it of the copy the gateway
   * sent before (`walk`: how many pages without `after`, each the first of a walk, it has sent).
   * Returns its base URL.
   */
  async function listingTwice(copy: (item: Record<string, unknown>, walk: number) => Record<string, unknown>): Promise<string> {
    const upstream = new URL(emu!.url);
    const sent = new Map<string, Record<string, unknown>>();
    let walks = 0;
    const server = createServer((req, res) => {
      const query = new URL(req.url!, 'http://x').searchParams;
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (up) => {
        const got: Buffer[] = [];
        up.on('data', (c: Buffer) => got.push(c));
        up.on('end', () => {
          const page = JSON.parse(Buffer.concat(got).toString('utf8')) as { data?: Array<Record<string, unknown>> };
          const after = query.get('after');
          if (Array.isArray(page.data)) {
            if (after === null) walks++;
            const before = after === null ? undefined : sent.get(after);
            for (const item of page.data) sent.set(item.id as string, item);
            if (before) page.data.unshift(copy(before, walks));
          }
          const text = JSON.stringify(page);
          res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
          res.end(text);
        });
      });
      // A page the walk cancelled, or the emulator closed first: the drop passed on.
      out.on('error', () => res.destroy());
      out.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closing.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname}`;
  }

  it.each([true, false])('keeps one of two copies that are the same, the first, and vouches for the listing (two cursors: %s)', async (canOrder) => {
    emu = await emulator('openai');
    const ids = seedMany(emu, 450);
    const connection = { ...(await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', await listingTwice((item) => structuredClone(item))))), canOrder };
    const backend = new AssistantsBackend(connection, new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 }));
    const pages: Array<readonly LiveResource[]> = [];
    const live = await backend.listAll((page) => pages.push(page));
    expect(live.map((a) => a.id)).toEqual(ids);
    // The gateway did list ids twice; the listing holds, of each, the copy its first page showed.
    expect(pages.flat().length).toBeGreaterThan(ids.length);
    const first = new Map<string, LiveResource>();
    for (const l of pages.flat()) if (!first.has(l.id)) first.set(l.id, l);
    expect(live.every((l) => first.get(l.id) === l)).toBe(true);
    expect(live[FROM_ITS_PAGES]).toBe(true);
  });

  it.each([true, false])('reads the list again when the two copies differ, as an assistant changed between two reads of it (two cursors: %s)', async (canOrder) => {
    emu = await emulator('openai');
    const ids = seedMany(emu, 450);
    // Changed on the first walk's pages only: by the second, the change is done.
    const url = await listingTwice((item, walk) => (walk === 1 ? { ...item, name: `${item.name as string} (renamed)` } : structuredClone(item)));
    const connection = { ...(await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', url))), canOrder };
    const backend = new AssistantsBackend(connection, new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 }));
    const live = await backend.listAll();
    expect(live.map((a) => a.id)).toEqual(ids);
    expect(live.map((a) => a.spec.name)).toEqual(ids.map((_, i) => `a${i}`));
    // Pages of a walk begun again were handed over: not vouched for as its pages'.
    expect(live[FROM_ITS_PAGES]).toBeUndefined();
    expect(emu.stats().byRoute['GET /assistants']).toBeGreaterThan(canOrder ? twoCursorRequests(450) : oneCursorRequests(450));
  });

  it('stops plan with an error naming the id and the fix when every read of the list shows two copies that differ', async () => {
    emu = await emulator('openai');
    const ids = seedMany(emu, 250);
    const url = await listingTwice((item) => ({ ...item, description: 'another copy' }));
    const w = workspace({ a: { model: 'gpt-4o' } });
    try {
      const r = await runCli(['plan', '--no-color'], { cwd: w.root, env: envFor('openai', url) });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/listing assistants: the server listed '(asst_\w+)' twice with different contents, on two reads of the whole list in a row: its pages do not hold one list/);
      expect(ids).toContain(/'(asst_\w+)' twice/.exec(r.stderr)![1]);
      expect(r.stderr).toContain('if the list was being changed meanwhile (an apply, a person), run again once that is done; otherwise check that the endpoint is the API itself');
      expect(r.stdout).not.toContain('Plan:');
    } finally {
      w.cleanup();
    }
  });
});
