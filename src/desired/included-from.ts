// A problem inside a `$ref` fragment is reported where it is written, in the fragment; a fragment
// may be shared, so the message also says which definition's `$ref` reached it (file:line:column),
// as a compiler's "included from": that is the definition a reader looks for, and where a fix that
// is one definition's own (an overlay, its own fragment) goes. Said once for all its includers, and
// once for all the paths one definition includes it at.
import type { IncludeSite } from '../model/definition.js';
import { placeText, sameProblem, type Diagnostic } from '../model/diagnostic.js';
import { pathText } from '../model/json.js';
import { andList } from '../util/words.js';
import { shownPath } from './paths.js';

/** A diagnostic with the places of the `$ref`s through which definitions reached the fragment it is in, until includedOnce says them. */
export type Included = Diagnostic & { includedFrom?: readonly string[] };

/** How many includers a message names before it counts the rest. */
const NAMED_INCLUDERS = 3;

/**
 * `diagnostics` of one definition, each one placed in a fragment its `sites` (Definition.includes)
 * read marked with the place (file:line:column of the `$ref` value) of the site that reached it:
 * the site whose path holds the diagnostic's field, or, when none does (a problem of the fragment
 * as a whole), every site that read the file. `cwd`: what the diagnostics' files are shown
 * relative to (shownPath). One in the definition's own file, or in no fragment, is left as it is.
 */
export function markIncluded(diagnostics: readonly Diagnostic[], sites: readonly IncludeSite[], cwd: string): Included[] {
  if (sites.length === 0) return [...diagnostics];
  const read = sites.map((site) => ({ site, files: new Set(site.files.map((abs) => shownPath(cwd, abs))), path: pathText([...site.path]) }));
  return diagnostics.map((d) => {
    const reading = read.filter((r) => r.files.has(d.location.file));
    if (reading.length === 0) return d;
    const holding = reading.filter((r) => r.path === '' || d.path === r.path || d.path.startsWith(`${r.path}.`) || d.path.startsWith(`${r.path}[`));
    return { ...d, includedFrom: (holding.length > 0 ? holding : reading).map((r) => placeText(r.site.locate())) };
  });
}

/**
 * The identity of a problem as includedOnce merges it: sameProblem's, but for one in a fragment
 * (marked by markIncluded) its path left out, in its field and in its message (the schema's
 * messages name the field by its path): a fragment one definition includes at two paths
 * (`tools[0]` and `tools[1]` both `$ref` it) has its mistake, at one place, reported at each.
 */
function problemId(d: Included): string {
  if (d.includedFrom === undefined || d.path === '') return sameProblem(d);
  return sameProblem({ ...d, path: '', message: d.message.split(d.path).join('\u0000') });
}

/**
 * `diagnostics` with each problem once, first seen kept (as eachOnce: a fragment's comes with every
 * definition that includes it, and at every path a definition includes it at: problemId), its
 * includers (markIncluded) and its other paths gathered from every copy and said at the end of its
 * message: `… (in a fragment included from assistants/a.yaml:4:5 and assistants/b.yaml:5:5; also
 * at tools[1].function.strict)`, the first NAMED_INCLUDERS includers named and the rest counted.
 */
export function includedOnce(diagnostics: readonly Included[]): Diagnostic[] {
  const byProblem = new Map<string, { d: Included; from: Set<string>; paths: Set<string> }>();
  for (const d of diagnostics) {
    const id = problemId(d);
    const seen = byProblem.get(id) ?? byProblem.set(id, { d, from: new Set(), paths: new Set() }).get(id)!;
    for (const place of d.includedFrom ?? []) seen.from.add(place);
    seen.paths.add(d.path);
  }
  return [...byProblem.values()].map(({ d, from, paths }) => {
    const { includedFrom: _, ...diagnostic } = d;
    if (from.size === 0) return diagnostic;
    const places = [...from];
    const named = places.length <= NAMED_INCLUDERS ? places : [...places.slice(0, NAMED_INCLUDERS), `${places.length - NAMED_INCLUDERS} more`];
    const elsewhere = [...paths].filter((p) => p !== d.path);
    const also = elsewhere.length === 0 ? '' : `; also at ${andList(elsewhere)}`;
    return { ...diagnostic, message: `${diagnostic.message} (in a fragment included from ${andList(named)}${also})` };
  });
}
