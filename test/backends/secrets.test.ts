// The key or token never appears in debug output or in an error, for any profile, and not in
// what `aac plan --debug` prints either.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { PROVIDERS } from '../../src/backends/assistants/providers.js';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../plan/project.js';
import { connect, credentialOf, emulator, envFor, failure, SECRET, TOKEN, VIRTUAL_KEY } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe.each(PROVIDERS)('secrets with the %s profile', (provider) => {
  it('are absent from debug lines and errors, refused or accepted', async () => {
    emu = await emulator(provider, { errorRate: 0.3, seed: 9 });
    const secret = credentialOf(provider);
    const good = await connect(emu, { max_retries: 8 });
    const created = await good.backend.create({ model: 'gpt-4o' }, { namespace: 'test', key: 'k' }).catch(() => undefined);
    if (created) await good.backend.update(created.id, { name: 'x' }, { namespace: 'test', key: 'k' });
    await good.backend.listAll();

    emu.setFaults({ errorRate: 0 });
    const wrong = `${secret}0`;
    const bad = await connect(emu, {}, envFor(provider, emu.url, wrong));
    const err = await failure(bad.backend.listAll());

    const captured = [...good.debug, ...bad.debug, err.message, JSON.stringify(err)].join('\n');
    expect(good.debug.length).toBeGreaterThan(2);
    for (const value of [secret, wrong, VIRTUAL_KEY]) expect(captured).not.toContain(value);
    // The debug line still says which credential header went out.
    expect(good.debug[0]).toMatch(provider === 'portkey' ? /x-portkey-api-key=\[redacted\]/ : /authorization=\[redacted\]/);
  });
});

describe('aac plan --debug', () => {
  it('logs each request with the key redacted', async () => {
    emu = await emulator('openai');
    emu.seed([{ model: 'gpt-4o', name: 'unmanaged' }]);
    const cwd = makeProject({});
    const r = await runCli(['plan', '--debug'], { cwd, env: envFor('openai', emu.url) });
    const all = r.stdout + r.stderr;
    expect(r.stderr).toMatch(/\[debug\] GET http:\/\/127\.0\.0\.1:\d+\/v1\/assistants\?limit=100&order=desc → 200/);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(TOKEN);
  });

  it('redacts every query value of the configured endpoint: in debug lines, in errors, in the job summary, the saved plan and the emulator\'s log', async () => {
    const logged: string[] = [];
    emu = await emulator('openai', { log: (line) => logged.push(line) });
    const cwd = makeProject({ a: { model: 'gpt-4o' } });
    const query = '?sig=SIGVALUE-1234&code=CODEVALUE-5678&subscription-key=SUBVALUE-9012';
    const summary = join(cwd, 'summary.md');
    const r = await runCli(['plan', '--debug', '--out', 'plan.json'], { cwd, env: { ...envFor('openai', `${emu.url}${query}`), GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    const files = [summary, join(cwd, 'plan.json')].map((f) => readFileSync(f, 'utf8'));
    expect(files[0]).toContain('Plan: 1 to create');
    // Both name the endpoint, so its query is there to redact.
    for (const file of files) expect(file).toContain('127.0.0.1');
    expect(r.stderr).toMatch(/\[debug\] GET http:\/\/127\.0\.0\.1:\d+\/v1\/assistants\?sig=\[redacted\]&code=\[redacted\]&subscription-key=\[redacted\]&limit=100&order=desc → 200/);
    const closed = await runCli(['plan'], { cwd, env: envFor('openai', `http://127.0.0.1:9/v1${query}`) });
    expect(closed.code).toBe(1);
    expect(logged.join('\n')).toMatch(/assistants\?sig=\[redacted\]&code=\[redacted\]&subscription-key=\[redacted\]&limit=100&order=desc/);
    for (const value of ['SIGVALUE-1234', 'CODEVALUE-5678', 'SUBVALUE-9012']) {
      expect(r.stdout + r.stderr + closed.stdout + closed.stderr + logged.join('\n') + files.join('\n')).not.toContain(value);
    }
  });

  it('redacts a query value whichever way the URL spells it: a SAS signature\'s %2B, %2F and %3D, and a space as +', async () => {
    const logged: string[] = [];
    emu = await emulator('openai', { log: (line) => logged.push(line) });
    const cwd = makeProject({ a: { model: 'gpt-4o' } });
    const query = '?sig=SIG%2BVALUE%2F1234%3D&code=CODE+VALUE+5678';
    const r = await runCli(['plan', '--debug'], { cwd, env: envFor('openai', `${emu.url}${query}`) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[debug\] GET http:\/\/127\.0\.0\.1:\d+\/v1\/assistants\?sig=\[redacted\]&code=\[redacted\]&limit=100&order=desc → 200/);
    const closed = await runCli(['plan', '--debug'], { cwd, env: envFor('openai', `http://127.0.0.1:9/v1${query}`) });
    expect(closed.code).toBe(1);
    for (const value of ['SIG', 'VALUE', '1234', 'CODE', '5678']) expect(r.stdout + r.stderr + closed.stdout + closed.stderr + logged.join('\n')).not.toContain(value);
  });

  it('masks a short query value where it is a query value, never in the host, the port or the attempt\'s count; a long one everywhere', async () => {
    emu = await emulator('openai');
    const cwd = makeProject({ a: { model: 'gpt-4o' } });
    const port = new URL(emu.url).port;
    const query = '?sig=SIG-SECRET-ABCDEFG&x=1&t=0.1';
    writeFileSync(join(cwd, 'assistants', 'aac.yaml'), `endpoint: "http://127.0.0.1:${port}/v1?team=1"\n`);
    const r = await runCli(['plan', '--debug', '--no-color'], { cwd, env: envFor('openai', `${emu.url}${query}`) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`[debug] GET http://127.0.0.1:${port}/v1/assistants?sig=[redacted]&x=[redacted]&t=[redacted]&limit=100&order=desc → 200 (`);
    expect(r.stderr).toMatch(/ ms, attempt 1\) authorization=\[redacted\]/);
    expect(r.stderr).toContain(`Warning: OPENAI_BASE_URL (http://127.0.0.1:${port}/v1?sig=[redacted]&x=[redacted]&t=[redacted]) overrides endpoint: http://127.0.0.1:${port}/v1?team=[redacted] (assistants/aac.yaml:1:11)`);
    const closed = await runCli(['plan', '--debug'], { cwd, env: envFor('openai', `http://127.0.0.1:9/v1${query}`) });
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('could not reach 127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9');
    expect(closed.stderr).toContain('GET http://127.0.0.1:9/v1/assistants?sig=[redacted]&x=[redacted]&t=[redacted]&limit=100');
    const all = r.stdout + r.stderr + closed.stdout + closed.stderr;
    expect(all).not.toMatch(/127\.0\.0\.\[redacted\]|attempt \[redacted\]|\[redacted\] ms/);
    expect(all).not.toContain('SIG-SECRET-ABCDEFG');
    expect(all).not.toMatch(/[?&](x|team)=1\b|t=0\.1/);
  });

  it('prints an auth failure without the key', async () => {
    emu = await emulator('openai');
    const cwd = makeProject({});
    const wrong = 'sk-WRONGKEY-abcdefghijklmnop';
    const r = await runCli(['plan'], { cwd, env: envFor('openai', emu.url, wrong) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('OPENAI_API_KEY');
    expect(r.stdout + r.stderr).not.toContain(wrong);
  });
});
