// A run that waits on the host's rate limit for WAIT_NOTICE_MS or more says so on stderr, once a
// wait however many requests wait it out: its own pacing (the budget spent until the window
// resets) and a 429's retry-after. Shorter waits pass unremarked; stdout stays the JSON document.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, type TestContext } from 'vitest';
import { WAIT_NOTICE_MS } from '../../src/backends/http/rate-gate.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { workspace } from '../apply/helpers.js';

const KEY = 'sk-test-rate-limit-notice-0000000';
const env = (url: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: KEY });

// The tests run at once (each spends its time waiting out a window or a retry-after, 6–20 s), so
// what each opens is closed when that test ends (its context's onTestFinished), not after every
// test as each-test.ts's helpers close theirs: that would close a test's emulator under it.
type AtEnd = TestContext['onTestFinished'];

function ws(keys: string[], atEnd: AtEnd): string {
  const w = workspace(Object.fromEntries(keys.map((k) => [k, { model: 'gpt-4o' }])));
  atEnd(() => w.cleanup());
  return w.root;
}

/** An emulator on loopback (startEmulator's options), closed when the test ends. */
async function emulator(opts: EmulatorOptions, atEnd: AtEnd): Promise<RunningEmulator> {
  const emu = await startEmulator(opts);
  atEnd(() => emu.close());
  return emu;
}

/** A server on loopback answering with `handle`; closed when the test ends. Returns its base URL. */
async function host(handle: (req: IncomingMessage, res: ServerResponse) => void, atEnd: AtEnd): Promise<string> {
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  atEnd(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

const tooMany = (res: ServerResponse, seconds: number) => {
  res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(seconds) });
  res.end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } }));
};

/** The lines of `text` that say a wait. */
const waits = (text: string) => text.split('\n').filter((l) => /waiting \d+ s/.test(l));

describe.concurrent('a long wait on the rate limit is said once on stderr', () => {
  it('its own pacing: apply of three creates through a window of four requests says one line, however many callers wait', async ({ onTestFinished }) => {
    expect(WAIT_NOTICE_MS).toBe(5000);
    // The lock, two list pages and a create spend the window; the other creates and the lock's
    // delete wait together for the reset, about 10 s later.
    const emu = await emulator({ apiKey: KEY, rateLimitPerMinute: 4, rateLimitWindowMs: 10_000 }, onTestFinished);
    const root = ws(['a', 'b', 'c'], onTestFinished);
    const r = await runCli(['apply', '--yes', '--format', 'json'], { cwd: root, env: env(emu.url) });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: { created: number } }).summary.created).toBe(3);
    expect(waits(r.stderr)).toHaveLength(1);
    // The creates start together: the two that wait do so before any is done.
    expect(waits(r.stderr)[0]).toMatch(/^The host's rate limit is spent: waiting ([5-9]|10) s for it to reset \(its x-ratelimit-reset-requests\)… 0 of 3 actions done\.$/);
    expect(emu.stats().byStatus['429'] ?? 0).toBe(0);
  }, 60_000);

  it('a 429 with retry-after: one line for the wait; a short wait says nothing', async ({ onTestFinished }) => {
    let refused = 0;
    const url = await host((_req, res) => {
      // The listing's first request is refused, with a wait of 6 s.
      if (refused++ < 1) return tooMany(res, 6);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [], first_id: null, last_id: null, has_more: false }));
    }, onTestFinished);
    const root = ws(['a'], onTestFinished);
    const r = await runCli(['plan', '--format', 'json'], { cwd: root, env: env(url) });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: { create: number } }).summary.create).toBe(1);
    // Refused before the first page: nothing listed yet, nothing more to say.
    expect(waits(r.stderr)).toEqual(['Rate limited by the host (429): waiting 6 s before retrying, as its retry-after asks…']);
    expect(r.stdout).not.toContain('waiting');

    // A window of one second: paced, and nothing said.
    const emu = await emulator({ apiKey: KEY, rateLimitPerMinute: 2, rateLimitWindowMs: 1000 }, onTestFinished);
    const quick = await runCli(['apply', '--yes'], { cwd: root, env: env(emu.url) });
    expect(quick.code, quick.stderr).toBe(0);
    expect(waits(quick.stderr)).toEqual([]);
  }, 60_000);

  it('three creates refused together with the same retry-after: one line, not one a request', async ({ onTestFinished }) => {
    const emu = await emulator({ apiKey: KEY }, onTestFinished);
    const upstream = new URL(emu.url);
    let posts = 0;
    // In front of the emulator: the lock's create passes, the three creates sent at once after it
    // are refused with a wait of 6 s, and their retries pass.
    const url = await host((req, res) => {
      if (req.method === 'POST' && req.url === '/v1/assistants' && ++posts >= 2 && posts <= 4) {
        req.resume();
        return tooMany(res, 6);
      }
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(out);
    }, onTestFinished);
    const root = ws(['a', 'b', 'c'], onTestFinished);
    const r = await runCli(['apply', '--yes', '--format', 'json'], { cwd: root, env: env(url) });
    expect(r.code, r.stderr).toBe(0);
    expect(posts).toBe(7);
    expect((JSON.parse(r.stdout) as { summary: { created: number } }).summary.created).toBe(3);
    expect(waits(r.stderr)).toEqual(['Rate limited by the host (429): waiting 6 s before retrying, as its retry-after asks… 0 of 3 actions done.']);
  }, 60_000);

  it('says how far the run has come: apply, its actions done of all and the time the rest may take', async ({ onTestFinished }) => {
    // Six requests a 10 s window, one action at a time: the lock, the listing's page and four
    // creates spend it, so the fifth create waits with four of seven done: the rest take at least the wait.
    const emu = await emulator({ apiKey: KEY, rateLimitPerMinute: 6, rateLimitWindowMs: 10_000 }, onTestFinished);
    const root = ws(['a', 'b', 'c', 'd', 'e', 'f', 'g'], onTestFinished);
    const r = await runCli(['apply', '--yes', '--concurrency', '1'], { cwd: root, env: env(emu.url) });
    expect(r.code, r.stderr).toBe(0);
    expect(waits(r.stderr)).toHaveLength(1);
    expect(waits(r.stderr)[0]).toMatch(/^The host's rate limit is spent: waiting ([5-9]|10) s for it to reset \(its x-ratelimit-reset-requests\)… 4 of 7 actions done, ~([5-9]|10) s left at the current rate\.$/);
    // Text on stdout is the apply's own; the wait and its progress are stderr's alone.
    expect(r.stdout).not.toMatch(/waiting|actions done/);
  }, 60_000);

  it('says how far the run has come: a listing, what it has listed', async ({ onTestFinished }) => {
    // A plan whose listing waits: three pages of 100 under two requests a window, the third asked
    // once the first is read (a page is read once the next is asked for).
    const root = ws(['a', 'b', 'c', 'd', 'e', 'f', 'g'], onTestFinished);
    const many = await emulator({ apiKey: KEY, rateLimitPerMinute: 2, rateLimitWindowMs: 10_000 }, onTestFinished);
    many.seed(Array.from({ length: 250 }, (_, i) => ({ model: 'gpt-4o', name: `by hand ${i}` })));
    const plan = await runCli(['plan', '--format', 'json'], { cwd: root, env: env(many.url) });
    expect(plan.code, plan.stderr).toBe(0);
    expect((JSON.parse(plan.stdout) as { summary: { create: number } }).summary.create).toBe(7);
    expect(waits(plan.stderr)).toEqual([expect.stringMatching(/^The host's rate limit is spent: waiting ([5-9]|10) s for it to reset \(its x-ratelimit-reset-requests\)… 100 assistants listed so far\.$/)]);
  }, 60_000);
});
