// Each host of the protocol, against the emulator speaking its dialect: auth, paths, modify
// method, api-version; and how a profile is resolved from the environment and aac.yaml.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/backends/registry.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { TEST_MARKER as MARKER_KEY } from '../helpers/cli.js';
import { PROVIDERS, type ProviderName } from '../../src/backends/assistants/providers.js';
import { connect, credentialOf, emulator, envFor, failure, SECRET, VIRTUAL_KEY } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe.each(PROVIDERS)('the %s profile against the emulator', (provider: ProviderName) => {
  it('lists, creates, updates and deletes in its dialect', async () => {
    emu = await emulator(provider);
    const { backend, debug } = await connect(emu);
    expect(await backend.listAll()).toEqual([]);

    const created = await backend.create({ model: 'gpt-4o', name: 'Triage', metadata: { team: 'support' } }, { namespace: 'test', key: 'support/triage' });
    expect(created.key).toBe('support/triage');
    expect(created.spec.metadata).toEqual({ team: 'support' });
    expect(emu.resources()[0]!.metadata).toEqual({ team: 'support', [MARKER_KEY]: 'support/triage' });

    const updated = await backend.update(created.id, { name: 'Triage v2' }, { namespace: 'test', key: 'support/triage' });
    expect(updated.spec.name).toBe('Triage v2');
    expect(updated.fingerprint).not.toBe(created.fingerprint);

    const live = await backend.listAll();
    expect(live.map((a) => [a.id, a.key, a.spec.name])).toEqual([[created.id, 'support/triage', 'Triage v2']]);

    await backend.delete(created.id);
    expect(emu.resources()).toEqual([]);

    const modify = provider === 'zerobot' ? 'PATCH /assistants/{id}' : 'POST /assistants/{id}';
    expect(emu.stats().byRoute).toEqual({
      'GET /assistants': 2,
      'POST /assistants': 1,
      [modify]: 1,
      'DELETE /assistants/{id}': 1,
    });
    if (provider === 'foundry') expect(debug.every((l) => l.includes('api-version=v1'))).toBe(true);
    expect(backend.target).toEqual({ backend: 'assistants', provider, endpoint: emu.url });
  });

  it('turns a refused credential into an auth error naming what to check', async () => {
    emu = await emulator(provider);
    const wrong = `${credentialOf(provider)}-WRONG`;
    const { backend } = await connect(emu, {}, envFor(provider, emu.url, wrong));
    const err = await failure(backend.listAll());
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/401/);
    expect(err.message).not.toContain(wrong);
    expect(emu.stats().byRoute['GET /assistants']).toBe(1); // a refusal is not retried
  });

  it('refuses to start without its credential, naming the variable to set', async () => {
    const env = envFor(provider, 'http://127.0.0.1:9/v1');
    const variable = { openai: 'OPENAI_API_KEY', portkey: 'PORTKEY_API_KEY', zerobot: 'ZEROBOT_API_KEY', foundry: 'AZURE_AI_PROJECT_ENDPOINT' }[provider];
    delete env[variable];
    const err = await failure(createBackend({ config: { provider, options: {} }, env }));
    expect(err.kind).toBe('config');
    expect(err.message).toContain(variable);
  });
});

describe('profile resolution', () => {
  it('prefers the environment over aac.yaml and keeps secrets out of the target', async () => {
    emu = await emulator('openai');
    const backend = await createBackend({
      config: { provider: 'openai', endpoint: 'http://127.0.0.1:9/v1', options: {} },
      env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: emu.url },
    });
    await backend.listAll();
    expect(backend.target.endpoint).toBe(emu.url);
  });

  it('uses aac.yaml\'s endpoint when the environment has none, without userinfo or query in the target', async () => {
    emu = await emulator('openai');
    const url = new URL(emu.url);
    const withJunk = `${url.protocol}//user:hunter2pass@${url.host}${url.pathname}?token=abc`;
    const backend = await createBackend({ config: { provider: 'openai', endpoint: withJunk, options: {} }, env: { OPENAI_API_KEY: SECRET } });
    expect(backend.target.endpoint).toBe(emu.url);
    expect(await backend.listAll()).toEqual([]);
  });

  it('defaults to the hosts\' public endpoints', async () => {
    const targets = await Promise.all(
      (['openai', 'portkey', 'zerobot'] as const).map(async (provider) => {
        const env = envFor(provider, '');
        for (const k of Object.keys(env)) if (k.endsWith('_URL')) delete env[k];
        return (await createBackend({ config: { provider, options: {} }, env })).target.endpoint;
      }),
    );
    expect(targets).toEqual(['https://api.openai.com/v1', 'https://api.portkey.ai/v1', 'https://api.zerobot.ai/v1']);
  });

  it('requires Portkey\'s virtual key too', async () => {
    const err = await failure(createBackend({ config: { provider: 'portkey', options: {} }, env: { PORTKEY_API_KEY: SECRET } }));
    expect(err.kind).toBe('config');
    expect(err.message).toContain('PORTKEY_VIRTUAL_KEY');
  });

  it('refuses an endpoint that is not a URL, without echoing it', async () => {
    const err = await failure(createBackend({ config: { provider: 'openai', options: {} }, env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: 'not a url sk-abc' } }));
    expect(err.kind).toBe('config');
    expect(err.message).toContain('OPENAI_BASE_URL');
    expect(err.message).not.toContain('sk-abc');
  });

  it('sends OPENAI_ORG_ID and OPENAI_PROJECT_ID as the SDK does, with the beta header', async () => {
    emu = await emulator('openai');
    const { backend, debug } = await connect(emu, {}, { ...envFor('openai', emu.url), OPENAI_ORG_ID: 'org-123', OPENAI_PROJECT_ID: 'proj_456' });
    await backend.listAll();
    expect(debug[0]).toContain('openai-organization=org-123');
    expect(debug[0]).toContain('openai-project=proj_456');
    expect(debug[0]).toContain('openai-beta=assistants=v2');
  });

  it('sends the api-version from aac.yaml options to Foundry', async () => {
    emu = await emulator('foundry');
    const { backend, debug } = await connect(emu, { api_version: '2025-05-15-preview', max_retries: 0 });
    // The emulator serves v1 alone, as the spec's info.version says: the version sent is refused by name.
    expect((await failure(backend.listAll())).message).toContain("Unsupported api-version '2025-05-15-preview'");
    expect(debug[0]).toContain('api-version=2025-05-15-preview');
  });

  it('sends Portkey\'s two headers and no bearer key', async () => {
    emu = await emulator('portkey');
    const { backend, debug } = await connect(emu);
    await backend.listAll();
    expect(debug[0]).toContain('x-portkey-api-key=[redacted]');
    expect(debug[0]).toContain('x-portkey-virtual-key=[redacted]');
    expect(debug[0]).not.toContain('authorization=');
    expect(debug.join('\n')).not.toContain(VIRTUAL_KEY);
  });

  it('connects Foundry without AAC_FOUNDRY_TOKEN through DefaultAzureCredential (no token asked for yet)', async () => {
    const backend = await createBackend({
      config: { provider: 'foundry', options: {} },
      env: { AZURE_AI_PROJECT_ENDPOINT: 'https://acct.services.ai.azure.com/api/projects/p1' },
    });
    expect(backend.target).toEqual({ backend: 'assistants', provider: 'foundry', endpoint: 'https://acct.services.ai.azure.com/api/projects/p1' });
  });

  it('loads @azure/identity only from the Foundry project connection (both Foundry backends), on demand', () => {
    const root = fileURLToPath(new URL('../../src/', import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const users = files.filter((f) => readFileSync(join(root, f), 'utf8').includes('@azure/identity'));
    expect(users).toEqual([join('backends', 'http', 'endpoint.ts')]);
    const source = readFileSync(join(root, 'backends', 'http', 'endpoint.ts'), 'utf8');
    expect(source).not.toMatch(/^import[^;]*['"]@azure\/identity['"]/m);
    expect(source).toMatch(/requireOnDemand\('@azure\/identity'\)/);
    const pkg = JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8'));
    // An optional peer: `npm install assistants-as-code` does not pull it in; tests have it as a dev dependency.
    expect(pkg.dependencies).not.toHaveProperty('@azure/identity');
    expect(pkg.peerDependenciesMeta['@azure/identity']).toEqual({ optional: true });
    expect(pkg.peerDependencies['@azure/identity']).toBe(source.match(/IDENTITY_PACKAGE = '@azure\/identity@([^']+)'/)![1]);
  });
});
