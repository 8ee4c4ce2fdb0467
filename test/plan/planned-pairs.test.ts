// Planning pairs ahead of the plan (while the listing waits for pages) must change nothing but when
// the work is done: the plan matches every live resource as before, and takes a pair planned ahead
// only where its own match made that very pair.
import { describe, expect, it } from 'vitest';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import type { Definition, LiveResource } from '../../src/model/definition.js';
import type { Plan } from '../../src/model/plan.js';
import { buildPlan, type PlanInput } from '../../src/plan/build.js';
import { NormalizedSpecs } from '../../src/plan/normalized.js';
import { PlannedPairs } from '../../src/plan/planned-pairs.js';
import { nextTurn } from '../../src/util/event-loop.js';
import { DataRedactor, redactData } from '../../src/util/redact.js';
import { NAMESPACE, TARGET, desired, filledBlank, live } from './fixtures.js';

const SECRET = 'sk-live-planned-ahead-0123456789';

/** Turns enough for every backlog handed over so far to drain (a few specs each). */
async function drained(): Promise<void> {
  for (let i = 0; i < 5; i++) await nextTurn();
}

const comparable = (plan: Plan) => JSON.parse(JSON.stringify({ ...plan, createdAt: '' })) as unknown;

/**
 * The plan made with pairs planned ahead, `early` of the pages having arrived before the
 * definitions were known (as readState hands them over: at once, then each as it arrives).
 */
async function plannedAhead(input: PlanInput, pages: LiveResource[][], early: number, madeAhead?: (data: unknown) => void): Promise<{ plan: Plan; pairs: PlannedPairs }> {
  const normalized = new NormalizedSpecs(ASSISTANT, TARGET.provider, madeAhead);
  for (const page of pages.slice(0, early)) normalized.later(page.map((l) => l.spec));
  await drained();
  await normalized.ahead(input.desired.map((d) => d.spec));
  const pairs = new PlannedPairs(normalized, input.desired, NAMESPACE, madeAhead);
  for (const page of pages.slice(0, early)) pairs.later(page);
  for (const page of pages.slice(early)) {
    pairs.later(page);
    await drained();
  }
  pairs.stop();
  return { plan: buildPlan({ ...input, normalized, pairs }), pairs };
}

describe('PlannedPairs', () => {
  const defs: Definition[] = [
    desired('same', { model: 'gpt-4o', name: 'Same', temperature: 0.7 }),
    desired('drift', { model: 'gpt-4o', top_p: 0.3, metadata: { team: 'a' } }),
    desired('new', { model: 'gpt-4o', tools: [{ type: 'file_search' }] }),
    desired('copied', { model: 'gpt-4o', name: 'Copied' }),
    desired('renamed', { model: 'gpt-4o', name: 'Renamed' }, { movedFrom: ['old-name'] }),
    desired('secret', { model: 'gpt-4o', instructions: `Never say ${SECRET}.` }),
  ];
  const same = live('same', { ...filledBlank('gpt-4o'), name: 'Same', temperature: 0.699999988079071 });
  const drift = live('drift', { ...filledBlank('gpt-4o'), top_p: 0.9, metadata: { team: 'b' } });
  const orphan = live('gone', { ...filledBlank('gpt-4o'), name: 'Gone' });
  // Two applies made 'copied' at once: the newer copy, on the first page, is planned ahead beside
  // the definition; the kept one (the oldest, alike, listed on a later page) is the plan's.
  const keptCopy = live('copied', { ...filledBlank('gpt-4o'), name: 'Copied' });
  const extraCopy = live('copied', { ...filledBlank('gpt-4o'), name: 'Copied' });
  const moved = live('old-name', { ...filledBlank('gpt-4o'), name: 'Renamed' });
  const withSecret = live('secret', { ...filledBlank('gpt-4o'), instructions: `Say ${SECRET}.` });
  const unmanaged = live(null, { ...filledBlank('gpt-4o'), name: 'By hand' });
  const pages = [[extraCopy, same, unmanaged], [drift, orphan], [moved, withSecret, keptCopy]];
  const all = pages.flat();

  for (const prune of [false, true]) {
    for (const early of [0, 1, pages.length]) {
      it(`gives the plan a fresh planning gives (prune ${prune}, definitions known after ${early} of ${pages.length} pages)`, async () => {
        const input: PlanInput = { desired: defs, live: all, kind: ASSISTANT, target: TARGET, prune };
        const fresh = buildPlan(input);
        const { plan } = await plannedAhead(input, pages, early);
        expect(comparable(plan)).toEqual(comparable(fresh));
        expect(plan.summary).toMatchObject({ create: 1, unchanged: 2, orphans: 1, unmanaged: 1 });
        // The copy planned ahead beside the definition is still found a duplicate and deleted.
        expect(plan.changes.filter((c) => c.key === 'copied').map((c) => [c.id, c.action, c.duplicateOf])).toEqual([
          [keptCopy.id, 'no-op', null],
          [extraCopy.id, 'delete', keptCopy.id],
        ]);
        expect(plan.changes.find((c) => c.key === 'renamed')).toMatchObject({ id: moved.id, movedFrom: 'old-name', action: 'update' });
      });
    }
  }

  it('gives the plan a fresh planning gives when the two cursors met: resources read on both sides, as other objects, in the order their pages came', async () => {
    // The newest-first cursor's pages and the oldest-first one's, interleaved as they arrived; where
    // they met, each read a drifted pair, a copy and an orphan the other had read (the walk keeps the first).
    const met = [[keptCopy, moved, withSecret], [extraCopy, same], [orphan, drift, { ...keptCopy }], [unmanaged, { ...drift }, { ...orphan }]];
    for (const prune of [false, true]) {
      const input: PlanInput = { desired: defs, live: all, kind: ASSISTANT, target: TARGET, prune };
      const fresh = buildPlan(input);
      const { plan, pairs } = await plannedAhead(input, met, 1);
      expect(pairs.index.holds(defs, all)).toBe(true);
      expect(comparable(plan)).toEqual(comparable(fresh));
      expect(plan.summary).toMatchObject({ create: 1, unchanged: 2, orphans: 1, unmanaged: 1 });
      expect(plan.changes.find((c) => c.key === 'drift')).toMatchObject({ id: drift.id, action: 'update', changedFields: ['metadata', 'top_p'] });
      expect(plan.changes.find((c) => c.key === 'gone')).toMatchObject({ id: orphan.id, action: prune ? 'delete' : 'no-op' });
      expect(plan.changes.filter((c) => c.key === 'copied').map((c) => [c.id, c.duplicateOf])).toEqual([[keptCopy.id, null], [extraCopy.id, keptCopy.id]]);
    }
  });

  it('is where the plan takes the pairs it matched from: the work was done ahead', async () => {
    const input: PlanInput = { desired: defs, live: all, kind: ASSISTANT, target: TARGET, prune: false };
    const { plan, pairs } = await plannedAhead(input, pages, 1);
    const byKey = (key: string) => plan.changes.find((c) => c.key === key && c.duplicateOf === null)!;
    expect(byKey('drift')).toBe(pairs.of(defs[1]!, drift));
    expect(byKey('copied')).toBe(pairs.of(defs[3]!, keptCopy));
    expect(byKey('drift').changedFields).toEqual(['metadata', 'top_p']);
  });

  it('is not used for other rules: versions to retain, or another provider', async () => {
    const input: PlanInput = { desired: defs, live: all, kind: ASSISTANT, target: TARGET, prune: false };
    const { pairs } = await plannedAhead(input, pages, 0);
    const retained = buildPlan({ ...input, retainVersions: 2, normalized: pairs.normalized, pairs });
    expect(retained.changes.find((c) => c.key === 'drift')).not.toBe(pairs.of(defs[1]!, drift));
    const elsewhere = buildPlan({ ...input, target: { ...TARGET, provider: 'foundry' }, normalized: pairs.normalized, pairs });
    expect(elsewhere.changes.find((c) => c.key === 'drift')).not.toBe(pairs.of(defs[1]!, drift));
    expect(comparable(elsewhere)).toEqual(comparable(buildPlan({ ...input, target: { ...TARGET, provider: 'foundry' } })));
  });

  it('plans again a pair whose definition is not the one it was planned with', async () => {
    const input: PlanInput = { desired: defs, live: all, kind: ASSISTANT, target: TARGET, prune: false };
    const { pairs } = await plannedAhead(input, pages, 0);
    const edited = defs.map((d) => (d.key === 'same' ? desired('same', { model: 'gpt-4o', name: 'Edited since' }) : d));
    const plan = buildPlan({ ...input, desired: edited, normalized: pairs.normalized, pairs });
    expect(comparable(plan)).toEqual(comparable(buildPlan({ ...input, desired: edited })));
    expect(plan.changes.find((c) => c.key === 'same')).toMatchObject({ action: 'update', changedFields: ['name', 'temperature'] });
  });

  it('redacts ahead what the plan then shows redacted, as a fresh redaction does', async () => {
    const input: PlanInput = { desired: defs, live: all, kind: ASSISTANT, target: TARGET, prune: true };
    const redactor = new DataRedactor([SECRET]);
    const { plan } = await plannedAhead(input, pages, 1, (data) => redactor.data(data));
    const shown = redactor.data(plan);
    expect(JSON.stringify(shown)).not.toContain(SECRET);
    expect(JSON.stringify(shown)).toContain('[redacted]');
    expect(comparable(shown)).toEqual(comparable(redactData(buildPlan(input), [SECRET])));
    // The plan itself keeps the real values: apply sends them.
    expect(JSON.stringify(plan.changes.find((c) => c.key === 'secret')!.body)).toContain(SECRET);
  });

  it('plans nothing more once the listing has ended: the plan plans the rest', async () => {
    const input: PlanInput = { desired: defs, live: all, kind: ASSISTANT, target: TARGET, prune: false };
    const told: unknown[] = [];
    const normalized = new NormalizedSpecs(ASSISTANT, TARGET.provider);
    const pairs = new PlannedPairs(normalized, defs, NAMESPACE, (change) => told.push(change));
    pairs.later(pages[0]!);
    pairs.stop();
    pairs.later(pages[1]!);
    await drained();
    // No pair; nor the definitions' hashes, made only when read.
    expect(told).toEqual([]);
    expect(comparable(buildPlan({ ...input, normalized, pairs }))).toEqual(comparable(buildPlan(input)));
  });

  it('leaves a pair it cannot plan to the plan, which reports it', async () => {
    const unreadable = { ...same, spec: new Proxy({}, { get: () => { throw new Error('unreadable'); }, ownKeys: () => { throw new Error('unreadable'); } }) };
    const input: PlanInput = { desired: defs, live: [unreadable], kind: ASSISTANT, target: TARGET, prune: false };
    await expect(plannedAhead(input, [[unreadable]], 0)).rejects.toThrow('unreadable');
  });
});
