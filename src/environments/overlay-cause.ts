// A problem an environment's overlay causes in its base — `model: null` leaves the definition
// without a model, `tools: null` leaves a tool's resources without the tool — is the overlay's, though
// the check that finds it points at the base (the field that is missing, or the one left without
// its partner). Which problems those are is told by checking again: a problem the definition
// without the overlay does not have, and does not have without one field the overlay writes, is
// that field's, whatever check found it. Only a definition with problems and an overlay pays for
// the extra checks.
import { placeText, sameProblem, type Diagnostic } from '../model/diagnostic.js';
import { isObject, type Json } from '../model/json.js';
import { formatPath } from '../yaml/source.js';
import type { OverlayEffect } from './assemble.js';
import type { OverlayLeaf } from './merge.js';
import { codeSpan } from '../util/code-span.js';

/**
 * `diagnostics` (of a definition assembled with `overlay`, in `environment`) with each one that
 * points into `baseFiles` (as messages show paths) but that the overlay causes moved to the
 * overlay's field that causes it: `in environment 'prod': <message>: the overlay removes model
 * (`model: null`); the base writes it at d/x.yaml:1:1`, with a hint to remove the line or give the
 * environment its own value. `check` gives a document's diagnostics (the same checks that found
 * `diagnostics`). A problem no single field of the overlay causes (only several together) stays
 * where it is, and so does one the checks do not find in `merged` (the definition with the overlay)
 * at all: a problem of reading the base (a `$ref` fragment that is not a mapping) is no check's, so
 * its absence from the checks without the overlay says nothing of the overlay. Order and every other
 * diagnostic are kept.
 */
export function blameOverlay(
  diagnostics: Diagnostic[],
  overlay: OverlayEffect,
  merged: OverlayEffect['doc'],
  environment: string,
  baseFiles: ReadonlySet<string>,
  check: (doc: OverlayEffect['doc']) => Diagnostic[],
): Diagnostic[] {
  const inBase = diagnostics.filter((d) => d.location.line !== undefined && baseFiles.has(d.location.file));
  if (inBase.length === 0 || overlay.leaves.length === 0) return diagnostics;
  const found = (doc: OverlayEffect['doc']) => new Set(check(doc).map(sameProblem));
  const problems = (leaf?: OverlayLeaf) => found(overlay.without(leaf));
  const withOverlay = found(merged);
  const alone = problems();
  const caused = inBase.filter((d) => withOverlay.has(sameProblem(d)) && !alone.has(sameProblem(d)));
  if (caused.length === 0) return diagnostics;
  const without = new Map<OverlayLeaf, Set<string>>();
  const causeOf = (d: Diagnostic) => overlay.leaves.find((leaf) => {
    if (!without.has(leaf)) without.set(leaf, problems(leaf));
    return !without.get(leaf)!.has(sameProblem(d));
  });
  return diagnostics.map((d) => {
    if (!caused.includes(d)) return d;
    const leaf = causeOf(d);
    return leaf ? movedToOverlay(d, leaf, overlay, environment) : d;
  });
}

/** `d` as the problem `leaf` of the overlay causes: located at the overlay's field, naming the base's. */
function movedToOverlay(d: Diagnostic, leaf: OverlayLeaf, overlay: OverlayEffect, environment: string): Diagnostic {
  const field = formatPath(leaf.path);
  const base = overlay.without();
  // The base's own field, when it writes one (a removed one it always does).
  const basePlace = writes(base.value, leaf.path) ? placeText(base.locate(leaf.path, 'key')) : undefined;
  const written = overlay.doc.written(leaf.path) ?? 'null';
  // The base's field the problem is at, when it is another top-level one the overlay leaves (both
  // instructions and instructions_file): removing it in the overlay (`null`) is the other way out.
  const other = !leaf.removes && d.path !== field && /^[a-z_]+$/.test(d.path) && writes(base.value, [d.path]) && !writes(overlay.doc.value, [d.path]) ? d.path : undefined;
  const why = leaf.removes
    ? `the overlay removes ${field} (${codeSpan(`${leaf.path.at(-1)}: ${written}`)}), which the base writes at ${basePlace}`
    : basePlace ? `the overlay's ${field} replaces the base's (${basePlace})` : `the overlay adds ${field}`;
  return {
    ...d,
    location: overlay.doc.locate(leaf.path, leaf.removes ? 'value' : 'key'),
    path: field,
    message: `in environment '${environment}': ${d.message}: ${why}`,
    hint: leaf.removes
      ? `remove the line from the overlay to keep the base's ${field}, or write ${codeSpan(`${leaf.path.at(-1)}:`)} with the value ${environment} needs in its place`
      : `change ${field} in the overlay, or remove it there${basePlace ? " to keep the base's" : ''}${other ? `; or drop the base's ${other} in this environment with ${codeSpan(`${other}: null`)} in the overlay` : ''}`,
  };
}

/** Whether `value` has a field at `path` (a path through mappings). */
function writes(value: Json, path: readonly string[]): boolean {
  let at: Json | undefined = value;
  for (const seg of path) {
    if (!isObject(at) || !Object.hasOwn(at, seg)) return false;
    at = at[seg];
  }
  return true;
}
