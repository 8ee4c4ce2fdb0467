// Transient failures against the emulator's faults: retried where that is safe, never for a
// create whose response was lost, and a shared gate after a 429.
import { afterEach, describe, expect, it } from 'vitest';
import { AssistantsBackend } from '../../src/backends/assistants/assistants-backend.js';
import { PROFILES } from '../../src/backends/assistants/profiles.js';
import { Transport } from '../../src/backends/http/transport.js';
import { createBackend } from '../../src/backends/registry.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { TEST_MARKER as MARKER_KEY } from '../helpers/cli.js';
import { connect, credentialOf, emulator, envFor, failure, SECRET, seedMany } from './helpers.js';
import type { ProviderName } from '../../src/backends/assistants/providers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('retries', () => {
  it('reads every page although a quarter of the requests fail with 500/503', async () => {
    // Seed 9: the dice fail the first two requests, so the test always sees retries.
    emu = await emulator('openai', { errorRate: 0.25, seed: 9 });
    const ids = seedMany(emu, 250);
    const { backend, debug } = await connect(emu, { max_retries: 8 });
    expect((await backend.listAll()).map((a) => a.id)).toEqual(ids);
    const faults = emu.stats().faults.error ?? 0;
    expect(faults).toBeGreaterThan(0);
    expect(backend.stats.retries).toBe(faults);
    // Every request the server saw was sent; one the walk cancelled once its cursors met may not have reached it.
    const cancelled = debug.filter((l) => l.includes('→ cancelled (no longer needed)')).length;
    expect(emu.stats().total).toBeLessThanOrEqual(backend.stats.requests);
    expect(emu.stats().total).toBeGreaterThanOrEqual(backend.stats.requests - cancelled);
    expect(debug.some((l) => / → 50[03] .*attempt 1/.test(l))).toBe(true);
    expect(debug.some((l) => / → 200 .*attempt [2-9]/.test(l))).toBe(true);
  });

  it('gives up with a server error after max_retries, naming the attempts', async () => {
    emu = await emulator('openai', { errorRate: 1 });
    const { backend } = await connect(emu, { max_retries: 1 });
    const err = await failure(backend.listAll());
    expect(err.kind).toBe('server');
    expect(err.message).toContain('after 2 attempts');
    expect(emu.stats().total).toBe(2);
  });

  it('gives up on a write whose answer was lost and whose retry found the host gone, naming the attempts', async () => {
    // The update is made and its answer dropped; the emulator then stops, so the retry is refused.
    let stopped: Promise<void> | undefined;
    emu = await emulator('openai', {
      onAnswered: ({ outcome }) => {
        if (outcome.startsWith('dropped')) stopped ??= emu!.close();
      },
    });
    const [id] = emu.seed([{ model: 'gpt-4o', metadata: { [MARKER_KEY]: 'k' } }]).map((a) => a.id as string);
    const { backend, debug } = await connect(emu, { max_retries: 3 });
    emu.setFaults({ commitThenDropRate: 1 });
    const err = await failure(backend.update(id!, { name: 'n' }, { namespace: 'test', key: 'k' }));
    await stopped;
    emu = undefined;
    expect(err.kind).toBe('outcome-unknown');
    // As many as the transport sent: the dropped one and each refused after it.
    const sent = debug.filter((l) => l.startsWith('[debug] POST ')).length;
    expect(sent).toBeGreaterThan(1);
    expect(err.message).toContain(`an earlier attempt's answer was lost, then the host could not be reached`);
    expect(err.message).toContain(`after ${sent} attempts`);
  });

  it('retries an update and a delete through 5xx', async () => {
    emu = await emulator('openai', { seed: 9 });
    const [id] = emu.seed([{ model: 'gpt-4o', metadata: { [MARKER_KEY]: 'k' } }]).map((a) => a.id as string);
    const { backend } = await connect(emu, { max_retries: 10 });
    emu.setFaults({ errorRate: 0.25 });
    expect((await backend.update(id!, { name: 'n' }, { namespace: 'test', key: 'k' })).spec.name).toBe('n');
    await backend.delete(id!);
    expect(emu.resources()).toEqual([]);
    expect(emu.stats().faults.error).toBeGreaterThan(0);
  });

  it('counts a delete whose lost response is retried into a 404 as done', async () => {
    emu = await emulator('openai', { commitThenDropRate: 1 });
    const [id] = emu.seed([{ model: 'gpt-4o' }]).map((a) => a.id as string);
    const { backend } = await connect(emu);
    await backend.delete(id!);
    expect(emu.resources()).toEqual([]);
    expect(emu.stats().byRoute['DELETE /assistants/{id}']).toBe(2);
  });

  it('reports a first-attempt 404 on delete as not found', async () => {
    emu = await emulator('openai');
    const { backend } = await connect(emu);
    const err = await failure(backend.delete('asst_doesnotexist000000000000'));
    expect(err.kind).toBe('not-found');
    expect(err.message).toContain("No assistant found with id 'asst_doesnotexist000000000000'");
  });
});

describe('a call its caller cancels', () => {
  it('fails at once as cancelled, is not retried, and its debug line says so', async () => {
    emu = await emulator('openai', { latencyMs: 2_000 });
    const connection = await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', emu.url));
    const lines: string[] = [];
    const transport = new Transport({ connection, maxRetries: 4, timeoutMs: 10_000, debug: (line) => lines.push(line) });
    const cancel = new AbortController();
    const call = transport.send({ method: 'get', path: '/assistants', query: { limit: 100 }, op: { kind: 'list', what: 'listing assistants' }, signal: cancel.signal });
    setTimeout(() => cancel.abort(), 50);
    const err = await failure(call);
    expect(err.kind).toBe('network');
    expect(err.message).toBe('listing assistants: the request was cancelled');
    expect(transport.stats.requests).toBe(1);
    expect(lines).toEqual([expect.stringContaining('→ cancelled (no longer needed)')]);
  });
});

describe('creates are never retried blindly', () => {
  it('reports a dropped create as outcome-unknown, and exactly one assistant exists', async () => {
    emu = await emulator('openai', { commitThenDropRate: 1 });
    const { backend } = await connect(emu, { max_retries: 5 });
    const err = await failure(backend.create({ model: 'gpt-4o' }, { namespace: 'test', key: 'support/triage' }));
    expect(err.kind).toBe('outcome-unknown');
    expect(err.message).toContain("creating assistant 'support/triage'");
    expect(emu.stats().byRoute['POST /assistants']).toBe(1);
    expect(emu.resources().map((a) => (a.metadata as Record<string, string>)[MARKER_KEY])).toEqual(['support/triage']);
  });

  it('reports a create that got a 5xx as outcome-unknown without retrying', async () => {
    emu = await emulator('openai', { errorRate: 1 });
    const { backend } = await connect(emu, { max_retries: 5 });
    const err = await failure(backend.create({ model: 'gpt-4o' }, { namespace: 'test', key: 'k' }));
    expect(err.kind).toBe('outcome-unknown');
    expect(emu.stats().byRoute['POST /assistants']).toBe(1);
  });

  it('reports a create that timed out as outcome-unknown', async () => {
    emu = await emulator('openai', { latencyMs: 400 });
    const { backend } = await connect(emu, { timeout_ms: 100, max_retries: 3 });
    const err = await failure(backend.create({ model: 'gpt-4o' }, { namespace: 'test', key: 'k' }));
    expect(err.kind).toBe('outcome-unknown');
    expect(err.message).toContain('no response within 100 ms (options.timeout_ms in aac.yaml)');
    expect(emu.stats().byRoute['POST /assistants']).toBe(1);
  });

  it('retries a create the server refused with 429, since nothing was made', async () => {
    emu = await emulator('openai', { rateLimitPerMinute: 1, rateLimitWindowMs: 1000 });
    const { backend } = await connect(emu);
    // Another client with the same key spends the window: this backend has no budget to go by.
    await (await connect(emu)).backend.listAll();
    const created = await backend.create({ model: 'gpt-4o' }, { namespace: 'test', key: 'k' });
    expect(emu.resources().map((a) => a.id)).toEqual([created.id]);
    expect(emu.stats().faults.rate_limited).toBe(1);
    expect(backend.stats.retries).toBe(1);
  });

  it('calls a refused connection a network error, not an unknown outcome', async () => {
    const closed = await emulator('openai');
    const url = closed.url;
    await closed.close();
    const backend = await createBackend({
      config: { provider: 'openai', options: { max_retries: 0 } },
      env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url },
    });
    const err = await failure(backend.create({ model: 'gpt-4o' }, { namespace: 'test', key: 'k' }));
    expect(err.kind).toBe('network');
    expect(err.message).toContain(new URL(url).host);
    expect(err.message).toContain('ECONNREFUSED');
  });
});

describe('the rate-limit gate', () => {
  it('holds every request after a 429 until its retry-after', async () => {
    emu = await emulator('openai', { rateLimitPerMinute: 2, rateLimitWindowMs: 1000 });
    const [a, b, c] = seedMany(emu, 3);
    const { backend, debug } = await connect(emu);
    // Another client with the same key fills the window, unseen by this backend's pacing.
    const other = (await connect(emu)).backend;
    await other.update(a!, { name: 'x' }, { namespace: 'test', key: 'k' });
    await other.update(b!, { name: 'x' }, { namespace: 'test', key: 'k' });
    // The window is full: this one gets a 429 with retry-after 1 s and waits.
    const third = backend.update(c!, { name: 'x' }, { namespace: 'test', key: 'k' });
    while (!debug.some((l) => l.includes(' → 429 '))) await new Promise((r) => setTimeout(r, 5));
    // Started after the 429: it waits at the gate instead of drawing a 429 of its own.
    const fourth = backend.listAll();
    await Promise.all([third, fourth]);
    expect(emu.stats().faults.rate_limited).toBe(1);
  });

  it('fails as rate-limited when the limit outlasts the retries', async () => {
    emu = await emulator('openai', { rateLimitPerMinute: 1, rateLimitWindowMs: 1000 });
    const { backend } = await connect(emu, { max_retries: 0 });
    await (await connect(emu)).backend.listAll();
    const err = await failure(backend.listAll());
    expect(err.kind).toBe('rate-limited');
    expect(err.message).toContain('Rate limit reached');
  });
});

describe('failures mapped to kinds', () => {
  it('names the param of a refused body', async () => {
    emu = await emulator('openai');
    const { backend } = await connect(emu);
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'v']));
    const err = await failure(backend.create({ model: 'gpt-4o', metadata }, { namespace: 'test', key: 'k' }));
    expect(err.kind).toBe('invalid');
    expect(err.details).toMatchObject({ status: 400, param: 'metadata' });
    expect(err.message).toContain("param 'metadata'");
  });

  it('points at the endpoint when the list path does not exist', async () => {
    emu = await emulator('openai');
    const { backend } = await connect(emu, {}, envFor('openai', emu.url.replace(/\/v1$/, '/v2')));
    const err = await failure(backend.listAll());
    expect(err.kind).toBe('not-found');
    expect(err.message).toContain('check the endpoint');
  });

  it("suggests a provider's base path only for a base URL at the host's root, for every provider's shape", async () => {
    const cases: Array<{ provider: string; env: (url: string) => Record<string, string>; path: string }> = [
      { provider: 'openai', env: (url) => envFor('openai', url), path: '/v1' },
      { provider: 'portkey', env: (url) => envFor('portkey', url), path: '/v1' },
      { provider: 'zerobot', env: (url) => envFor('zerobot', url), path: '/v1' },
      { provider: 'openai-agents', env: (url) => ({ OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url }), path: '/v1' },
      { provider: 'foundry', env: (url) => envFor('foundry', url), path: '/api/projects/<project>' },
      { provider: 'foundry-agents', env: (url) => ({ AAC_FOUNDRY_TOKEN: SECRET, AZURE_AI_PROJECT_ENDPOINT: url }), path: '/api/projects/<project>' },
    ];
    for (const { provider, env, path } of cases) {
      emu = await emulator(provider as Parameters<typeof emulator>[0]);
      const origin = new URL(emu.url).origin;
      const atRoot = await failure((await connect(emu, {}, env(origin))).backend.listAll());
      expect(atRoot.kind, provider).toBe('not-found');
      expect(atRoot.message, provider).toContain(`the endpoint has no path, and the API of ${provider} is served below ${path}: try ${origin}${path}`);
      // A path of its own (one that holds /v1 included) is not known to miss the base path: no guess.
      for (const url of [`${origin}/v1/nothing`, `${emu.url}/nothing`, `${origin}/gateway`]) {
        const err = await failure((await connect(emu, {}, env(url))).backend.listAll());
        expect(err.message, `${provider} ${url}`).toContain('; check the endpoint');
        expect(err.message, `${provider} ${url}`).not.toContain('try ');
      }
      await emu.close();
      emu = undefined;
    }
  });

  it("gives the api_version hint where Foundry's answer blames the api-version, wherever the version came from, in both Foundry APIs", async () => {
    const fix = 'set `options.api_version` in aac.yaml to a version the host serves';
    // Classic Foundry's emulator took any version as v1, so this path could not be rehearsed there.
    for (const provider of ['foundry-agents', 'foundry']) {
      emu = await emulator(provider as Parameters<typeof emulator>[0]);
      const env = (url: string) => ({ AAC_FOUNDRY_TOKEN: credentialOf(provider as ProviderName), AZURE_AI_PROJECT_ENDPOINT: url });
      const fromConfig = await failure((await connect(emu, { api_version: '2024-05-01' }, env(emu.url))).backend.listAll());
      expect(fromConfig.kind, provider).toBe('invalid');
      expect(fromConfig.message).toContain("Unsupported api-version '2024-05-01': this API is served at api-version=v1");
      expect(fromConfig.message).toContain(`aac sent 2024-05-01 (from options.api_version in aac.yaml): ${fix}`);
      expect(fromConfig.details?.fix).toBe(fix);
      expect(fromConfig.message).not.toContain('another API');
      const fromEndpoint = await failure((await connect(emu, {}, env(`${emu.url}?api-version=2025-11-15-preview`))).backend.listAll());
      expect(fromEndpoint.message, provider).toContain("aac sent 2025-11-15-preview (from the endpoint's query (AZURE_AI_PROJECT_ENDPOINT))");
      if (provider === 'foundry') break;
      await emu.close();
      emu = undefined;
    }
    // Another refusal of the list (an Assistants server wants its beta header) keeps the hint that the server may serve another API.
    const openai = await emulator('openai');
    try {
      const backend = await createBackend({ config: { provider: 'foundry', options: { max_retries: 0 } }, env: envFor('foundry', openai.url, SECRET), debug: () => {} });
      const refused = await failure(backend.listAll());
      expect(refused.message).toContain("'OpenAI-Beta' header");
      expect(refused.message).toContain('the server may serve another API than that of the provider foundry');
      expect(refused.message).not.toContain('api_version');
    } finally {
      await openai.close();
    }
  });

  it("names an endpoint's own query parameter the host refuses, not the api-version its message lists among those it takes", async () => {
    emu = await emulator('foundry-agents' as Parameters<typeof emulator>[0]);
    const url = `${emu.url}?sig=SASsecret99999`;
    const refused = await failure((await connect(emu, {}, { AAC_FOUNDRY_TOKEN: SECRET, AZURE_AI_PROJECT_ENDPOINT: url })).backend.listAll());
    expect(refused.kind).toBe('invalid');
    // The emulator answers as Foundry does: "Unknown query parameter: 'sig' (… takes kind, limit, …, api-version)".
    expect(refused.message).toContain('api-version');
    expect(refused.message).toContain("aac sends the endpoint's query parameter 'sig' on every request: remove the query parameter 'sig' from the endpoint (set by AZURE_AI_PROJECT_ENDPOINT): the host takes no such parameter");
    expect(refused.message).not.toContain('api_version');
    expect(refused.message).not.toContain('SASsecret99999');
  });

  it('says OpenAI retired the API when its own host answers 404 to the list', async () => {
    emu = await emulator('openai');
    // The emulator stands in for api.openai.com after 2026-08-26: the list path answers 404.
    const openai = await PROFILES.openai.connect({ provider: 'openai', options: {} }, envFor('openai', emu.url.replace(/\/v1$/, '/gone')));
    const connection = {
      ...openai,
      retired: { ...openai.retired!, host: '127.0.0.1' },
    };
    const backend = new AssistantsBackend(connection, new Transport({ connection, maxRetries: 0, timeoutMs: 10_000 }));
    const err = await failure(backend.listAll());
    expect(err.kind).toBe('retired');
    expect(err.message).toContain('2026-08-26');
    expect(err.message).toContain('--provider foundry');
  });
});
