// The definitions of a plan's updates, by key, made once for the warnings about updates, which
// look each one up: a map of every definition, made by each such check after the listing, cost
// 5-10 ms a check at 10,000 definitions for the hundred or so a plan updates.
import type { Definition } from '../model/definition.js';
import type { PlanChange } from '../model/plan.js';

/** The definitions (from `desired`) of the updates among `changes`, by key. */
export function updatedDefinitions(changes: readonly PlanChange[], desired: readonly Definition[]): Map<string, Definition> {
  const keys = new Set<string>();
  for (const c of changes) if (c.action === 'update') keys.add(c.key);
  const byKey = new Map<string, Definition>();
  if (keys.size > 0) for (const d of desired) if (keys.has(d.key)) byKey.set(d.key, d);
  return byKey;
}
