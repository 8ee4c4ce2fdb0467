// A server that answers, but not as the API does, is told in words with the fix: an answer that is
// not JSON (a web page at the endpoint), an answer that stops partway (a proxy cutting it off, a
// stalled server), a redirect (not followed: it would carry the credentials elsewhere). Never a raw
// parser message, never "could not reach" a server that answered, and never a secret.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/backends/registry.js';
import { writeTree, cleanupTrees } from '../desired/helpers.js';
import { runCli } from '../helpers/cli.js';
import { failure, SECRET } from './helpers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  cleanupTrees();
});

/** A loopback server answering every request with `answer`; its base URL (with /v1). */
async function server(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const srv = createServer((req, res) => req.resume().on('end', () => answer(req, res)));
  srv.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => { for (const s of sockets) s.destroy(); srv.close(() => r()); }));
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}/v1`;
}

const plan = async (url: string) => {
  const root = writeTree({
    'assistants/aac.yaml': 'options: { timeout_ms: 300, max_retries: 0 }\n',
    'assistants/a.yaml': 'model: gpt-4o\n',
  });
  const r = await runCli(['plan', '--no-color'], { cwd: root, env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url } });
  expect(r.code).toBe(1);
  expect(r.stdout + r.stderr).not.toContain(SECRET);
  return r.stderr;
};

describe('an answer that is not JSON', () => {
  it.each([
    ['a web page', 'text/html; charset=utf-8', '<html><body>Sign in</body></html>'],
    ['text said to be JSON', 'application/json', 'this is not json at all'],
  ])('%s: says so, with its status and content type, and to check the endpoint', async (_name, type, body) => {
    const url = await server((_req, res) => res.writeHead(200, { 'content-type': type }).end(body));
    const err = await plan(url);
    expect(err).toContain(`listing assistants: the server answered with something that is not JSON (200, ${type})`);
    expect(err).toContain(`check the endpoint ${url} (from OPENAI_BASE_URL)`);
    expect(err).not.toMatch(/Unexpected token|is not valid JSON|must be an object/);
  });

  it("a create's answer unread is an unknown outcome, not a refusal", async () => {
    const url = await server((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'));
    const backend = await createBackend({ config: { provider: 'openai', options: { max_retries: 0 } }, env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url } });
    const err = await failure(backend.create({ model: 'gpt-4o' }, { namespace: 'test', key: 'k' }));
    expect(err.kind).toBe('outcome-unknown');
    expect(err.message).toContain('not JSON (200, text/html)');
    expect(err.message).toContain('it may have been created');
  });
});

describe('an answer that stops partway', () => {
  it('stalled after its headers: the server stopped sending, not "could not reach"', async () => {
    const url = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"object":');
    });
    const err = await plan(url);
    expect(err).toMatch(/listing assistants: the server stopped sending its answer partway: idle for \d+ ms when options\.timeout_ms \(300 ms, in aac\.yaml\) ran out/);
    expect(err).toContain('a proxy before the API may be cutting answers off');
    expect(err).not.toContain('could not reach');
  });

  it('still arriving a byte every 50 ms when the limit ran out: it did not finish in time, it did not stop', async () => {
    const url = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write(' ')), 50);
      res.on('close', () => clearInterval(drip));
    });
    const err = await plan(url);
    expect(err).toMatch(/listing assistants: the server did not finish sending its answer within 300 ms \(options\.timeout_ms in aac\.yaml\): it was still sending, the last of it \d+ ms before\n  raise options\.timeout_ms in aac\.yaml/);
    expect(err).not.toContain('stopped sending');
  });

  it('cut off: the same words', async () => {
    const url = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"object":', () => res.socket?.destroy());
    });
    const err = await plan(url);
    expect(err).toContain('listing assistants: the server stopped sending its answer partway');
    expect(err).not.toContain('could not reach');
  });

  it('a server that sends nothing at all took the connection: it is running but slow, not one that could not be reached', async () => {
    const url = await server(() => undefined);
    const err = await plan(url);
    expect(err).toContain('answered nothing within 300 ms (options.timeout_ms in aac.yaml): it took the connection, so it is running but slow\n  raise options.timeout_ms in aac.yaml');
    expect(err).not.toContain('could not reach');
  });
});

describe('a redirect', () => {
  it('names where it points (without its query) and to set the endpoint there; it is not followed', async () => {
    let followed = 0;
    const target = await server((_req, res) => { followed++; res.writeHead(200, { 'content-type': 'application/json' }).end('{}'); });
    const url = await server((_req, res) => res.writeHead(302, { location: `${target}/assistants?sig=${SECRET}` }).end());
    const err = await plan(url);
    expect(err).toContain(`listing assistants: the server redirected the request (302) to ${target}/assistants (its query left out), and aac does not follow redirects; set OPENAI_BASE_URL to the address it redirects to`);
    expect(err).not.toContain('refused');
    expect(followed).toBe(0);
  });
});

describe('an https:// endpoint at a server that speaks plain HTTP', () => {
  it('says the server did not answer TLS and to try http://, at the first attempt, without OpenSSL\'s internals', async () => {
    // Each attempt is a TLS handshake on a connection of its own: the connections count them.
    let connections = 0;
    const srv = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    srv.on('connection', () => connections++);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => srv.close(() => r())));
    const host = `127.0.0.1:${(srv.address() as AddressInfo).port}`;
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n' });
    const r = await runCli(['plan', '--no-color'], { cwd: root, env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: `https://${host}/v1` } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`listing assistants: ${host} did not answer TLS: it may serve plain HTTP, and then the endpoint is http://${host}/v1; the endpoint https://${host}/v1 comes from OPENAI_BASE_URL`);
    expect(r.stderr).not.toMatch(/SSL routines|EPROTO|openssl|\\u000a|attempts/);
    expect(connections).toBe(1);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
});
