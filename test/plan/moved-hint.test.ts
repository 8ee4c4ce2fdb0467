// The moved_from hint over a fleet renamed at once: thousands of creates beside thousands of
// orphans of one model and instructions are not compared pair by pair (a definition with each
// orphan), and the hint stays one to one.
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { TARGET, desired, filledBlank, live } from './fixtures.js';

const FLEET = 3000;

/** The Assistants kind, counting the pairs it is asked to compare. */
function counting() {
  const kind = { ...ASSISTANT, compared: 0 };
  kind.comparable = (...args) => {
    kind.compared++;
    return ASSISTANT.comparable(...args);
  };
  return kind;
}

describe('likely moves over a fleet', () => {
  it('hints only the one-to-one renames among thousands of creates and orphans alike', () => {
    const spec = { model: 'gpt-4o', name: 'Helper', instructions: 'Be brief.' };
    const defs = [
      ...Array.from({ length: FLEET }, (_, i) => desired(`new-${i}`, spec)),
      // Alone in its content, beside the fleet's model and instructions: a rename.
      desired('solo', { ...spec, name: 'Solo' }),
      // Two alike that repeat one orphan: neither is its rename.
      desired('twin-a', { ...spec, name: 'Twin' }),
      desired('twin-b', { ...spec, name: 'Twin' }),
    ];
    const blank = { ...filledBlank('gpt-4o'), instructions: 'Be brief.' };
    const orphans = [
      ...Array.from({ length: FLEET }, (_, i) => live(`old-${i}`, { ...blank, name: 'Helper' })),
      live('solo-old', { ...blank, name: 'Solo' }),
      live('twin-old', { ...blank, name: 'Twin' }),
    ];
    const kind = counting();
    const plan = buildPlan({ desired: defs, live: orphans, kind, target: TARGET, prune: false });
    const hinted = plan.changes.filter((c) => c.likelyMovedFrom !== undefined).map((c) => [c.key, c.likelyMovedFrom]);
    expect(hinted).toEqual([['solo', 'solo-old']]);
    expect(plan.changes.filter((c) => c.action === 'create')).toHaveLength(FLEET + 3);
    // The fleet's definitions, alike, are compared with each orphan once for all of them.
    expect(kind.compared).toBeLessThanOrEqual(3 * (FLEET + 2));
  });

  it('pairs a fleet renamed one to one, each definition with its own orphan, comparing each once', () => {
    const n = FLEET;
    const defs = Array.from({ length: n }, (_, i) => desired(`new-${i}`, { model: 'gpt-4o', name: `Bot ${i}` }));
    const orphans = Array.from({ length: n }, (_, i) => live(`old-${i}`, { ...filledBlank('gpt-4o'), name: `Bot ${i}` }));
    const kind = counting();
    const plan = buildPlan({ desired: defs, live: orphans, kind, target: TARGET, prune: false });
    expect(kind.compared).toBeLessThanOrEqual(n);
    const hinted = new Map(plan.changes.filter((c) => c.likelyMovedFrom !== undefined).map((c) => [c.key, c.likelyMovedFrom]));
    expect(hinted).toEqual(new Map(Array.from({ length: n }, (_, i) => [`new-${i}`, `old-${i}`])));
  });
});
