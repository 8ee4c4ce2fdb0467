// Where an environment's overlay wrote part of a field the migration loses. A field is located at
// its key, and a mapping's key stands in the base when the overlay writes only part of it (a
// list two levels down): listing the key alone would leave the overlay's line unlisted, though
// that line is what the user edits. Pure.
import type { Definition } from '../model/definition.js';
import { isObject, valueAt, type Json } from '../model/json.js';

type FieldPath = Array<string | number>;

/** The paths of `value`'s entries (a mapping's keys, a list's indices) below `path`; none for a scalar. */
function entries(value: Json | undefined, path: FieldPath): FieldPath[] {
  if (Array.isArray(value)) return value.map((_, i) => [...path, i]);
  if (isObject(value)) return Object.keys(value).map((k) => [...path, k]);
  return [];
}

/**
 * The paths below `path` in `def` (one environment's definition, its overlay merged) that a file
 * `byOverlay` accepts (a path relative to the working directory, as Definition.locate gives it)
 * wrote, each the topmost such part (its own entries are its). None when the field's key is
 * itself written there, as it is then located in the overlay already, or when `path` holds a scalar.
 */
export function overlayParts(def: Pick<Definition, 'spec' | 'locate'>, path: ReadonlyArray<string | number>, byOverlay: (file: string) => boolean): FieldPath[] {
  if (byOverlay(def.locate(path).file)) return [];
  const below = (at: FieldPath): FieldPath[] => entries(valueAt(def.spec, at), at)
    .flatMap((entry) => (byOverlay(def.locate(entry).file) ? [entry] : below(entry)));
  return below([...path]);
}
