// Matching with what was indexed as the listing's pages arrived must match exactly as matching the
// live list does: the same pairs, copies, orphans and refusals, in the same order, whatever order
// the pages came in; and an index that does not hold the list the plan is given is not used.
import { describe, expect, it } from 'vitest';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import type { LiveResource } from '../../src/model/definition.js';
import { copyDifference } from '../../src/plan/copies.js';
import { MatchIndex } from '../../src/plan/match-index.js';
import { matchResources } from '../../src/plan/match.js';
import { NormalizedSpecs } from '../../src/plan/normalized.js';
import { desired, filledBlank, live, NAMESPACE } from './fixtures.js';

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
