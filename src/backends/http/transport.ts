// The one request path to a host of the Assistants protocol. The official `openai` SDK does the
// HTTP work (timeouts, retries with back-off honouring `retry-after`, typed errors); this module
// gives it a fetch wrapper that counts attempts and writes `--debug` lines with secrets redacted,
// makes each attempt take its turn at a shared rate-limit gate before the SDK starts its timeout,
// and turns every failure into a `BackendError`.
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  NotFoundError,
  OpenAIError,
  RateLimitError,
} from 'openai';
import { AUTH_REFUSALS, authRefusalOf, BackendError, DEPLOYMENT_NOT_FOUND, type BackendStats } from '../backend.js';
import { redact, redactHeaders } from '../../util/redact.js';
import { querySecrets } from './endpoint.js';
import { namedInBasePath, type Connection } from './connection.js';
import { maxRetries, type ProjectConfig } from '../../model/config.js';
import { HeaderList, type HeaderInit } from './header-list.js';
import { ANSWER_TOO_LARGE, httpFetch, MAX_ANSWER_BYTES } from './http-fetch.js';
import { backoffMs, NotSent, notSentAgain, RateGate, retryAfterMs, RUN_LATER, sleep, waitRefusedText, waitTooLong, WaitRefused } from './rate-gate.js';
import { workBegins } from '../../util/v8-by-work.js';
import { headText } from '../../util/value-text.js';
import { actionWrote, unsentInterrupt, whenSent } from '../../util/write-interrupt.js';

/** `read`: one resource by its id, whose 404 says only that it is not there (a `list`'s says the route is missing). */
export type OperationKind = 'list' | 'read' | 'create' | 'update' | 'delete';

/** What a call is for: decides retries and words its errors. */
export interface Operation {
  kind: OperationKind;
  /** e.g. `creating assistant 'support/triage'`, for messages. */
  what: string;
}

export interface Call {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  op: Operation;
  /**
   * Cancels the call (a listing's page no longer needed): it fails as cancelled (`<what>: the
   * request was cancelled`, kind `network`), without retries. Its error is aac's own words, made
   * without toBackendError's reading of the failure and redaction: no one reads it.
   */
  signal?: AbortSignal;
  /**
   * Sent once, the SDK's retries off (`options.max_retries` ignored): for a caller whose own policy
   * sends it again (the lock's release, lock.ts RELEASE_ATTEMPTS), so that one policy decides how
   * many requests a failure costs, not its product with the SDK's.
   */
  once?: boolean;
  /** Told the end of a 2xx answer's text before the SDK parses it (http-fetch.ts FetchEvents.onBodyEnd): a listing asks for its next page there. */
  onBodyEnd?: (end: string) => void;
  /**
   * The rest of the call, known only later (a listing's next cursor: list-pages.ts). The SDK
   * builds the request from `query` at once, and it waits, built and unsent, until `later`
   * gives the rest: its query's entries are then added after `query`'s (as the SDK would have put
   * them, `query` being listed first) and its `onBodyEnd` taken. Nothing is sent, counted or
   * timed before then; `signal` aborting first cancels the call unsent.
   */
  later?: Promise<Later>;
}

/** Call.later's rest of a call. */
export interface Later {
  query: Record<string, string | number | undefined>;
  onBodyEnd?: (end: string) => void;
}

export interface TransportOptions {
  connection: Connection;
  maxRetries: number;
  timeoutMs: number;
  debug?: (line: string) => void;
  /** Where a long wait on the host's rate limit is said, with its length in ms (RateGate). */
  notice?: (line: string, waitMs: number) => void;
  /** The run's other credentials (ConnectOptions.heldSecrets), redacted as the connection's own: never sent. */
  heldSecrets?: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** The transport's options for `connection`: aac.yaml's `timeout_ms` and `max_retries` over the defaults (60 s, model/config.ts maxRetries), where its lines go, and the run's other credentials. */
export function transportOptions(connection: Connection, options: ProjectConfig['options'], lines: Pick<TransportOptions, 'debug' | 'notice' | 'heldSecrets'> = {}): TransportOptions {
  return { connection, maxRetries: maxRetries(options), timeoutMs: options.timeout_ms ?? DEFAULT_TIMEOUT_MS, ...lines };
}

/** Per call: how many HTTP attempts it has made so far (the SDK's retries run inside it). */
interface CallContext {
  attempts: number;
  /** Call.onBodyEnd, or Call.later's once it is known. */
  onBodyEnd?: (end: string) => void;
  /** Call.later. */
  later?: Promise<Later>;
  /** Aborted when nothing listens at the endpoint, which stops the SDK's retries, or when the caller cancels (Call.signal). */
  controller: AbortController;
  /** Whether the caller cancelled the call. */
  cancelled?: boolean;
  /** Whether apply's interrupt kept an attempt from being sent (RateGate.acquire): the call fails as `interrupted`. */
  interrupted?: boolean;
  /** A wait for its turn the host asked longer than aac takes (RateGate.acquire): the attempt was not sent. */
  waitRefused?: WaitRefused;
  /** The connection error that aborted the call. */
  refused?: unknown;
  /** The last attempt's answer: its status and content type, once its headers arrived. */
  answer?: { status: number; contentType: string };
  /** Whether the last attempt's headers arrived and its body did not (it stalled or was cut off). */
  partway?: boolean;
  /** When (Date.now()) the last attempt's answer last brought anything, its headers or a piece of its body: how long it stalled before a timeout. */
  lastHeardAt?: number;
  /** Whether the last attempt had a TCP connection to the host: one that timed out then met a running host that was slow to answer. */
  connected?: boolean;
  /**
   * Whether some attempt's request may have reached the server: it was answered (other than 429,
   * which refuses it unread) or failed after it may have left (a reset, a timeout; not a refused
   * connection or a name that did not resolve: NEVER_SENT). A write whose last attempt was never
   * sent is still of unknown outcome when an earlier one may have reached the server.
   */
  reached?: boolean;
}

/**
 * The key under which a call's context rides on the fetch options of each of its attempts: the
 * SDK spreads a request's `fetchOptions` into the init it hands its `fetchWithTimeout`, which
 * spreads it again into `fetch`'s (the `openai` package's client.js, 6.30.1: buildRequest,
 * fetchWithTimeout), and a spread keeps a symbol's property. Carried there, not in an
 * AsyncLocalStorage: on Node 20 a storage's first `run` turns on the promise hooks for the rest
 * of the process, and every promise after it pays them (a plan of 10,000 makes ~38,000: 51–72 ms
 * of its CPU profile's samples, session 44).
 */
const CALL_CONTEXT = Symbol('aac call context');

type FetchOptions = NonNullable<Awaited<NonNullable<Parameters<OpenAI['get']>[1]>>['fetchOptions']>;

/** A request's fetch options (the SDK's RequestOptions `fetchOptions`) that carry `ctx` (CALL_CONTEXT) and nothing else. */
function withContext(ctx: CallContext): FetchOptions {
  const init: FetchOptions & { [CALL_CONTEXT]?: CallContext } = { [CALL_CONTEXT]: ctx };
  return init;
}

/** The context of the call an attempt's `init` belongs to (CALL_CONTEXT); undefined for a fetch the SDK makes outside a call. */
function callContext(init: RequestInit): CallContext | undefined {
  return (init as { [CALL_CONTEXT]?: CallContext })[CALL_CONTEXT];
}

// Nothing listens at the address, or the name does not resolve: a wrong endpoint (a typo, a
// server not started), which no back-off cures, so the call fails at the first attempt.
const NOTHING_THERE = new Set(['ECONNREFUSED', 'ENOTFOUND']);

// The TLS handshake failed (OpenSSL's EPROTO: the server answered it with something that is not
// TLS, or with a protocol or alert aac cannot take): nothing was sent, and no back-off cures it.
const TLS_FAILED = new Set(['EPROTO']);

/**
 * Node's refusals of a request it was asked to make, before anything is sent: a header's value
 * (ERR_INVALID_CHAR, ERR_HTTP_INVALID_HEADER_VALUE) or name (ERR_INVALID_HTTP_TOKEN), the path
 * (ERR_UNESCAPED_CHARACTERS), the URL (ERR_INVALID_URL). Made of a value aac was given, which no
 * retry and no server cures: not a network failure (notMade).
 */
const NOT_MADE = new Set(['ERR_INVALID_CHAR', 'ERR_HTTP_INVALID_HEADER_VALUE', 'ERR_INVALID_HTTP_TOKEN', 'ERR_UNESCAPED_CHARACTERS', 'ERR_INVALID_URL']);

/** The NOT_MADE codes of a header: the fix is in a credential (or another header's value). */
const HEADER_NOT_MADE = new Set(['ERR_INVALID_CHAR', 'ERR_HTTP_INVALID_HEADER_VALUE', 'ERR_INVALID_HTTP_TOKEN']);

// Network failures where the request never reached the server: a create may be retried by
// the caller without looking for a duplicate.
const NEVER_SENT = new Set([
  ...NOT_MADE,
  'EPROTO', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Calls that change something: when their response is lost, whether they happened is unknown. */
const WRITES: ReadonlySet<OperationKind> = new Set(['create', 'update', 'delete']);
/** What the caller must do about a write whose response was lost or an error status (5xx) answered, by kind. */
export const MAY_HAVE_HAPPENED: Partial<Record<OperationKind, string>> = {
  create: 'it may have been created — look for its marker before creating it again',
  update: 'the change may have been made — re-read it to know',
  delete: 'it may have been deleted — re-read to know',
};

/** The fix for a host that takes the connection and answers too slowly. */
const RAISE_TIMEOUT = 'raise options.timeout_ms in aac.yaml';

/** What to do when the host has no deployment of the model a write names (DEPLOYMENT_NOT_FOUND). */
const NO_DEPLOYMENT = "the model it names is no deployment of this resource: set `model:` to one of the resource's deployment names (not a model's name, where they differ), or deploy that model first";

/**
 * Characters of a host's own text (an error's message, its `param`) an error quotes: an error
 * body is the host's to size, and a proxy's 1 MB HTML page quoted whole buried the error's own
 * words and its fix, and went as it was into apply's report, its JSON and the pull request's
 * comment. Longer text is cut here, with how much was left out.
 */
const HOST_TEXT_MAX = 1_000;

/** `text` redacted first (a cut must not leave part of a credential that redaction would no longer match), then cut to HOST_TEXT_MAX. */
function hostText(text: string, redactText: (t: string) => string): string {
  return headText(redactText(text), HOST_TEXT_MAX);
}

// Headers not worth a debug line (the SDK's platform telemetry and content negotiation).
const QUIET_HEADER = /^(x-stainless-|user-agent$|accept$|content-type$|content-length$|idempotency-key$)/i;

export class Transport {
  readonly stats: BackendStats = { requests: 0, retries: 0 };
  private readonly client: GatedClient;
  /** The profile's credentials, and each token fetched (remembered). */
  private readonly secrets: Set<string>;
  /** The endpoint's query values, as URLs spell them (querySecrets): credentials, masked by redact's rule for them. */
  private readonly queryValues: readonly string[];
  /** Shared by every caller: paces requests by the server's rate-limit headers and `retry-after`. */
  private readonly gate: RateGate;

  constructor(private readonly opts: TransportOptions) {
    const c = opts.connection;
    this.gate = new RateGate(opts.notice);
    // The endpoint's query values are credentials in debug lines and errors alike (querySecrets).
    this.secrets = new Set([...c.secrets, ...(opts.heldSecrets ?? [])]);
    this.queryValues = querySecrets(c.query);
    const bearer = c.bearer;
    // Every option is given explicitly: the SDK would otherwise read process.env itself.
    this.client = new GatedClient((ctx, signal, url, attempt) => this.gated(ctx, signal, url, attempt), {
      apiKey: typeof bearer === 'function' ? this.remembered(bearer) : (bearer ?? 'unused'),
      organization: c.organization,
      project: c.project,
      webhookSecret: null,
      baseURL: c.baseURL,
      // A host without bearer auth (Portkey) must not receive the placeholder key.
      defaultHeaders: bearer === null ? { ...c.headers, Authorization: null } : c.headers,
      defaultQuery: c.query,
      maxRetries: opts.maxRetries,
      timeout: opts.timeoutMs,
      logLevel: 'off',
      fetch: (url, init) => this.fetch(url, init),
    });
  }

  /** How many times a failed request is sent again (aac.yaml's `options.max_retries`, else model/config.ts maxRetries's default): for a caller that re-sends a write itself. */
  get maxRetries(): number {
    return this.opts.maxRetries;
  }

  /** The exact secret values known so far (a token fetched later joins them when it is fetched). */
  secretValues(): string[] {
    return [...this.secrets, ...this.queryValues];
  }

  /** Scrubs every known secret (and anything credential-shaped) from text. */
  redact(text: string): string {
    return redact(text, this.secrets, this.queryValues);
  }

  /**
   * Sends one call and returns the parsed body. Reads, updates and deletes are retried on
   * transient failures; a create only when the server refused it outright (429), since a lost
   * response may mean it was made. A delete whose retry finds the assistant gone succeeded: the
   * attempt whose response was lost did it.
   */
  async send<T>(call: Call): Promise<T | undefined> {
    const ctx: CallContext = { attempts: 0, controller: new AbortController(), ...(call.onBodyEnd ? { onBodyEnd: call.onBodyEnd } : {}), ...(call.later ? { later: call.later } : {}) };
    const cancel = () => {
      ctx.cancelled = true;
      ctx.controller.abort();
    };
    if (call.signal?.aborted) cancel();
    else call.signal?.addEventListener('abort', cancel, { once: true });
    try {
      if (call.op.kind !== 'create') return notText(await this.once<T>(call, ctx, call.once ? 0 : this.opts.maxRetries));
      for (let refused = 0; ; refused++) {
        try {
          return notText(await this.once<T>(call, ctx, 0));
        } catch (err) {
          if (!(err instanceof RateLimitError) || call.once || refused >= this.opts.maxRetries || waitTooLong(err.headers) !== undefined) throw err;
          // Cut short by apply's interrupt: the next attempt is then not sent (RateGate.acquire).
          await sleep(backoffMs(refused, retryAfterMs(err.headers)), unsentInterrupt()).catch(() => undefined);
        }
      }
    } catch (err) {
      if (call.op.kind === 'delete' && err instanceof NotFoundError && ctx.attempts > 1) return undefined;
      // Its caller cancelled it, whatever the SDK then threw (APIUserAbortError): the pages a walk
      // cancels as it ends took ~3 % of a plan of 10,000's CPU after its last page in
      // toBackendError, their errors worded and redacted for no one (docs/performance.md, session 52).
      if (ctx.cancelled) throw new BackendError('network', `${call.op.what}: the request was cancelled`);
      throw this.toBackendError(ctx.refused ? new APIConnectionError({ cause: ctx.refused as Error }) : err, call, ctx);
    } finally {
      call.signal?.removeEventListener('abort', cancel);
    }
  }

  /** One call through the SDK (its retries inside it), `ctx` riding on each attempt's fetch options to `gated` and `fetch` (CALL_CONTEXT). */
  private once<T>(call: Call, ctx: CallContext, maxRetries: number): Promise<T> {
    const options = { query: call.query, body: call.body, maxRetries, signal: ctx.controller.signal, fetchOptions: withContext(ctx) };
    return this.client[call.method]<T>(call.path, options);
  }

  private remembered(source: () => Promise<string>): () => Promise<string> {
    return async () => {
      const token = await source();
      this.secrets.add(token);
      return token;
    };
  }

  /**
   * One attempt of the SDK's at `url` (`attempt`, which starts its timeout and sends), once the
   * call's rest is known (Call.later) and it has its turn at the rate limit (RateGate.acquire):
   * `signal` cancels either wait. An attempt that apply's interrupt keeps from being sent rejects
   * with `NotSent` and marks the call interrupted.
   */
  private async gated(ctx: CallContext | undefined, signal: AbortSignal | undefined, url: string, attempt: (url: string) => Promise<Response>): Promise<Response> {
    if (ctx?.later) {
      const later = await settledFirst(ctx.later, signal);
      if (later.onBodyEnd) ctx.onBodyEnd = later.onBodyEnd;
      url = this.client.withQuery(url, later.query);
    }
    const probe = await this.gate.acquire(signal, unsentInterrupt()).catch((err: unknown) => {
      // Not sent, and not to be retried: the SDK gives up once the call's signal is aborted.
      if (err instanceof NotSent && ctx) {
        ctx.interrupted = true;
        ctx.controller.abort();
      }
      if (err instanceof WaitRefused && ctx) {
        ctx.waitRefused = err;
        ctx.controller.abort();
      }
      throw err;
    });
    let response: Response | undefined;
    try {
      response = await attempt(url);
      return response;
    } finally {
      this.gate.release(response, probe);
    }
  }

  /** The SDK's fetch: one attempt, sent now (its turn at the rate limit taken: `gated`). */
  private async fetch(url: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    workBegins();
    const ctx = callContext(init);
    const attempt = ctx ? ++ctx.attempts : 1;
    this.stats.requests++;
    if (attempt > 1) this.stats.retries++;
    const method = (init.method ?? 'GET').toUpperCase();
    const sent = method === 'GET' ? undefined : whenSent();
    const started = Date.now();
    const line = (outcome: string) =>
      this.opts.debug?.(
        this.redact(
          `[debug] ${method} ${displayUrl(url)} → ${outcome} (${Date.now() - started} ms, attempt ${attempt})` +
            ` ${redactHeaders(visibleHeaders(init.headers), this.secrets, this.queryValues)}`.trimEnd(),
        ),
      );
    /** This attempt may have reached the server: a write of it may have been made. */
    const reached = () => {
      if (ctx) ctx.reached = true;
      if (method !== 'GET') actionWrote();
    };
    let response: Response | undefined;
    if (ctx) {
      ctx.partway = false;
      ctx.connected = false;
    }
    try {
      response = await httpFetch(url, init, {
        onHeaders: (status, contentType) => {
          if (!ctx) return;
          ctx.answer = { status, contentType };
          ctx.partway = true;
          ctx.lastHeardAt = Date.now();
        },
        ...(ctx ? { onBodyData: () => void (ctx.lastHeardAt = Date.now()) } : {}),
        onConnected: () => {
          if (ctx) ctx.connected = true;
          sent?.();
        },
        ...(ctx?.onBodyEnd ? { onBodyEnd: ctx.onBodyEnd } : {}),
      });
      if (ctx) ctx.partway = false;
      if (response.status !== 429) reached();
      line(String(response.status));
      return response;
    } catch (err) {
      line(ctx?.cancelled ? 'cancelled (no longer needed)' : init.signal?.aborted ? 'timed out' : `failed: ${describeNetworkError(err)}`);
      if (!NEVER_SENT.has(networkCode(err) ?? '')) reached();
      // An answer too large is as large when asked again: not retried.
      if (ctx && (NOTHING_THERE.has(networkCode(err) ?? '') || TLS_FAILED.has(networkCode(err) ?? '') || NOT_MADE.has(networkCode(err) ?? '') || networkCode(err) === ANSWER_TOO_LARGE)) {
        ctx.refused = err;
        ctx.controller.abort();
      }
      throw err;
    }
  }

  private toBackendError(err: unknown, call: Call, ctx: CallContext): BackendError {
    if (err instanceof BackendError) return new BackendError(err.kind, this.redact(err.message), err.details);
    // A token source's own failure, wrapped by the SDK.
    const cause = (err as { cause?: unknown }).cause;
    if (err instanceof OpenAIError && !(err instanceof APIError) && cause instanceof BackendError) {
      return new BackendError(cause.kind, this.redact(cause.message), cause.details);
    }
    const c = this.opts.connection;
    const { what, kind } = call.op;
    const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
    const make = (k: BackendError['kind'], message: string, details: BackendError['details'] = {}) =>
      new BackendError(k, this.redact(message), details);
    const checkEndpoint = c.endpointSource ? `check the endpoint ${c.baseURL} (from ${c.endpointSource})` : `check the endpoint ${c.baseURL}`;

    if (ctx.interrupted) return make('interrupted', `${what}: not sent: apply was interrupted`);
    if (ctx.waitRefused) {
      const waitRefused = { waitMs: ctx.waitRefused.waitMs, header: ctx.waitRefused.header };
      // An earlier attempt of this write may have been made (a 5xx, then a 429 asking for a day).
      const refused = waitRefusedText(waitRefused);
      if (WRITES.has(kind) && ctx.reached) return make('outcome-unknown', `${what}: an earlier attempt's answer was lost, then ${refused}: not sent again; ${MAY_HAVE_HAPPENED[kind]!}; ${RUN_LATER}`, { reason: refused, fix: RUN_LATER, waitRefused });
      return make('rate-limited', `${what}: not sent: ${refused}; ${RUN_LATER}`, { waitRefused, fix: RUN_LATER });
    }
    if (err instanceof NotJsonAnswer || err instanceof SyntaxError) {
      const answer = ctx.answer ? ` (${ctx.answer.status}, ${ctx.answer.contentType || 'no content type'})` : '';
      const reason = `the server answered with something that is not JSON${answer}`;
      const fix = `${checkEndpoint}: it must be the API's address, not a web page or a proxy's`;
      // A write's answer unread: whether it happened is unknown, as when the answer is lost.
      if (WRITES.has(kind)) return make('outcome-unknown', `${what}: ${reason}; ${MAY_HAVE_HAPPENED[kind]!}; ${fix}`, { reason: this.redact(reason), unread: true });
      return make('invalid', `${what}: ${reason}; ${fix}`);
    }
    if (networkCode(err) === ANSWER_TOO_LARGE) {
      const reason = `the server's answer is larger than ${MAX_ANSWER_BYTES / 2 ** 20} MiB, the most aac reads of one answer`;
      const fix = `${checkEndpoint}: it must be the API's address, not a proxy's or another server's`;
      if (WRITES.has(kind)) return make('outcome-unknown', `${what}: ${reason}; ${MAY_HAVE_HAPPENED[kind]!}; ${fix}`, { reason: this.redact(reason), unread: true });
      return make('invalid', `${what}: ${reason}; ${fix}`);
    }
    // Refused as it was made: nothing sent, unless an earlier attempt of a write was (said below).
    const refusedHere = WRITES.has(kind) && ctx.reached ? undefined : notMade(err);
    if (refusedHere) {
      // Node's message names the header, never its value; the SDK's own (a TypeError) may quote it.
      const said = refusedHere.code ? ` (${describeNetworkError(err)})` : '';
      if (refusedHere.header) {
        const fix = c.credentialHint;
        return make('config', `${what}: not sent: a request header's value holds a character no request can carry${said}, such as a control character or a line break a paste left in a credential; ${fix}`, { fix });
      }
      return make('config', `${what}: not sent: the request could not be made${said}; ${checkEndpoint}`);
    }
    if (err instanceof APIConnectionError) {
      const timedOut = err instanceof APIConnectionTimeoutError;
      if (ctx.partway) {
        // The timeout is the whole attempt's: an answer still arriving when it ran out did not stop.
        // Stopped is idle for half the limit or more; the figure said is what was measured.
        const idle = Date.now() - (ctx.lastHeardAt ?? 0);
        const stalled = !timedOut || idle >= this.opts.timeoutMs / 2;
        if (timedOut && !stalled) {
          const reason = `the server did not finish sending its answer within ${this.opts.timeoutMs} ms${tries} (options.timeout_ms in aac.yaml): it was still sending, the last of it ${idle} ms before`;
          if (WRITES.has(kind)) return make('outcome-unknown', `${what}: ${reason}; ${MAY_HAVE_HAPPENED[kind]!}`, { reason: this.redact(reason), unread: true });
          return make('timeout', `${what}: ${reason}; ${RAISE_TIMEOUT}`, { fix: RAISE_TIMEOUT });
        }
        const waited = timedOut ? `idle for ${idle} ms when options.timeout_ms (${this.opts.timeoutMs} ms, in aac.yaml) ran out` : describeNetworkError(err);
        const reason = `the server stopped sending its answer partway${tries}: ${waited}`;
        if (WRITES.has(kind)) return make('outcome-unknown', `${what}: ${reason}; ${MAY_HAVE_HAPPENED[kind]!}`, { reason: this.redact(reason), unread: true });
        return make('network', `${what}: ${reason}; try again later, and if it goes on, ${checkEndpoint}: a proxy before the API may be cutting answers off`);
      }
      const reason = timedOut ? `no response within ${this.opts.timeoutMs} ms (options.timeout_ms in aac.yaml)` : describeNetworkError(err);
      if (WRITES.has(kind) && (timedOut || !NEVER_SENT.has(networkCode(err) ?? ''))) {
        return make('outcome-unknown', `${what}: the response was lost${tries} (${reason}); ${MAY_HAVE_HAPPENED[kind]!}`, { reason: this.redact(reason) });
      }
      // This attempt never left, but an earlier one may have reached the server and been lost.
      if (WRITES.has(kind) && ctx.reached) {
        const lost = `an earlier attempt's answer was lost, then the host could not be reached (${reason}); gave up${tries}`;
        return make('outcome-unknown', `${what}: ${lost}; ${MAY_HAVE_HAPPENED[kind]!}`, { reason: this.redact(lost) });
      }
      // Connected, and no answer in time: the host is there, and slow (a read; a write's is above).
      if (timedOut && ctx.connected) {
        return make('timeout', `${what}: ${new URL(c.baseURL).host} answered nothing within ${this.opts.timeoutMs} ms${tries} (options.timeout_ms in aac.yaml): it took the connection, so it is running but slow; ${RAISE_TIMEOUT}`, { fix: RAISE_TIMEOUT });
      }
      if (TLS_FAILED.has(networkCode(err) ?? '')) return make('network', `${what}: ${new URL(c.baseURL).host} ${tlsFailure(err, c.baseURL)}${tries}${c.endpointSource ? `; the endpoint ${c.baseURL} comes from ${c.endpointSource}` : ''}`);
      const from = c.endpointSource ? `; the endpoint ${c.baseURL} comes from ${c.endpointSource}: check it (and that the server is running)` : '';
      return make('network', `${what}: could not reach ${new URL(c.baseURL).host}${tries}: ${reason}${from}`);
    }
    if (!(err instanceof APIError) || err.status === undefined) {
      return make('network', `${what}: ${err instanceof Error ? err.message : String(err)}`);
    }

    const status = err.status;
    const inner = (err.error ?? {}) as { message?: unknown };
    // Joined into a sentence of ours, so without its closing full stop; and the SDK's text for an
    // empty answer ("404 status code (no body)") said plainly.
    const apiMessage = hostText((typeof inner.message === 'string' ? inner.message : err.message.replace(/^\d+ /, '').replace(/^status code \(no body\)$/, 'no body')).replace(/\.\s*$/, ''), (t) => this.redact(t));
    const details = {
      status,
      param: err.param ?? null,
      code: err.code ?? null,
      ...(err.requestID ? { requestId: err.requestID } : {}),
    };
    const at = err.param ? ` (param '${hostText(typeof err.param === 'string' ? err.param : JSON.stringify(err.param), (t) => this.redact(t))}')` : '';
    // A redirect is not followed: it would carry the credentials to wherever it points.
    if (status >= 300 && status < 400) {
      const to = redirectTarget(err.headers?.get('location'), c.baseURL);
      const set = c.endpointSource ? `set ${c.endpointSource}` : 'set the endpoint';
      return make('invalid', `${what}: the server redirected the request (${status})${to ? ` to ${to}` : ''}, and aac does not follow redirects; ${set} to the address it redirects to`, details);
    }
    // 401: the credentials are not taken. 403: taken, and not allowed this request
    // (AUTH_REFUSALS); said so, as a key that may read and create but not delete is not a wrong
    // key, and its fix is the permission, not another key.
    const refusal = authRefusalOf(status);
    // With environments, the host is the run's environment's: credentials of another one's are refused there.
    // The variable named once: when it gave the endpoint, it is where the endpoint came from.
    const overrides = c.endpointSource === c.environment?.endpointVariable ? `, which overrides aac.yaml's` : `; ${c.environment?.endpointVariable} overrides it when set`;
    const hint = c.environment === undefined
      ? c.credentialHint
      : `${c.credentialHint}: they must be those of the host of the environment '${c.environment.name}' (its endpoint from ${c.endpointSource ?? 'aac.yaml'}${overrides})`;
    const inEnvironment = c.environment === undefined ? '' : ` in the environment '${c.environment.name}'`;
    if (refusal === 'credentials') {
      return make('auth', `${c.provider} ${AUTH_REFUSALS.credentials.did} while ${what} (${status})${inEnvironment}: ${apiMessage}; ${hint}`, { ...details, fix: hint });
    }
    if (refusal === 'permission') {
      // A listing refused is the run's first request: the credentials may read nothing there.
      const fix = kind === 'list'
        ? `the credentials need read access to the project or account for ${what}: give them a key or role that may read it, or use credentials that have it: ${hint}`
        : `give these credentials the permission for it (a key or role allowed to do it), or use credentials that have it: ${hint}`;
      // Ends with its fix, as a 401's does: a view that says the fix on a line of its own leaves it out of the error (errors.ts apartFromFix).
      return make('auth', `${c.provider} ${AUTH_REFUSALS.permission.did} ${what} (${status})${inEnvironment}: ${apiMessage}; ${fix}`, { ...details, fix });
    }
    if (status === 404 && kind === 'list') {
      if (c.retired && new URL(c.baseURL).hostname === c.retired.host) {
        return make('retired', `${c.retired.notice}: ${c.retired.host} now answers 404 to ${what}. ${c.retired.advice}`, details);
      }
      // A base URL of this protocol has a path (`/v1`, `/api/projects/<project>`): one at the host's
      // root misses all of it. Any other path is not known to miss it (`/v1/nothing` holds `/v1`).
      const atRoot = c.basePath !== undefined && new URL(c.baseURL).pathname.replace(/\/+$/, '') === '';
      const set = c.endpointSource ? ` (set by ${c.endpointSource})` : '';
      // A path that names a project (Foundry's): the host serves every API of the provider's
      // family below a project's path (a Foundry project endpoint both the classic `/assistants`
      // and the new `/agents`: azure-foundry/AGENTS.md, Part 1 and Part 2, Endpoint), so its list
      // answering 404 is the project path not found there (a name mistyped, another environment's
      // project); another API is no cause to offer, the answer telling neither apart.
      const named = namedInBasePath(c.baseURL, c.basePath);
      if (!atRoot && named.length > 0) {
        const names = named.map((n) => `${n.word} '${n.value}'`).join(', ');
        const words = named.map((n) => n.word).join(' and ');
        const inEnvironment = c.environment === undefined ? '' : ` (the environment '${c.environment.name}')`;
        const fix = `check the ${words} in the endpoint${set}: its path is ${c.basePath}, with the ${words} as the host names it`;
        return make('not-found', `${what}: the ${words} path ${new URL(c.baseURL).pathname.replace(/\/+$/, '')} (${names}) was not found at ${new URL(c.baseURL).host}${inEnvironment}: GET ${c.baseURL}${c.listPath} answered 404 (${apiMessage}); ${fix}`, { ...details, fix });
      }
      const hint = atRoot ? `; the endpoint has no path, and the API of ${c.provider} is served below ${c.basePath}: try ${c.baseURL}${c.basePath}` : '; check the endpoint';
      return make('not-found', `${what}: ${c.baseURL}${c.listPath} answered 404 (${apiMessage})${hint}${set}; ${otherApi(c, call, 'has no route')}`, details);
    }
    // A write naming a model the resource has no deployment of: its route is there, the model is not.
    if (status === 404 && (kind === 'create' || kind === 'update') && details.code === DEPLOYMENT_NOT_FOUND) {
      return make('not-found', `${what}: ${apiMessage}; ${NO_DEPLOYMENT}`, { ...details, fix: NO_DEPLOYMENT });
    }
    // A create's 404 is its collection's route missing, never a resource: the same mismatch.
    if (status === 404 && kind === 'create') return make('not-found', `${what}: ${apiMessage}; ${otherApi(c, call, 'has no route')}`, details);
    if (status === 404) return make('not-found', `${what}: ${apiMessage}`, details);
    // A wait asked longer than aac takes was not waited (GatedClient.fetchWithTimeout): said, with
    // when to run again, and carried (`waitRefused`) so that no caller sends the request again.
    const waitRefused = waitTooLong(err.headers);
    const refusedWait = waitRefused === undefined ? {} : { waitRefused, fix: RUN_LATER };
    if (status === 429) {
      if (waitRefused !== undefined) return make('rate-limited', `${what}: rate limited${tries} (429): ${apiMessage}; ${notSentAgain(waitRefused)}`, { ...details, ...refusedWait });
      return make('rate-limited', `${what}: still rate limited${tries} (429): ${apiMessage}`, details);
    }
    if (status >= 500) {
      if (WRITES.has(kind)) {
        // The server's wait, when it gave one aac takes, is the wait before a create is sent again
        // (apply/index.ts, lock/lock.ts); one longer is said, and refused (`waitRefused`): the
        // write is settled by a listing and not sent again. Its reason is the answer alone, as a
        // report says the refused wait itself.
        const wait = waitRefused === undefined ? retryAfterMs(err.headers) : undefined;
        return make('outcome-unknown', `${what}: the server answered ${status}${tries} (${apiMessage}); ${MAY_HAVE_HAPPENED[kind]!}${waitRefused === undefined ? '' : `; ${waitRefusedText(waitRefused)}`}`, { ...details, reason: this.redact(`${status}: ${apiMessage}`), ...(wait === undefined ? {} : { retryAfterMs: wait }), ...(waitRefused === undefined ? {} : { waitRefused }) });
      }
      return make('server', `${what}: server error${tries} (${status}): ${apiMessage}${waitRefused === undefined ? '' : `; ${notSentAgain(waitRefused)}`}`, { ...details, ...refusedWait });
    }
    // A query parameter of the endpoint's own (`?team=…` kept from the URL), which every request
    // carries: only the endpoint drops it.
    if (err.param && err.param in c.query && !blamesApiVersion(err.param, undefined, '')) {
      const fix = `remove the query parameter '${err.param}' from the endpoint${c.endpointSource ? ` (set by ${c.endpointSource})` : ''}: the host takes no such parameter`;
      return make('invalid', `${what}: the API refused the request${at} (${status}): ${apiMessage}; aac sends the endpoint's query parameter '${err.param}' on every request: ${fix}`, { ...details, fix });
    }
    // The api-version aac sent, refused: every request of the run sends it, and aac.yaml sets it.
    if (c.apiVersion && blamesApiVersion(err.param, err.code, apiMessage)) {
      const fix = 'set `options.api_version` in aac.yaml to a version the host serves';
      return make('invalid', `${what}: the API refused the request${at} (${status}): ${apiMessage}; the answer names the api-version, and aac sent ${c.apiVersion.value} (from ${c.apiVersion.source}): ${fix}`, { ...details, fix });
    }
    // The body refused as invalid is refused again until the definition changes; another 4xx
    // (409: a conflict with the live state) may pass on a fresh plan.
    const refusedBody = status === 400 || status === 422;
    const fix = `change ${err.param ? `'${err.param}' in ` : ''}the definition as the API's message says`;
    // The listing's request is aac's own, the same for every host of the provider: refused, it
    // is most often another API's server (a header, a query parameter that API needs).
    const other = kind === 'list' ? `; ${otherApi(c, call, 'refused')}` : '';
    return make('invalid', `${what}: the API refused the request${at} (${status}): ${apiMessage}${other}`, refusedBody ? { ...details, fix } : details);
  }
}

/**
 * The SDK's client, whose every attempt first waits for its turn (`turn`, given the call's signal
 * and the URL the SDK built, and handing on the URL to send: Transport.gated) and only then goes
 * to the SDK's `fetchWithTimeout`, which starts the attempt's `timeout` timer and calls `fetch`
 * (the `openai` package's client.js, 6.30.1: `makeRequest` calls it once an attempt, retries
 * included; the timer aborts the attempt, which is retried or thrown as
 * APIConnectionTimeoutError). A request waiting in aac's own rate-limit queue, or for the rest of
 * its call (Call.later), has not been sent, so `options.timeout_ms` runs from when it leaves, not
 * from when it was queued or built.
 */
class GatedClient extends OpenAI {
  constructor(
    private readonly turn: (ctx: CallContext | undefined, signal: AbortSignal | undefined, url: string, attempt: (url: string) => Promise<Response>) => Promise<Response>,
    options: ConstructorParameters<typeof OpenAI>[0],
  ) {
    super(options);
  }

  override async fetchWithTimeout(...args: Parameters<OpenAI['fetchWithTimeout']>): Promise<Response> {
    const [url, init, ms, controller] = args;
    // `makeRequest` passes the string `buildURL` made (client.js, 6.30.1).
    const response = await this.turn(init ? callContext(init) : undefined, init?.signal ?? undefined, url as string, (sent) => super.fetchWithTimeout(sent, init, ms, controller));
    // An answer asking for a wait longer than aac takes (MAX_HOST_WAIT_MS) is not retried: the
    // SDK would sleep it whole (client.js 6.30.1, retryRequest), and obeys `x-should-retry`
    // before all else (shouldRetry). The call fails with the host's answer (Transport.toBackendError).
    if (!response.ok && waitTooLong(response.headers) !== undefined) response.headers.set('x-should-retry', 'false');
    return response;
  }

  /** `url` with `query`'s entries after its own, encoded as the SDK encodes a request's query (its `stringifyQuery`); entries with no value left out, as there. */
  withQuery(url: string, query: Record<string, string | number | undefined>): string {
    const search = this.stringifyQuery(query);
    return search === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${search}`;
  }
}

/** What `later` gives, or the reason `signal` aborts with when it aborts first. */
function settledFirst<T>(later: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return later;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    later.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The hint for an answer that says the server speaks another API than the provider's (the
 * emulator started with another --provider, a host of another API): the route it `answered`
 * about — method and path only, never the query, which may carry credentials — and where the
 * provider is chosen.
 */
function otherApi(c: Connection, call: Call, answered: 'has no route' | 'refused'): string {
  const route = `${call.method.toUpperCase()} ${new URL(c.baseURL).pathname.replace(/\/+$/, '')}${call.path}`;
  const what = answered === 'has no route' ? `it has no route ${route}, which that API has` : `it refused ${route}, a request that API takes`;
  return `the server may serve another API than that of the provider ${c.provider}: ${what} (another provider is chosen with --provider or \`provider:\` in aac.yaml)`;
}

/**
 * Whether a refusal says the api-version is its cause: its `param` or `code` names the version
 * (Foundry's answers: param `api-version`, codes `MissingApiVersionParameter`,
 * `unsupported_api_version`, as the emulator's dialects give them), or its message does.
 */
function blamesApiVersion(param: string | null | undefined, code: string | null | undefined, message: string): boolean {
  const names = (text: string | null | undefined) => typeof text === 'string' && text.toLowerCase().replace(/[^a-z]/g, '').includes('apiversion');
  // An answer that names the parameter it refused blames that one; its message may list
  // api-version among those the operation takes.
  if (typeof param === 'string' && param !== '') return names(param);
  return names(code) || /api[-_ ]?version/i.test(message);
}

/** A 2xx answer whose body was not JSON (the SDK hands such a body over as its text). */
class NotJsonAnswer extends Error {}

/** `body` as the SDK parsed it; an answer it left as text (its content type not JSON) is refused: the Assistants protocol answers JSON. */
function notText<T>(body: T): T {
  if (typeof body === 'string' && body.trim() !== '') throw new NotJsonAnswer('not JSON');
  return body;
}

/**
 * Where a redirect's `location` (resolved against the endpoint) points: its origin and path only,
 * since its query or user part may carry a credential; undefined without one.
 */
function redirectTarget(location: string | null | undefined, base: string): string | undefined {
  if (!location) return undefined;
  try {
    const u = new URL(location, base);
    return `${u.origin}${u.pathname}${u.search ? ' (its query left out)' : ''}`;
  } catch {
    return undefined;
  }
}

/**
 * A failed TLS handshake (TLS_FAILED) in words, without OpenSSL's internals (its error queue, file
 * and line): a plain-HTTP answer (OpenSSL's `wrong version number`) says the endpoint may be
 * `http://` (`base`, as http:// on the same port); any other names OpenSSL's reason alone.
 */
function tlsFailure(err: unknown, base: string): string {
  const text = describeNetworkError(err);
  const reason = /SSL routines:[^:]*:([^:]+):/.exec(text)?.[1]?.trim();
  if (reason !== 'wrong version number') return `refused the TLS handshake (${reason ?? 'EPROTO'})`;
  const plain = new URL(base);
  const port = plain.port || '443';
  plain.protocol = 'http:';
  plain.port = port;
  return `did not answer TLS: it may serve plain HTTP, and then the endpoint is ${plain.toString().replace(/\/$/, '')}`;
}

/**
 * Whether `err` is a request refused before it left (NOT_MADE's codes; or the TypeError of the
 * `Headers` the SDK builds a request's headers with, thrown before any attempt: it refuses a line
 * break, and a character above U+00FF as not a ByteString), with its code and whether a header was
 * refused; undefined for any other failure.
 */
function notMade(err: unknown): { code: string | undefined; header: boolean } | undefined {
  const code = networkCode(err);
  if (code !== undefined) return NOT_MADE.has(code) ? { code, header: HEADER_NOT_MADE.has(code) } : undefined;
  return err instanceof TypeError && /header|ByteString/i.test(err.message) ? { code: undefined, header: true } : undefined;
}

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The innermost cause's message (the SDK's own is a generic "Connection error."), with its code. */
function describeNetworkError(err: unknown): string {
  let text = 'connection failed';
  for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && e.message) text = e.message;
  }
  const code = networkCode(err);
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

function displayUrl(url: string | URL | Request): string {
  const u = new URL(typeof url === 'string' ? url : url instanceof URL ? url.href : url.url);
  u.username = '';
  u.password = '';
  return u.toString();
}

function visibleHeaders(headers: RequestInit['headers']): Array<[string, string]> {
  return [...new HeaderList(headers as HeaderInit | undefined).entries()].filter(([name]) => !QUIET_HEADER.test(name));
}
