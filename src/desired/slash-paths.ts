// A path in a definition written with `\` (a Windows habit: `instructions_file: prompts\win.md`,
// `$ref: .\_t.yaml#/x`): paths in definitions are `/`-separated on every platform, as keys are, and
// on Linux and macOS, where CI runs, `\` is a character of a file name. When the file is not found
// and its `/` spelling is there, the message says so instead of only "it does not exist".
import { resolve, sep } from 'node:path';
import { UserError } from '../util/errors.js';
import { pathWord } from '../util/shell-word.js';
import { isInside, resolveInside } from './file-access.js';
import type { RepoBoundary } from './repo-root.js';
import { codeSpan } from '../util/code-span.js';

/**
 * The `/` spelling of `written` (a path relative to the directory `from`, absolute), when
 * `written` holds `\` and that spelling names a file inside `boundary` (the rule of every file
 * aac reads: file-access.ts resolveInside); undefined otherwise. Nothing outside the repository is
 * looked at. Called once the path as written was not found.
 */
export function slashSpelling(written: string, from: string, boundary: RepoBoundary): string | undefined {
  const meant = slashed(written);
  if (meant === undefined) return undefined;
  const abs = resolve(from, meant);
  if (!isInside(boundary.root, abs)) return undefined;
  return 'real' in resolveInside(abs, boundary) ? meant : undefined;
}

/** `written` with each `\` as `/` when it holds one; undefined when it holds none. */
export function slashed(written: string): string | undefined {
  return written.includes('\\') ? written.replaceAll('\\', '/') : undefined;
}

/**
 * The hint for a path written with `\` whose `/` spelling (`meant`, as the user would type it:
 * `prompts/x.md`, `--dir assistants/support`) is there; `paths`: whose paths they are.
 */
export function slashHint(meant: string, paths = 'paths in definitions'): string {
  return `${paths} use \`/\`: did you mean ${codeSpan(meant)}?`;
}

/**
 * Throws a UserError for a file name given to `flag` that holds `\` (`--out out\plan.json`, a
 * Windows habit): where `/` separates paths (Linux, macOS, where CI runs) `\` is a character of the
 * name, so it would write a file named `out\plan.json` beside the directory meant, which a Windows
 * checkout cannot hold. Checked before anything is read; the hint is the `/` spelling.
 */
export function refuseBackslash(given: string, flag: string): void {
  const meant = slashed(given);
  if (meant === undefined || sep === '\\') return;
  throw new UserError(
    `${flag} ${given} holds \`\\\`, which is part of a file's name here, not a separator: it would write a file named ${given}; nothing was run`,
    slashHint(`${flag} ${pathWord(meant)}`, 'paths given to aac'),
  );
}
