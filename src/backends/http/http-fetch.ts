// The `fetch` the transport gives the SDK: node:http(s) with keep-alive agents instead of Node's
// built-in fetch, for the requests the SDK makes (a string body or none). An apply of 1,000 writes
// spent about half its client CPU in the built-in fetch's web streams and async bookkeeping
// (0.5 ms a request against 0.12 ms here, measured on loopback), more than the 50 ms / 16 a wave
// of writes leaves each one. Anything else (a Request object, a stream or form body) goes to the
// built-in fetch unchanged.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// One connection pool per protocol for the process, as the built-in fetch keeps one.
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

type Decoder = (buf: Buffer, cb: (err: Error | null, out: Buffer) => void) => void;

/**
 * Content codings offered, as the built-in fetch offers them, and how each is undone (off the main
 * thread). node:zlib is imported at the first encoded response, not before the first request
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

/**
 * `fetch(url, init)` for a string, buffer or absent body: the whole response body is read before
 * the Response is returned. A network failure rejects as the built-in fetch does, with
 * `TypeError('fetch failed')` whose `cause` is the socket's error (its `code` intact); an abort
 * rejects with the signal's reason.
 */
export function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const body = init.body;
  const plainBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
  if (input instanceof Request || !plainBody) return globalThis.fetch(input, init);
  const url = new URL(input);
  const protocol = url.protocol as keyof typeof agents;
  if (!(protocol in agents)) return globalThis.fetch(input, init);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortError(signal));

  const headers: Record<string, string> = {};
  for (const [name, value] of new Headers(init.headers)) headers[name] = value;
  headers['accept-encoding'] ??= ACCEPT_ENCODING;
  const payload = body === undefined || body === null ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
  if (payload) headers['content-length'] = String(payload.byteLength);

  return new Promise<Response>((resolve, reject) => {
    const send = protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: init.method ?? 'GET', headers, agent: agents[protocol] }, (res) => {
      readBody(res).then(
        (buf) => resolve(toResponse(res, buf)),
        (err: unknown) => reject(signal?.aborted ? abortError(signal) : new TypeError('fetch failed', { cause: err })),
      );
    });
    const onAbort = () => req.destroy(abortError(signal!) as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', onAbort));
    req.on('error', (err) => reject(signal?.aborted ? abortError(signal) : new TypeError('fetch failed', { cause: err })));
    req.end(payload);
  });
}

/** The body, decoded from its content coding. */
function readBody(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('aborted', () => reject(Object.assign(new Error('the response was cut off'), { code: 'ECONNRESET' })));
    res.on('end', () => {
      const raw = Buffer.concat(chunks);
      const decoder = DECODERS[(res.headers['content-encoding'] ?? '').trim().toLowerCase()];
      if (!decoder || raw.length === 0) return resolve(raw);
      import('node:zlib').then((zlib) => decoder(zlib)(raw, (err, out) => (err ? reject(err) : resolve(out))), reject);
    });
  });
}

function toResponse(res: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i]!;
    // The body is handed over decoded, so these would describe bytes it no longer has.
    if (/^(content-encoding|content-length)$/i.test(name)) continue;
    headers.append(name, res.rawHeaders[i + 1]!);
  }
  const status = res.statusCode ?? 502;
  // A Response may not carry a body with these statuses.
  const noBody = status === 204 || status === 205 || status === 304 || status < 200;
  return new Response(noBody ? null : body, { status, statusText: res.statusMessage ?? '', headers });
}
