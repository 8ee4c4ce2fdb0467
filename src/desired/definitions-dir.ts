// The one check a definitions directory gets before anything else runs: a run must not list the
// live resources, sending its key to the host, when it has no definitions to plan with, or when
// its `.aacignore` would stop their load anyway.
import { statSync } from 'node:fs';
import { UserError } from '../util/errors.js';
import { loadIgnoreRules } from './ignore.js';
import { shownPath } from './paths.js';

/**
 * Throws a UserError when `dir` (absolute) does not exist or is not a directory, or when its
 * `.aacignore` cannot be read or has a line aac does not read (loadIgnoreRules). `noun`: what one
 * definition file holds (`assistant`, `agent`), for the hint.
 */
export function requireDefinitionsDir(dir: string, cwd: string, noun: string): void {
  const shown = shownPath(cwd, dir);
  const info = statSync(dir, { throwIfNoEntry: false });
  if (!info) throw new UserError(`the definitions directory '${shown}' does not exist`, `create it with one YAML file per ${noun}, or point --dir at yours`);
  if (!info.isDirectory()) throw new UserError(`'${shown}' is not a directory`, '--dir takes the directory that holds the definition files');
  loadIgnoreRules(dir, (p) => shownPath(cwd, p));
}
