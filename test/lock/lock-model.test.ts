// The lock object's model, on every kind of backend: a host that lacks the model the first
// definition names (a typo, a Foundry deployment not yet made) must not block the whole apply at
// the lock. The lock takes a model the host accepts — a live resource's of the namespace, else the
// next model the definitions name — and the definition the host refuses fails as its own resource;
// when the host refuses every model, the run says which files and models, the host's words and the
// fix, and makes nothing. Through the real CLI against the emulator in --strict, told which models
// (deployments) it has.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { credentialOf, envFor, SECRET, TOKEN } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { recordingProxy, workspace, type Recorder, type Workspace } from '../apply/helpers.js';

interface Host {
  /** The environment a user sets to reach `url`. */
  env(url: string): Record<string, string>;
  /** The smallest definition named `name` (as the host names it, `named`) with `model`. */
  definition(name: string, model: string): Record<string, unknown>;
  named(name: string): string;
  /** The model a lock create carries in its body. */
  modelOf(body: unknown): unknown;
  /** The one model the host has. */
  good: string;
  /** The kind's noun, as a lock error names its object. */
  one: string;
}

const assistants = (provider: 'openai' | 'foundry'): Host => ({
  env: (url) => envFor(provider, url, credentialOf(provider)),
  definition: (name, model) => ({ model, name }),
  named: (name) => name,
  modelOf: (body) => (body as { model?: unknown }).model,
  good: 'gpt-4o',
  one: 'an assistant',
});

const HOSTS: Record<string, Host> = {
  openai: assistants('openai'),
  foundry: assistants('foundry'),
  'openai-agents': {
    env: (url) => ({ OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url }),
    definition: (name, model) => ({ model, name }),
    named: (name) => name,
    modelOf: (body) => (body as { model?: unknown }).model,
    good: 'gpt-5',
    one: 'an agent',
  },
  'foundry-agents': {
    env: (url) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: TOKEN }),
    // Foundry addresses an agent by its name: letters, digits and inner hyphens.
    definition: (name, model) => ({ name: `agent-${name.toLowerCase()}`, definition: { kind: 'prompt', model } }),
    named: (name) => `agent-${name.toLowerCase()}`,
    modelOf: (body) => (body as { definition?: { model?: unknown } }).definition?.model,
    good: 'gpt-4o',
    one: 'an agent',
  },
};

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

/** `provider`'s emulator in --strict that has only `host.good`, behind a recording proxy, and a workspace of `defs`. */
async function setUp(provider: string, defs: Record<string, Record<string, unknown>>): Promise<{ emu: RunningEmulator; proxy: Recorder; ws: Workspace }> {
  const host = HOSTS[provider]!;
  const apiKey = provider === 'foundry' || provider === 'foundry-agents' ? TOKEN : SECRET;
  const emu = await startEmulator({ provider, apiKey, strict: true, models: [host.good] });
  open.push(emu);
  const proxy = await recordingProxy(emu.url);
  open.push(proxy);
  const ws = workspace(defs);
  open.push(ws);
  return { emu, proxy, ws };
}

/** The models of the lock objects' creates, in the order sent. */
const lockCreates = (proxy: Recorder, host: Host) =>
  proxy.requests.filter((r) => r.method === 'POST' && String((r.body as { name?: unknown } | undefined)?.name).startsWith('aac-lock-')).map((r) => host.modelOf(r.body));

describe.each(Object.keys(HOSTS))('the lock\'s model with --provider %s', (provider) => {
  const host = HOSTS[provider]!;
  const cli = (ws: Workspace, url: string, ...argv: string[]) => runCli([...argv, '--provider', provider], { cwd: ws.root, env: host.env(url) });

  it('a first file whose model the host lacks: the lock takes the next model, the rest apply, that file fails as its own', async () => {
    const { emu, proxy, ws } = await setUp(provider, {
      a: host.definition('A', 'gpt-4x-typo'),
      b: host.definition('B', host.good),
      c: host.definition('C', host.good),
    });
    const r = await cli(ws, proxy.url, 'apply', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('could not take the lock');
    // The lock was made with the next distinct model, after the host refused the first.
    expect(lockCreates(proxy, host)).toEqual(['gpt-4x-typo', host.good]);
    // The others are made; the lock object is gone; the refused definition is its own failure.
    expect(emu.resources().map((x) => x.name).sort()).toEqual([host.named('B'), host.named('C')]);
    expect(r.stdout + r.stderr).toContain("'gpt-4x-typo' does not exist");
  });

  it('a namespace with a live resource: after a refused model the lock takes the live one, the host having made it', async () => {
    const { emu, proxy, ws } = await setUp(provider, { a: host.definition('A', host.good) });
    expect((await cli(ws, proxy.url, 'apply', '--yes')).code).toBe(0);
    // Every definition now names a model the host lacks: only the live resource's is accepted.
    ws.write('a', host.definition('A', 'gpt-4x-typo'));
    ws.write('b', host.definition('B', 'gpt-4y-typo'));
    const before = proxy.requests.length;
    const r = await cli(ws, proxy.url, 'apply', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('could not take the lock');
    expect(lockCreates({ ...proxy, requests: proxy.requests.slice(before) }, host)).toEqual(['gpt-4x-typo', host.good]);
    // Both writes were tried and refused for their model; nothing else is left on the host.
    expect(r.stdout + r.stderr).toContain("'gpt-4x-typo' does not exist");
    expect(r.stdout + r.stderr).toContain("'gpt-4y-typo' does not exist");
    expect(emu.resources().map((x) => x.name)).toEqual([host.named('A')]);
  });

  it('a fleet whose every model the host lacks: one error naming the files and models tried, the host\'s words and the fix; nothing made', async () => {
    const { emu, proxy, ws } = await setUp(provider, {
      a: host.definition('A', 'gpt-4x-typo'),
      b: host.definition('B', 'gpt-4y-typo'),
      c: host.definition('C', 'gpt-4x-typo'),
    });
    const r = await cli(ws, proxy.url, 'apply', '--yes');
    expect(r.code).toBe(1);
    // Each distinct model tried once, in the files' order.
    expect(lockCreates(proxy, host)).toEqual(['gpt-4x-typo', 'gpt-4y-typo']);
    expect(r.stderr).toContain(`Error: could not take the lock on the namespace 'test': the host refused the model of every lock object aac tried (the lock is ${host.one} aac makes for the run, with a model the host has), so nothing was applied:`);
    expect(r.stderr).toMatch(/'gpt-4x-typo' \(named by assistants\/a\.yaml and assistants\/c\.yaml\): [^\n]*'gpt-4x-typo' does not exist/);
    expect(r.stderr).toMatch(/'gpt-4y-typo' \(named by assistants\/b\.yaml\): [^\n]*'gpt-4y-typo' does not exist/);
    expect(r.stderr).toContain('correct the model in those files, or create it on the host');
    expect(r.stderr).toContain('-lock=false');
    expect(emu.resources()).toEqual([]);
    expect(proxy.writes().every((w) => w.method === 'POST' && lockCreates({ ...proxy, requests: [w] }, host).length === 1)).toBe(true);
  });
});

// Azure answers a model (a deployment name) the resource has no deployment of with a 404 coded
// DeploymentNotFound, not a 400 naming the field (lock-model.ts refusesModel gives its source).
describe('a host answering a missing deployment 404 DeploymentNotFound (Azure)', () => {
  const host = HOSTS.foundry!;
  const MISSING = 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';

  /** Azure in front of the emulator: a create naming a model other than `host.good` is answered as Azure answers it. */
  async function azure(defs: Record<string, Record<string, unknown>>): Promise<{ emu: RunningEmulator; proxy: Recorder; ws: Workspace; url: string }> {
    const emu = await startEmulator({ provider: 'foundry', apiKey: TOKEN });
    open.push(emu);
    const proxy = await recordingProxy(emu.url);
    open.push(proxy);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const model = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as { model?: unknown }).model : undefined;
        if (req.method === 'POST' && model !== undefined && model !== host.good) {
          res.writeHead(404, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: { code: 'DeploymentNotFound', message: MISSING } }));
        }
        const to = new URL(proxy.url);
        const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        out.on('error', () => res.destroy());
        out.end(raw);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const ws = workspace(defs);
    open.push(ws);
    const url = new URL(proxy.url);
    url.port = String((server.address() as AddressInfo).port);
    return { emu, proxy, ws, url: url.href.replace(/\/$/, '') };
  }
  const cli = (ws: Workspace, url: string, ...argv: string[]) => runCli([...argv, '--provider', 'foundry'], { cwd: ws.root, env: host.env(url) });

  it('a first file naming a deployment the resource lacks: the lock takes the next model, the rest apply', async () => {
    const { emu, proxy, ws, url } = await azure({ a: host.definition('A', 'gpt-4x-typo'), b: host.definition('B', host.good) });
    const r = await cli(ws, url, 'apply', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('could not take the lock');
    // The refused create never reached the emulator: only the accepted lock create did.
    expect(lockCreates(proxy, host)).toEqual([host.good]);
    expect(emu.resources().map((x) => x.name)).toEqual([host.named('B')]);
    expect(r.stdout + r.stderr).toContain('The API deployment for this resource does not exist');
    // Said as the model's, with the fix: not the route's ("the server may serve another API").
    expect(r.stdout + r.stderr).toContain("the model it names is no deployment of this resource: set `model:` to one of the resource's deployment names");
    expect(r.stdout + r.stderr).not.toContain('may serve another API');
  });

  it('every deployment missing: the one lock error naming each model, the host\'s words, and the fix', async () => {
    const { emu, ws, url } = await azure({ a: host.definition('A', 'gpt-4x-typo'), b: host.definition('B', 'gpt-4y-typo') });
    const r = await cli(ws, url, 'apply', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: could not take the lock on the namespace 'test': the host refused the model of every lock object aac tried");
    expect(r.stderr).toMatch(/'gpt-4x-typo' \(named by assistants\/a\.yaml\): [^\n]*The API deployment for this resource does not exist/);
    expect(r.stderr).toMatch(/'gpt-4y-typo' \(named by assistants\/b\.yaml\): [^\n]*The API deployment for this resource does not exist/);
    expect(r.stderr).toContain('on Azure AI Foundry, a model deployment of that name');
    expect(emu.resources()).toEqual([]);
  });
});
