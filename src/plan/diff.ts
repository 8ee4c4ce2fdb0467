// Field-level differences between two normalized specs, plus the RFC 6902 patch between them.
import jsonpatch, { type Operation } from 'fast-json-patch';
import type { NormalizedSpec } from '../model/assistant.js';
import { SPEC_FIELDS } from '../model/assistant.js';
import type { FieldChange } from '../model/plan.js';
import { sameJson } from './canonical.js';
import { comparableDesired } from './normalize.js';

/** `before` is the live side and `after` the desired side, both from `normalize`. */
export function diffSpecs(before: NormalizedSpec, after: NormalizedSpec): { fieldChanges: FieldChange[]; patch: Operation[] } {
  const target = comparableDesired(before, after);
  const fieldChanges: FieldChange[] = [];
  for (const field of SPEC_FIELDS) {
    if (!sameJson(before[field], target[field])) fieldChanges.push({ field, before: before[field], after: target[field] });
  }
  return { fieldChanges, patch: jsonpatch.compare(before, target) };
}
