// Field-level differences between two normalized specs, plus the RFC 6902 patch between them.
import jsonpatch, { type Operation } from 'fast-json-patch';
import type { ResourceKind } from '../backends/backend.js';
import { sameJson } from '../model/canonical.js';
import type { NormalizedSpec, Spec } from '../model/definition.js';
import type { FieldChange } from '../model/plan.js';

/**
 * The fields a plan would change to make a live resource (its spec and aac pairs, `markers`) what
 * `desired` defines: the planner's comparison of a pair (plan/change.ts: both sides through
 * `kind.normalize`, the desired made `kind.comparable`, then diffSpecs), for a view of a pair
 * outside a plan (import's rewrite of a managed definition). [] when a plan would show no change
 * to its fields.
 */
export function plannedFieldChanges(kind: Pick<ResourceKind, 'fields' | 'normalize' | 'comparable'>, provider: string, live: { spec: Spec; markers?: Readonly<Record<string, string>> }, desired: Spec): FieldChange[] {
  const before = kind.normalize(live.spec, provider);
  return diffSpecs(before, kind.comparable(before, kind.normalize(desired, provider), provider, live.markers ?? {}), kind).fieldChanges;
}

/**
 * `before` is the live side and `after` the desired side, both from the kind's `normalize`, the
 * desired side already made comparable with the live one (`kind.comparable`). Fields in the kind's
 * display order.
 */
export function diffSpecs(before: NormalizedSpec, after: NormalizedSpec, kind: Pick<ResourceKind, 'fields'>): { fieldChanges: FieldChange[]; patch: Operation[] } {
  const fieldChanges: FieldChange[] = [];
  for (const { name: field } of kind.fields) {
    if (!sameJson(before[field], after[field])) fieldChanges.push({ field, before: before[field], after: after[field] });
  }
  // Normalized values are canonical JSON, so fields that compare the same yield no operations:
  // an unchanged assistant (most of a plan, and every verified write) skips the deep walk.
  return { fieldChanges, patch: fieldChanges.length === 0 ? [] : jsonpatch.compare(before, after) };
}
