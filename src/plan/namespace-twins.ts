// A definition to create whose key another namespace's live resource carries: most often the same
// fleet, its directory's `namespace:` changed (a namespace is the marker's, so the old resources
// stay live, another namespace's, and no directory manages them any more). The plan notes it on
// the create (PlanChange.liveElsewhere); it creates all the same. Pure: the listing the plan
// already made, nothing more.
import type { Definition, LiveResource } from '../model/definition.js';
import { keeperOf } from '../model/marker.js';
import type { PlanChange } from '../model/plan.js';
import { diffSpecs } from './diff.js';
import type { Rules } from './change.js';

export type LiveElsewhere = NonNullable<PlanChange['liveElsewhere']>;

/**
 * By key of each definition of `creates`: the live resource of another namespace (`others`, each
 * marked by a namespace other than the plan's) that carries the same key, that namespace, and the
 * top-level fields the definition would change in it, were they paired — compared as the planner
 * compares a pair (`kind.comparable`, then `diffSpecs`), so the markers are no difference; [] is
 * the same definition. Only the fields' names: another namespace's values are never shown. Of
 * several copies of a key in one namespace, the one that namespace keeps (keeperOf); of several
 * namespaces, the one with the fewest differing fields, then the first namespace by name.
 */
export function twinsElsewhere(creates: readonly Definition[], others: readonly LiveResource[], rules: Rules): Map<string, LiveElsewhere> {
  const out = new Map<string, LiveElsewhere>();
  if (creates.length === 0 || others.length === 0) return out;
  // By key, then namespace: every copy.
  const copies = new Map<string, Map<string, LiveResource[]>>();
  for (const o of others) {
    if (o.key === null || o.namespace === null) continue;
    const spaces = copies.get(o.key) ?? new Map<string, LiveResource[]>();
    spaces.set(o.namespace, [...(spaces.get(o.namespace) ?? []), o]);
    copies.set(o.key, spaces);
  }
  const { kind, provider, normalized } = rules;
  for (const d of creates) {
    const spaces = copies.get(d.key);
    if (!spaces) continue;
    const after = normalized.of(d.spec);
    const twins = [...spaces].map(([namespace, all]): LiveElsewhere => {
      const live = keeperOf(all);
      const before = normalized.of(live.spec);
      const changed = diffSpecs(before, kind.comparable(before, after, provider, live.markers ?? {}), kind).fieldChanges.map((c) => c.field);
      return { namespace, id: live.id, changedFields: changed };
    });
    twins.sort((a, b) => a.changedFields.length - b.changedFields.length || (a.namespace < b.namespace ? -1 : 1));
    out.set(d.key, twins[0]!);
  }
  return out;
}
