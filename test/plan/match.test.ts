import { describe, expect, it } from 'vitest';
import { matchResources } from '../../src/plan/match.js';
import { UserError } from '../../src/util/errors.js';
import { desired, filledBlank, live, NAMESPACE } from './fixtures.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { copyDifference } from '../../src/plan/copies.js';
import { NormalizedSpecs } from '../../src/plan/normalized.js';

const differ = copyDifference(new NormalizedSpecs(ASSISTANT, 'openai'));

function thrown(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}

describe('matchResources', () => {
  it('pairs definitions with live assistants by marker, leaves the unmarked alone and lists orphans', () => {
    const a = desired('support/triage', { model: 'm' });
    const b = desired('new-one', { model: 'm' });
    const liveA = live('support/triage', filledBlank('m'));
    const orphan = live('removed', filledBlank('m'));
    const byHand = live(null, filledBlank('m'));
    const { matches, unmanaged } = matchResources([a, b], [byHand, liveA, orphan], NAMESPACE, ASSISTANT, differ);
    expect(matches).toEqual([
      { key: 'support/triage', desired: a, live: liveA },
      { key: 'new-one', desired: b, live: undefined },
      { key: 'removed', live: orphan },
    ]);
    expect(unmanaged).toEqual([byHand]);
  });

  it('keeps the oldest of two copies of a key and matches the other as its extra copy', () => {
    const one = { ...live('dup', filledBlank('m'), 'asst_b'), createdAt: 5 };
    const two = { ...live('dup', filledBlank('m'), 'asst_a'), createdAt: 5 };
    const three = { ...live('dup', filledBlank('m'), 'asst_0'), createdAt: 6 };
    const d = desired('dup', { model: 'm' });
    const { matches } = matchResources([d], [one, two, three], NAMESPACE, ASSISTANT, differ);
    // Same created_at: the smaller id is kept; the newer copy is extra whatever its id.
    expect(matches).toEqual([
      { key: 'dup', desired: d, live: two },
      { key: 'dup', live: one, duplicateOf: 'asst_a' },
      { key: 'dup', live: three, duplicateOf: 'asst_a' },
    ]);
  });

  it('does not pick among copies that differ: the definition is a conflict, and no copy is matched, extra or orphan', () => {
    const older = { ...live('k', { ...filledBlank('m'), name: 'Old precious' }, 'asst_old'), createdAt: 5 };
    const newer = { ...live('k', filledBlank('m'), 'asst_new'), createdAt: 6 };
    const twin = { ...live('k', filledBlank('m'), 'asst_twin'), createdAt: 7 };
    const d = desired('k', { model: 'm' });
    const r = matchResources([d], [twin, newer, older], NAMESPACE, ASSISTANT, differ);
    expect(r.matches).toEqual([]);
    expect(r.conflicts).toEqual([{ key: 'k', definition: d, marker: { namespace: NAMESPACE, key: 'k' }, copies: [older, newer, twin] }]);
  });

  it('with `id:` on one of copies that differ, takes it: its twins are its extra copies, the others orphans of the key', () => {
    const older = { ...live('k', { ...filledBlank('m'), name: 'Old precious' }, 'asst_old'), createdAt: 5 };
    const olderTwin = { ...live('k', { ...filledBlank('m'), name: 'Old precious' }, 'asst_old2'), createdAt: 6 };
    const newer = { ...live('k', filledBlank('m'), 'asst_new'), createdAt: 7 };
    const twin = { ...live('k', filledBlank('m'), 'asst_twin'), createdAt: 8 };
    const d = desired('k', { model: 'm' }, { id: 'asst_twin' });
    const r = matchResources([d], [twin, newer, olderTwin, older], NAMESPACE, ASSISTANT, differ);
    expect(r.conflicts).toEqual([]);
    expect(r.matches).toEqual([
      { key: 'k', desired: d, live: twin },
      { key: 'k', live: older },
      { key: 'k', live: olderTwin, duplicateOf: 'asst_old' },
      { key: 'k', live: newer, duplicateOf: 'asst_twin' },
    ]);
  });

  it('keeps the first of each set of twins of a key no definition has, as orphans', () => {
    const a = { ...live('gone', filledBlank('m'), 'asst_a'), createdAt: 5 };
    const b = { ...live('gone', filledBlank('other'), 'asst_b'), createdAt: 6 };
    const c = { ...live('gone', filledBlank('m'), 'asst_c'), createdAt: 7 };
    expect(matchResources([], [c, b, a], NAMESPACE, ASSISTANT, differ).matches).toEqual([
      { key: 'gone', live: a },
      { key: 'gone', live: c, duplicateOf: 'asst_a' },
      { key: 'gone', live: b },
    ]);
  });

  it('matches a pinned id even without a marker, so it can be adopted', () => {
    const byHand = live(null, filledBlank('m'), 'asst_byhand');
    const d = desired('adopted', { model: 'm' }, { id: 'asst_byhand' });
    expect(matchResources([d], [byHand], NAMESPACE, ASSISTANT, differ)).toEqual({ matches: [{ key: 'adopted', desired: d, live: byHand }], unmanaged: [], otherNamespaces: [], legacy: [], conflicts: [] });
  });

  it('refuses a pinned id that does not exist', () => {
    const err = thrown(() => matchResources([desired('x', { model: 'm' }, { id: 'asst_missing' })], [], NAMESPACE, ASSISTANT, differ));
    expect(err.message).toMatch(/assistants\/x\.yaml.*asst_missing.*does not exist/);
  });

  it("refuses a pinned id that carries another key's marker", () => {
    const other = live('other', filledBlank('m'), 'asst_other');
    const err = thrown(() => matchResources([desired('x', { model: 'm' }, { id: 'asst_other' })], [other], NAMESPACE, ASSISTANT, differ));
    expect(err.message).toContain("managed as 'other'");
  });

  it('refuses a pin when another assistant already carries the key', () => {
    const marked = live('x', filledBlank('m'), 'asst_marked');
    const byHand = live(null, filledBlank('m'), 'asst_byhand');
    const err = thrown(() => matchResources([desired('x', { model: 'm' }, { id: 'asst_byhand' })], [marked, byHand], NAMESPACE, ASSISTANT, differ));
    expect(err.message).toContain('asst_marked');
    expect(err.message).toContain('asst_byhand');
  });

  it('refuses two definitions pinning the same assistant', () => {
    const byHand = live(null, filledBlank('m'), 'asst_byhand');
    const err = thrown(() =>
      matchResources([desired('a', { model: 'm' }, { id: 'asst_byhand' }), desired('b', { model: 'm' }, { id: 'asst_byhand' })], [byHand], NAMESPACE, ASSISTANT, differ),
    );
    expect(err.message).toContain('both claim assistant asst_byhand');
  });
});
