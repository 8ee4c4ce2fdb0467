// A key or token whose value holds a character no request header can carry — a control character
// or a line break inside it, a zero-width space: what a copy from a terminal or a password manager
// may leave — is refused before any request, naming the variable, the position and the fix, never
// the value; exit 1, nothing sent, no retries. (Sent, Node refused the header as the request left,
// which read as a host that could not be reached, after 5 attempts.) The CLI in-process against
// emulators on loopback.
import { describe, expect, it } from 'vitest';
import { writeFile } from '../environments/helpers.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-s26-SECRETKEY-abc123';
const TOKEN = 'tok-s26-SECRET-foundry-9';
const VIRTUAL = 'vk-s26-VIRTUAL-qwertyZ9Q';

/** `value` with `c` put in after its 20th character. */
const spoiled = (value: string, c: string) => `${value.slice(0, 20)}${c}${value.slice(20)}`;

const CASES = [
  { provider: 'openai', variable: 'OPENAI_API_KEY', env: (url: string, key: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: key }), secret: KEY },
  { provider: 'openai-agents', variable: 'OPENAI_API_KEY', env: (url: string, key: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: key }), secret: KEY },
  { provider: 'foundry-agents', variable: 'AAC_FOUNDRY_TOKEN', env: (url: string, key: string) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: key }), secret: TOKEN },
  { provider: 'portkey', variable: 'PORTKEY_VIRTUAL_KEY', env: (url: string, key: string) => ({ PORTKEY_BASE_URL: url, PORTKEY_API_KEY: KEY, PORTKEY_VIRTUAL_KEY: key }), secret: VIRTUAL },
  { provider: 'openai', variable: 'OPENAI_PROJECT_ID', env: (url: string, key: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: KEY, OPENAI_PROJECT_ID: key }), secret: 'proj_s26-PROJECT-abcdXYZ' },
] as const;

describe('a credential variable holding a character no request can carry', () => {
  it.each(CASES)('$provider, $variable: refused before any request, naming the variable and the position, never the value', async ({ provider, variable, env, secret }) => {
    const emu = await testEmulator({ provider, apiKey: provider === 'foundry-agents' ? TOKEN : KEY, virtualKey: VIRTUAL });
    const dir = testDir('aac-credential-characters-');
    writeFile(dir, 'agents/aac.yaml', `provider: ${provider}\nnamespace: s26\n`);
    writeFile(dir, 'agents/a.yaml', provider === 'foundry-agents' ? 'name: a\ndefinition:\n  kind: prompt\n  model: gpt-4o\n' : provider === 'openai-agents' ? 'model: gpt-5\nname: A\n' : 'model: gpt-4o\nname: A\n');
    const base = { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined };
    for (const [c, said] of [['\x01', 'a control character (U+0001)'], ['\n', 'a control character (U+000A)'], ['\u200b', 'a character a request header cannot carry (U+200B)']] as const) {
      for (const format of ['text', 'json']) {
        const r = await runCli(['plan', '--dir', 'agents', '--format', format], { cwd: dir, env: { ...base, ...env(emu.url, spoiled(secret, c)) } });
        expect(r.code).toBe(1);
        const out = r.stdout + r.stderr;
        expect(out).toContain(`${variable} holds ${said} at position 21, which no request can send: a line break or an invisible character a paste left inside the value; set ${variable} again with the value alone`);
        expect(out).not.toMatch(/could not reach|attempts|server is running/);
        expect(out).not.toContain(secret.slice(0, 20));
        expect(out).not.toContain(secret.slice(20));
      }
    }
    expect(emu.stats().total).toBe(0);
    // Set again, it plans.
    const fixed = await runCli(['plan', '--dir', 'agents'], { cwd: dir, env: { ...base, ...env(emu.url, secret) } });
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  it('a line end around the value is trimmed, as before, and works', async () => {
    const emu = await testEmulator({ apiKey: KEY });
    const dir = testDir('aac-credential-characters-');
    writeFile(dir, 'agents/aac.yaml', 'provider: openai\nnamespace: s26\n');
    writeFile(dir, 'agents/a.yaml', 'model: gpt-4o\nname: A\n');
    const r = await runCli(['plan', '--dir', 'agents'], { cwd: dir, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: `${KEY}\r\n` } });
    expect(r.code, r.stderr).toBe(0);
  });
});
