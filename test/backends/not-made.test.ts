// A request Node or the SDK refuses to make — a header value holding a character no request can
// carry, as a token fetched at run time (an Entra ID token source) may — fails at once as what it
// is, nothing sent: not as a host that could not be reached, and not retried. (A key or token from
// the environment is refused before any request: test/cli/credential-characters.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { Transport } from '../../src/backends/http/transport.js';
import type { Connection } from '../../src/backends/http/connection.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulator, failure, TOKEN } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const connection = (url: string, token: string): Connection => ({
  provider: 'foundry', baseURL: url, endpointSource: 'AZURE_AI_PROJECT_ENDPOINT', bearer: async () => token, headers: {}, query: { 'api-version': 'v1' },
  organization: null, project: null, secrets: [], updateMethod: 'post', canOrder: true, listPath: '/assistants',
  credentialHint: 'check `az login` or the service principal / OIDC login of this job',
});

describe('a request refused before it leaves', () => {
  it.each([
    ['a control character', `${TOKEN.slice(0, 10)}\x01${TOKEN.slice(10)}`],
    ['a line break', `${TOKEN.slice(0, 10)}\n${TOKEN.slice(10)}`],
    ['a zero-width space', `${TOKEN.slice(0, 10)}\u200b${TOKEN.slice(10)}`],
  ])('a fetched token holding %s: a config error naming the credential fix, at the first attempt, nothing sent', async (_, token) => {
    emu = await emulator('foundry');
    const transport = new Transport({ connection: connection(emu.url, token), maxRetries: 4, timeoutMs: 5000 });
    const err = await failure(transport.send({ method: 'get', path: '/assistants', op: { kind: 'list', what: 'listing assistants' } }));
    expect(err.kind).toBe('config');
    expect(err.message).toMatch(/^listing assistants: not sent: a request header's value holds a character no request can carry/);
    expect(err.message).toContain('check `az login`');
    expect(err.message).not.toMatch(/could not reach|attempts|server is running/);
    expect(err.message).not.toContain(TOKEN.slice(12));
    expect(transport.stats.retries).toBe(0);
    expect(emu.stats().total).toBe(0);
  });
});
