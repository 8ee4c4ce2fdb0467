// The transport's fetch over node:http: what the SDK relies on from the built-in fetch, against a
// real server on loopback.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { HeaderList } from '../../src/backends/http/header-list.js';
import { BODY_END_CHARS, httpFetch } from '../../src/backends/http/http-fetch.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

interface Seen { method?: string; headers: IncomingHttpHeaders; body: string }

async function serve(answer: (seen: Seen, res: import('node:http').ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const s = { method: req.method, headers: req.headers, body };
      seen.push(s);
      answer(s, res);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

describe('httpFetch', () => {
  it('sends method, headers and body, and answers status, headers and body as fetch does', async () => {
    const { url, seen } = await serve((_s, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
      res.end('{"ok":true}');
    });
    const res = await httpFetch(`${url}/v1/x?y=1`, { method: 'POST', body: '{"a":"é"}', headers: { 'Content-Type': 'application/json', authorization: 'Bearer k' } });
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"a":"é"}', headers: { 'content-type': 'application/json', authorization: 'Bearer k', 'content-length': '10' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('req_1');
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('sends headers given as the SDK gives them (the bundle\'s Headers), as they are when sent', async () => {
    const { url, seen } = await serve((_s, res) => res.writeHead(200).end());
    const headers = new HeaderList([['Content-Type', 'application/json'], ['X-A', '1']]);
    // Iterated before it is sent, as the SDK's debug log does, then changed.
    expect([...headers]).toEqual([['content-type', 'application/json'], ['x-a', '1']]);
    headers.append('x-a', '2');
    await httpFetch(`${url}/v1/x`, { method: 'POST', body: '', headers });
    expect(seen[0]).toMatchObject({ body: '', headers: { 'content-type': 'application/json', 'x-a': '1, 2', 'content-length': '0' } });
  });

  it('offers gzip, deflate and br, and hands the body over decoded', async () => {
    const { url, seen } = await serve((_s, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
      res.end(gzipSync(JSON.stringify({ data: 'x'.repeat(10_000) })));
    });
    const res = await httpFetch(url);
    expect(seen[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(((await res.json()) as { data: string }).data).toHaveLength(10_000);
  });

  it('answers 204 without a body', async () => {
    const { url } = await serve((_s, res) => res.writeHead(204).end());
    const res = await httpFetch(url, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('rejects as fetch does: TypeError with the socket error as cause, or the abort reason', async () => {
    const { url } = await serve(() => {
      // Never answers.
    });
    const port = Number(new URL(url).port);
    await server!.close();
    server!.closeAllConnections();
    const refused = await httpFetch(`http://127.0.0.1:${port}`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');

    const { url: silent } = await serve(() => {});
    const controller = new AbortController();
    const pending = httpFetch(silent, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const aborted = await pending.catch((e: unknown) => e);
    expect((aborted as Error).name).toBe('AbortError');
  });

  it('reads a body as the built-in fetch does: UTF-8 split across chunks, a byte order mark dropped, once', async () => {
    const text = `\u{feff}{"name":"caf${'é'.repeat(40_000)}"}`;
    const bytes = Buffer.from(text);
    const { url } = await serve((_s, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Cut inside a two-byte character, each part sent on its own turn.
      const cut = bytes.indexOf(0xc3, 1000) + 1;
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 10);
    });
    const res = await httpFetch(url);
    const reference = new Response(bytes);
    expect(res.bodyUsed).toBe(false);
    expect(await res.json()).toEqual(await reference.json());
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
    expect(() => res.clone()).toThrow(TypeError);
  });

  it('lets go of a body once its text is taken, though the Response is kept (as the SDK keeps a page\'s)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // A body of 24 MB in many chunks, as a listing's pages arrive.
    const chunk = Buffer.from(`"${'x'.repeat(64 * 1024 - 3)}",`);
    const { url } = await serve((_s, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      for (let i = 0; i < 384; i++) res.write(chunk);
      res.end('"end"]');
    });
    gc();
    const before = process.memoryUsage().heapUsed;
    const res = await httpFetch(url);
    // Read in a function of its own, so that nothing here holds the parsed value.
    const items = async () => ((await res.json()) as unknown[]).length;
    expect(await items()).toBe(385);
    gc();
    // What stays is the Response and its headers, not its 24 MB of text nor the chunks it was read in.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(4 * 2 ** 20);
    expect(res.bodyUsed).toBe(true);
  });

  it('tells a 2xx body\'s end before it hands the Response over, plain or encoded, in many chunks or one', async () => {
    const body = JSON.stringify({ data: Array.from({ length: 500 }, (_, i) => ({ id: `asst_${i}`, name: 'é'.repeat(20) })), last_id: 'asst_499', has_more: true });
    const { url } = await serve((s, res) => {
      const status = s.headers['x-status'] === undefined ? 200 : Number(s.headers['x-status']);
      if (s.headers['x-gzip']) return res.writeHead(status, { 'content-encoding': 'gzip' }).end(gzipSync(body));
      res.writeHead(status, { 'content-type': 'application/json' });
      for (let at = 0; at < body.length; at += 1000) res.write(body.slice(at, at + 1000));
      res.end();
    });
    for (const headers of [{}, { 'x-gzip': '1' }]) {
      const order: string[] = [];
      const answer = httpFetch(url, { headers }, { onBodyEnd: (end) => order.push(`end ${end}`) }).then((res) => {
        order.push('response');
        return res;
      });
      expect(await (await answer).json()).toEqual(JSON.parse(body));
      expect(order).toEqual([`end ${body.slice(-BODY_END_CHARS)}`, 'response']);
    }
    // An error's body is the SDK's to read: no end told.
    const told: string[] = [];
    const refused = await httpFetch(url, { headers: { 'x-status': '500' } }, { onBodyEnd: (end) => told.push(end) });
    expect(refused.status).toBe(500);
    expect(told).toEqual([]);
  });

  it('gives the body whole to every other reader of a Response: its stream, its bytes, a clone', async () => {
    const { url } = await serve((_s, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":"é"}'));
    const res = await httpFetch(url);
    const copy = res.clone();
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('{"ok":"é"}');
    await expect(res.text()).rejects.toThrow(TypeError);
    expect(await copy.json()).toEqual({ ok: 'é' });
    const again = await httpFetch(url);
    const chunks: Uint8Array[] = [];
    for await (const chunk of again.body!) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('{"ok":"é"}');
  });

  it('a connection dropped mid-answer is a network failure with its code', async () => {
    const { url } = await serve((_s, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const err = await httpFetch(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as { cause: { code?: string } }).cause.code).toBe('ECONNRESET');
  });
});
