// A file definitions read besides themselves — an `instructions_file:` target, a `$ref` fragment or
// one it includes — whose path differs only in case from another file aac reads in the same run
// is two files on Linux, where CI runs, and one in a clone on a case-insensitive file system
// (macOS, Windows), where a plan reads the same text for both. The other file may be another
// reference's, or one of the run's own: a definition file, an overlay of the chosen environment,
// the project config. A warning, as two definition files that clash are (case-clash.ts), at the
// reference, which is what the user renames: the definition files, the overlays and aac.yaml are
// found by their names. The choice: whole paths are compared, as the file system resolves them
// (`Prompts/a.md` and `prompts/a.md` are one file there too); directories that differ only in
// case but hold files of other names are no clash here: both files are still there, in one
// directory, and a name that ignores case finds each. Files aac writes (a saved plan, migrated
// definitions) are refused over a file it read by written-over.ts, not warned of here.
import type { Definition } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { shownPath } from './paths.js';
import { references, type Reference } from './references.js';

/** One of the run's own files (git-ignored.ts OwnFile): absolute as the walk found it, and what it is (`definition file`). */
export interface ReadFile {
  abs: string;
  role: string;
}

/**
 * A `case-clash` warning at each reference of `definitions` (references.ts) whose file's absolute
 * path differs only in case from one of the run's own files (`own()`, asked only when some
 * definition references a file), else from a file an earlier reference names, with the definition
 * it belongs to. Case is folded by `toLowerCase`, as case-clash.ts folds it. `cwd`: what
 * Definition's paths are relative to, and what messages show paths from.
 */
export function referencedCaseClashes(definitions: readonly Definition[], cwd: string, own: () => readonly ReadFile[]): Array<{ definition: Definition; diagnostic: Diagnostic }> {
  const refs = references(definitions, cwd);
  if (refs.length === 0) return [];
  const firsts = new Map<string, { abs: string; ref?: Reference; role?: string }>();
  // Only a file as long as a reference's can clash with it: the rest are never folded.
  const lengths = new Set(refs.map((r) => r.abs.length));
  for (const f of own()) {
    if (!lengths.has(f.abs.length)) continue;
    const folded = f.abs.toLowerCase();
    if (!firsts.has(folded)) firsts.set(folded, { abs: f.abs, role: f.role });
  }
  const out: Array<{ definition: Definition; diagnostic: Diagnostic }> = [];
  const reads = (ref: Reference) => (ref.nested ? 'includes, through a fragment,' : 'reads');
  for (const r of refs) {
    const folded = r.abs.toLowerCase();
    const first = firsts.get(folded);
    if (first === undefined) firsts.set(folded, { abs: r.abs, ref: r });
    if (first === undefined || first.abs === r.abs) continue;
    const other = first.ref === undefined
      ? `${shownPath(cwd, first.abs)} is the ${first.role} of this run`
      : `the ${first.ref.field} of ${first.ref.definition.file} (${first.ref.location.file}:${first.ref.location.line}:${first.ref.location.column}) ${reads(first.ref)} ${shownPath(cwd, first.abs)}`;
    out.push({
      definition: r.definition,
      diagnostic: {
        severity: 'warning',
        code: 'case-clash',
        location: r.location,
        path: r.path,
        message: `the ${r.field} of ${r.definition.file} ${reads(r)} ${shownPath(cwd, r.abs)}, and ${other}: the two differ only in case, and a clone on a case-insensitive file system (macOS, Windows) holds one file for both, so a plan there reads the same text for both`,
        hint: first.ref === undefined
          ? `rename the file ${shownPath(cwd, r.abs)} so that its name differs from ${shownPath(cwd, first.abs)} in more than case, and the field that names it`
          : 'rename one of the files so that the two names differ in more than case, and the field that names it',
      },
    });
  }
  return out;
}
