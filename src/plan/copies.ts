// Several live resources that carry one namespace's marker for one key are "copies" of that key.
// Two applies that create one key at once make copies that are alike (twins): the same definition,
// twice. The marker can also turn up on something else — a clone made in a dashboard with its
// metadata, a script that copied metadata, a marker written by hand — and that copy differs.
// Twins are settled without a word from the user (one kept, by the keep rule, the rest deleted):
// nothing is lost. Copies that differ are never settled by a guess: the key is a conflict that
// names every copy, and the user says which one is aac's (README "Concurrent applies").
// Pure: the comparison is the plan's own (the kind's normalization, then diffSpecs).
import type { ResourceKind } from '../backends/backend.js';
import { fieldAt, type Definition, type LiveResource } from '../model/definition.js';
import { describeMarker, keepOrder } from '../model/marker.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { valueAt } from '../model/json.js';
import { UserError } from '../util/errors.js';
import { formatValue, LIVE_NAME_SHOWN } from '../util/value-text.js';
import { diffSpecs } from './diff.js';
import { pinFileOf, type PinnedEnvironment } from '../environments/pin-place.js';
import type { NormalizedSpecs } from './normalized.js';

/** The kind's top-level fields in which two live copies differ ([]: twins), in the kind's field order. */
export type CopyDifference = (a: LiveResource, b: LiveResource) => string[];

/**
 * Two live copies compared as the plan's diff compares a definition with its resource: both
 * normalized by the kind's rules for the host (`normalized`), so what the server fills in or
 * aac's own metadata pairs (markers, records) are no difference, then in the kind's copy form
 * (ResourceKind.copyForm: what a write made for one copy alone, as it was made); the fields are the kind's.
 */
export function copyDifference(normalized: NormalizedSpecs): CopyDifference {
  const { kind } = normalized;
  const form = (copy: LiveResource) => (kind.copyForm ? kind.copyForm(normalized.of(copy.spec), copy.markers ?? {}) : normalized.of(copy.spec));
  return (a, b) => diffSpecs(form(a), form(b), kind).fieldChanges.map((c) => c.field);
}

/**
 * `copies` (of one key) in sets of twins: each set in keep order, its first the one the keep rule
 * keeps; the sets in the order of their first. One set: every copy alike. Alike is equality of
 * every compared field, so each copy is compared with each set's first only.
 */
export function twinSets<T extends LiveResource>(copies: readonly T[], differ: CopyDifference): T[][] {
  // Nearly every key has one copy: a plan of 10,000 asks this 10,000 times.
  if (copies.length === 1) return [[copies[0]!]];
  const sets: T[][] = [];
  for (const copy of [...copies].sort(keepOrder)) {
    const set = sets.find((s) => differ(s[0]!, copy).length === 0);
    if (set) set.push(copy);
    else sets.push([copy]);
  }
  return sets;
}

/** A key whose definition would take one of several copies that differ: the plan does not pick. */
export interface CopyConflict {
  /** The key whose definition meets the copies (its own, or the old key of a rename). */
  key: string;
  definition: Definition;
  /** The namespace whose marker the copies carry (this plan's, or the one --adopt-namespace takes over from) and the key in it. */
  marker: { namespace: string; key: string };
  /** Every copy, in keep order. */
  copies: LiveResource[];
}

/**
 * The way out of live copies of a key that differ, as the refusal and apply's report say it: `to
 * keep one, pin it with PIN in FILE: the others are then MANY its key no longer claims, deleted
 * only with --prune; or remove MARKER from the metadata of each that is not aac's`. `pin`: the
 * `id:` to write, as said (`` `id: asst_…` (the one that matches it) ``); `many`: the kind's noun.
 */
export function keepOneOf(pin: string, file: string, many: string, marker: string): string {
  return `to keep one, pin it with ${pin} in ${file}: the others are then ${many} its key no longer claims, deleted only with --prune; or remove ${marker} from the metadata of each that is not aac's`;
}

/**
 * The refusal of a plan that meets copies that differ: every conflict (each definition at its
 * `key:`), each copy by id, created_at and name, the fields they differ in, which copy (if any) the
 * definition already matches (`matches`, from the planner), and the ways out: pin the one to keep
 * with `id:` (the others are then orphans of that key: deleted only with --prune, else left alone),
 * or remove the marker from each copy that is not aac's. The pin is said in the file it goes in
 * (pin-place.ts pinFileOf): the overlay of the run's `environment`, when aac.yaml declares them.
 */
export function copiesRefusal(
  conflicts: readonly CopyConflict[],
  kind: Pick<ResourceKind, 'nouns' | 'paths'>,
  differ: CopyDifference,
  matches: (definition: Definition, copy: LiveResource) => boolean,
  environment?: PinnedEnvironment,
): UserError {
  const { many } = kind.nouns;
  const lines: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const c of conflicts) {
    const [first, ...rest] = c.copies;
    const fields = [...new Set(rest.flatMap((copy) => differ(first!, copy)))];
    const marker = describeMarker(c.marker);
    const matching = c.copies.filter((copy) => matches(c.definition, copy));
    const message = `${c.copies.length} live ${many} carry the marker ${marker}, and they differ (in ${fields.join(', ')}): aac settles copies only when they are alike (two applies that created the key at once), so it picks none of these`;
    lines.push(`  - ${fieldAt(c.definition, ['key'])}: ${message}:`);
    for (const copy of c.copies) {
      const name = valueAt(copy.spec, kind.paths.name);
      const created = copy.createdAt > 0 ? `created ${new Date(copy.createdAt * 1000).toISOString()}` : 'created at an unknown time';
      lines.push(`      ${copy.id}: ${created}, name ${typeof name === 'string' ? formatValue(name, LIVE_NAME_SHOWN) : 'none'}${matching.includes(copy) ? `; it matches ${c.definition.file}` : ''}`);
    }
    const pin = matching.length === 1 ? `\`id: ${matching[0]!.id}\` (the one that matches it)` : `\`id: <the one to keep>\``;
    lines.push(`    ${keepOneOf(pin, pinFileOf(c.definition, environment), many, marker)}`);
    diagnostics.push({ severity: 'error', code: 'copies-differ', location: c.definition.locate(['key']), path: 'key', message: `${message}: ${c.copies.map((copy) => copy.id).join(', ')}` });
  }
  return new UserError(
    [`${conflicts.length === 1 ? `a definition meets ${conflicts[0]!.copies.length} live ${many} that differ` : `${conflicts.length} definitions meet live ${many} that differ`}; nothing was planned:`, ...lines],
    `each entry says how to choose; aac never deletes or overwrites a copy that is not alike without that choice`,
    diagnostics,
  );
}
