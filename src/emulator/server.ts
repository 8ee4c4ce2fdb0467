// The emulator shell: a plain node:http server around one dialect (dialect.ts), adding what every
// emulated API shares: request bodies read whole before latency (a write a client hung up on is
// still made, as a real server makes it), faults (latency, rate limits with retry-after and
// x-ratelimit-*, random 500/503, commit-then-drop), stats by route and status, a request log with
// credentials redacted, each answer's timings for a caller that asks (the bench), the control
// endpoints `/_emulator/stats` and `/_emulator/mutate`, and in test mode a check of every response
// against the dialect's official schemas.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { redact } from '../util/redact.js';
import type { Dialect, DialectRequest, DialectResponse, Resource } from './dialect.js';
import { recordViolation, type ResponseViolation } from './violations.js';
import { ApiError, invalid } from './errors.js';
import { JsonText } from './json-text.js';
import { prng, RateLimiter } from './faults.js';
import { parseJson, readBody } from './request-body.js';

export interface ShellOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  /** Beyond it: 429 + retry-after + x-ratelimit-* headers. */
  rateLimitPerMinute?: number;
  /** The rate limit's window (default 60 000 ms); tests shorten it to keep retry-after at 1 s. */
  rateLimitWindowMs?: number;
  /** 0..1: random 500/503 before doing anything. */
  errorRate?: number;
  /** 0..1 of writes: do the write, then destroy the socket without a response. */
  commitThenDropRate?: number;
  /**
   * Refuse the write numbered this (1 for the first; every write request counts, a retry and the
   * lock's own writes too), counted from the start or from the setFaults that sets it, with a 500
   * `injected_failure` before doing it: nothing is made. Deterministic, where the rates are dice.
   * A list refuses each write it numbers: a partial apply that leaves several changes undone.
   */
  failWrite?: number | readonly number[];
  /** PRNG seed for the fault dice. */
  seed?: number;
  /**
   * Make before listening what the dialect would make at its routes' first requests (Dialect.warm):
   * for a caller that times requests (the bench). Off by default: an emulator that serves a few
   * requests (a test's) compiles only the validators they need.
   */
  warm?: boolean;
  /** Test mode: check every response body against the dialect's official schemas; see violations(). Default: under vitest. */
  validateResponses?: boolean;
  /** One line per API request (method, path, status, ms); never headers, so never a key. */
  log?: (line: string) => void;
  /** Told of each API request when its answer has left (or the connection was dropped): its timings (Answered); never a control route. */
  onAnswered?: (answered: Answered) => void;
  /** Exact secrets the log must never show (the accepted keys). */
  secrets?: ReadonlyArray<string | undefined>;
  /**
   * Awaited for each API request once it is received whole (its body read), before its latency and
   * its answer: a test holds a request there — a write the server has and has not made yet, a
   * listing until such writes are made — until an event it waits for. Told the method and route.
   */
  hold?: (request: { method: string; route: string }) => Promise<void> | undefined;
}

/**
 * One API request as the shell served it, timed with the process's monotonic clock
 * (performance.now). The times run from its arrival (its headers read) and include the injected
 * latency: what the server spends on top of it is the rest.
 */
export interface Answered {
  method: string;
  /** The dialect's route (`GET /assistants`); undefined for a path the API has not (its 404). */
  route: string | undefined;
  /** The status sent, or `dropped after commit` (commit-then-drop: the write was made, no answer sent), as the log says it. */
  outcome: string;
  /** When it arrived, ms since the epoch (fractional). */
  arrivedAt: number;
  /** From its arrival until its answer, written whole, was handed to the socket (headers and body go in one write), ms; undefined when dropped. */
  firstByteMs?: number;
  /** From its arrival until the answer's last byte was handed to the operating system (the response's `finish`), or the connection was cut, ms. */
  lastByteMs: number;
}

export interface EmulatorStats {
  total: number;
  byRoute: Record<string, number>;
  /** HTTP status → count; `dropped` counts commit-then-drop writes (no status was sent). */
  byStatus: Record<string, number>;
  /** Injected faults by kind: rate_limited, error, dropped. */
  faults: Record<string, number>;
}

/** Faults, and the dialect's own switches (passed to `Dialect.configure`), changeable while running. */
export type FaultSettings = Pick<ShellOptions, 'latencyMs' | 'rateLimitPerMinute' | 'rateLimitWindowMs' | 'errorRate' | 'commitThenDropRate' | 'failWrite'> & Record<string, unknown>;

export interface RunningEmulator {
  /** What a client uses as its base URL: the dialect's base path on this server. */
  url: string;
  /** The provider the dialect speaks for. */
  provider: string;
  /** What every request must carry in its query (Dialect.requiredQuery). */
  requiredQuery: Readonly<Record<string, string>>;
  /** The headers every request must carry (Dialect.requiredHeaders). */
  requiredHeaders: Readonly<Record<string, string>>;
  close(): Promise<void>;
  stats(): EmulatorStats;
  resetStats(): void;
  setFaults(f: Partial<FaultSettings>): void;
  /** Changes a resource behind the tool's back (drift); throws on an unknown id. */
  mutate(id: string, fields: Resource): Resource;
  /** Creates resources directly, as if made by hand: no HTTP, no stats, server defaults filled. */
  seed(bodies: Resource[]): Resource[];
  /** The stored resources as the API sends them, oldest first. */
  resources(): Resource[];
  /** Response bodies that failed the official schemas (only with validateResponses). */
  violations(): ResponseViolation[];
}

const SHELL_FAULTS = ['latencyMs', 'rateLimitPerMinute', 'rateLimitWindowMs', 'errorRate', 'commitThenDropRate', 'failWrite'];

function emptyStats(): EmulatorStats {
  return { total: 0, byRoute: {}, byStatus: {}, faults: {} };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Whether ShellOptions.failWrite refuses the write numbered `n` (from 1). */
function failsWrite(failWrite: number | readonly number[], n: number): boolean {
  return typeof failWrite === 'number' ? n === failWrite : failWrite.includes(n);
}

/** Serves `dialect` on loopback (or `opts.host`) until closed. */
export async function serveDialect(dialect: Dialect, opts: ShellOptions = {}): Promise<RunningEmulator> {
  const faults: FaultSettings = {
    latencyMs: opts.latencyMs,
    rateLimitPerMinute: opts.rateLimitPerMinute,
    rateLimitWindowMs: opts.rateLimitWindowMs,
    errorRate: opts.errorRate,
    commitThenDropRate: opts.commitThenDropRate,
    failWrite: opts.failWrite,
  };
  // Writes received since failWrite was set (ShellOptions.failWrite).
  let writes = 0;
  let limiter: RateLimiter | undefined;
  const configureLimiter = (): void => {
    limiter = faults.rateLimitPerMinute ? new RateLimiter(faults.rateLimitPerMinute, faults.rateLimitWindowMs ?? 60_000) : undefined;
  };
  configureLimiter();
  const dice = prng(opts.seed ?? randomBytes(4).readUInt32LE(0));
  let stats = emptyStats();
  const violations: ResponseViolation[] = [];
  // Under vitest every emulator checks what it sends, and test/setup fails any test that made it
  // send a response the official schemas reject: "every response in the test suite" is enforced,
  // not left to each test to remember.
  const validateResponses = opts.validateResponses ?? process.env.VITEST === 'true';
  const publicQuery = new Set(dialect.publicQuery);
  /**
   * Each API request's arrival (performance.now), method and route, and with a log its line: the
   * URL is parsed for the log and searched for credentials only when a log is asked for.
   */
  const started = new WeakMap<ServerResponse, { at: number; method: string; route?: string; line?: string }>();
  /** `firstByte`: when the answer was handed to the socket (performance.now); undefined when none was sent. */
  const done = (res: ServerResponse, outcome: string, firstByte?: number): void => {
    const s = started.get(res);
    if (!s) return;
    if (s.line !== undefined) opts.log?.(`${s.line} → ${outcome} (${Math.round(performance.now() - s.at)} ms)`);
    const told = opts.onAnswered;
    if (!told) return;
    const answered = (): void => told({
      method: s.method,
      route: s.route,
      outcome,
      arrivedAt: performance.timeOrigin + s.at,
      ...(firstByte === undefined ? {} : { firstByteMs: firstByte - s.at }),
      lastByteMs: performance.now() - s.at,
    });
    // Its last byte has left when the response finishes; a dropped one when it is cut.
    if (firstByte === undefined || res.writableFinished) answered();
    else res.once('finish', answered);
  };

  function send(res: ServerResponse, route: string | undefined, answer: DialectResponse): void {
    const { status, body } = answer;
    bump(stats.byStatus, String(status));
    const pieces = body instanceof JsonText ? body.pieces : [Buffer.from(dialect.serialize(body, route))];
    if (validateResponses && route) {
      // What is about to be sent, parsed, is what is checked: a list page assembled from stored
      // items' JSON (json-text.ts) is held to the schemas exactly as the client will read it.
      const errors = dialect.checkResponse(route, status, JSON.parse(Buffer.concat(pieces).toString('utf8')));
      if (errors.length > 0) {
        const violation = { route, status, errors };
        violations.push(violation);
        recordViolation(violation);
      }
    }
    const now = performance.now();
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': pieces.reduce((n, piece) => n + piece.length, 0),
      ...dialect.responseHeaders(Math.round(now - (started.get(res)?.at ?? now)), route),
      ...answer.headers,
    });
    // Corked: the headers and the pieces go out in one write of the socket, as one buffer would.
    res.cork();
    for (const piece of pieces) res.write(piece);
    res.end();
    const firstByte = performance.now();
    res.uncork();
    done(res, String(status), firstByte);
  }

  function sendError(res: ServerResponse, route: string | undefined, e: ApiError, headers: Record<string, string> = {}): void {
    send(res, route, { status: e.status, body: dialect.errorBody(e, route), headers: { ...headers, ...e.headers } });
  }

  /** `received`: the body of a POST or PATCH, already read (or why it was refused). */
  async function handleApi(req: IncomingMessage, res: ServerResponse, request: DialectRequest, route: string, received: Buffer | ApiError | undefined): Promise<void> {
    const rateHeaders: Record<string, string> = {};
    try {
      const refused = dialect.admit(request);
      if (refused) return sendError(res, route, refused);
      if (limiter) {
        const d = limiter.take(Date.now());
        Object.assign(rateHeaders, d.headers);
        if (!d.allowed) {
          bump(stats.faults, 'rate_limited');
          return sendError(res, route, new ApiError(429,
            `Rate limit reached for requests per min (RPM): Limit ${limiter.limit}, Used ${d.used}, Requested 1. Please try again in ${d.retryAfter}s.`,
            null, 'rate_limit_exceeded', 'requests'), rateHeaders);
        }
      }
      if (faults.errorRate && dice() < faults.errorRate) {
        bump(stats.faults, 'error');
        const status = dice() < 0.5 ? 500 : 503;
        const e = status === 500
          ? new ApiError(500, 'The server had an error while processing your request. Sorry about that!', null, null, 'server_error')
          : new ApiError(503, 'The engine is currently overloaded, please try again later.', null, null, 'server_error');
        return sendError(res, route, e, rateHeaders);
      }
      if (received instanceof ApiError) return sendError(res, route, received, rateHeaders);
      if (dialect.isWrite(request) && faults.failWrite !== undefined && failsWrite(faults.failWrite, ++writes)) {
        bump(stats.faults, 'failed_write');
        return sendError(res, route, new ApiError(500, `The emulator fails write ${writes} as told (fail-write ${faults.failWrite}); nothing was done.`, null, 'injected_failure', 'server_error'), rateHeaders);
      }
      if (received !== undefined) request.body = parseJson(received);
      const answer = dialect.handle(request);
      if (dialect.isWrite(request) && faults.commitThenDropRate && dice() < faults.commitThenDropRate) {
        // The write above is committed; the client never learns it. This is the case that makes a
        // naive retry create a duplicate.
        bump(stats.faults, 'dropped');
        bump(stats.byStatus, 'dropped');
        done(res, 'dropped after commit');
        req.socket.destroy();
        return;
      }
      send(res, route, { ...answer, headers: { ...rateHeaders, ...answer.headers } });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      req.resume();
      sendError(res, route, e, rateHeaders);
    }
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const json = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    // The API's own credentials, as every route of it takes them: a key the emulator was started
    // with guards its control routes too (which read and change its data).
    const refused = dialect.authenticate(req.headers);
    if (refused) {
      req.resume();
      return json(refused.status, dialect.errorBody(refused));
    }
    if (path === '/_emulator/stats' && req.method === 'GET') return json(200, stats);
    if (path === '/_emulator/mutate' && req.method === 'POST') {
      const b = await readBody(req);
      if (b instanceof ApiError) return json(400, dialect.errorBody(b));
      try {
        const input = parseJson(b) as { id?: unknown; fields?: unknown };
        if (typeof input?.id !== 'string' || typeof input.fields !== 'object' || input.fields === null || Array.isArray(input.fields)) {
          throw invalid(null, 'Expected a JSON body {"id": "…", "fields": {…}}.');
        }
        return json(200, dialect.mutate(input.id, input.fields as Resource));
      } catch (e) {
        if (e instanceof ApiError) return json(e.status, dialect.errorBody(e));
        throw e;
      }
    }
    return json(404, dialect.errorBody(invalid(null, `Invalid URL (${req.method} ${path})`, null)));
  }

  /** The request's path and query for the log, every query value but the API's own parameters redacted. */
  const loggedUrl = (raw: string): string => {
    const url = new URL(raw, 'http://emulator');
    for (const name of new Set(url.searchParams.keys())) {
      if (!publicQuery.has(name)) url.searchParams.set(name, '[redacted]');
    }
    return `${url.pathname}${url.search.replaceAll('%5Bredacted%5D', '[redacted]')}`;
  };

  if (opts.warm) dialect.warm?.();
  const server = createServer((req, res) => {
    const at = performance.now();
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://emulator');
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path.startsWith('/_emulator/')) return handleControl(req, res, path);
      const method = req.method ?? 'GET';
      const route = dialect.route(method, path);
      // A client may put a credential in the query (`?api-key=…`): the log shows it redacted.
      started.set(res, { at, method, route, ...(opts.log ? { line: redact(`${method} ${loggedUrl(req.url ?? '/')}`, opts.secrets ?? []) } : {}) });
      if (!route) {
        // Not an API route: drain any body so the connection stays usable, then the API's 404.
        req.resume();
        return send(res, undefined, { status: 404, body: dialect.errorBody(new ApiError(404, `Invalid URL (${req.method} ${url.pathname})`)) });
      }
      stats.total += 1;
      bump(stats.byRoute, route);
      // A real server acts on a write once it has it whole, whether or not the client is still
      // there to read the answer: the body is read before the latency, so a client that hangs up
      // meanwhile still has its write made (that is where a duplicate create comes from).
      const received = method === 'POST' || method === 'PATCH' ? await readBody(req) : undefined;
      await opts.hold?.({ method, route });
      if (faults.latencyMs) await sleep(faults.latencyMs);
      const request: DialectRequest = { method, path, query: url.searchParams, headers: req.headers, body: undefined };
      await handleApi(req, res, request, route, received);
    })().catch((e: unknown) => {
      // A bug in the emulator: answer 500 with the API's shape rather than hang the client.
      if (!res.headersSent) {
        const body = JSON.stringify(dialect.errorBody(new ApiError(500, `Emulator internal error: ${(e as Error).message}`, null, null, 'server_error')));
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(body);
      } else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const unwrapped = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw e instanceof ApiError ? new Error(e.message) : e;
    }
  };

  return {
    url: `http://${host}:${address.port}${dialect.basePath}`,
    provider: dialect.name,
    requiredQuery: dialect.requiredQuery,
    requiredHeaders: dialect.requiredHeaders,
    // Idempotent: a test may close early and its cleanup close again.
    close: () => (closing ??= new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections();
    })),
    stats: () => structuredClone(stats),
    resetStats: () => void (stats = emptyStats()),
    setFaults(f) {
      const own = Object.fromEntries(Object.entries(f).filter(([k]) => !SHELL_FAULTS.includes(k)));
      Object.assign(faults, Object.fromEntries(Object.entries(f).filter(([k]) => SHELL_FAULTS.includes(k))));
      if (Object.keys(own).length > 0) dialect.configure?.(own);
      if ('rateLimitPerMinute' in f || 'rateLimitWindowMs' in f) configureLimiter();
      if ('failWrite' in f) writes = 0;
    },
    mutate: (id, fields) => unwrapped(() => dialect.mutate(id, fields)),
    seed: (bodies) => dialect.seed(bodies),
    resources: () => dialect.resources(),
    violations: () => [...violations],
  };
}
