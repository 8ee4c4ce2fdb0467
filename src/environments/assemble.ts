// One definition as an environment sees it: the base file with its `$ref` fragments, the
// environment's overlay (with its own fragments) merged over it, then `${var.…}` references
// replaced by the environment's values. Each step keeps every field's source position, so the
// schema and semantic checks that follow point into whichever file wrote the field.
import type { Diagnostic } from '../model/diagnostic.js';
import { eachValue, isObject, type Json } from '../model/json.js';
import { isIncludeSite, type Includes } from './include.js';
import type { IncludeSite } from '../model/definition.js';
import type { LocatedDoc } from './located.js';
import { formatPath } from '../yaml/source.js';
import { mergeOverlay, withoutField, type OverlayLeaf } from './merge.js';
import { mayReference, substituteVariables, type Scope } from './variables.js';

export interface Assembled {
  doc: LocatedDoc;
  diagnostics: Diagnostic[];
  /** Every file the definition is made of besides the base, absolute and sorted (overlay, fragments): their edits change it. */
  files: string[];
  /**
   * The fields (as diagnostics show paths) left as written because they could not be resolved: a
   * `$ref` site not included, a string whose reference has no value (or one reported in aac.yaml).
   * Checks of the result would only echo their errors there.
   */
  unresolved: string[];
  /** The `$ref` includes the base file writes, then those the overlay writes (the fragments' own are theirs). */
  includes: IncludeSite[];
  /** The variables its fields took values from, by name, with those values: when one's value changes, so does the definition. */
  variables: Array<[string, Json]>;
  /** With an overlay: what it changes, to tell which of the result's problems it causes (overlay-cause.ts). */
  overlay?: OverlayEffect;
}

/** What an environment's overlay changes in one definition. */
export interface OverlayEffect {
  /** The overlay (its fragments included): where its fields are written. */
  doc: LocatedDoc;
  /** The fields it removes or writes, in its order. */
  leaves: OverlayLeaf[];
  /** The files the definition is made of without the overlay (the base and its fragments), absolute. */
  baseFiles: string[];
  /** The definition assembled without the overlay's `leaf` (without the whole overlay when none is given). */
  without(leaf?: OverlayLeaf): LocatedDoc;
}

/**
 * Whether a definition file's `value` holds nothing the assembly reads (no `$ref` include site,
 * no string or key that may hold a reference: mayReference), so that without an overlay its
 * parse stands as it is. One walk, where assembling it walks it four times (the include sites,
 * the references, their near misses, the keys that hold one), for every definition of every run.
 */
export function assemblesNothing(value: Json): boolean {
  let found = false;
  eachValue(value, (v) => {
    if (found) return false;
    if (typeof v === 'string') found = mayReference(v);
    else if (isObject(v)) found = isIncludeSite(v) || Object.keys(v).some(mayReference);
    return !found;
  });
  return !found;
}

/**
 * `base` (a definition file's parse), `overlay` (the environment's overlay for its key, if any),
 * resolved with `includes` and `scope`. Variables are replaced last, so a fragment or an overlay
 * may reference them too.
 */
export function assembleDefinition(base: LocatedDoc, overlay: LocatedDoc | undefined, includes: Includes, scope: Scope): Assembled {
  const b = includes.resolve(base);
  const o = overlay ? includes.resolve(overlay) : undefined;
  const leaves: OverlayLeaf[] = [];
  const merged = o ? mergeOverlay(b.doc, o.doc, leaves) : b.doc;
  const vars = substituteVariables(merged, scope);
  const files = new Set([...b.files, ...(o ? [overlay!.fileOf([]), ...o.files] : [])]);
  return {
    doc: vars.doc,
    diagnostics: [...b.diagnostics, ...(o?.diagnostics ?? []), ...vars.diagnostics],
    files: [...files].sort(),
    unresolved: [...b.unresolved, ...(o?.unresolved ?? []), ...vars.unresolved].map(formatPath),
    includes: [...b.sites, ...(o?.sites ?? [])],
    variables: [...vars.used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ...(o ? {
      overlay: {
        doc: o.doc,
        leaves,
        baseFiles: [base.fileOf([]), ...b.files],
        without: (leaf?: OverlayLeaf) => substituteVariables(leaf ? mergeOverlay(b.doc, { ...o.doc, value: withoutField(o.doc.value, leaf.path) }) : b.doc, scope).doc,
      },
    } : {}),
  };
}
