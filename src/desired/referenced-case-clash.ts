// Two files definitions read besides themselves — `instructions_file:` targets, `$ref` fragments
// and the fragments those include — whose paths differ only in case are two files on Linux, where
// CI runs, and one in a clone on a case-insensitive file system (macOS, Windows), where a plan
// reads the same text for both. A warning, as two definition files that clash are (case-clash.ts).
// Directories that differ only in case are no clash here: both files are still there, in one
// directory, and a name that ignores case finds each.
import { sep } from 'node:path';
import type { Definition } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { caseClashes } from './case-clash.js';
import { shownPath } from './paths.js';
import { references } from './references.js';

/**
 * A `case-clash` warning at each reference of `definitions` (references.ts) whose file's path
 * differs only in case from a file an earlier reference names, with the definition it belongs to.
 * `cwd`: what Definition's paths are relative to, and what messages show paths from.
 */
export function referencedCaseClashes(definitions: readonly Definition[], cwd: string): Array<{ definition: Definition; diagnostic: Diagnostic }> {
  const refs = references(definitions, cwd);
  if (refs.length < 2) return [];
  return caseClashes(refs.map((r) => r.abs.split(sep).join('/'))).filter((c) => c.file).map(({ index, first }) => {
    const r = refs[index]!;
    const other = refs[first]!;
    const { file, line, column } = other.location;
    const reads = (ref: typeof r) => (ref.nested ? 'includes, through a fragment,' : 'reads');
    return {
      definition: r.definition,
      diagnostic: {
        severity: 'warning',
        code: 'case-clash',
        location: r.location,
        path: r.path,
        message: `the ${r.field} of ${r.definition.file} ${reads(r)} ${shownPath(cwd, r.abs)}, and the ${other.field} of ${other.definition.file} (${file}:${line}:${column}) ${reads(other)} ${shownPath(cwd, other.abs)}: the two differ only in case, and a clone on a case-insensitive file system (macOS, Windows) holds one file for both, so a plan there reads the same text for both`,
        hint: 'rename one of the files so that the two names differ in more than case, and the field that names it',
      },
    };
  });
}
