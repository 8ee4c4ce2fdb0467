// A call whose rest comes later (Transport's Call.later): built by the SDK at once, sent only once
// its rest is given, with that query after its own; never sent when cancelled first. And the
// listing's pages (list-pages.ts), whose next request is built that way, send no request the walk
// did not ask for.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROFILES } from '../../src/backends/assistants/profiles.js';
import { pagesOf } from '../../src/backends/http/list-pages.js';
import { LIST_ITEM_FIELDS, listEverything, type ListPage } from '../../src/backends/http/pagination.js';
import { Transport, type Later } from '../../src/backends/http/transport.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulator, envFor, failure, seedMany } from './helpers.js';

let server: Server | undefined;
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await emu?.close();
  emu = undefined;
});

/** A host that answers every request with an empty list page, and the paths and queries it was asked. */
async function recordingHost(): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = [];
  server = createServer((req, res) => {
    asked.push(req.url!);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [], first_id: null, last_id: null, has_more: false }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, asked };
}

async function transportTo(url: string): Promise<Transport> {
  const connection = await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', url));
  return new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 });
}

const turns = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Transport: a call whose rest comes later', () => {
  it('is sent only once its rest is given, with that query after its own and its onBodyEnd told', async () => {
    const host = await recordingHost();
    const transport = await transportTo(host.url);
    let give!: (later: Later) => void;
    const later = new Promise<Later>((resolve) => (give = resolve));
    const ends: string[] = [];
    const answer = transport.send<ListPage>({ method: 'get', path: '/assistants', query: { limit: 100, order: 'desc' }, op: { kind: 'list', what: 'listing' }, later });
    await turns(100);
    expect(host.asked).toEqual([]);
    expect(transport.stats.requests).toBe(0);
    give({ query: { after: 'asst_b', before: 'asst_a' }, onBodyEnd: (end) => ends.push(end) });
    expect((await answer)?.has_more).toBe(false);
    expect(host.asked).toEqual(['/v1/assistants?limit=100&order=desc&after=asst_b&before=asst_a']);
    expect(ends).toHaveLength(1);
    expect(ends[0]).toContain('"has_more":false');
    expect(transport.stats.requests).toBe(1);
  });

  it('leaves out entries with no value, as the SDK does', async () => {
    const host = await recordingHost();
    const transport = await transportTo(host.url);
    await transport.send({ method: 'get', path: '/assistants', query: { limit: 100 }, op: { kind: 'list', what: 'listing' }, later: Promise.resolve({ query: { after: 'asst_b', before: undefined } }) });
    expect(host.asked).toEqual(['/v1/assistants?limit=100&after=asst_b']);
  });

  it('is never sent when cancelled before its rest comes, and fails as cancelled', async () => {
    const host = await recordingHost();
    const transport = await transportTo(host.url);
    const cancel = new AbortController();
    let give!: (later: Later) => void;
    const answer = transport.send({ method: 'get', path: '/assistants', query: { limit: 100 }, op: { kind: 'list', what: 'listing' }, signal: cancel.signal, later: new Promise<Later>((resolve) => (give = resolve)) });
    cancel.abort();
    const err = await failure(answer);
    expect(err.message).toBe('listing: the request was cancelled');
    give({ query: { after: 'asst_b' } });
    await turns(100);
    expect(host.asked).toEqual([]);
    expect(transport.stats.requests).toBe(0);
  });

  it('cancelled in flight: fails as cancelled, its error made without reading the failure or redacting it', async () => {
    // A host that takes the request and never answers: only the cancel ends the call.
    const asked: string[] = [];
    server = createServer((req) => void asked.push(req.url!));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const transport = await transportTo(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    const redact = vi.spyOn(transport, 'redact');
    const cancel = new AbortController();
    const answer = transport.send({ method: 'get', path: '/assistants', query: { limit: 100 }, op: { kind: 'list', what: 'listing' }, signal: cancel.signal });
    while (asked.length === 0) await turns(10);
    cancel.abort();
    const err = await failure(answer);
    expect([err.kind, err.message]).toEqual(['network', 'listing: the request was cancelled']);
    expect(redact).not.toHaveBeenCalled();
    expect(transport.stats.requests).toBe(1);
    server.closeAllConnections();
  });
});

describe('pagesOf: the next page of a cursor built before its cursor is known', () => {
  it.each([false, true])('sends no request the walk did not ask for (two cursors: %s), and none after it ends', async (canOrder) => {
    emu = await emulator('openai');
    const ids = seedMany(emu, 950);
    const transport = await transportTo(emu.url);
    const fetchPage = pagesOf(transport, '/assistants', { kind: 'list', what: 'listing' }, 'not a page', { noun: 'an assistant', fields: LIST_ITEM_FIELDS });
    const queries: string[] = [];
    const recording: typeof fetchPage = (query, signal, onBodyEnd) => {
      queries.push(JSON.stringify(query));
      return fetchPage(query, signal, onBodyEnd);
    };
    expect((await listEverything(recording, canOrder, 'listing')).map((a) => a.id)).toEqual(ids);
    const sent = transport.stats.requests;
    // Each page asked for went once; a page cancelled as the cursors met may have gone unanswered.
    expect(sent).toBeLessThanOrEqual(queries.length);
    const served = emu.stats().byRoute['GET /assistants'] ?? 0;
    expect(served).toBeLessThanOrEqual(sent);
    await turns(200);
    expect(transport.stats.requests).toBe(sent);
    expect(emu.stats().byRoute['GET /assistants'] ?? 0).toBe(served);
  });
});
