// A server that echoes the credential it was sent base64-encoded — the `Basic` header it got
// (base64 of `user:KEY`, RFC 7617), or the key encoded in its error body, standard or URL-safe —
// has it redacted in every line aac prints (util/redact.ts base64Forms), as the key itself is.
// Through the CLI against a loopback host.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { workspace, type Workspace } from '../apply/helpers.js';
import { redact } from '../../src/util/redact.js';

const KEY = 'sk-test-base64-echo-0123456789abcdef';
const b64 = (text: string, encoding: 'base64' | 'base64url' = 'base64') => Buffer.from(text, 'utf8').toString(encoding);
/** Each encoded form a host may echo: Basic with users of each length modulo 3, the key as user, the key alone. */
const ECHOES = [b64(`user:${KEY}`), b64(`ab:${KEY}`), b64(`a:${KEY}`), b64(`:${KEY}`), b64(`${KEY}:`), b64(KEY), b64(KEY, 'base64url'), b64(`x?${KEY}>`, 'base64url')];

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

describe('a key echoed base64-encoded is redacted', () => {
  it('in a 401 body quoting the Basic header and the encoded key: no form of it in the output', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Invalid credentials: got Basic ${ECHOES.join(', Basic ')}`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const ws = workspace({ a: { model: 'gpt-4o' } });
    open.push(ws);
    const r = await runCli(['plan', '--debug'], { cwd: ws.root, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` } });
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('Invalid credentials: got Basic ');
    for (const echo of ECHOES) {
      // Any run of 12 of its characters would be a part of it a reader could take apart.
      for (let at = 0; at + 12 <= echo.length; at += 4) expect(out, echo).not.toContain(echo.slice(at, at + 12));
    }
    expect(out.match(/\[redacted\]/g)?.length ?? 0).toBeGreaterThanOrEqual(ECHOES.length);
  });

  it('text with no form of a secret is left as it is, and a short secret is not looked for encoded', () => {
    expect(redact('Basic dXNlcjpwYXNz and plain words', [KEY])).toBe('Basic dXNlcjpwYXNz and plain words');
    expect(redact(`Basic ${b64('u:abc')}`, ['abc'])).toBe(`Basic ${b64('u:abc')}`);
  });
});
