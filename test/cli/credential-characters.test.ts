// A key or token whose value holds a character no request header can carry — a control character
// or a line break inside it, a zero-width space: what a copy from a terminal or a password manager
// may leave; a `€` or an emoji typed or converted into it — is refused before any request, naming the variable, the position and the fix, never
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
    const pasted = `a line break or a control character a paste left inside the value; set ${variable} again with the value alone`;
    // A visible character no header carries is named as such: not a paste's leftover, which it is not.
    const typed = `a request header carries only characters up to U+00FF, and keys, tokens and ids are plain ASCII: this one was typed or converted into the value (a typographic quote or dash, €, an emoji); set ${variable} again with the value as its provider issued it`;
    for (const [c, said, cause] of [
      ['\x01', 'a control character (U+0001)', pasted],
      ['\n', 'a control character (U+000A)', pasted],
      ['\u200b', 'an invisible character (U+200B)', `an invisible character or a line break a paste left inside the value; set ${variable} again with the value alone`],
      ['€', 'a character outside Latin-1 (U+20AC)', typed],
      ['\u{1F600}', 'a character outside Latin-1 (U+1F600)', typed],
    ] as const) {
      for (const format of ['text', 'json']) {
        const r = await runCli(['plan', '--dir', 'agents', '--format', format], { cwd: dir, env: { ...base, ...env(emu.url, spoiled(secret, c)) } });
        expect(r.code).toBe(1);
        const out = r.stdout + r.stderr;
        expect(out).toContain(`${variable} holds ${said} at position 21, which no request can send: ${cause}`);
        if (cause === typed) expect(out).not.toMatch(/paste|invisible/);
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
