// applyPlan against the emulator through the real backend: partial failure, interruption, lost
// creates that did not happen, and the delete guard.
// Its applies run with -lock=false: they count the writes apply makes for the definitions, and
// the lock's own create and delete (on by default) are tested in test/lock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, type ActionOutcome } from '../../src/apply/index.js';
import { BARE_NEXT, errorText } from '../../src/apply/outcome.js';
import type { Backend, BackendError } from '../../src/backends/backend.js';
import { backoffMs } from '../../src/backends/http/rate-gate.js';
import { createBackend } from '../../src/backends/registry.js';
import type { Plan } from '../../src/model/plan.js';
import { SERVER_DEFAULTS } from '../../src/backends/assistants/server-defaults.js';
import type { AssistantSpec } from '../../src/backends/assistants/assistant.js';
import { normalize } from '../../src/backends/assistants/normalize.js';
import { parsePlanFile } from '../../src/plan/plan-file.js';
import { emulator, envFor } from '../backends/helpers.js';
import { API_KEY, apiEnv, harness, markers, recordingProxy, writeCount, type Harness, type Recorder } from './helpers.js';

const spec = (name: string) => ({ model: 'gpt-4o', name, temperature: 0.5 });

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function backendFor(url: string): Promise<Backend> {
  return createBackend({ config: { provider: 'openai', options: { max_retries: 0 } }, env: apiEnv(url) });
}

async function savedPlan(hh: Harness, ...extra: string[]): Promise<Plan> {
  const r = await hh.cli(['plan', '--out', 'plan.json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return parsePlanFile(readFileSync(join(hh.ws.root, 'plan.json'), 'utf8'), 'plan.json', 'aac plan --out plan.json');
}

const signal = () => new AbortController().signal;

/** The methods of the requests `proxy` saw, in order. */
const routes = (proxy: Recorder) => proxy.requests.map((r) => r.method);

describe('applyPlan', () => {
  it('goes on after a failure, reports it with the API message, and a new apply converges', async () => {
    h = await harness({ a: spec('A'), b: spec('B'), c: spec('C') });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    for (const k of ['a', 'b', 'c']) h.ws.write(k, { ...spec(k.toUpperCase()), temperature: 0.9 });
    const plan = await savedPlan(h);
    // Someone deletes `b` between the plan and the apply.
    const b = plan.changes.find((c) => c.key === 'b')!;
    const backend = await backendFor(h.emu.url);
    await backend.delete(b.id as string);

    const report = await applyPlan(plan, backend, { concurrency: 2, maxRetries: 0, signal: signal(), next: BARE_NEXT });
    expect(report.modified).toBe(2);
    expect(report.failed).toBe(1);
    const failed = report.outcomes.find((o) => o.key === 'b')!;
    expect(failed).toMatchObject({ status: 'failed', id: b.id, action: 'update' });
    expect(failed.error).toContain(`No assistant found with id '${b.id as string}'`);

    expect((await h.cli(['apply', '-lock=false', '--yes'])).stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
    expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('starts nothing after the signal is aborted, and finishes what is in flight', async () => {
    h = await harness({ a: spec('A'), b: spec('B'), c: spec('C'), d: spec('D') });
    const plan = await savedPlan(h);
    const controller = new AbortController();
    const seen: ActionOutcome[] = [];
    const report = await applyPlan(plan, await backendFor(h.emu.url), {
      concurrency: 1,
      maxRetries: 0,
      next: BARE_NEXT,
      signal: controller.signal,
      onOutcome: (o) => {
        seen.push(o);
        controller.abort();
      },
    });
    expect(report.interrupted).toBe(true);
    expect(report.created).toBe(1);
    expect(report.skipped).toBe(3);
    expect(seen).toHaveLength(4);
    expect(writeCount(h.emu)).toBe(1);
    expect(report.outcomes.map((o) => o.key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('creates again when a create that failed without a response had not happened, listing before each', async () => {
    h = await harness({ a: spec('A') });
    const plan = await savedPlan(h);
    let posts = 0;
    // The first three creates answered 500 without reaching the emulator; the fourth passes.
    const proxy = await recordingProxy(h.emu.url, (r) => (r.method === 'POST' && /\/assistants$/.test(r.path) && ++posts <= 3 ? 500 : undefined));
    try {
      const report = await applyPlan(plan, await backendFor(proxy.url), { concurrency: 4, maxRetries: 3, signal: signal(), next: BARE_NEXT });
      expect(report.outcomes).toEqual([{ key: 'a', id: expect.stringMatching(/^asst_/), action: 'create', status: 'ok', warnings: [] }]);
      // options.max_retries: 3 sends it up to three times more, each after a listing that shows it not made.
      expect(routes(proxy)).toEqual(['POST', 'GET', 'POST', 'GET', 'POST', 'GET', 'POST', 'GET']);
    } finally {
      await proxy.close();
    }
    expect(markers(h.emu)).toEqual(['a']);
  });

  it('a create made by an attempt whose answer was lost is found by the listing before the next: never sent again', async () => {
    h = await harness({ a: spec('A') });
    const plan = await savedPlan(h);
    let posts = 0;
    // The first create answered 500 unmade; the second reaches the emulator, is made, and is answered 500 too.
    const proxy = await recordingProxy(h.emu.url, async (r) => {
      if (!(r.method === 'POST' && /\/assistants$/.test(r.path))) return undefined;
      if (++posts === 2) await fetch(`${h!.emu.url}/assistants`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'openai-beta': 'assistants=v2' }, body: JSON.stringify(r.body) });
      return 500;
    });
    try {
      const report = await applyPlan(plan, await backendFor(proxy.url), { concurrency: 4, maxRetries: 4, signal: signal(), next: BARE_NEXT });
      expect(report.outcomes).toMatchObject([{ key: 'a', action: 'create', status: 'ok', warnings: [expect.stringMatching(/^the create was answered 500 \(injected 500\); asst_\w+ carries this key, so it was made and is adopted$/)] }]);
      expect(routes(proxy)).toEqual(['POST', 'GET', 'POST', 'GET', 'GET']);
    } finally {
      await proxy.close();
    }
    expect(markers(h.emu)).toEqual(['a']);
  });

  it.each([0, 2])('with options.max_retries %i, lists and creates up to max_retries + 1 times when every create fails without a response', async (maxRetries) => {
    h = await harness({ a: spec('A'), b: spec('B') });
    const plan = await savedPlan(h);
    const proxy = await recordingProxy(h.emu.url, (r) => (r.method === 'POST' ? 503 : undefined));
    try {
      const report = await applyPlan(plan, await backendFor(proxy.url), { concurrency: 4, maxRetries, signal: signal(), next: BARE_NEXT });
      expect(report.failed).toBe(2);
      const times = maxRetries === 0 ? 'once' : `${maxRetries + 1} times`;
      // Running again can finish them: said once by the report, and whole in the JSON report's error.
      for (const o of report.outcomes) {
        expect([o.error, o.again, errorText(o, BARE_NEXT)]).toEqual([
          `the create failed ${times} (503: injected 503; options.max_retries: ${maxRetries}) and no assistant carries its key: it was not created`,
          true,
          expect.stringMatching(/it was not created; run `aac apply` again$/),
        ]);
      }
      // One listing per round for all the uncertain creates, not one per create, before each round's creates.
      expect(routes(proxy)).toEqual(Array.from({ length: maxRetries + 1 }, () => ['POST', 'POST', 'GET']).flat());
    } finally {
      await proxy.close();
    }
    expect(h.emu.resources()).toHaveLength(0);
  });

  it("a create answered 5xx with a retry-after keeps its wait for the retry, which the back-off then waits instead of its own", async () => {
    h = await harness({});
    const proxy = await recordingProxy(h.emu.url, () => ({ status: 503, headers: { 'retry-after': '7' } }));
    try {
      const err = await (await backendFor(proxy.url)).create({ model: 'gpt-4o' }, { namespace: 'test', key: 'a' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'outcome-unknown', details: { status: 503, retryAfterMs: 7000 } });
      expect(backoffMs(3, (err as BackendError).details.retryAfterMs)).toBe(7000);
      // Without one: the SDK's, 0.5 s doubling to 8 s, less up to a quarter.
      for (const [retry, most] of [[0, 500], [3, 4000], [6, 8000]] as const) expect(backoffMs(retry)).toSatisfy((ms: number) => ms > most * 0.75 - 1e-9 && ms <= most);
    } finally {
      await proxy.close();
    }
  });

  it('deletes nothing that is not an orphan of a plan made with prune, whatever the plan file says', async () => {
    h = await harness({ keep: spec('Keep'), gone: spec('Gone') });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.remove('gone');
    const pruning = await savedPlan(h, '--prune');
    const kept = pruning.changes.find((c) => c.key === 'keep')!;
    const orphan = pruning.changes.find((c) => c.key === 'gone')!;
    expect(orphan.action).toBe('delete');
    // A hand-edited plan: a delete of a defined assistant, and the orphan's delete without prune.
    const edited: Plan = { ...pruning, changes: [{ ...kept, action: 'delete' }, orphan] };
    const backend = await backendFor(h.emu.url);
    const withoutPrune = await applyPlan({ ...edited, prune: false }, backend, { concurrency: 2, maxRetries: 0, signal: signal(), next: BARE_NEXT });
    expect(withoutPrune.outcomes.map((o) => [o.key, o.status])).toEqual([
      ['keep', 'skipped'],
      ['gone', 'skipped'],
    ]);
    expect(withoutPrune.outcomes[1].error).toContain('the plan was made without prune');
    expect(writeCount(h.emu)).toBe(2);

    const withPrune = await applyPlan(edited, backend, { concurrency: 2, maxRetries: 0, signal: signal(), next: BARE_NEXT });
    expect(withPrune.outcomes.map((o) => [o.key, o.status])).toEqual([
      ['keep', 'skipped'],
      ['gone', 'ok'],
    ]);
    expect(markers(h.emu)).toEqual(['keep']);
  });

  it('warns, naming the field, when the server does not store a field as sent', async () => {
    // A host that drops reasoning_effort silently (the emulator's own dialects refuse a field
    // they do not know, so a proxy drops it on the way); validate refuses it under foundry, so
    // the plan here is made by hand.
    const host = await emulator('foundry');
    const emu = await recordingProxy(host.url, (req) => {
      if (req.method === 'POST') {
        const { reasoning_effort: _dropped, ...kept } = req.body as Record<string, unknown>;
        req.forward = kept;
      }
      return undefined;
    });
    try {
      const body: AssistantSpec = { model: 'gpt-4o', name: 'Effort', reasoning_effort: 'high' };
      const plan: Plan = {
        target: { backend: 'assistants', provider: 'foundry', endpoint: emu.url, namespace: 'test' },
        prune: false,
        targets: [],
        changes: [
          {
            key: 'effort', id: null, action: 'create', orphan: false, adopt: false, duplicateOf: null, before: null,
            after: normalize(body, SERVER_DEFAULTS.foundry), patch: [], changedFields: [], fieldChanges: [],
            body, liveFingerprint: null,
          },
        ],
        summary: { create: 1, update: 0, delete: 0, unchanged: 0, orphans: 0, unmanaged: 0, other_namespaces: 0, legacy: 0, delete_versions: 0 },
        legacy: [],
        definitions: {},
        createdAt: new Date().toISOString(),
      };
      const backend = await createBackend({ config: { provider: 'foundry', options: {} }, env: envFor('foundry', emu.url) });
      const report = await applyPlan(plan, backend, { concurrency: 1, maxRetries: 0, signal: signal(), next: BARE_NEXT });
      expect(report.created).toBe(1);
      expect(report.outcomes[0].warnings).toEqual([expect.stringMatching(/^the API did not take 'reasoning_effort' as sent: sent "high", it stored null$/)]);
    } finally {
      await emu.close();
      await host.close();
    }
  });
});
