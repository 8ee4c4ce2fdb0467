// A path in a definition written with `\` (a Windows habit: `instructions_file: prompts\win.md`,
// `$ref: .\_t.yaml#/x`): paths in definitions are `/`-separated on every platform, as keys are, and
// on Linux and macOS, where CI runs, `\` is a character of a file name. When the file is not found
// and its `/` spelling is there, the message says so instead of only "it does not exist".
import { resolve } from 'node:path';
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
  if (!written.includes('\\')) return undefined;
  const meant = written.replaceAll('\\', '/');
  const abs = resolve(from, meant);
  if (!isInside(boundary.root, abs)) return undefined;
  return 'real' in resolveInside(abs, boundary) ? meant : undefined;
}

/** The hint for a path written with `\` whose `/` spelling (`meant`) is there. */
export function slashHint(meant: string): string {
  return `paths in definitions use \`/\`: did you mean ${codeSpan(meant)}?`;
}
