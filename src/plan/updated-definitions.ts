// The definitions of a plan's updates, by key: warnings about updates look each one up. A map of
// every definition, made by each such check after the listing, cost ~5 ms a check at 10,000
// definitions for the few a plan updates.
import type { Definition } from '../model/definition.js';
import type { PlanChange } from '../model/plan.js';

/** The definitions (from `desired`) of the updates among `changes`, by key. */
export function updatedDefinitions(changes: readonly PlanChange[], desired: readonly Definition[]): Map<string, Definition> {
  const keys = new Set(changes.flatMap((c) => (c.action === 'update' ? [c.key] : [])));
  return keys.size === 0 ? new Map() : new Map(desired.flatMap((d) => (keys.has(d.key) ? [[d.key, d] as const] : [])));
}
