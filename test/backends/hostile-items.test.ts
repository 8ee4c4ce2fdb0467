// A host that answers a success whose items are not the API's objects — a list page holding null,
// a number or an object without its id, a version listed that is no version — is refused in words
// naming the item and what to check (a write answered so is read back: test/apply/unreadable-write-answer.test.ts), on every backend, before any later stage
// reads it: never an internal error ("Cannot read properties of null"), never a resource read as
// one named "undefined"; so is an item whose governed field is of another JSON type than the API
// sends (`metadata: null`), which would be read as the field's default. An error answer's own text (a proxy's page of a megabyte) is quoted up to a
// bound, redacted before it is cut; an answer larger than aac reads (a gzip bomb too) is refused in
// words, once. The real emulator answers; a proxy in front rewrites its answers.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES } from '../../src/backends/http/http-fetch.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runCli } from '../helpers/cli.js';
import { SECRET, TOKEN } from './helpers.js';
import { recordingProxy } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  cleanupTrees();
});

/** A raw answer sent as it is, its headers given (a gzip body, one larger than aac reads). */
class Raw {
  constructor(readonly body: Buffer, readonly headers: Record<string, string> = {}) {}
}

type Rewrite = (method: string, path: string, body: unknown) => unknown;

/** Forwards to `target` (the emulator's base URL); a JSON answer `rewrite` returns something else for is sent as that instead. */
async function rewritingProxy(target: string, rewrite: Rewrite): Promise<string> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          const got: Buffer[] = [];
          up.on('data', (c: Buffer) => got.push(c));
          up.on('end', () => {
            const text = Buffer.concat(got).toString('utf8');
            const path = (req.url ?? '').split('?')[0]!;
            const replaced = up.statusCode === 200 || up.statusCode === 201 ? rewrite(req.method ?? 'GET', path, JSON.parse(text)) : undefined;
            const sent = replaced instanceof Raw ? replaced.body : Buffer.from(replaced === undefined ? text : JSON.stringify(replaced));
            const headers = replaced instanceof Raw ? replaced.headers : {};
            res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json', 'content-length': String(sent.length), ...headers });
            res.end(sent);
          });
        },
      );
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push({ close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname.replace(/\/$/, '')}`;
}

interface Host {
  start(): Promise<RunningEmulator>;
  env(url: string): Record<string, string>;
  files: Record<string, string>;
  /** The list path whose pages are rewritten, and what the error calls its items. */
  list: string;
  noun: string;
  what: string;
}

const HOSTS: Record<string, Host> = {
  openai: {
    start: () => startEmulator({ provider: 'openai', apiKey: SECRET }),
    env: (url) => ({ OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url }),
    files: { 'assistants/aac.yaml': 'provider: openai\noptions: { max_retries: 0 }\n', 'assistants/a.yaml': 'model: gpt-4o\n' },
    list: '/assistants',
    noun: "an assistant (an object with a string 'id' and a number 'created_at')",
    what: 'listing assistants',
  },
  'openai-agents': {
    start: () => startEmulator({ provider: 'openai-agents', apiKey: SECRET }),
    env: (url) => ({ OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url }),
    files: { 'assistants/aac.yaml': 'provider: openai-agents\noptions: { max_retries: 0 }\n', 'assistants/a.yaml': 'name: a\nmodel: gpt-5\n' },
    list: '/agents',
    noun: "an agent (an object with a string 'id' and a number 'created_at')",
    what: 'listing agents',
  },
  'foundry-agents': {
    start: () => startEmulator({ provider: 'foundry-agents', apiKey: TOKEN }),
    env: (url) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: TOKEN }),
    files: { 'assistants/aac.yaml': 'provider: foundry-agents\noptions: { max_retries: 0 }\n', 'assistants/a.yaml': 'name: agent-a\ndefinition: { kind: prompt, model: gpt-4o }\n' },
    list: '/agents',
    noun: "an agent (an object with a string 'id' and a string 'name')",
    what: 'listing agents',
  },
};

describe.each(Object.entries(HOSTS))('%s: a list page whose items are not the API\'s objects', (_provider, host) => {
  it.each([
    ['null', [null], 'null at data[0]'],
    ['a number after a real item', 'keep-then-5', 'a number at data[1]'],
    ['an object without its id', [{ object: 'x' }], 'an object without a string'],
    // A request's path made of it is another path: `DELETE …/assistants/..` is sent as `DELETE …/v1/`.
    ['a copy whose id is a dot segment', 'keep-then-dotdot', "an object whose 'id' is '..' (no request's path can name it) at data[1]"],
    ['an item whose id is empty', 'keep-then-empty', "an object whose 'id' is '' (no request's path can name it) at data[1]"],
    // Named in every message about the item (a copy, a name taken): each a line of a megabyte.
    ['an item whose id is a megabyte', 'keep-then-long', "an object whose 'id' is 1,000,000 characters long (longer than any the API gives, 1,024 at most) at data[1]"],
  ])('%s: refused naming the item and what to check, never an internal error', async (_name, data, said) => {
    const emu = await host.start();
    open.push(emu);
    const root = writeTree(host.files);
    const env = host.env(emu.url);
    // One real item on the host, so the page is the emulator's own with one item changed.
    expect((await runCli(['apply', '--yes', '--no-color'], { cwd: root, env })).code).toBe(0);
    const url = await rewritingProxy(emu.url, (method, path, body) => {
      if (method !== 'GET' || !path.endsWith(host.list)) return undefined;
      const page = body as { data: unknown[] };
      const extra: Record<string, unknown> = { 'keep-then-5': 5, 'keep-then-dotdot': { ...(page.data[0] as object), id: '..' }, 'keep-then-empty': { ...(page.data[0] as object), id: '' }, 'keep-then-long': { ...(page.data[0] as object), id: 'x'.repeat(1_000_000), name: 'x'.repeat(1_000_000) } };
      return { ...page, data: typeof data === 'string' ? [...page.data, extra[data]] : data };
    });
    const r = await runCli(['plan', '--no-color'], { cwd: root, env: host.env(url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: ${host.what}: the server's list page holds ${said}`);
    expect(r.stderr).toContain(`not ${host.noun}`);
    expect(r.stderr).toContain('check that the endpoint is the API itself: a gateway or proxy in between may be rewriting its answers');
    expect(r.stderr).not.toMatch(/internal error|Cannot read properties|undefined/);
  });
});

/** Each value of `metadata` (the marker's among them) made `value`: read as a string, a number crashed the plan ("s.replace is not a function"). */
const everyValue = (metadata: unknown, value: unknown) => {
  const map = metadata as Record<string, unknown>;
  for (const key of Object.keys(map)) map[key] = value;
};
const latest = (a: Record<string, unknown>) => (a.versions as { latest: Record<string, unknown> }).latest;

/** Per host: a governed field of its listed items given a value of another JSON type, and how the error names it. */
const MISTYPED: Record<string, Array<[string, (item: Record<string, unknown>) => void, string]>> = {
  openai: [
    ['metadata a string', (a) => { a.metadata = 'x'; }, "'metadata' is a string, where the API sends an object or null"],
    ['tools an object', (a) => { a.tools = { type: 'code_interpreter' }; }, "'tools' is an object, where the API sends a list or null"],
    // openapi.yaml `Metadata`: `additionalProperties: {type: string}`.
    ['a metadata value a number', (a) => everyValue(a.metadata, 5), `'metadata["aac@test"]' is a number, where the API sends a string`],
    ['a metadata value a boolean', (a) => everyValue(a.metadata, true), `'metadata["aac@test"]' is a boolean, where the API sends a string`],
    ['a metadata value an object', (a) => everyValue(a.metadata, {}), `'metadata["aac@test"]' is an object, where the API sends a string`],
  ],
  'openai-agents': [
    ['metadata null', (a) => { a.metadata = null; }, "'metadata' is null, where the API sends an object"],
    ['tools a string', (a) => { a.tools = 'x'; }, "'tools' is a string, where the API sends a list"],
    ['reasoning a number', (a) => { a.reasoning = 5; }, "'reasoning' is a number, where the API sends an object"],
    ['a metadata value a number', (a) => everyValue(a.metadata, 5), `'metadata["aac@test"]' is a number, where the API sends a string`],
    ['a metadata value null', (a) => everyValue(a.metadata, null), `'metadata["aac@test"]' is null, where the API sends a string`],
  ],
  'foundry-agents': [
    ['the latest version\'s metadata a number', (a) => { ((a.versions as { latest: Record<string, unknown> }).latest).metadata = 5; }, "'versions.latest.metadata' is a number, where the API sends an object or null"],
    // Read as the key `'7'` it planned `moved_from: [7]`.
    ['the latest version\'s metadata value a number', (a) => everyValue(latest(a).metadata, 7), `'versions.latest.metadata["aac@test"]' is a number, where the API sends a string`],
    ['the latest version\'s definition a string', (a) => { ((a.versions as { latest: Record<string, unknown> }).latest).definition = 'x'; }, "'versions.latest.definition' is a string, where the API sends an object"],
  ],
};

describe.each(Object.entries(HOSTS))("%s: a listed item whose governed field is of another type than the API's", (provider, host) => {
  // Read as the field's default, such a value hid a difference from the plan, or, the marker
  // unread, planned a second resource beside the one aac manages: refused, naming the field.
  it.each(MISTYPED[provider]!)('%s: the plan is refused naming the field and what the API sends, nothing planned from it', async (_name, corrupt, said) => {
    const emu = await host.start();
    open.push(emu);
    const root = writeTree(host.files);
    expect((await runCli(['apply', '--yes', '--no-color'], { cwd: root, env: host.env(emu.url) })).code).toBe(0);
    const url = await rewritingProxy(emu.url, (method, path, body) => {
      if (method !== 'GET' || !path.endsWith(host.list)) return undefined;
      const page = body as { data: Array<Record<string, unknown>> };
      for (const item of page.data) corrupt(item);
      return page;
    });
    const r = await runCli(['plan', '--no-color'], { cwd: root, env: host.env(url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: ${host.what}: the server's list page holds ${host.noun.split(' (')[0]} at data[0] whose ${said}`);
    expect(r.stderr).toContain('check that the endpoint is the API itself');
    expect(r.stdout).not.toContain('to create');
  });
});

describe('foundry-agents: a versions page whose items are not versions', () => {
  it('a version listed that is not a version is refused by name, not read as version "undefined"', async () => {
    const emu = await HOSTS['foundry-agents']!.start();
    open.push(emu);
    const root = writeTree({ ...HOSTS['foundry-agents']!.files, 'assistants/aac.yaml': 'provider: foundry-agents\nretain_versions: 1\noptions: { max_retries: 0 }\n' });
    const env = HOSTS['foundry-agents']!.env(emu.url);
    expect((await runCli(['apply', '--yes', '--no-color'], { cwd: root, env })).code).toBe(0);
    const url = await rewritingProxy(emu.url, (method, path, body) => (method === 'GET' && path.endsWith('/versions') ? { ...(body as object), data: [{ object: 'agent.version' }] } : undefined));
    const r = await runCli(['plan', '--no-color'], { cwd: root, env: HOSTS['foundry-agents']!.env(url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the server's list page holds an object without a string 'id' at data[0], not an agent version");
    expect(r.stderr).not.toMatch(/internal error|undefined/);
  });
});

describe("a host's error text is quoted up to a bound, never whole", () => {
  // 1,000 characters of the host's own text (http/transport.ts HOST_TEXT_MAX), then how much was cut.
  const LONG = 200_000;

  it.each([
    ['a 400 whose message and param are a proxy page', 400, "the API refused the request (param 'p"],
    ['a 502 whose message is a proxy page', 502, 'server error (502): '],
  ])('%s: the error says how much it left out, and a credential at the cut is redacted whole', async (_name, status, said) => {
    const emu = await HOSTS['foundry-agents']!.start();
    open.push(emu);
    // The token straddles the cut: redacted before the cut, none of it is left.
    const message = `${'x'.repeat(990)}${TOKEN}${'y'.repeat(LONG)}`;
    const proxy = await recordingProxy(emu.url, (req) => (req.method === 'GET' ? { status, message, param: `p${'q'.repeat(LONG)}` } : undefined));
    open.push(proxy);
    const root = writeTree(HOSTS['foundry-agents']!.files);
    const r = await runCli(['plan', '--no-color'], { cwd: root, env: HOSTS['foundry-agents']!.env(proxy.url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`listing agents: ${said}`);
    expect(r.stderr).toContain(`${'x'.repeat(990)}[redacted]…(200,000 more characters)`);
    expect(r.stderr).not.toContain(TOKEN.slice(0, 10));
    expect(r.stderr.length).toBeLessThan(4_000);
  });
});

describe('an answer larger than aac reads', () => {
  // Blanks inside a JSON string: a valid page, were it read whole. Its three parts, the blanks one
  // MiB repeated: the bomb is compressed from them as they come, never from a page made whole.
  const BLANKS = Buffer.alloc(2 ** 20, ' ');
  const parts = (bytes: number) => [Buffer.from('{"data":[],"has_more":false,"pad":"'), ...Array<Buffer>(bytes / BLANKS.length).fill(BLANKS), Buffer.from('"}')];
  /** The page written once into one buffer (joining parts made whole would copy its 128 MiB again). */
  const page = (bytes: number) => {
    const list = parts(bytes);
    const whole = Buffer.allocUnsafe(list.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of list) at += part.copy(whole, at);
    return whole;
  };
  /** The page gzip-compressed as one stream: small on the wire. */
  const gzipped = async (bytes: number) => {
    const gzip = createGzip({ level: 1 });
    const out: Buffer[] = [];
    gzip.on('data', (chunk: Buffer) => out.push(chunk));
    const ended = new Promise((r) => gzip.on('end', r));
    for (const part of parts(bytes)) gzip.write(part);
    gzip.end();
    await ended;
    return Buffer.concat(out);
  };

  it.each([
    ['as sent', async () => new Raw(page(MAX_ANSWER_BYTES))],
    ['once decoded: a gzip bomb, small on the wire', async () => new Raw(await gzipped(MAX_ANSWER_BYTES), { 'content-encoding': 'gzip' })],
  ])('%s: refused in words, once, not retried, never read whole', async (_name, answer) => {
    const emu = await HOSTS['foundry-agents']!.start();
    open.push(emu);
    const root = writeTree({ ...HOSTS['foundry-agents']!.files, 'assistants/aac.yaml': 'provider: foundry-agents\noptions: { max_retries: 2 }\n' });
    let listings = 0;
    const bomb = await answer();
    const url = await rewritingProxy(emu.url, (method, path) => {
      if (method !== 'GET' || !path.endsWith('/agents')) return undefined;
      listings++;
      return bomb;
    });
    const r = await runCli(['plan', '--no-color'], { cwd: root, env: HOSTS['foundry-agents']!.env(url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: listing agents: the server's answer is larger than ${MAX_ANSWER_BYTES / 2 ** 20} MiB, the most aac reads of one answer; check the endpoint ${url}`);
    expect(r.stderr).not.toMatch(/partway|ECONNRESET|AAC_ANSWER_TOO_LARGE|internal error/);
    expect(listings).toBe(1);
  });
});
