// The definitions of a plan's updates, by key, made once for the warnings about updates, which
// look each one up: a map of every definition, made by each such check after the listing, cost
// 5-10 ms a check at 10,000 definitions for the hundred or so a plan updates. Where the
// definitions were indexed by key during the listing (MatchIndex.byKey), the updates' keys are
// looked up there: the scan of every definition it replaces took 2.4–17.6 ms (median 5.0) of a plan
// of 10,000 after its last page, the lookups 0.5–1.2 (median 0.7; five alternated pairs, a loaded
// machine).
import type { Definition } from '../model/definition.js';
import type { PlanChange } from '../model/plan.js';

/**
 * The definitions (from `desired`) of the updates among `changes`, by key. `byKey`: the same
 * definitions by key, when an index of exactly them is at hand (MatchIndex.byKey over this very
 * `desired`, whose last definition of a key is the one kept, as here); else `desired` is scanned.
 */
export function updatedDefinitions(changes: readonly PlanChange[], desired: readonly Definition[], byKey?: ReadonlyMap<string, Definition>): Map<string, Definition> {
  const keys = new Set<string>();
  for (const c of changes) if (c.action === 'update') keys.add(c.key);
  const updated = new Map<string, Definition>();
  if (keys.size === 0) return updated;
  if (byKey) {
    for (const key of keys) {
      const definition = byKey.get(key);
      if (definition) updated.set(key, definition);
    }
  } else {
    for (const d of desired) if (keys.has(d.key)) updated.set(d.key, d);
  }
  return updated;
}
