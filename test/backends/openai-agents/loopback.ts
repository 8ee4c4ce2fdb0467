// A tiny node:http server around the Agents emulator dialect, for tests that talk HTTP to it (the
// official SDK, fetch). It does what the emulator shell does for a dialect and nothing more: parse
// the URL, read and parse the JSON body, call the dialect, write the JSON answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect } from 'vitest';
import { invalidRequest } from '../../../src/backends/openai-agents/api-error.js';
import { AgentsDialect, AGENTS_BASE_PATH, type AgentsDialectOptions } from '../../../src/backends/openai-agents/emulator-dialect.js';

export interface Loopback {
  dialect: AgentsDialect;
  /** Commit every write, then cut the connection without an answer (the emulator's commit-then-drop). */
  dropWrites: boolean;
  /** The base URL a client uses, e.g. http://127.0.0.1:1234/v1. */
  url: string;
  /** Requests seen, as `METHOD /path?query`. */
  requests: string[];
  /** The parsed body of each request, by its index in `requests` (undefined without one). */
  bodies: unknown[];
}

const open: Array<{ server: Server; dialect: AgentsDialect }> = [];

afterEach(async () => {
  for (const { server, dialect } of open.splice(0)) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    expect(dialect.violations(), 'responses that fail the Agents API response schemas').toEqual([]);
  }
});

export async function loopback(opts: AgentsDialectOptions = {}): Promise<Loopback> {
  const dialect = new AgentsDialect({ validateResponses: true, ...opts });
  const requests: string[] = [];
  const lb: Loopback = { dialect, url: '', requests, bodies: [], dropWrites: false };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://loopback');
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      let parsed = true;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        parsed = false;
      }
      lb.bodies.push(body);
      const answer = parsed
        ? dialect.respond({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body })
        : dialect.errorResponse(invalidRequest(null, 'We could not parse the JSON body of your request.', 'invalid_json'));
      const request = { method: req.method ?? 'GET', path: url.pathname };
      if (answer.status < 400 && lb.dropWrites && dialect.isWrite(request)) {
        req.socket.destroy();
        return;
      }
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ server, dialect });
  const { port } = server.address() as AddressInfo;
  lb.url = `http://127.0.0.1:${port}${AGENTS_BASE_PATH}`;
  return lb;
}

export const AGENT_HEADERS = { authorization: 'Bearer sk-test', 'openai-beta': 'agents=v1', 'content-type': 'application/json' };

/** One request over HTTP; `path` is relative to the base URL (`/agents…`). */
export async function call(lb: Loopback, method: string, path: string, body?: unknown, headers: Record<string, string> = AGENT_HEADERS): Promise<{ status: number; body: any }> {
  const res = await fetch(lb.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
}
