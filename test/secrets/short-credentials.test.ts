// A credential shorter than MIN_SECRET_AS_SUBSTRING is a placeholder (`test` against the emulator): it
// is not looked for inside data, so ordinary words stay as written and import works. It is still
// masked wherever a credential is echoed as itself (an error quoting it, a debug line): where it
// stands alone, never inside a word, so a one-letter key leaves `key` and `check` as they are. A
// value of the minimum length is looked for everywhere as before: inside words of a message, plan
// output, plan file, a definition's and import's refusal.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_AS_SUBSTRING } from '../../src/util/redact.js';
import { runCli, TEST_MARKER } from '../helpers/cli.js';
import { workspace, type Workspace } from '../apply/helpers.js';
import { afterTest, testEmulator } from '../helpers/each-test.js';

const emulator = (apiKey: string) => testEmulator({ apiKey });
function ws(defs: Record<string, Record<string, unknown>> = {}): Workspace {
  const w = workspace(defs);
  afterTest(() => w.cleanup());
  return w;
}

/** A host that refuses every request quoting the key it was sent (`say`, by default as OpenAI's 401 does). */
async function echoingHost(say = (key: string) => `Incorrect API key provided: ${key}. You can find your API key in your settings.`): Promise<string> {
  const server: Server = createServer((req, res) => {
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: say(key), type: 'invalid_request_error', code: 'invalid_api_key' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterTest(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

describe('a credential shorter than the minimum is not looked for in data', () => {
  it('a placeholder key `test`: import writes the prompt, plan shows it as written', async () => {
    const KEY = 'test';
    expect(KEY.length).toBeLessThan(MIN_SECRET_AS_SUBSTRING);
    const emu = await emulator(KEY);
    emu.seed([{ model: 'gpt-4o', name: 'Tester', instructions: 'Write a unit test for each function.' }]);
    const w = ws();
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url };
    const imported = await runCli(['import'], { cwd: w.root, env });
    expect(imported.code, imported.stderr).toBe(0);
    expect(readFileSync(join(w.root, 'assistants', 'tester.yaml'), 'utf8')).toContain('instructions: Write a unit test for each function.');
    const plan = await runCli(['plan', '--format', 'json', '--out', 'plan.json'], { cwd: w.root, env });
    expect(plan.code, plan.stderr).toBe(0);
    for (const text of [plan.stdout, readFileSync(join(w.root, 'plan.json'), 'utf8')]) {
      expect(text).toContain('Write a unit test for each function.');
      expect(text).not.toContain('[redacted]');
    }
    // The debug lines still never show it as a credential.
    const debug = await runCli(['plan', '--debug'], { cwd: w.root, env });
    expect(debug.code, debug.stderr).toBe(0);
    expect(debug.stderr).toContain('[debug] GET');
    expect(debug.stderr).not.toMatch(/Bearer test|authorization=test/i);
  });

  it('a key of any length is masked where a host echoes it in an error', async () => {
    const url = await echoingHost();
    const w = ws({ bot: { model: 'gpt-4o' } });
    for (const key of ['k', 'abc', 'test', 'question']) {
      const r = await runCli(['plan', '--debug'], { cwd: w.root, env: { OPENAI_API_KEY: key, OPENAI_BASE_URL: url } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Incorrect API key provided: [redacted]. You can find your API key in your settings');
      expect(r.stderr).not.toContain(`provided: ${key}`);
      expect(r.stderr).not.toContain(`Bearer ${key}`);
    }
  });
});

describe('a short credential is masked in a message only where it stands alone', () => {
  it('a one-letter key leaves the words of an error and of the debug lines whole', async () => {
    const emu = await emulator('the-real-key-0123');
    const w = ws({ bot: { model: 'gpt-4o' } });
    const r = await runCli(['plan', '--debug'], { cwd: w.root, env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: emu.url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('(401): Incorrect API key provided\n  check OPENAI_API_KEY');
    expect(r.stderr).not.toMatch(/[a-z]\[redacted\]|\[redacted\][a-z]/i);
    // The key itself, sent as a header, is still masked.
    expect(r.stderr).toContain('authorization=[redacted]');
    expect(r.stderr).not.toMatch(/Bearer k\b/);
  });

  it('glued to other letters, a short key is not masked, and a key of the minimum length is', async () => {
    const glued = (key: string) => `Incorrect API key provided: xx${key}yy; check it.`;
    const url = await echoingHost(glued);
    const w = ws({ bot: { model: 'gpt-4o' } });
    const short = await runCli(['plan'], { cwd: w.root, env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: url } });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('Incorrect API key provided: xxkyy; check it');
    const long = await runCli(['plan'], { cwd: w.root, env: { OPENAI_API_KEY: 'question', OPENAI_BASE_URL: url } });
    expect(long.code).toBe(1);
    expect(long.stderr).toContain('Incorrect API key provided: xx[redacted]yy; check it');
    expect(long.stderr).not.toContain('question');
  });
});

describe('a credential of the minimum length is looked for in data', () => {
  const KEY = 'question';

  it('is redacted in the plan output and the plan file, and refused in a definition', async () => {
    expect(KEY.length).toBe(MIN_SECRET_AS_SUBSTRING);
    const emu = await emulator(KEY);
    // The live prompt (changed behind aac's back) holds it: shown redacted.
    const w = ws({ faq: { model: 'gpt-4o', instructions: 'Answer briefly.' } });
    emu.seed([{ model: 'gpt-4o', instructions: 'Answer any question about the company.', metadata: { [TEST_MARKER]: 'faq' } }]);
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url };
    const text = await runCli(['plan'], { cwd: w.root, env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Answer any [redacted] about the company.');
    const saved = await runCli(['plan', '--out', 'plan.json'], { cwd: w.root, env });
    expect(saved.code, saved.stderr).toBe(0);
    const file = readFileSync(join(w.root, 'plan.json'), 'utf8');
    expect(file).toContain('Answer any [redacted] about the company.');
    expect(file).not.toContain(KEY);
    // A definition's prompt that holds it is refused, as any configured credential is.
    writeFileSync(join(w.root, 'assistants', 'faq.yaml'), 'model: gpt-4o\ninstructions: Answer any question.\n');
    const refused = await runCli(['plan'], { cwd: w.root, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('assistants/faq.yaml:2:15: error: instructions holds the value of OPENAI_API_KEY');
  });

  it('makes import refuse, writing nothing', async () => {
    const emu = await emulator(KEY);
    emu.seed([{ model: 'gpt-4o', name: 'FAQ', instructions: 'Answer any question about the company.' }]);
    const w = ws();
    const r = await runCli(['import'], { cwd: w.root, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to import: live data holds the value of a configured credential');
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });
});
