// No output of aac (a saved plan, migrated definitions) is written over a file the run's load
// read: a prompt replaced by plan JSON would be proposed, and applied, as an agent's instructions
// on the next run; a fragment replaced would break every run after. Only the load knows which
// files those are (any name, inside or outside the definitions directory), so the check is
// against that set, not against a name pattern (discover.ts readAs does the patterns: files no
// load read yet).
import { resolve } from 'node:path';
import type { Definition } from '../model/definition.js';
import { UserError } from '../util/errors.js';
import { realAsFarAsItExists } from '../util/real-path.js';
import { references } from './references.js';

/** What a file the load read is to the definitions, as a message says it after `is`. */
function readFiles(definitions: readonly Definition[], cwd: string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (abs: string, role: string) => {
    const real = realAsFarAsItExists(abs);
    if (!out.has(real)) out.set(real, role);
  };
  for (const d of definitions) add(resolve(cwd, d.file), `the definition ${d.file}`);
  for (const r of references(definitions, cwd)) {
    const { file, line, column } = r.location;
    const field = `the ${r.field} of ${r.definition.file} (${file}:${line}:${column})`;
    add(r.abs, r.nested ? `a fragment that ${field} includes` : field);
  }
  // The rest of a definition's parts are its environment's overlay.
  for (const d of definitions) for (const part of d.parts ?? []) add(resolve(cwd, part), `the environment overlay of ${d.file}`);
  return out;
}

/**
 * Refuses (UserError, exit 1) writing `what` (`the plan`) at `path` (absolute) when the load of
 * `definitions` read that file, compared by real path (symlinks on the way resolved): a definition
 * file, an `instructions_file:`, a `$ref` fragment (or one it includes), an overlay. Definition
 * paths are relative to `cwd`; `shown` shows `path`; `outcome` says what was not done (`nothing
 * was written`); `fix` is the hint (`write the plan elsewhere: …`).
 */
export function refuseWritingOverRead(path: string, definitions: readonly Definition[], opts: { cwd: string; shown: (abs: string) => string; what: string; outcome: string; fix: string }): void {
  const role = readFiles(definitions, opts.cwd).get(realAsFarAsItExists(path));
  if (role === undefined) return;
  throw new UserError(`${opts.shown(path)} is ${role}, which this run read: writing ${opts.what} there would replace it; ${opts.outcome}`, opts.fix);
}
