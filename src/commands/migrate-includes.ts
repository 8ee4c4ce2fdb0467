// aac migrate keeps a source's `$ref` includes as references where it can, as it keeps `${var.…}`
// references: a shared fragment stays shared, and stays one file to edit. A fragment can stay a
// reference only where the conversion carried what it gave unchanged — a function's `parameters`,
// a response format's `schema` (a JSON Schema reads the same in both APIs), the metadata — and
// its file can be copied to the same place under --out (decided by the caller, which reads the
// disk). What the conversion changed (a whole tool, flattened) is written out, and said.
import { isDeepStrictEqual } from 'node:util';
import type { IncludeSite } from '../model/definition.js';
import { isObject, valueAt, type Json, type JsonObject } from '../model/json.js';
import { replacedAt } from '../environments/located.js';

type Path = ReadonlyArray<string | number>;

/** Why a site could not stay a reference, for the listing on stdout. */
export interface Inlined {
  site: IncludeSite;
  why: string;
}

/**
 * Puts `{ $ref: … }` back into `target` (a converted definition or overlay, not changed: a copy is
 * returned) for each of `sites` whose value in `source` (the definition as loaded, fragments
 * included) the conversion carried unchanged: a subtree of `target` deep-equal to it under the
 * same field name (or list index), the one whose path shares most of the site's segments (so
 * `tools[1].parameters` takes `tools[1].function.parameters`'s include), each place taken once.
 * `refused(site)` says why a site's files cannot be carried (then it is written out); `lost(path)`
 * whether the conversion listed the field as a loss (then there is nothing to write out or say);
 * `changed(site)` why `target` holds nowhere what a site gave unchanged.
 * Returns the result, the sites kept as references, and those written out with why.
 */
export function keepIncludes(
  sites: readonly IncludeSite[],
  source: JsonObject,
  target: JsonObject,
  refused: (site: IncludeSite) => string | undefined,
  lost: (path: Path) => boolean,
  changed: (site: IncludeSite) => string,
): { value: JsonObject; kept: IncludeSite[]; inlined: Inlined[] } {
  let value: Json = structuredClone(target);
  const kept: IncludeSite[] = [];
  const inlined: Inlined[] = [];
  const taken: Path[] = [];
  for (const site of sites) {
    if (lost(site.path)) continue;
    const included = valueAt(source, site.path);
    if (included === undefined) continue;
    const place = bestPlace(value, included, site.path, taken);
    if (place === undefined) {
      inlined.push({ site, why: changed(site) });
      continue;
    }
    const why = refused(site);
    if (why !== undefined) {
      inlined.push({ site, why });
      continue;
    }
    taken.push(place);
    value = replacedAt(value, place, structuredClone(site.written));
    kept.push(site);
  }
  return { value: value as JsonObject, kept, inlined };
}

/** Whether `value` holds the value the site at `sitePath` gives in `source` unchanged, somewhere (as keepIncludes looks). */
export function holdsUnchanged(value: Json, source: JsonObject, sitePath: Path): boolean {
  const included = valueAt(source, sitePath);
  return included !== undefined && bestPlace(value, included, sitePath, []) !== undefined;
}

/** The place in `value` that holds `included` unchanged for the site at `sitePath`, not inside or around one `taken`. */
function bestPlace(value: Json, included: Json, sitePath: Path, taken: readonly Path[]): Path | undefined {
  const within = (a: Path, b: Path) => a.length >= b.length && b.every((seg, i) => a[i] === seg);
  let best: { path: Path; score: number } | undefined;
  const walk = (at: Json, path: Path): void => {
    if (path.length > 0 && path.at(-1) === sitePath.at(-1) && !taken.some((t) => within(path, t) || within(t, path)) && isDeepStrictEqual(at, included)) {
      const score = path.filter((seg) => sitePath.includes(seg)).length;
      if (!best || score > best.score) best = { path, score };
    }
    if (Array.isArray(at)) at.forEach((item, i) => walk(item, [...path, i]));
    else if (isObject(at)) for (const [k, item] of Object.entries(at)) walk(item, [...path, k]);
  };
  walk(value, []);
  return best?.path;
}
