// A tiny node:http server around the Agents emulator dialect, for tests that talk HTTP to it (the
// official SDK, the client). It does what the emulator shell does for a dialect and nothing more:
// route, read and parse the JSON body, admit, handle, render refusals with `errorBody`, and check
// every response with `checkResponse` (a test fails on any violation).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { ApiError, invalid } from '../../../src/emulator/errors.js';
import { bodyValue } from '../../../src/emulator/json-text.js';
import { AgentsDialect, AGENTS_BASE_PATH, type AgentsDialectOptions } from '../../../src/backends/openai-agents/emulator-dialect.js';
import type { DialectRequest, DialectResponse } from '../../../src/emulator/dialect.js';
import { afterEveryTest } from '../../helpers/after-test.js';

export interface Loopback {
  dialect: AgentsDialect;
  /** The base URL a client uses, e.g. http://127.0.0.1:1234/v1. */
  url: string;
  /** Requests seen, as `METHOD /path?query`. */
  requests: string[];
  /** The parsed body of each request, by its index in `requests` (undefined without one). */
  bodies: unknown[];
  /** Commit every write, then cut the connection without an answer (the emulator's commit-then-drop). */
  dropWrites: boolean;
}

const violations: string[] = [];
const open: Server[] = [];

// After every test of every file that imports this (helpers/after-test.ts): vitest's afterEach
// here would be added only for the first file of a worker's process to import it.
afterEveryTest(async () => {
  for (const server of open.splice(0)) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }
  expect(violations.splice(0), 'responses that fail the Agents API response schemas').toEqual([]);
});

/** One request through the dialect as the shell runs it; every response is checked against its schema. */
export function respond(dialect: AgentsDialect, req: DialectRequest): DialectResponse {
  const route = dialect.route(req.method, req.path);
  let answer: DialectResponse;
  try {
    if (!route) throw new ApiError(404, `Invalid URL (${req.method} ${req.path})`);
    const refused = dialect.admit(req);
    if (refused) throw refused;
    // A list page comes as its encoded text (emulator/json-text.ts): read as the client reads it.
    const handled = dialect.handle(req);
    answer = { ...handled, body: bodyValue(handled.body) };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    answer = { status: e.status, body: dialect.errorBody(e), headers: e.headers };
  }
  for (const problem of dialect.checkResponse(route ?? 'error', answer.status, answer.body)) violations.push(`${req.method} ${req.path} ${answer.status}: ${problem}`);
  return answer;
}

export async function loopback(opts: AgentsDialectOptions = {}): Promise<Loopback> {
  const dialect = new AgentsDialect(opts);
  const lb: Loopback = { dialect, url: '', requests: [], bodies: [], dropWrites: false };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://loopback');
      lb.requests.push(`${req.method} ${url.pathname}${url.search}`);
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      let parsed = true;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        parsed = false;
      }
      lb.bodies.push(body);
      const request = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
      const answer = parsed ? respond(dialect, request) : { status: 400, body: dialect.errorBody(invalid(null, 'We could not parse the JSON body of your request.', 'invalid_json')) };
      if (answer.status < 400 && lb.dropWrites && dialect.isWrite(request)) {
        req.socket.destroy();
        return;
      }
      const text = dialect.serialize(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...dialect.responseHeaders(0), ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(server);
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
