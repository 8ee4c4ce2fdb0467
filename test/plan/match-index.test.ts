// Matching with what was indexed as the listing's pages arrived must match exactly as matching the
// live list does: the same pairs, copies, orphans and refusals, in the same order, whatever order
// the pages came in; and an index that does not hold the list the plan is given is not used.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { FROM_ITS_PAGES, type Listing } from '../../src/backends/backend.js';
import type { LiveResource } from '../../src/model/definition.js';
import { copyDifference } from '../../src/plan/copies.js';
import { MatchIndex } from '../../src/plan/match-index.js';
import { matchResources } from '../../src/plan/match.js';
import { NormalizedSpecs } from '../../src/plan/normalized.js';
import { desired, filledBlank, live, NAMESPACE } from './fixtures.js';
import { EVERY_BACKEND_HOST as HOSTS } from '../backends/helpers.js';
import { workspace } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';

const differ = copyDifference(new NormalizedSpecs(ASSISTANT, 'openai'));

/** An index of `defs` fed `pages` in the order given. */
function indexed(defs: Parameters<typeof matchResources>[0], pages: LiveResource[][]): MatchIndex {
  const index = new MatchIndex(defs, NAMESPACE);
  for (const page of pages) index.add(page);
  return index;
}

describe('MatchIndex', () => {
  const defs = [
    desired('kept', { model: 'm', name: 'Kept' }),
    desired('pinned', { model: 'm' }, { id: 'asst_by_hand_pinned' }),
    desired('legacy', { model: 'm' }),
    desired('new', { model: 'm' }),
  ];
  // Listed oldest first: orphans of two keys, copies alike of 'kept' and of an orphan key, copies
  // that differ of another, a pinned resource without a marker, another namespace's, a legacy one.
  const goneB = live('gone-b', filledBlank('m'));
  const keptCopy = live('kept', { ...filledBlank('m'), name: 'Kept' });
  const goneA = live('gone-a', filledBlank('m'));
  const extraCopy = live('kept', { ...filledBlank('m'), name: 'Kept' });
  const twinOld = live('twins', filledBlank('m'));
  const twinNew = live('twins', filledBlank('m'));
  const differsOld = live('differs', { ...filledBlank('m'), name: 'One' });
  const differsNew = live('differs', { ...filledBlank('m'), name: 'Other' });
  const byHand = live(null, filledBlank('m'), 'asst_by_hand_pinned');
  const unmarked = live(null, filledBlank('m'));
  const elsewhere = live('kept', filledBlank('m'), undefined, 'other-team');
  const legacy = live('legacy', filledBlank('m'), undefined, null);
  const all = [goneB, keptCopy, goneA, extraCopy, twinOld, twinNew, differsOld, differsNew, byHand, unmarked, elsewhere, legacy];

  it('matches as the live list does when the pages came in another order (two cursors), ids repeated where they met', () => {
    const fresh = matchResources(defs, all, NAMESPACE, ASSISTANT, differ, { adoptLegacy: true });
    // The newest-first cursor's pages first, then the oldest-first one's, which repeats two ids as another object each.
    const pages = [[legacy, elsewhere, unmarked, byHand], [differsNew, twinNew], [goneB, keptCopy, goneA], [extraCopy, twinOld, differsOld, { ...differsNew }, { ...twinNew }]];
    const index = indexed(defs, pages);
    expect(index.holds(defs, all)).toBe(true);
    const ahead = matchResources(defs, all, NAMESPACE, ASSISTANT, differ, { adoptLegacy: true, index });
    expect(ahead).toEqual(fresh);
    // The orphans and extra copies by their key's first copy in the live list, as matching the list gives them.
    expect(ahead.matches.filter((m) => !m.desired).map((m) => m.live!.id)).toEqual([goneB.id, extraCopy.id, goneA.id, twinOld.id, twinNew.id, differsOld.id, differsNew.id]);
    expect(ahead.matches.filter((m) => !m.desired).map((m) => m.live!.id)).toEqual(fresh.matches.filter((m) => !m.desired).map((m) => m.live!.id));
  });

  it('refuses what matching the list refuses: a legacy copy without --adopt-legacy', () => {
    const index = indexed(defs, [all.slice(6), all.slice(0, 6)]);
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as Error).message;
      }
      return undefined;
    };
    const fresh = refusal(() => matchResources(defs, all, NAMESPACE, ASSISTANT, differ));
    expect(fresh).toContain('previous marker');
    expect(refusal(() => matchResources(defs, all, NAMESPACE, ASSISTANT, differ, { adoptLegacy: false, index }))).toBe(fresh);
  });

  it('is not used for a list it does not hold: a resource read again after the listing, or one more or less', () => {
    const index = indexed(defs, [all]);
    const readAgain = { ...keptCopy };
    const changed = all.map((l) => (l === keptCopy ? readAgain : l));
    expect(index.holds(defs, changed)).toBe(false);
    expect(index.holds(defs, all.slice(1))).toBe(false);
    expect(index.holds([...defs], all)).toBe(false);
    const ahead = matchResources(defs, changed, NAMESPACE, ASSISTANT, differ, { adoptLegacy: true, index });
    expect(ahead).toEqual(matchResources(defs, changed, NAMESPACE, ASSISTANT, differ, { adoptLegacy: true }));
    expect(ahead.matches.find((m) => m.key === 'kept' && m.desired)!.live).toBe(readAgain);
  });
});

describe('MatchIndex: a listing its backend vouches for as its pages', () => {
  const defs = [desired('kept', { model: 'm' }), desired('new', { model: 'm' })];
  const kept = live('kept', filledBlank('m'));
  const orphan = live('gone', filledBlank('m'));
  const unmarked = live(null, filledBlank('m'));
  /** `list` as its backend vouches for it (FROM_ITS_PAGES). */
  const vouched = (list: LiveResource[]): Listing => Object.defineProperty(list, FROM_ITS_PAGES, { value: true });

  it('is taken for the live list without a look-up of each resource', () => {
    const listing = vouched([orphan, kept, unmarked]);
    const index = indexed(defs, [[unmarked, kept], [{ ...kept }, orphan]]);
    index.listed(listing);
    const lookUps = vi.spyOn(index.byId, 'get');
    expect(index.holds(defs, listing)).toBe(true);
    expect(lookUps).not.toHaveBeenCalled();
    const ahead = matchResources(defs, listing, NAMESPACE, ASSISTANT, differ, { adoptLegacy: false, index });
    expect(ahead).toEqual(matchResources(defs, listing, NAMESPACE, ASSISTANT, differ, { adoptLegacy: false }));
  });

  it('is looked up resource by resource where nothing is vouched, or for another list than the listing it was told of', () => {
    const index = indexed(defs, [[unmarked, kept, orphan]]);
    // A listing its backend does not vouch for, whose one resource was read again after the pages.
    const readAgain = [unmarked, { ...kept }, orphan];
    index.listed(readAgain);
    expect(index.holds(defs, readAgain)).toBe(false);
    // Vouched for, but the plan is given another list (a live resource read again after the listing, as live-reads.ts may).
    const listing = vouched([unmarked, kept, orphan]);
    index.listed(listing);
    const lookUps = vi.spyOn(index.byId, 'get');
    expect(index.holds(defs, readAgain)).toBe(false);
    expect(index.holds(defs, [unmarked, kept, orphan])).toBe(true);
    expect(lookUps).toHaveBeenCalled();
    // Other definitions, or a listing that has changed length since, are never held.
    expect(index.holds([...defs], listing)).toBe(false);
    listing.push(live('late', filledBlank('m')));
    expect(index.holds(defs, listing)).toBe(false);
  });
});

describe.each(Object.keys(HOSTS))('a plan with --provider %s', (provider) => {
  const open: Array<{ close?: () => Promise<void>; cleanup?: () => void }> = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const o of open.splice(0)) {
      await o.close?.();
      o.cleanup?.();
    }
  });

  it('matches over the index made from the listing\'s pages, which its backend vouches for', async () => {
    const host = HOSTS[provider]!;
    const emu = await host.start();
    open.push(emu);
    const ws = workspace({ a: host.definition('A'), b: host.definition('B') });
    open.push(ws);
    const cli = (...argv: string[]) => runCli([...argv, '--provider', provider], { cwd: ws.root, env: host.env(emu.url) });
    expect((await cli('apply', '--yes')).code).toBe(0);
    ws.write('c', host.definition('C'));
    const listed = vi.spyOn(MatchIndex.prototype, 'listed');
    const holds = vi.spyOn(MatchIndex.prototype, 'holds');
    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('Plan: 1 to create, 0 to modify, 0 to delete');
    expect(listed).toHaveBeenCalledTimes(1);
    const listing = listed.mock.calls[0]![0];
    expect(listing.map((l) => l.key).sort()).toEqual(['a', 'b']);
    expect(listing[FROM_ITS_PAGES]).toBe(true);
    // The very listing, held: matching took the index.
    expect(holds.mock.calls.map((call) => call[1])).toEqual([listing]);
    expect(holds.mock.results.map((r) => r.value)).toEqual([true]);
  });
});
