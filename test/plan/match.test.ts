import { describe, expect, it } from 'vitest';
import { matchAssistants } from '../../src/plan/match.js';
import { UserError } from '../../src/util/errors.js';
import { desired, filledBlank, live } from './fixtures.js';

function thrown(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}

describe('matchAssistants', () => {
  it('pairs definitions with live assistants by marker, leaves the unmarked alone and lists orphans', () => {
    const a = desired('support/triage', { model: 'm' });
    const b = desired('new-one', { model: 'm' });
    const liveA = live('support/triage', filledBlank('m'));
    const orphan = live('removed', filledBlank('m'));
    const byHand = live(null, filledBlank('m'));
    const { matches, unmanaged } = matchAssistants([a, b], [byHand, liveA, orphan]);
    expect(matches).toEqual([
      { key: 'support/triage', desired: a, live: liveA },
      { key: 'new-one', desired: b, live: undefined },
      { key: 'removed', live: orphan },
    ]);
    expect(unmanaged).toEqual([byHand]);
  });

  it('refuses two live assistants with the same marker, naming both ids', () => {
    const one = live('dup', filledBlank('m'), 'asst_one');
    const two = live('dup', filledBlank('m'), 'asst_two');
    const err = thrown(() => matchAssistants([desired('dup', { model: 'm' })], [one, two]));
    expect(err.message).toContain('asst_one');
    expect(err.message).toContain('asst_two');
    expect(err.message).toContain('aac:key=dup');
  });

  it('matches a pinned id even without a marker, so it can be adopted', () => {
    const byHand = live(null, filledBlank('m'), 'asst_byhand');
    const d = desired('adopted', { model: 'm' }, { id: 'asst_byhand' });
    expect(matchAssistants([d], [byHand])).toEqual({ matches: [{ key: 'adopted', desired: d, live: byHand }], unmanaged: [] });
  });

  it('refuses a pinned id that does not exist', () => {
    const err = thrown(() => matchAssistants([desired('x', { model: 'm' }, { id: 'asst_missing' })], []));
    expect(err.message).toMatch(/assistants\/x\.yaml.*asst_missing.*does not exist/);
  });

  it("refuses a pinned id that carries another key's marker", () => {
    const other = live('other', filledBlank('m'), 'asst_other');
    const err = thrown(() => matchAssistants([desired('x', { model: 'm' }, { id: 'asst_other' })], [other]));
    expect(err.message).toContain("managed as 'other'");
  });

  it('refuses a pin when another assistant already carries the key', () => {
    const marked = live('x', filledBlank('m'), 'asst_marked');
    const byHand = live(null, filledBlank('m'), 'asst_byhand');
    const err = thrown(() => matchAssistants([desired('x', { model: 'm' }, { id: 'asst_byhand' })], [marked, byHand]));
    expect(err.message).toContain('asst_marked');
    expect(err.message).toContain('asst_byhand');
  });

  it('refuses two definitions pinning the same assistant', () => {
    const byHand = live(null, filledBlank('m'), 'asst_byhand');
    const err = thrown(() =>
      matchAssistants([desired('a', { model: 'm' }, { id: 'asst_byhand' }), desired('b', { model: 'm' }, { id: 'asst_byhand' })], [byHand]),
    );
    expect(err.message).toContain('both claim assistant asst_byhand');
  });
});
