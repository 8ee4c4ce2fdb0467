// Test fixtures for apply: a definitions directory on disk, the emulator, and a loopback proxy in
// front of it that records every request, so tests can assert the exact bodies that were sent.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { expect } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, TEST_MARKER, type CliResult, type RunOptions } from '../helpers/cli.js';
import { afterTest } from '../helpers/each-test.js';

export const API_KEY = 'sk-test-apply-0123456789';

export interface Workspace {
  root: string;
  /** Writes `assistants/<key>.yaml`. */
  write(key: string, spec: Record<string, unknown>): void;
  remove(key: string): void;
  cleanup(): void;
}

export function workspace(defs: Record<string, Record<string, unknown>> = {}): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'aac-apply-'));
  mkdirSync(join(root, 'assistants'));
  const file = (key: string) => join(root, 'assistants', `${key}.yaml`);
  const ws: Workspace = {
    root,
    write(key, spec) {
      mkdirSync(dirname(file(key)), { recursive: true });
      writeFileSync(file(key), stringify(spec, { lineWidth: 0 }));
    },
    remove: (key) => unlinkSync(file(key)),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [key, spec] of Object.entries(defs)) ws.write(key, spec);
  return ws;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** Set by `fail` to forward this body instead of the one sent (a host that takes less than it is sent). */
  forward?: unknown;
}

export interface Recorder {
  /** The base URL to give the CLI: the emulator's, through the proxy. */
  url: string;
  requests: RecordedRequest[];
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

/** An error answer the proxy gives itself: a status, and the API's message (`injected <status>` when absent), the `param` it blames, and headers of its own. */
type Injected = number | { status: number; message?: string; param?: string; headers?: Record<string, string> };

/**
 * Forwards every request to `target` unchanged and keeps a copy of it. `fail` may answer a request
 * itself with an error status instead (it is still recorded, and never reaches the emulator), or,
 * being async, act on the emulator before the request reaches it (another client's write).
 * `dropQuery`: query parameters forwarded without (a gateway that takes a parameter of the
 * endpoint it is given, in front of an emulator that refuses query parameters it does not know).
 */
export async function recordingProxy(target: string, fail?: (req: RecordedRequest) => Injected | undefined | Promise<Injected | undefined>, { dropQuery = [] as readonly string[] } = {}): Promise<Recorder> {
  const forwarded = (url: string) => {
    if (dropQuery.length === 0) return url;
    const u = new URL(url, 'http://proxy');
    for (const name of dropQuery) u.searchParams.delete(name);
    return `${u.pathname}${u.search}`;
  };
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0],
        headers: req.headers,
        body: raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined,
      };
      requests.push(recorded);
      const injected = await fail?.(recorded);
      if (injected !== undefined) {
        const { status, message = `injected ${status}`, param = null, headers = {} } = typeof injected === 'number' ? { status: injected } : injected;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify({ error: { message, type: 'server_error', param, code: null } }));
        return;
      }
      const sent = recorded.forward === undefined ? raw : Buffer.from(JSON.stringify(recorded.forward));
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: forwarded(req.url ?? '/'), headers: { ...req.headers, host: upstream.host, ...(sent === raw ? {} : { 'content-length': String(sent.length) }) } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      // The emulator's "commit then drop" closes the socket: pass the drop on to the client.
      out.on('error', () => res.destroy());
      out.end(sent);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    requests,
    writes: () => requests.filter((r) => r.method !== 'GET'),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function apiEnv(url: string): Record<string, string> {
  return { OPENAI_BASE_URL: url, OPENAI_API_KEY: API_KEY };
}

/**
 * The command aac printed between backticks right after `lead` in `text` (`aac plan --prune`), as
 * the argv to run it with, `aac` left out: the words are bare (no quoting here). Fails the test
 * when `lead` is not in `text` or no command follows it.
 */
export function printedCommand(text: string, lead: string): string[] {
  const at = text.indexOf(lead);
  expect(at, text).toBeGreaterThanOrEqual(0);
  const command = text.slice(at + lead.length).match(/^`aac ([^`]+)`/)?.[1];
  expect(command, text).toBeDefined();
  return command!.split(' ');
}

/**
 * The two agents backends as a test addresses them: the environment that points aac at an emulator
 * at `url` with `key`, and a minimal definition named `name` in each one's own vocabulary.
 */
export function agentsHosts(key: string) {
  return {
    'openai-agents': {
      env: (url: string) => ({ OPENAI_API_KEY: key, OPENAI_BASE_URL: url }),
      definition: (name: string, instructions: string) => ({ model: 'gpt-5', name, instructions }),
    },
    'foundry-agents': {
      env: (url: string) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: key }),
      definition: (name: string, instructions: string) => ({ name: `agent-${name}`, definition: { kind: 'prompt', model: 'gpt-4o', instructions } }),
    },
  } as const;
}

const WRITE_ROUTES = ['POST /assistants', 'POST /assistants/{id}', 'PATCH /assistants/{id}', 'DELETE /assistants/{id}'];

/** Write calls the emulator answered or dropped, by route (routes with none left out). */
export function writesByRoute(emu: RunningEmulator): Record<string, number> {
  const by = emu.stats().byRoute;
  return Object.fromEntries(WRITE_ROUTES.filter((r) => by[r]).map((r) => [r, by[r]!]));
}

/** Write calls the emulator answered or dropped: creates, modifies and deletes. */
export function writeCount(emu: RunningEmulator): number {
  return Object.values(writesByRoute(emu)).reduce((a, b) => a + b, 0);
}

/** What an apply that changed nothing sends: the namespace's lock it held, made and then deleted. */
export const LOCK_ONLY = { 'POST /assistants': 1, 'DELETE /assistants/{id}': 1 };

/** The stored assistants' marker values (null for unmanaged ones). */
export function markers(emu: RunningEmulator): Array<string | null> {
  return emu.resources().map((a) => ((a.metadata as Record<string, string> | null)?.[TEST_MARKER] ?? null));
}

export interface Harness {
  emu: RunningEmulator;
  ws: Workspace;
  cli(argv: string[], opts?: RunOptions): Promise<CliResult>;
  close(): Promise<void>;
}

/** An emulator and a workspace; `cli` runs aac in the workspace against the emulator. */
export async function harness(defs: Record<string, Record<string, unknown>> = {}, emuOpts: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator({ apiKey: API_KEY, ...emuOpts });
  const ws = workspace(defs);
  return {
    emu,
    ws,
    cli: (argv, opts = {}) => runCli(argv, { cwd: ws.root, ...opts, env: { ...apiEnv(emu.url), ...opts.env } }),
    async close() {
      await emu.close();
      ws.cleanup();
    },
  };
}

/**
 * A harness (its emulator and workspace) and a recordingProxy in front of its emulator answering as
 * `fail` says, both closed after the test (each-test.ts afterTest); the CLI reaches the emulator
 * through the proxy when given `apiEnv(proxy.url)` or an endpoint of its URL.
 */
export async function proxiedHarness(defs: Record<string, Record<string, unknown>>, fail?: Parameters<typeof recordingProxy>[1]): Promise<Harness & { proxy: Recorder }> {
  const h = await harness(defs);
  afterTest(() => h.close());
  const proxy = await recordingProxy(h.emu.url, fail);
  afterTest(() => proxy.close());
  return { ...h, proxy };
}

/**
 * An apply report's text with each group of outcomes said alike (`  + 5 creates, each: why` and
 * its keys on the lines below) written out a line each (`  + key: why`), as the report lists
 * three or fewer: for assertions about every key, whichever way the report lists it.
 */
export function alikeExpanded(text: string): string {
  const out: string[] = [];
  let group: { symbol: string; why: string } | null = null;
  for (const line of text.split('\n')) {
    const head = /^ {2}([+~-]) \d+ (?:creates|updates|deletes), each: (.*)$/.exec(line);
    if (head) {
      group = { symbol: head[1]!, why: head[2]! };
      continue;
    }
    if (group && line.startsWith('      ')) {
      for (const key of line.trim().split(/, ?/).filter(Boolean)) out.push(`  ${group.symbol} ${key}: ${group.why}`);
      continue;
    }
    group = null;
    out.push(line);
  }
  return out.join('\n');
}
