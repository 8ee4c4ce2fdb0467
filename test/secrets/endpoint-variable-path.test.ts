// A credential in the path of the endpoint from the environment (OPENAI_BASE_URL,
// AZURE_AI_PROJECT_ENDPOINT) is refused as the same in aac.yaml's `endpoint:` is
// (http/endpoint.ts pathCredential): naming the variable, never echoing the secret, and nothing
// is sent — it would ride in every request's URL. Through the CLI against a loopback emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { recordingProxy, workspace, type Recorder, type Workspace } from '../apply/helpers.js';
import { TOKEN } from '../backends/helpers.js';

const KEY = 'sk-test-endpoint-variable-path-0000';
const PASTED = `sk-proj-${'Q7w8E9r0'.repeat(4)}`;
const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

async function host(provider: 'openai' | 'foundry'): Promise<{ emu: RunningEmulator; proxy: Recorder; ws: Workspace }> {
  const emu = await startEmulator({ provider, apiKey: provider === 'foundry' ? TOKEN : KEY });
  open.push(emu);
  const proxy = await recordingProxy(emu.url);
  open.push(proxy);
  const ws = workspace({ a: { model: 'gpt-4o' } });
  open.push(ws);
  return { emu, proxy, ws };
}

describe('a credential in the endpoint variable\'s path is refused, as in aac.yaml', () => {
  it.each([
    ['a credential-named path parameter', (url: string) => url.replace(/\/v1$/, '/v1;api-key=k3y-s3cr3t'), "the 'api-key' parameter"],
    ['an OpenAI key pasted as a segment', (url: string) => url.replace(/\/v1$/, `/${PASTED}/v1`), 'a segment of the form of an API key'],
    ['a key percent-encoded in a segment', (url: string) => url.replace(/\/v1$/, `/${PASTED.replace('-', '%2D')}/v1`), 'a segment of the form of an API key'],
  ])('OPENAI_BASE_URL with %s: refused naming the variable, nothing sent, the secret never printed', async (_what, spoil, said) => {
    const { proxy, ws } = await host('openai');
    const r = await runCli(['plan'], { cwd: ws.root, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: spoil(proxy.url) } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the endpoint in the environment variable OPENAI_BASE_URL carries a credential in its path (${said}), which aac would send in every request's URL`);
    expect(r.stderr).toContain('remove it from the URL in OPENAI_BASE_URL (aac sends no credentials from a URL) and set OPENAI_API_KEY instead');
    expect(r.stdout + r.stderr).not.toContain('s3cr3t');
    expect(r.stdout + r.stderr).not.toContain(PASTED.slice(8));
    expect(proxy.requests).toEqual([]);
  });

  it('AZURE_AI_PROJECT_ENDPOINT with a path parameter token: refused alike, naming that variable', async () => {
    const { proxy, ws } = await host('foundry');
    const r = await runCli(['plan', '--provider', 'foundry'], { cwd: ws.root, env: { AAC_FOUNDRY_TOKEN: TOKEN, AZURE_AI_PROJECT_ENDPOINT: `${proxy.url};token=k3y-s3cr3t` } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the endpoint in the environment variable AZURE_AI_PROJECT_ENDPOINT carries a credential in its path (the 'token' parameter)");
    expect(r.stdout + r.stderr).not.toContain('s3cr3t');
    expect(proxy.requests).toEqual([]);
  });

  it('a path that holds no credential is sent as before', async () => {
    const { proxy, ws } = await host('openai');
    const r = await runCli(['plan'], { cwd: ws.root, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: proxy.url } });
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.requests.length).toBeGreaterThan(0);
  });
});
