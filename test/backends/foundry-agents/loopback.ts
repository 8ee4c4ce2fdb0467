// A tiny node:http server around the foundry-agents dialect, so its tests go over real HTTP on
// loopback (the generic emulator shell mounts the same dialect with faults, latency and stats).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonText } from '../../../src/emulator/json-text.js';
import { createFoundryAgentsDialect, FoundryAgentsError, type FoundryAgentsDialect, type FoundryAgentsDialectOptions } from '../../../src/backends/foundry-agents/emulator/dialect.js';
import { afterEveryTest } from '../../helpers/after-test.js';

export interface Loopback {
  /** The project endpoint: append `/agents…?api-version=v1`. */
  url: string;
  dialect: FoundryAgentsDialect;
  /** Requests by route key (`POST /agents`), as the emulator shell's stats count them. */
  requests: Record<string, number>;
  /** The next N writes are done, then the connection is cut without a response (commit-then-drop). */
  dropWrites(n: number): void;
  close(): Promise<void>;
}

const BASE = '/api/projects/default';
const open: Loopback[] = [];

// After every test of every file that imports this (helpers/after-test.ts): vitest's afterEach
// here would be added only for the first file of a worker's process to import it.
afterEveryTest(async () => {
  for (const l of open.splice(0)) await l.close();
});

export async function loopback(opts: FoundryAgentsDialectOptions = {}): Promise<Loopback> {
  const dialect = createFoundryAgentsDialect({ validateResponses: true, ...opts });
  const requests: Record<string, number> = {};
  let drops = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://loopback');
      const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname;
      const request = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body: undefined as unknown };
      let reply;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        request.body = text === '' ? undefined : JSON.parse(text);
        const route = dialect.route(request);
        if (route) requests[route] = (requests[route] ?? 0) + 1;
        reply = dialect.handle(request);
        if (dialect.isWrite(request) && drops > 0) {
          drops--;
          req.socket.destroy();
          return;
        }
      } catch (e) {
        const err = e instanceof FoundryAgentsError ? e : new FoundryAgentsError(400, `Invalid JSON: ${(e as Error).message}`, 'invalid_json');
        reply = dialect.errorResponse(err, dialect.route(request));
      }
      const text = reply.body instanceof JsonText ? reply.body.text : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const l: Loopback = {
    url: `http://127.0.0.1:${port}${BASE}`,
    dialect,
    requests,
    dropWrites: (n) => void (drops = n),
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
  open.push(l);
  return l;
}

export interface Reply {
  status: number;
  body: any;
}

/** One request with a bearer token and `api-version=v1` unless `query` says otherwise. */
export async function call(l: Loopback, method: string, path: string, body?: unknown, opts: { query?: Record<string, string>; token?: string | null } = {}): Promise<Reply> {
  const url = new URL(l.url + path);
  for (const [k, v] of Object.entries({ 'api-version': 'v1', ...opts.query })) if (v !== '') url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? 'entra-token'}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export const prompt = (model = 'gpt-4o', extra: Record<string, unknown> = {}): Record<string, unknown> => ({ kind: 'prompt', model, ...extra });
