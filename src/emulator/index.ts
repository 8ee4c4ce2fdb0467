// The local Assistants API: a plain node:http server speaking one host's dialect, with faults and
// test hooks. Start it in-process with startEmulator(), or from the CLI with `aac emulator`.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderName } from '../model/config.js';
import { DIALECTS, type Dialect } from './dialects.js';
import { ApiError, invalid } from './errors.js';
import { prng, RateLimiter } from './faults.js';
import { parseJson, readBody } from './request-body.js';
import { parseListQuery, validateBody } from './request-validation.js';
import { specValidators } from './spec.js';
import { checkResponse, type ResponseKind, type ResponseViolation } from './response-validation.js';
import { wireJson, type Wire } from './server-fills.js';
import { Store, type MetadataMode } from './store.js';
import { redact } from '../util/redact.js';

export type { ResponseViolation } from './response-validation.js';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  provider?: ProviderName;
  /** The one accepted key/token; undefined = any non-empty one is accepted. */
  apiKey?: string;
  /** portkey: the accepted x-portkey-virtual-key (undefined = any non-empty). */
  virtualKey?: string;
  /** foundry project name (default 'default'). */
  project?: string;
  /** Modify of metadata: replace the map (default) or merge keys. */
  metadataMode?: MetadataMode;
  latencyMs?: number;
  /** Beyond it: 429 + retry-after + x-ratelimit-* headers. */
  rateLimitPerMinute?: number;
  /** The rate limit's window (default 60 000 ms); tests shorten it to keep retry-after at 1 s. */
  rateLimitWindowMs?: number;
  /** 0..1: random 500/503 before doing anything. */
  errorRate?: number;
  /** 0..1 of writes: do the write, then destroy the socket without a response. */
  commitThenDropRate?: number;
  /** PRNG seed for the fault dice. */
  seed?: number;
  /** Persist to this JSON file (atomic write); a corrupt file is a UserError. */
  statePath?: string;
  /** Test mode: check every response body against the official schemas; see violations(). */
  validateResponses?: boolean;
  /** One line per API request (method, path, status, ms); never headers, so never a key. */
  log?: (line: string) => void;
}

export interface EmulatorStats {
  total: number;
  byRoute: Record<string, number>;
  /** HTTP status → count; `dropped` counts commit-then-drop writes (no status was sent). */
  byStatus: Record<string, number>;
  /** Injected faults by kind: rate_limited, error, dropped. */
  faults: Record<string, number>;
}

type FaultSettings = Pick<EmulatorOptions, 'latencyMs' | 'rateLimitPerMinute' | 'rateLimitWindowMs' | 'errorRate' | 'commitThenDropRate' | 'metadataMode'>;

export interface RunningEmulator {
  /** What a client uses as its base URL (foundry: the project endpoint; add ?api-version=v1). */
  url: string;
  provider: ProviderName;
  close(): Promise<void>;
  stats(): EmulatorStats;
  resetStats(): void;
  setFaults(f: Partial<FaultSettings>): void;
  /** Changes an assistant behind the tool's back (drift); throws on an unknown id. */
  mutate(id: string, fields: Record<string, unknown>): Record<string, unknown>;
  /** Creates assistants directly, as if made by hand: no HTTP, no stats, server defaults filled. */
  seed(bodies: Array<Record<string, unknown>>): Array<Record<string, unknown>>;
  /** The stored wire objects, oldest first. */
  assistants(): Array<Record<string, unknown>>;
  /** Response bodies that failed the official schemas (only with validateResponses). */
  violations(): ResponseViolation[];
}

interface Route {
  key: string;
  id?: string;
}

function emptyStats(): EmulatorStats {
  return { total: 0, byRoute: {}, byStatus: {}, faults: {} };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Every violation any emulator in this process recorded since the last call; test/setup drains it after each test. */
const unclaimedViolations: ResponseViolation[] = [];
/** Query parameters of the API itself (list paging, Foundry's api-version): the log shows their values; any other may be a credential. */
const PUBLIC_QUERY: ReadonlySet<string> = new Set(['limit', 'order', 'after', 'before', 'api-version']);
export function takeResponseViolations(): ResponseViolation[] {
  return unclaimedViolations.splice(0, unclaimedViolations.length);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const provider = opts.provider ?? 'openai';
  const dialect: Dialect = DIALECTS[provider];
  if (!dialect) throw new Error(`unknown provider ${String(provider)}`);
  const project = opts.project ?? 'default';
  const base = dialect.basePath(project);
  const store = new Store(opts.statePath);
  const faults: FaultSettings = {
    latencyMs: opts.latencyMs,
    rateLimitPerMinute: opts.rateLimitPerMinute,
    rateLimitWindowMs: opts.rateLimitWindowMs,
    errorRate: opts.errorRate,
    commitThenDropRate: opts.commitThenDropRate,
    metadataMode: opts.metadataMode ?? 'replace',
  };
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
  const foundryFields = new Set(Object.keys(specValidators().foundryCreateFields));
  const started = new WeakMap<ServerResponse, { at: number; line: string }>();
  const logDone = (res: ServerResponse, outcome: string): void => {
    const s = started.get(res);
    if (opts.log && s) opts.log(`${s.line} → ${outcome} (${Date.now() - s.at} ms)`);
  };

  function route(method: string, path: string): Route | undefined {
    if (!path.startsWith(`${base}/assistants`)) return undefined;
    const rest = path.slice(base.length);
    if (rest === '/assistants') return method === 'GET' || method === 'POST' ? { key: `${method} /assistants` } : undefined;
    const m = /^\/assistants\/([^/]+)$/.exec(rest);
    if (!m || !['GET', 'POST', 'PATCH', 'DELETE'].includes(method)) return undefined;
    let id = m[1]!;
    try {
      id = decodeURIComponent(id);
    } catch {
      // A malformed escape is just an id that does not exist: the API's 404, not a crash.
    }
    return { key: `${method} /assistants/{id}`, id };
  }

  function send(res: ServerResponse, r: Route | undefined, status: number, body: unknown, kind: ResponseKind, headers: Record<string, string> = {}): void {
    bump(stats.byStatus, String(status));
    if (validateResponses && r) {
      const errors = checkResponse(dialect.rules.schema, kind, body);
      if (errors.length > 0) {
        const violation = { route: r.key, status, kind, errors };
        violations.push(violation);
        unclaimedViolations.push(violation);
      }
    }
    const text = wireJson(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      // The headers the live API sent on every assistants response (ASSISTANTS.md).
      'openai-version': '2020-10-01',
      'openai-processing-ms': String(Date.now() - (started.get(res)?.at ?? Date.now())),
      'x-request-id': `req_${randomBytes(16).toString('hex')}`,
      ...headers,
    });
    res.end(text);
    logDone(res, String(status));
  }

  function sendError(res: ServerResponse, r: Route | undefined, e: ApiError, headers: Record<string, string> = {}): void {
    send(res, r, e.status, e.body(), 'error', { ...headers, ...e.headers });
  }

  /** `rateHeaders` is filled here and also sent on errors the caller answers. */
  /** `received`: the body of a POST or PATCH, already read. */
  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, r: Route, rateHeaders: Record<string, string>, received: Buffer | ApiError | undefined): Promise<void> {
    const auth = dialect.authenticate(req.headers, { apiKey: opts.apiKey, virtualKey: opts.virtualKey });
    if (auth) return sendError(res, r, auth);
    if (dialect.requiresApiVersion && !url.searchParams.get('api-version')) {
      return sendError(res, r, invalid('api-version', 'Missing required query parameter: api-version. Add ?api-version=v1 to the request URL.', 'MissingApiVersionParameter'));
    }
    if (dialect.requiresBeta && !/assistants=v2/.test(String(req.headers['openai-beta'] ?? ''))) {
      return sendError(res, r, invalid(null, "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.", 'invalid_beta'));
    }
    if (limiter) {
      const d = limiter.take(Date.now());
      Object.assign(rateHeaders, d.headers);
      if (!d.allowed) {
        bump(stats.faults, 'rate_limited');
        return sendError(res, r, new ApiError(429,
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
      return sendError(res, r, e, rateHeaders);
    }
    const isWrite = req.method !== 'GET';
    let raw: Buffer | undefined;
    if (received instanceof ApiError) return sendError(res, r, received, rateHeaders);
    raw = received;
    let body: Wire;
    let kind: ResponseKind = 'assistant';
    switch (r.key) {
      case 'GET /assistants': {
        const q = parseListQuery(url.searchParams);
        const page = store.list(q);
        const data = page.data;
        body = dialect.listHasObjectAndFirstId
          ? { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: page.hasMore }
          : { data, ...(data.length > 0 ? { last_id: data.at(-1)!.id } : {}), has_more: page.hasMore };
        kind = 'list';
        break;
      }
      case 'POST /assistants': {
        const input = parseJson(raw!);
        validateBody(input, 'create', dialect.rules);
        body = store.create(bodyForStore(input as Wire), dialect.fills);
        break;
      }
      case 'GET /assistants/{id}':
        body = store.get(r.id!);
        break;
      case 'POST /assistants/{id}':
      case 'PATCH /assistants/{id}': {
        if (req.method !== dialect.modifyMethod) {
          throw new ApiError(405, `Method ${req.method} is not allowed on ${base}/assistants/{id}; ${dialect.name} modifies an assistant with ${dialect.modifyMethod}.`, null, 'method_not_allowed');
        }
        const input = parseJson(raw!);
        validateBody(input, 'modify', dialect.rules);
        body = store.modify(r.id!, bodyForStore(input as Wire), dialect.fills, faults.metadataMode ?? 'replace');
        break;
      }
      default:
        body = store.delete(r.id!);
        kind = 'deleted';
    }
    if (isWrite && faults.commitThenDropRate && dice() < faults.commitThenDropRate) {
      // The write above is committed; the client never learns it. This is the case that makes a
      // naive retry create a duplicate.
      bump(stats.faults, 'dropped');
      bump(stats.byStatus, 'dropped');
      logDone(res, 'dropped after commit');
      req.socket.destroy();
      return;
    }
    send(res, r, 200, body, kind, rateHeaders);
  }

  /**
   * Foundry's schema has no additionalProperties: false, so unknown top-level fields pass; the
   * service stores only the fields CreateAgentOptions lists. (OpenAI's schema refuses the others.)
   */
  function bodyForStore(input: Wire): Wire {
    if (dialect.rules.schema === 'openai') return input;
    return Object.fromEntries(Object.entries(input).filter(([k]) => foundryFields.has(k)));
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const json = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (path === '/_emulator/stats' && req.method === 'GET') return json(200, stats);
    if (path === '/_emulator/mutate' && req.method === 'POST') {
      const b = await readBody(req);
      if (b instanceof ApiError) return json(400, b.body());
      try {
        const input = parseJson(b) as { id?: unknown; fields?: unknown };
        if (typeof input?.id !== 'string' || typeof input.fields !== 'object' || input.fields === null || Array.isArray(input.fields)) {
          throw invalid(null, 'Expected a JSON body {"id": "asst_…", "fields": {…}}.');
        }
        return json(200, store.mutate(input.id, input.fields as Wire, dialect.fills));
      } catch (e) {
        if (e instanceof ApiError) return json(e.status, e.body());
        throw e;
      }
    }
    return json(404, invalid(null, `Invalid URL (${req.method} ${path})`, null).body());
  }

  /** The request's path and query for the log, every query value but the API's own parameters redacted. */
  const loggedUrl = (raw: string): string => {
    const url = new URL(raw, 'http://emulator');
    for (const name of new Set(url.searchParams.keys())) {
      if (!PUBLIC_QUERY.has(name)) url.searchParams.set(name, '[redacted]');
    }
    return `${url.pathname}${url.search.replaceAll('%5Bredacted%5D', '[redacted]')}`;
  };

  const server = createServer((req, res) => {
    // A client may put a credential in the query (`?api-key=…`): the log shows it redacted.
    started.set(res, { at: Date.now(), line: redact(`${req.method} ${loggedUrl(req.url ?? '/')}`, [opts.apiKey, opts.virtualKey]) });
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://emulator');
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path.startsWith('/_emulator/')) return handleControl(req, res, path);
      const r = route(req.method ?? 'GET', path);
      if (!r) {
        // Not an API route: drain any body so the connection stays usable, then the API's 404.
        req.resume();
        return send(res, undefined, 404, new ApiError(404, `Invalid URL (${req.method} ${url.pathname})`).body(), 'error');
      }
      stats.total += 1;
      bump(stats.byRoute, r.key);
      // A real server acts on a write once it has it whole, whether or not the client is still
      // there to read the answer: the body is read before the latency, so a client that hangs up
      // meanwhile still has its write made (that is where a duplicate create comes from).
      const received = req.method === 'POST' || req.method === 'PATCH' ? await readBody(req) : undefined;
      if (faults.latencyMs) await sleep(faults.latencyMs);
      const rateHeaders: Record<string, string> = {};
      try {
        await handleApi(req, res, url, r, rateHeaders, received);
      } catch (e) {
        if (e instanceof ApiError) {
          req.resume();
          return sendError(res, r, e, rateHeaders);
        }
        throw e;
      }
    })().catch((e: unknown) => {
      // A bug in the emulator: answer 500 with the API's shape rather than hang the client.
      if (!res.headersSent) {
        const body = JSON.stringify(new ApiError(500, `Emulator internal error: ${(e as Error).message}`, null, null, 'server_error').body());
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

  return {
    url: `http://${host}:${address.port}${base}`,
    provider,
    // Idempotent: a test may close early and its cleanup close again.
    close: () => (closing ??= new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections();
    })),
    stats: () => structuredClone(stats),
    resetStats: () => void (stats = emptyStats()),
    setFaults(f) {
      Object.assign(faults, f);
      if ('rateLimitPerMinute' in f || 'rateLimitWindowMs' in f) configureLimiter();
    },
    mutate: (id, fields) => {
      try {
        return store.mutate(id, fields, dialect.fills);
      } catch (e) {
        throw e instanceof ApiError ? new Error(e.message) : e;
      }
    },
    seed: (bodies) => bodies.map((b) => {
      const { id, created_at, ...rest } = b;
      return store.create(bodyForStore(rest), dialect.fills, { id, created_at });
    }),
    assistants: () => store.all(),
    violations: () => [...violations],
  };
}
