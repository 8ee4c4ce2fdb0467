// The `fetch` the transport gives the SDK: node:http(s) with keep-alive agents instead of Node's
// built-in fetch, for the requests the SDK makes (a string body or none). An apply of 1,000 writes
// spent about half its client CPU in the built-in fetch's web streams and async bookkeeping
// (0.5 ms a request against 0.12 ms here, measured on loopback), more than the 50 ms / 16 a wave
// of writes leaves each one. Anything else (a Request object, a stream or form body) goes to the
// built-in fetch unchanged. Its requests and answers touch none of Node's fetch globals (`Request`,
// `Response`, `Headers`), whose first use costs more than a plan of 100 definitions' listing
// (header-list.ts): an answer is a ReadResponse with a HeaderList, which makes a built-in Response
// only for a reader other than text() and json().
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { HeaderList, type HeaderInit } from './header-list.js';
import { BodyPieces } from './body-pieces.js';
import { parseJsonBody } from './json-in-pieces.js';
import { lazyRecord } from '../../util/lazy.js';

/** Required, not imported: a dynamic import() cannot run from the compile cache's code (src/compile-cache.cts). */
const requireOnDemand = createRequire(import.meta.url);

/**
 * How a request of each protocol is made, and its connection pool, one for the process as the
 * built-in fetch keeps one. node:https is loaded at the first https:// request, not before the
 * first request of a run that has none (an http:// endpoint: the emulator, a proxy on the same
 * machine): with node:tls, which it loads, it was 5–8 million instructions before a plan's first
 * request (callgrind, Node 20, the compile cache having it loaded under V8's defaults).
 */
const protocols = lazyRecord({
  'http:': () => ({ request: httpRequest, agent: new HttpAgent({ keepAlive: true }) }),
  'https:': () => {
    const https = requireOnDemand('node:https') as typeof import('node:https');
    return { request: https.request, agent: new https.Agent({ keepAlive: true }) };
  },
});

type Decoder = (buf: Buffer, options: { maxOutputLength: number }, cb: (err: Error | null, out: Buffer) => void) => void;

/**
 * Bytes of one answer aac reads, as sent and once decoded: a page of 100 items each with the
 * largest instructions the APIs take (256,000 characters, up to 3 bytes each in UTF-8) is ~77 MB,
 * while an answer past it — a hostile or broken host's, or a gzip bomb (a 2 MB gzip of 2 GiB of
 * blanks) — held whole took gigabytes and ended the process in V8's out-of-memory abort, with no
 * word of the host. Past it the answer is cut off and fails with ANSWER_TOO_LARGE.
 */
export const MAX_ANSWER_BYTES = 128 * 1024 * 1024;
/** The `code` of the error an answer past MAX_ANSWER_BYTES fails with (the transport words it). */
export const ANSWER_TOO_LARGE = 'AAC_ANSWER_TOO_LARGE';

function tooLarge(): Error {
  return Object.assign(new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 2 ** 20} MiB`), { code: ANSWER_TOO_LARGE });
}

/**
 * Content codings offered, as the built-in fetch offers them, and how each is undone (off the main
 * thread). node:zlib is loaded at the first encoded response, not before the first request
 * leaves: loading it is ~4 ms of a small command's start-up.
 */
const DECODERS: Record<string, (zlib: typeof import('node:zlib')) => Decoder> = {
  gzip: (z) => z.gunzip,
  'x-gzip': (z) => z.gunzip,
  deflate: (z) => z.inflate,
  br: (z) => z.brotliDecompress,
};
const ACCEPT_ENCODING = 'gzip, deflate, br';

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** The characters of a body's end that `onBodyEnd` is given: room for a list page's closing fields (`last_id`, `has_more`). */
export const BODY_END_CHARS = 512;

/** What a caller of httpFetch is told while a request runs, each optional. */
export interface FetchEvents {
  /** Called when the answer's headers arrive, before its body: its status and content type ('' when none). */
  onHeaders?: (status: number, contentType: string) => void;
  /** Called as each piece of the answer's body arrives, before it is decoded: when the host last sent anything. */
  onBodyData?: () => void;
  /** Called once the request has a TCP connection to the host (a new one made, or a kept-alive one reused), before TLS. */
  onConnected?: () => void;
  /**
   * Called once a 2xx answer's body has all arrived, with its last BODY_END_CHARS characters of
   * text (fewer when shorter), before the Response is handed back and its body parsed: a listing
   * reads its next cursor there and asks for the next page while this one is parsed. The Response
   * then follows a turn of the event loop later, so what the call starts runs first.
   */
  onBodyEnd?: (end: string) => void;
}

/**
 * `fetch(url, init)` for a string, buffer or absent body: the whole response body is read before
 * the Response is returned. A network failure rejects as the built-in fetch does, with
 * `TypeError('fetch failed')` whose `cause` is the socket's error (its `code` intact); an abort
 * rejects with the signal's reason.
 */
export function httpFetch(input: string | URL | Request, init: RequestInit = {}, events: FetchEvents = {}): Promise<Response> {
  const { onHeaders, onConnected, onBodyEnd, onBodyData } = events;
  const body = init.body;
  const plainBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
  // Not `input instanceof Request`: naming the global evaluates Node's fetch implementation.
  if ((typeof input !== 'string' && !(input instanceof URL)) || !plainBody) return globalThis.fetch(input, init);
  const url = new URL(input);
  const protocol = url.protocol as keyof typeof protocols;
  if (!(protocol in protocols)) return globalThis.fetch(input, init);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortError(signal));

  const headers: Record<string, string> = {};
  // The SDK's requests come with a HeaderList (the bundle's `Headers`): read as they are, not copied.
  const given = init.headers instanceof HeaderList ? init.headers : new HeaderList(init.headers as HeaderInit | undefined);
  for (const [name, value] of given) headers[name] = value;
  headers['accept-encoding'] ??= ACCEPT_ENCODING;
  // A text body goes to the socket as it is (node:http writes a string as UTF-8): a copy of its bytes
  // first was ~5 KB more garbage a create.
  const payload = body === undefined || body === null ? undefined : body;
  if (payload !== undefined) headers['content-length'] = String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength);

  return new Promise<Response>((resolve, reject) => {
    const { request, agent } = protocols[protocol];
    const req = request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
      const status = res.statusCode ?? 502;
      onHeaders?.(status, res.headers['content-type'] ?? '');
      if (onBodyData) res.on('data', onBodyData);
      readBody(res, status >= 200 && status < 300 ? onBodyEnd : undefined, (err, body) => {
        if (err) reject(signal?.aborted ? abortError(signal) : new TypeError('fetch failed', { cause: err }));
        else resolve(toResponse(res, body!));
      });
    });
    if (onConnected) {
      req.once('socket', (socket) => {
        if (socket.connecting) socket.once('connect', onConnected);
        else onConnected();
      });
    }
    const onAbort = () => req.destroy(abortError(signal!) as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', onAbort));
    req.on('error', (err) => reject(signal?.aborted ? abortError(signal) : new TypeError('fetch failed', { cause: err })));
    req.end(payload);
  });
}

/**
 * The body's bytes, to `done` once: decoded from its content coding when it has one. Bytes, not
 * text: a page's text made whole is one large string (json-in-pieces.ts), and its chunks' buffers
 * live outside the heap, so the young generation never copies them while the rest arrives. Not
 * joined either: the chunks as they arrived are the body (body-pieces.ts), where a join was a
 * second copy of a page while the chunks waited for a collection. Content codings are undone
 * from the chunks joined, which are the smaller bytes.
 * A callback, not a promise: the response's listeners outlive it (node:http keeps the last
 * response of a kept-alive socket), and a promise they reach would keep the body it was resolved
 * with, a page, for as long as the socket lives. This function lets go of the chunks once they are handed on.
 */
function readBody(res: IncomingMessage, onBodyEnd: FetchEvents['onBodyEnd'], done: (err: unknown, body?: BodyPieces) => void): void {
  const coding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const chunks: Buffer[] = [];
  let settled = false;
  const settle = (err: unknown, body?: BodyPieces) => {
    if (settled) return;
    settled = true;
    chunks.length = 0;
    done(err, body);
  };
  /** With onBodyEnd, its end told first and the body a turn later (FetchEvents.onBodyEnd). */
  const whole = (body: BodyPieces) => {
    if (!onBodyEnd) return settle(null, body);
    // Bytes from further back than the characters wanted, so a character cut at the start is one not wanted.
    onBodyEnd(body.text(Math.max(0, body.length - 4 * BODY_END_CHARS)).slice(-BODY_END_CHARS));
    setImmediate(() => settle(null, body));
  };
  let received = 0;
  res.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received <= MAX_ANSWER_BYTES) return void chunks.push(chunk);
    settle(tooLarge());
    res.destroy();
  });
  res.on('error', (err) => settle(err));
  res.on('aborted', () => settle(Object.assign(new Error('the response was cut off'), { code: 'ECONNRESET' })));
  res.on('end', () => {
    const raw = new BodyPieces(chunks);
    chunks.length = 0;
    const decoder = coding === '' || coding === 'identity' ? undefined : DECODERS[coding];
    if (!decoder || raw.length === 0) return whole(raw);
    decoder(requireOnDemand('node:zlib') as typeof import('node:zlib'))(raw.bytes(), { maxOutputLength: MAX_ANSWER_BYTES }, (err, out) => {
      if (!err) return whole(new BodyPieces([out]));
      settle((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge() : err);
    });
  });
}

function toResponse(res: IncomingMessage, body: BodyPieces): Response {
  const headers = new HeaderList();
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i]!;
    // The body is handed over decoded, so these would describe bytes it no longer has.
    if (/^(content-encoding|content-length)$/i.test(name)) continue;
    headers.append(name, res.rawHeaders[i + 1]!);
  }
  const status = res.statusCode ?? 502;
  // A Response may not carry a body with these statuses.
  const noBody = status === 204 || status === 205 || status === 304 || status < 200;
  return new ReadResponse(noBody ? null : body, { status, statusText: res.statusMessage ?? '', headers });
}

/** Decodes as the built-in `text()` does: UTF-8, a byte order mark dropped, a bad sequence replaced. */
const UTF8 = new TextDecoder();

/**
 * A Response over a body already read whole (its bytes, decoded from any content coding; null for
 * a status that has none), whose `text()` and `json()` answer from it at once. The built-in
 * Response copies bytes it is given, streams the copy and joins the stream into another copy
 * before decoding: with the socket's chunks and their join, four buffers a page (1.9 MB for a pair
 * of pages of 100 assistants), which outlived the young generation while the next page was awaited
 * and then waited for a full collection (8 MB of them at the end of a plan of 1,000). Whatever else
 * reads the body (`body`, `arrayBuffer()`, `blob()`, `clone()`…) gets a built-in Response over
 * it, made when first asked for: only then is Node's fetch implementation loaded (header-list.ts).
 */
class ReadResponse implements Response {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderList;
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'default' as const;
  readonly url = '';
  /** The body's bytes until its text is taken: a page's text is ~0.8 MB, and the SDK keeps the Response. */
  private given: BodyPieces | null | undefined;
  private readonly noBody: boolean;
  private taken = false;
  private whole: Response | undefined;

  constructor(body: BodyPieces | null, init: { status: number; statusText: string; headers: HeaderList }) {
    this.given = body;
    this.noBody = body === null;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.ok = init.status >= 200 && init.status <= 299;
  }

  /** The built-in Response over the body (none once its text was taken), made once. */
  private built(): Response {
    return (this.whole ??= new Response(this.given?.bytes() ?? null, { status: this.status, statusText: this.statusText, headers: [...this.headers] }));
  }

  private unused(): void {
    if (this.taken || this.whole?.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
  }

  /** The bytes, once: a body read is let go. A status without a body reads as empty, any number of times, as the built-in's does. */
  private take(): BodyPieces {
    if (this.noBody) return new BodyPieces([]);
    this.unused();
    this.taken = true;
    const read = this.given!;
    this.given = undefined;
    return read;
  }

  get body(): Response['body'] {
    return this.noBody ? null : this.built().body;
  }

  get bodyUsed(): boolean {
    return this.taken || (this.whole?.bodyUsed ?? false);
  }

  async text(): Promise<string> {
    return UTF8.decode(this.take().bytes());
  }

  async json(): Promise<unknown> {
    return parseJsonBody(this.take());
  }

  /** A reader other than text() and json(): the built-in Response's, over the same body. */
  private delegated(name: 'arrayBuffer' | 'blob' | 'formData' | 'bytes' | 'clone'): unknown {
    if (this.taken) this.unused();
    const built = this.built() as unknown as Record<typeof name, () => unknown>;
    return built[name].call(built);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.delegated('arrayBuffer') as Promise<ArrayBuffer>;
  }

  blob(): Promise<Blob> {
    return this.delegated('blob') as Promise<Blob>;
  }

  formData(): Promise<FormData> {
    return this.delegated('formData') as Promise<FormData>;
  }

  bytes(): Promise<Uint8Array> {
    return this.delegated('bytes') as Promise<Uint8Array>;
  }

  clone(): Response {
    return this.delegated('clone') as Response;
  }
}
