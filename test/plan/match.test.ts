import { describe, expect, it } from 'vitest';
import { matchResources } from '../../src/plan/match.js';
import { UserError } from '../../src/util/errors.js';
import { desired, filledBlank, live, NAMESPACE } from './fixtures.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';

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
    const { matches, unmanaged } = matchResources([a, b], [byHand, liveA, orphan], NAMESPACE, ASSISTANT);
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
    const { matches } = matchResources([d], [one, two, three], NAMESPACE, ASSISTANT);
    // Same created_at: the smaller id is kept; the newer copy is extra whatever its id.
    expect(matches).toEqual([
      { key: 'dup', live: one, duplicateOf: 'asst_a' },
      { key: 'dup', live: three, duplicateOf: 'asst_a' },
      { key: 'dup', desired: d, live: two },
    ]);
  });

  it('matches a pinned id even without a marker, so it can be adopted', () => {
    const byHand = live(null, filledBlank('m'), 'asst_byhand');
    const d = desired('adopted', { model: 'm' }, { id: 'asst_byhand' });
    expect(matchResources([d], [byHand], NAMESPACE, ASSISTANT)).toEqual({ matches: [{ key: 'adopted', desired: d, live: byHand }], unmanaged: [], otherNamespaces: [], legacy: [] });
  });

  it('refuses a pinned id that does not exist', () => {
    const err = thrown(() => matchResources([desired('x', { model: 'm' }, { id: 'asst_missing' })], [], NAMESPACE, ASSISTANT));
    expect(err.message).toMatch(/assistants\/x\.yaml.*asst_missing.*does not exist/);
  });

  it("refuses a pinned id that carries another key's marker", () => {
    const other = live('other', filledBlank('m'), 'asst_other');
    const err = thrown(() => matchResources([desired('x', { model: 'm' }, { id: 'asst_other' })], [other], NAMESPACE, ASSISTANT));
    expect(err.message).toContain("managed as 'other'");
  });

  it('refuses a pin when another assistant already carries the key', () => {
    const marked = live('x', filledBlank('m'), 'asst_marked');
    const byHand = live(null, filledBlank('m'), 'asst_byhand');
    const err = thrown(() => matchResources([desired('x', { model: 'm' }, { id: 'asst_byhand' })], [marked, byHand], NAMESPACE, ASSISTANT));
    expect(err.message).toContain('asst_marked');
    expect(err.message).toContain('asst_byhand');
  });

  it('refuses two definitions pinning the same assistant', () => {
    const byHand = live(null, filledBlank('m'), 'asst_byhand');
    const err = thrown(() =>
      matchResources([desired('a', { model: 'm' }, { id: 'asst_byhand' }), desired('b', { model: 'm' }, { id: 'asst_byhand' })], [byHand], NAMESPACE, ASSISTANT),
    );
    expect(err.message).toContain('both claim assistant asst_byhand');
  });
});
