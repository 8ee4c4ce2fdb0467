// Where `aac migrate` lists a field it loses. A field is located at its key, but the key may stand
// in one file and what it holds in another: an environment's overlay may write part of a mapping
// the base holds (a list two levels down), and a `$ref` may pull the field, or part of it, from a
// shared fragment. Listing the key alone would leave unlisted the line the user edits (the
// overlay's, the fragment's), or, for a field the fragment holds whole, the definition that
// includes it. So each loss is listed at every file that writes part of it. Pure.
import type { Definition, SourceLocation } from '../model/definition.js';
import { isObject, valueAt, type Json } from '../model/json.js';

type FieldPath = Array<string | number>;

/** One place a loss is listed: the field's path there, where it is written, and (in a fragment) the files whose `$ref` includes it. */
export interface LossPlace {
  path: FieldPath;
  at: SourceLocation;
  /** Set when `at` is in a `$ref` fragment: the definition files and overlays (as shown) whose include reads it. */
  includedBy?: string;
}

/** The paths of `value`'s entries (a mapping's keys, a list's indices) below `path`; none for a scalar. */
function entries(value: Json | undefined, path: FieldPath): FieldPath[] {
  if (Array.isArray(value)) return value.map((_, i) => [...path, i]);
  if (isObject(value)) return Object.keys(value).map((k) => [...path, k]);
  return [];
}

/**
 * The paths below `path` in `def` that a file `inFile` accepts (a path relative to the working
 * directory, as Definition.locate gives it) wrote, each the topmost such part (its own entries are
 * its). None when the field's key is itself written there, as it is then located there already,
 * or when `path` holds a scalar.
 */
function partsWrittenIn(def: Pick<Definition, 'spec' | 'locate'>, path: ReadonlyArray<string | number>, inFile: (file: string) => boolean): FieldPath[] {
  if (inFile(def.locate(path).file)) return [];
  const below = (at: FieldPath): FieldPath[] => entries(valueAt(def.spec, at), at)
    .flatMap((entry) => (inFile(def.locate(entry).file) ? [entry] : below(entry)));
  return below([...path]);
}

/**
 * Every place the loss of the field at `path` of `def` (a definition, in an environment its overlay
 * merged) is listed: at its key; where its key is in a `$ref` fragment, also at the `$ref` of the
 * definition (or overlay) that includes it; at each part of it a fragment wrote (partsWrittenIn);
 * and, with `inOverlay` (which files are the environment's overlays), at each part of it an overlay
 * wrote. A place in a fragment names the files whose include reads it (`includedBy`). The first
 * place is the loss's own (its key, or the `$ref` that includes it), where it is counted; the
 * others list the same loss again where part of it is written. `shown`: an absolute path as
 * Definition.locate names files (relative to the working directory).
 */
export function lossPlaces(
  def: Pick<Definition, 'spec' | 'locate' | 'includes'>,
  path: ReadonlyArray<string | number>,
  shown: (abs: string) => string,
  inOverlay?: (file: string) => boolean,
): LossPlace[] {
  const sites = (def.includes ?? []).map((site) => ({ site, files: new Set(site.files.map(shown)) }));
  const includedBy = (file: string) => sites.find((s) => s.files.has(file))?.site;
  const inFragment = (file: string) => includedBy(file) !== undefined;
  const fragmentPlace = (at: FieldPath): LossPlace => {
    const located = def.locate(at);
    return { path: at, at: located, includedBy: shown(includedBy(located.file)!.file) };
  };
  const at = def.locate(path);
  const places: LossPlace[] = [];
  if (inFragment(at.file)) {
    const site = sites.find(({ site: s }) => s.path.every((seg, i) => path[i] === seg))?.site;
    if (site !== undefined) places.push({ path: [...path], at: site.locate() });
    places.push(fragmentPlace([...path]));
  } else {
    places.push({ path: [...path], at }, ...partsWrittenIn(def, path, inFragment).map(fragmentPlace));
  }
  if (inOverlay) places.push(...partsWrittenIn(def, path, inOverlay).map((p) => ({ path: p, at: def.locate(p) })));
  return places;
}
