// A wait the host asks for that is longer than aac takes (MAX_HOST_WAIT_MS: a day's quota spent,
// `retry-after: 86400`) is not slept: the run fails at once, saying how long the host asked to
// wait and to run again later, and an apply says which actions were made and which were not sent.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_HOST_WAIT_MS } from '../../src/backends/http/rate-gate.js';
import { API_KEY, apiEnv, proxiedHarness } from '../apply/helpers.js';

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

  it('a create answered 503 asking for a day: settled by a listing, never sent again, said so; the next run converges', async () => {
    let answer503 = true;
    const h = await proxiedHarness({ a: { model: 'm' } }, (req) =>
      answer503 && req.method === 'POST' && req.path.endsWith('/assistants') && !String((req.body as { name?: unknown }).name).startsWith('aac-lock-') ? { status: 503, headers: { 'retry-after': String(DAY_S) } } : undefined,
    );
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 2\n');
    const started = Date.now();
    const r = await h.cli(['apply', '--yes', '--format', 'json'], { env: apiEnv(h.proxy.url) });
    // Neither the host's day nor apply's own back-off (0.5 s, then 1 s) is waited.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { outcomes: { key: string; status: string; error?: string; fix?: string }[] };
    expect(report.outcomes).toEqual([
      {
        key: 'a',
        id: null,
        action: 'create',
        status: 'failed',
        error: `the create was answered 503 (injected 503) and no assistant carries its key: it was not created; the host asked to wait ${DAY_S} s (its retry-after), longer than the 60 s aac waits: not sent again; run again later, once that time has passed`,
        fix: 'run again later, once that time has passed',
        warnings: [],
      },
    ]);
    // Sent once, though options.max_retries allows two more; a listing settled it after.
    const creates = h.proxy.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/assistants') && !String((q.body as { name?: unknown }).name).startsWith('aac-lock-'));
    expect(creates).toHaveLength(1);
    const after = h.proxy.requests.slice(h.proxy.requests.indexOf(creates[0]!) + 1);
    expect(after.some((q) => q.method === 'GET' && q.path.endsWith('/assistants'))).toBe(true);
    expect(h.emu.resources().filter((x) => !String(x.name).startsWith('aac-lock-'))).toEqual([]);
    // Once the host takes writes again, the next run makes it, and the one after finds nothing to do.
    answer503 = false;
    const again = await h.cli(['apply', '--yes'], { env: apiEnv(h.proxy.url) });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(h.emu.resources().filter((x) => !String(x.name).startsWith('aac-lock-'))).toHaveLength(1);
    expect((await h.cli(['plan', '--detailed-exitcode'], { env: apiEnv(h.proxy.url) })).code).toBe(0);
  }, 60_000);

  it('a create answered 503 asking for a day whose listing then fails: of unknown outcome, the wait said, not sent again', async () => {
    let listings = 0;
    const h = await proxiedHarness({ a: { model: 'm' } }, (req) => {
      if (req.method === 'POST' && req.path.endsWith('/assistants')) return { status: 503, headers: { 'retry-after': String(DAY_S) } };
      return req.method === 'GET' && ++listings > 1 ? 500 : undefined;
    });
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
    const r = await h.cli(['apply', '-lock=false', '--yes', '--format', 'json'], { env: apiEnv(h.proxy.url) });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { outcomes: { status: string; error?: string }[] };
    expect(report.outcomes.map((o) => [o.status, o.error])).toEqual([
      ['unknown', `answered 503 (injected 503) and re-reading the assistants to check failed (listing assistants: server error (500): injected 500): the host may still have made it; the host asked to wait ${DAY_S} s (its retry-after), longer than the 60 s aac waits: not sent again; run again later, once that time has passed`],
    ]);
    expect(h.proxy.writes()).toHaveLength(1);
  }, 60_000);

  it('a create the host made and answered 503 asking for a day is adopted from the listing, sent once', async () => {
    const h = await proxiedHarness({ a: { model: 'm' } }, async (req) => {
      if (!(req.method === 'POST' && req.path.endsWith('/assistants'))) return undefined;
      await fetch(`${h.emu.url}/assistants`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'openai-beta': 'assistants=v2' }, body: JSON.stringify(req.body) });
      return { status: 503, headers: { 'retry-after': String(DAY_S) } };
    });
    const r = await h.cli(['apply', '-lock=false', '--yes'], { env: apiEnv(h.proxy.url) });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/the create was answered 503 \(injected 503\); asst_\w+ carries this key, so it was made and is adopted/);
    expect(h.proxy.writes()).toHaveLength(1);
    expect(h.emu.resources()).toHaveLength(1);
  }, 60_000);

  it('an update and a delete answered 503 asking for a day: each reported as the listing shows, neither sent again', async () => {
    let answer503 = false;
    const h = await proxiedHarness({ a: { model: 'm' }, b: { model: 'm' } }, (req) =>
      answer503 && /\/assistants\/asst_/.test(req.path) && req.method !== 'GET' ? { status: 503, headers: { 'retry-after': String(DAY_S) } } : undefined,
    );
    expect((await h.cli(['apply', '-lock=false', '--yes'], { env: apiEnv(h.proxy.url) })).code).toBe(0);
    h.ws.write('a', { model: 'm', instructions: 'Be brief.' });
    h.ws.remove('b');
    answer503 = true;
    const sentBefore = h.proxy.writes().length;
    const r = await h.cli(['apply', '-lock=false', '--yes', '--prune', '--format', 'json'], { env: apiEnv(h.proxy.url) });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { outcomes: { key: string; status: string; error?: string; fix?: string }[] };
    const wait = `the host asked to wait ${DAY_S} s (its retry-after), longer than the 60 s aac waits: not sent again; run again later, once that time has passed`;
    expect(report.outcomes.map(({ key, status, error, fix }) => ({ key, status, error, fix }))).toEqual([
      { key: 'a', status: 'failed', error: `the update was answered 503 (injected 503) and re-reading shows it was not made; ${wait}`, fix: 'run again later, once that time has passed' },
      { key: 'b', status: 'failed', error: `the delete was answered 503 (injected 503) and the assistant is still there: it was not deleted; ${wait}`, fix: 'run again later, once that time has passed' },
    ]);
    // One request each: neither the SDK's retries nor apply sent either again.
    expect(h.proxy.writes().slice(sentBefore).map((q) => q.method)).toEqual(expect.arrayContaining(['POST', 'DELETE']));
    expect(h.proxy.writes().slice(sentBefore)).toHaveLength(2);
    answer503 = false;
    expect((await h.cli(['apply', '-lock=false', '--yes', '--prune'], { env: apiEnv(h.proxy.url) })).code).toBe(0);
    expect((await h.cli(['plan', '--prune', '--detailed-exitcode'], { env: apiEnv(h.proxy.url) })).code).toBe(0);
  }, 60_000);
});
