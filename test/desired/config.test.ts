// aac.yaml: the provider and endpoint, schema-checked, and never a place for secrets.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/index.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

async function config(yaml: string | undefined, provider?: 'openai' | 'foundry') {
  const root = writeTree(yaml === undefined ? {} : { 'assistants/aac.yaml': yaml });
  return loadProjectConfig(join(root, 'assistants'), { cwd: root, ...(provider ? { provider } : {}) });
}

const brief = (r: Awaited<ReturnType<typeof config>>) => r.diagnostics.map((d) => `${d.location.line}:${d.location.column} ${d.code} ${d.path}`);

describe('loadProjectConfig', () => {
  it('defaults to openai with no file', async () => {
    const r = await config(undefined);
    expect(r).toEqual({ config: { provider: 'openai', options: {} }, diagnostics: [], environments: { variables: [], environments: [] } });
  });

  it('reads provider, endpoint and options; --provider wins over the file', async () => {
    const yaml = 'provider: foundry\nendpoint: https://acct.services.ai.azure.com/api/projects/p\noptions:\n  api_version: v1\n  concurrency: 4\n  timeout_ms: 30000\n  max_retries: 3\n';
    const r = await config(yaml);
    expect(r.diagnostics).toEqual([]);
    expect(r.config).toEqual({
      provider: 'foundry',
      providerAt: { file: 'assistants/aac.yaml', line: 1, column: 11 },
      endpoint: 'https://acct.services.ai.azure.com/api/projects/p',
      endpointAt: { file: 'assistants/aac.yaml', line: 2, column: 11 },
      file: 'assistants/aac.yaml',
      options: { api_version: 'v1', concurrency: 4, timeout_ms: 30000, max_retries: 3 },
    });
    expect((await config(yaml, 'openai')).config.provider).toBe('openai');
  });

  it('treats an empty file as all defaults', async () => {
    const r = await config('# nothing yet\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.config.provider).toBe('openai');
  });

  it('says of an aac.yaml that holds a list or a single value what aac.yaml is, not what a definition is', async () => {
    for (const [text, held] of [['- a\n', 'a list'], ['42\n', 'a single value']] as const) {
      const r = await config(text);
      expect(r.diagnostics.map((d) => [brief(r)[0], d.message, d.hint])).toEqual([[
        '1:1 not-a-mapping ',
        `aac.yaml is a mapping of settings (provider:, endpoint:, namespace:, options:, environments:, …), but this file holds ${held}`,
        "write one setting per line, e.g. `provider: openai`; README's section `aac.yaml` lists them",
      ]]);
    }
  });

  it('refuses unknown fields with a suggestion, and bad values, with positions', async () => {
    const r = await config('provider: fondry\noptions:\n  concurency: 2\n  max_retries: 99\n');
    expect(brief(r)).toEqual(['1:11 invalid-value provider', '3:3 unknown-field options.concurency', '4:16 out-of-range options.max_retries']);
    expect(r.diagnostics[0]!.hint).toBe("did you mean 'foundry'?");
    expect(r.diagnostics[1]!.hint).toBe("did you mean 'concurrency'?");
    // The provider it is a typo of stands in for the unknown one, which is kept with its place for the hints that name it.
    expect(r.config).toMatchObject({ provider: 'foundry', providerUnknown: true, providerWritten: 'fondry', providerAt: { file: 'assistants/aac.yaml', line: 1, column: 11 } });
    // A name that is no typo of one, or no name at all, has the default stand in.
    expect((await config('provider: mystery-host\n')).config).toMatchObject({ provider: 'openai', providerUnknown: true, providerWritten: 'mystery-host' });
    expect((await config('provider: 3\n')).config).toMatchObject({ provider: 'openai', providerUnknown: true });
    // A field of `options` written a level too high is pointed to where it belongs.
    const high = await config('concurrency: 3\n');
    expect(brief(high)).toEqual(['1:1 unknown-field concurrency']);
    expect(high.diagnostics[0]!.hint).toBe("did you mean 'options.concurrency'? it is written under `options:`");
  });

  it('refuses anything that looks like a secret, and never prints its value', async () => {
    const secret = 'sk-proj-DO-NOT-PRINT-123';
    const r = await config(`provider: openai\napi_key: ${secret}\noptions:\n  token: ${secret}\nendpoint: https://user:${secret}@example.com/v1\n`);
    expect(brief(r)).toEqual(['2:1 secret-in-config api_key', '4:3 secret-in-config options.token', '5:11 secret-in-config endpoint']);
    expect(r.diagnostics[0]!.message).toContain('secrets come from the environment: set OPENAI_API_KEY');
    expect(JSON.stringify(r)).not.toContain(secret);
    expect(r.config).not.toHaveProperty('endpoint');
  });

  it('refuses an aac.yaml it cannot read instead of falling back to the defaults', async () => {
    const root = writeTree({ 'assistants/aac.yaml/x': '' });
    const r = await loadProjectConfig(join(root, 'assistants'), { cwd: root });
    // A directory has no line or column: it is named alone.
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'not-a-file', location: { file: 'assistants/aac.yaml' }, message: 'cannot read the project config: it is a directory, not a regular file' })]);
  });

  it('warns that aac.yml is ignored beside aac.yaml', async () => {
    const root = writeTree({ 'assistants/aac.yaml': 'provider: foundry\n', 'assistants/aac.yml': 'provider: zerobot\n' });
    const r = await loadProjectConfig(join(root, 'assistants'), { cwd: root });
    expect(r.config.provider).toBe('foundry');
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.location.file}`)).toEqual(['warning ignored-config assistants/aac.yml']);
  });

  it('names the variable of the chosen provider', async () => {
    const r = await config('provider: portkey\nportkey_api_key: x\n');
    expect(r.diagnostics[0]!.message).toContain('set PORTKEY_API_KEY');
  });

  it('refuses a key in the endpoint query and a value that is not a URL, without echoing it', async () => {
    const r = await config('endpoint: https://x.example.com/v1?api-key=abc123\n');
    expect(brief(r)).toEqual(['1:11 secret-in-config endpoint']);
    const bad = await config('endpoint: ftp-ish-abc123\n');
    expect(brief(bad)).toEqual(['1:11 invalid-format endpoint']);
    expect(JSON.stringify(bad.diagnostics)).not.toContain('abc123');
  });

  it("says where a credential in the endpoint's query goes: the whole URL in the endpoint variable of the provider that reads it", async () => {
    const sas = 'sv=2024&sig=s3cr3t-signature';
    const hint = async (yaml: string) => (await config(yaml)).diagnostics.map((d) => `${d.path}: ${d.hint}`);
    expect(await hint(`endpoint: https://gw.example.com/v1?${sas}\n`)).toEqual([
      'endpoint: remove `endpoint:` here and put the whole URL, query included, in OPENAI_BASE_URL: aac sends its query on every request and shows every query value as [redacted]',
    ]);
    expect((await config(`endpoint: https://gw.example.com/v1?${sas}\n`)).diagnostics[0]!.message).toBe(
      "endpoint carries a credential in its query (the 'sig' parameter), which would be committed with aac.yaml; secrets come from the environment",
    );
    expect((await hint(`provider: foundry\nendpoint: https://a.services.ai.azure.com/api/projects/p?${sas}\n`))[0]).toContain('in AZURE_AI_PROJECT_ENDPOINT:');
    // An environment's endpoint is its own provider's; --provider is every one's.
    const envs = `environments:\n  dev: { provider: portkey, endpoint: "https://gw.example.com/v1?${sas}" }\n`;
    expect((await hint(envs))[0]).toContain('in PORTKEY_BASE_URL:');
    const root = writeTree({ 'assistants/aac.yaml': envs });
    const flagged = await loadProjectConfig(join(root, 'assistants'), { cwd: root, provider: 'zerobot' });
    expect(flagged.diagnostics[0]!.hint).toContain('in ZEROBOT_BASE_URL:');
    // user:password@ has no such place (aac sends no credentials from a URL): the key variable.
    expect(await hint('endpoint: https://u:p4ssw0rd@gw.example.com/v1\n')).toEqual(['endpoint: remove them from the URL (aac sends no credentials from a URL) and set OPENAI_API_KEY instead']);
    expect(JSON.stringify((await config(`endpoint: https://gw.example.com/v1?${sas}\n`)).diagnostics)).not.toContain('s3cr3t');
  });

  it("refuses a credential in the endpoint's fragment, which no request sends but aac.yaml would commit", async () => {
    const r = await config('endpoint: https://gw.example.com/v1#key=k3y-s3cr3t&view=1\n');
    expect(brief(r)).toEqual(['1:11 secret-in-config endpoint']);
    expect(r.diagnostics[0]!.message).toBe("endpoint carries a credential in its fragment (the 'key' parameter), which would be committed with aac.yaml");
    expect(r.diagnostics[0]!.hint).toBe("remove the URL's #… part (a fragment is never sent to the host) and set OPENAI_API_KEY instead");
    expect(JSON.stringify(r)).not.toContain('s3cr3t');
    expect(brief(await config('endpoint: https://gw.example.com/v1#section-2\n'))).toEqual([]);
  });

  it("refuses a credential in the endpoint's path: a credential-named path parameter, or a segment of an OpenAI key's form, never quoted", async () => {
    const key = `sk-proj-${'A1b2C3d4'.repeat(4)}`;
    for (const [endpoint, what] of [
      ['https://gw.example.com/v1;api-key=k3y-s3cr3t', "the 'api-key' parameter"],
      ['https://gw.example.com/v1;x=1;token=k3y-s3cr3t/threads', "the 'token' parameter"],
      [`https://gw.example.com/${key}/v1`, 'a segment of the form of an API key'],
    ] as const) {
      const r = await config(`endpoint: "${endpoint}"\n`);
      expect(brief(r), endpoint).toEqual(['1:11 secret-in-config endpoint']);
      expect(r.diagnostics[0]!.message, endpoint).toBe(`endpoint carries a credential in its path (${what}), which would be committed with aac.yaml and sent in every request's URL; secrets come from the environment`);
      expect(r.diagnostics[0]!.hint).toBe('remove it from the URL (aac sends no credentials from a URL) and set OPENAI_API_KEY instead');
      expect(JSON.stringify(r)).not.toContain('s3cr3t');
      expect(JSON.stringify(r)).not.toContain(key);
    }
    // A path parameter no credential's name, and a segment as long and random as a key that is no key's form (a Foundry project, an Azure id): not judged.
    expect(brief(await config('endpoint: https://gw.example.com/v1;version=2\n'))).toEqual([]);
    expect(brief(await config('provider: foundry\nendpoint: https://a.services.ai.azure.com/api/projects/9f1c2e4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b\n'))).toEqual([]);
  });

  it('names every problem of one endpoint in one run, each at the value, without echoing a secret', async () => {
    const said = async (yaml: string) => (await config(yaml)).diagnostics.map((d) => `${d.location.line}:${d.location.column} ${d.code} ${d.path}: ${d.message} / ${d.hint}`);
    const all = await config('endpoint: http://u:KEY-s3cr3t@gw.example.com/v1?key=k3y-s3cr3t&sig=s1g-s3cr3t&api-version=v1\n');
    expect(brief(all)).toEqual(['1:11 secret-in-config endpoint', '1:11 secret-in-config endpoint']);
    expect(all.diagnostics.map((d) => d.message)).toEqual([
      'endpoint carries credentials (user:password@); secrets come from the environment',
      "endpoint carries a credential in its query (the 'key' and 'sig' parameters), which would be committed with aac.yaml; secrets come from the environment",
    ]);
    // The URL the variable is to hold is the one without what the other diagnostic removes.
    expect(all.diagnostics[1]!.hint).toBe('remove `endpoint:` here and put the whole URL, query included (its user:password@ left out), in OPENAI_BASE_URL: aac sends its query on every request and shows every query value as [redacted]');
    expect(JSON.stringify(all)).not.toContain('s3cr3t');
    // Without a scheme, and in an environment: the scheme first, then the credentials of the URL meant.
    expect(await said('environments:\n  dev:\n    endpoint: u:p4ss@gw.example.com/v1?token=t0k3n\n')).toEqual([
      '3:15 invalid-format environments.dev.endpoint: endpoint has no http:// or https://: write https:// before it / write the whole URL, with its http:// or https://',
      '3:15 secret-in-config environments.dev.endpoint: endpoint carries credentials (user:password@); secrets come from the environment / remove them from the URL (aac sends no credentials from a URL) and set OPENAI_API_KEY instead',
      "3:15 secret-in-config environments.dev.endpoint: endpoint carries a credential in its query (the 'token' parameter), which would be committed with aac.yaml; secrets come from the environment / remove `endpoint:` here and put the whole URL, query included (its user:password@ left out), in OPENAI_BASE_URL: aac sends its query on every request and shows every query value as [redacted]",
    ]);
    expect(brief(await config('endpoint: ftp://u:p4ss@gw.example.com/v1\n'))).toEqual(['1:11 invalid-format endpoint', '1:11 secret-in-config endpoint']);
  });

  it('refuses options.api_version under a provider that sends no api-version, as retain_versions where there are no versions', async () => {
    for (const provider of ['openai', 'openai-agents', 'zerobot', 'portkey']) {
      const r = await config(`provider: ${provider}\noptions:\n  api_version: 2025-05-01\n`);
      expect(brief(r), provider).toEqual(['3:3 unsupported-field options.api_version']);
      expect(r.diagnostics[0]!.message).toBe(`options.api_version sets the api-version query parameter, which only foundry and foundry-agents send; the provider ${provider} sends none, so it would change nothing`);
      expect(r.diagnostics[0]!.hint).toBe('remove it, or use it with foundry or foundry-agents');
    }
    for (const provider of ['foundry', 'foundry-agents']) {
      expect((await config(`provider: ${provider}\noptions:\n  api_version: 2025-05-01\n`)).diagnostics, provider).toEqual([]);
    }
  });

  it('says to quote a number given for a string without echoing the number', async () => {
    const r = await config('endpoint: 4711471147114711\noptions:\n  api_version: 20240501\n');
    expect(brief(r)).toEqual(['1:11 wrong-type endpoint', '3:16 wrong-type options.api_version']);
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['quote the value to make it a string', 'quote the value to make it a string']);
    expect(JSON.stringify(r.diagnostics)).not.toMatch(/4711|20240501/);
  });

  it("reads the environments, and checks an environment's endpoint as the top level's", async () => {
    const ok = await config('namespace: support\nenvironments:\n  dev: { endpoint: "https://dev.example.com/v1" }\n  prod: { provider: foundry, namespace: prod }\n');
    expect(ok.diagnostics).toEqual([]);
    expect(ok.environments.environments.map((e) => [e.name, e.provider, e.endpoint, e.namespace])).toEqual([
      ['dev', undefined, 'https://dev.example.com/v1', undefined],
      ['prod', 'foundry', undefined, 'prod'],
    ]);
    const bad = await config('environments:\n  dev: { endpoint: "https://dev.example.com/v1?api-key=s3cr3t-value" }\n');
    expect(brief(bad)).toEqual(['2:20 secret-in-config environments.dev.endpoint']);
    expect(JSON.stringify(bad.diagnostics)).not.toContain('s3cr3t-value');
    // The environment is still declared (its values and overlays are checked), without the endpoint it refused.
    expect(bad.environments.environments.map((e) => [e.name, e.endpoint])).toEqual([['dev', undefined]]);
    expect(JSON.stringify(bad.environments, (_k, v) => (v instanceof Map || v instanceof Set ? [...v] : v))).not.toContain('s3cr3t-value');
  });
});
