// Field-level differences between two normalized specs, plus the RFC 6902 patch between them.
import jsonpatch, { type Operation } from 'fast-json-patch';
import type { NormalizedSpec } from '../model/assistant.js';
import { SPEC_FIELDS } from '../model/assistant.js';
import type { FieldChange } from '../model/plan.js';
import { sameJson } from './canonical.js';

/**
 * `before` is the live side and `after` the desired side, both from `normalize`, the desired side
 * already made comparable with the live one (`comparableDesired`).
 */
export function diffSpecs(before: NormalizedSpec, after: NormalizedSpec): { fieldChanges: FieldChange[]; patch: Operation[] } {
  const fieldChanges: FieldChange[] = [];
  for (const field of SPEC_FIELDS) {
    if (!sameJson(before[field], after[field])) fieldChanges.push({ field, before: before[field], after: after[field] });
  }
  return { fieldChanges, patch: jsonpatch.compare(before, after) };
}
