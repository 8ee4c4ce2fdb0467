// A wait the host asks for that is longer than aac takes (MAX_HOST_WAIT_MS: a day's quota spent,
// `retry-after: 86400`) is not slept: the run fails at once, saying how long the host asked to
// wait and to run again later, and an apply says which actions were made and which were not sent.
import { describe, expect, it } from 'vitest';
import { MAX_HOST_WAIT_MS } from '../../src/backends/http/rate-gate.js';
import { apiEnv, proxiedHarness } from '../apply/helpers.js';

const DAY_S = 86_400;

describe('a wait longer than aac takes is refused, not slept', () => {
  it('a 429 with retry-after: 86400 on the listing: plan fails at once, with the wait and what to do, and nothing waits', async () => {
    expect(MAX_HOST_WAIT_MS).toBe(60_000);
    const h = await proxiedHarness({ a: { model: 'm' } }, (req) => (req.method === 'GET' ? { status: 429, headers: { 'retry-after': String(DAY_S) } } : undefined));
    const started = Date.now();
    const r = await h.cli(['plan'], { env: apiEnv(h.proxy.url) });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    // The fix on a line of its own (errors.ts apartFromFix).
    expect(r.stderr).toBe(`Error: listing assistants: rate limited (429): injected 429; the host asked to wait ${DAY_S} s (its retry-after), longer than the 60 s aac waits: not sent again\n  run again later, once that time has passed\n`);
    // Not retried (the SDK would sleep the day first), and no line says a wait that is not taken.
    expect(h.proxy.requests.filter((q) => q.method === 'GET')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/waiting \d+ s/);
  }, 60_000);

  it('retry-after-ms on a 503 read is read as well: not retried, said with its header', async () => {
    const h = await proxiedHarness({ a: { model: 'm' } }, (req) => (req.method === 'GET' ? { status: 503, headers: { 'retry-after-ms': String(90 * 60_000) } } : undefined));
    const r = await h.cli(['plan'], { env: apiEnv(h.proxy.url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('server error (503)');
    expect(r.stderr).toContain('the host asked to wait 5400 s (its retry-after-ms), longer than the 60 s aac waits');
    expect(h.proxy.requests.filter((q) => q.method === 'GET')).toHaveLength(1);
  }, 60_000);

  it('a wait of 60 s or less is still a wait taken: the bound is not met by a short retry-after', async () => {
    let refused = 0;
    const h = await proxiedHarness({ a: { model: 'm' } }, (req) => (req.method === 'GET' && refused++ === 0 ? { status: 429, headers: { 'retry-after': '1' } } : undefined));
    const r = await h.cli(['plan'], { env: apiEnv(h.proxy.url) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('asked to wait');
  }, 60_000);

  it('apply: the create that met it and every one after are not sent, each said so; those made before are reported made', async () => {
    let creates = 0;
    // The first create passes; the second is answered 429 asking for a day; the rest never leave.
    const h = await proxiedHarness({ a: { model: 'm' }, b: { model: 'm' }, c: { model: 'm' } }, (req) =>
      req.method === 'POST' && req.path.endsWith('/assistants') && ++creates === 2 ? { status: 429, headers: { 'retry-after': String(DAY_S) } } : undefined,
    );
    const started = Date.now();
    const r = await h.cli(['apply', '-lock=false', '--yes', '--concurrency', '1', '--format', 'json'], { env: apiEnv(h.proxy.url) });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { summary: { created: number; failed: number }; outcomes: { key: string; status: string; error?: string }[] };
    expect(report.summary.created).toBe(1);
    expect(report.summary.failed).toBe(2);
    const failed = report.outcomes.filter((o) => o.status === 'failed');
    expect(failed).toHaveLength(2);
    for (const o of failed) expect(o.error).toContain(`the host asked to wait ${DAY_S} s (its retry-after), longer than the 60 s aac waits`);
    // The third create was never sent: the host's wait holds every request of the run.
    expect(failed.map((o) => o.error)).toContainEqual(expect.stringMatching(/^creating assistant '[bc]': not sent: the host asked to wait 86400 s \(its retry-after\), longer than the 60 s aac waits; run again later, once that time has passed$/));
    expect(creates).toBe(2);
    expect(h.emu.resources()).toHaveLength(1);
  }, 60_000);

  it('a create answered 503 asking for a day is not slept by apply: settled by listings, the wait said in its outcome', async () => {
    const h = await proxiedHarness({ a: { model: 'm' } }, (req) =>
      req.method === 'POST' && req.path.endsWith('/assistants') && !String((req.body as { name?: unknown }).name).startsWith('aac-lock-') ? { status: 503, headers: { 'retry-after': String(DAY_S) } } : undefined,
    );
    const started = Date.now();
    const r = await h.cli(['apply', '--yes', '--format', 'json'], { env: apiEnv(h.proxy.url) });
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { outcomes: { key: string; status: string; error?: string }[] };
    expect(report.outcomes[0]!.error).toContain(`the host asked to wait ${DAY_S} s (its retry-after), longer than the 60 s aac waits`);
    expect(h.emu.resources().filter((x) => !String(x.name).startsWith('aac-lock-'))).toEqual([]);
  }, 60_000);
});
