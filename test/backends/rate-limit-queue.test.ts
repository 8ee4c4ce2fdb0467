// A request waiting in aac's own rate-limit queue has not been sent: `options.timeout_ms` runs from
// when it leaves, not from when it was queued. An apply against a host that allows a few requests a
// window sends every write once, however long the queue, and converges in one run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { afterTest, testEmulator } from '../helpers/each-test.js';
import { API_KEY, apiEnv, workspace, writesByRoute } from '../apply/helpers.js';

const KEYS = ['a', 'b', 'c', 'd', 'e'];

interface ApplyDoc {
  summary: { created: number; modified: number; failed: number };
}

describe('a write queued on the host\'s rate limit', () => {
  it('is sent once the window resets, whatever options.timeout_ms: every create and then every update (max_retries: 0) arrives once', async () => {
    // Three requests a 1.5 s window: each write waits in the queue far longer than the 300 ms timeout.
    const emu = await testEmulator({ apiKey: API_KEY, rateLimitPerMinute: 3, rateLimitWindowMs: 1500 });
    const w = workspace(Object.fromEntries(KEYS.map((k) => [k, { model: 'gpt-4o', instructions: 'one' }])));
    afterTest(() => w.cleanup());
    const aacYaml = (extra: string) => writeFileSync(join(w.root, 'assistants', 'aac.yaml'), `options:\n  timeout_ms: 300\n${extra}`);
    aacYaml('');

    const created = await runCli(['apply', '--yes', '--format', 'json'], { cwd: w.root, env: apiEnv(emu.url) });
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect((JSON.parse(created.stdout) as ApplyDoc).summary).toMatchObject({ created: KEYS.length, failed: 0 });
    expect(created.stdout + created.stderr).not.toMatch(/timeout_ms|lost|not sent/);
    // The lock's create and delete, and each create once: nothing given up on, nothing sent twice.
    expect(writesByRoute(emu)).toEqual({ 'POST /assistants': KEYS.length + 1, 'DELETE /assistants/{id}': 1 });
    expect(emu.resources().map((a) => a.instructions)).toEqual(KEYS.map(() => 'one'));

    // No retries: a request the timeout cut off in the queue would be a "lost" update at once.
    // A fresh window first, as a run that starts knows no budget, and its first request is not retried.
    aacYaml('  max_retries: 0\n');
    await new Promise((resolve) => setTimeout(resolve, 1600));
    for (const k of KEYS) w.write(k, { model: 'gpt-4o', instructions: 'two' });
    const updated = await runCli(['apply', '--yes', '--format', 'json'], { cwd: w.root, env: apiEnv(emu.url) });
    expect(updated.code, updated.stdout + updated.stderr).toBe(0);
    expect((JSON.parse(updated.stdout) as ApplyDoc).summary).toMatchObject({ modified: KEYS.length, failed: 0 });
    expect(writesByRoute(emu)).toEqual({ 'POST /assistants': KEYS.length + 2, 'POST /assistants/{id}': KEYS.length, 'DELETE /assistants/{id}': 2 });
    expect(emu.resources().map((a) => a.instructions)).toEqual(KEYS.map(() => 'two'));
    expect(emu.stats().byStatus['429'] ?? 0).toBe(0);
  }, 60_000);
});
