// The definitions of a plan's updates, by key (plan/updated-definitions.ts): looked up in the
// definitions' index made during the listing (MatchIndex.byKey) they are the ones a scan of the
// definitions finds, and only the updates' are kept.
import { describe, expect, it } from 'vitest';
import type { PlanChange } from '../../src/model/plan.js';
import { MatchIndex } from '../../src/plan/match-index.js';
import { updatedDefinitions } from '../../src/plan/updated-definitions.js';
import { desired, NAMESPACE } from './fixtures.js';

/** A change of `key` with `action`: all the function reads of a change. */
const change = (key: string, action: PlanChange['action']) => ({ key, action }) as PlanChange;

describe('updatedDefinitions', () => {
  const defs = [desired('a', { model: 'm' }), desired('b', { model: 'm' }), desired('c', { model: 'm' }), desired('d', { model: 'm' })];
  const changes = [change('c', 'update'), change('a', 'no-op'), change('b', 'update'), change('d', 'create'), change('gone', 'update')];

  it('keeps the definitions of the updates alone, by key', () => {
    const updated = updatedDefinitions(changes, defs);
    expect([...updated.keys()].sort()).toEqual(['b', 'c']);
    expect(updated.get('b')).toBe(defs[1]);
    expect(updated.get('c')).toBe(defs[2]);
  });

  it('finds the same definitions in the index made during the listing as by scanning them', () => {
    const index = new MatchIndex(defs, NAMESPACE);
    const fromIndex = updatedDefinitions(changes, defs, index.byKey);
    const scanned = updatedDefinitions(changes, defs);
    expect(new Map([...fromIndex].sort())).toEqual(new Map([...scanned].sort()));
    for (const [key, definition] of fromIndex) expect(definition).toBe(scanned.get(key));
  });

  it('is empty without updates, whichever way', () => {
    const none = [change('a', 'no-op'), change('d', 'create')];
    expect(updatedDefinitions(none, defs).size).toBe(0);
    expect(updatedDefinitions(none, defs, new MatchIndex(defs, NAMESPACE).byKey).size).toBe(0);
  });
});
