// Which definitions a change under review (a pull request) touches, from the paths it changes:
// the plan comment shows the other definitions' differences apart, as drift made outside aac.
import { existsSync } from 'node:fs';
import { realOrResolved, realPaths } from '../util/real-path.js';
import { dirname, resolve } from 'node:path';
import type { Definition } from '../model/definition.js';
import type { Plan } from '../model/plan.js';
import { CONFIG_FILES } from '../desired/discover.js';
import { slashed } from '../desired/slash-paths.js';

/**
 * The keys of the definitions whose YAML file, instructions file, or a fragment or overlay they are
 * made of is among `changedPaths`
 * (relative to `cwd`, as `git diff --name-only --relative` prints them, or absolute), each compared
 * by its real path (realPaths: by directory, not a call a file), as the definitions directory is
 * compared. Undefined — every
 * definition counts as touched — when the change touches the definitions directory's aac.yaml:
 * a new provider or endpoint changes what every definition plans against, so nothing there is
 * drift for certain.
 */
export function touchedKeys(
  desired: readonly Definition[],
  changedPaths: readonly string[],
  { cwd, dir }: { cwd: string; dir: string },
): Set<string> | undefined {
  // The few listed paths one by one; the definitions' many files by directory.
  const changed = new Set(changedPaths.map((p) => realOrResolved(cwd, p)));
  if (CONFIG_FILES.some((name) => changed.has(realOrResolved(cwd, resolve(cwd, dir, name))))) return undefined;
  const real = realPaths(cwd);
  const touches = (file: string | undefined) => file !== undefined && changed.has(real(file));
  return new Set(desired.filter((d) => touches(d.file) || touches(d.instructionsFile) || (d.parts ?? []).some(touches)).map((d) => d.key));
}

/**
 * `plan` with its creates and updates of definitions outside `touched` (touchedKeys) marked
 * `drift`, for every view and the saved plan alike. Deletes are never drift: every view calls them
 * out on their own. `touched` undefined (every definition touched): `plan` as it is.
 */
export function markDrift<P extends Plan>(plan: P, touched: ReadonlySet<string> | undefined): P {
  if (touched === undefined) return plan;
  const drifted = (action: string, key: string) => (action === 'create' || action === 'update') && !touched.has(key);
  if (!plan.changes.some((c) => drifted(c.action, c.key))) return plan;
  return { ...plan, changes: plan.changes.map((c) => (drifted(c.action, c.key) ? { ...c, drift: true as const } : c)) };
}

/**
 * The listed paths written with `\` (a list made on Windows, by PowerShell or by hand) that name
 * nothing from `cwd` while their `/` spelling does, each with that spelling: on Linux and macOS `\`
 * is a character of a file name, so such a line matches no file and the change's own edits would
 * show as drift. Stats only paths holding `\`.
 */
export function slashSpelledChangedPaths(changedPaths: readonly string[], cwd: string): { written: string; meant: string }[] {
  return changedPaths.flatMap((written) => {
    const meant = slashed(written);
    return meant !== undefined && !existsSync(resolve(cwd, written)) && existsSync(resolve(cwd, meant)) ? [{ written, meant }] : [];
  });
}

/** How many directories above the definitions directory misplacedChangedPaths looks in. */
const BASES_ABOVE = 8;

/**
 * The listed paths that are nowhere relative to `cwd` but are there relative to the definitions
 * directory or a directory above it (the repository's root, as `git diff --name-only` prints
 * paths without `--relative`), with that directory: a list written from another directory, which
 * would make the change's own edits look like drift. A path that is nowhere (a deleted file) is
 * not counted. Stats only paths missing from `cwd`.
 */
export function misplacedChangedPaths(changedPaths: readonly string[], { cwd, dir }: { cwd: string; dir: string }): { paths: string[]; base: string } | undefined {
  const missing = changedPaths.filter((p) => !existsSync(resolve(cwd, p)));
  const bases: string[] = [];
  for (let d = resolve(cwd, dir), i = 0; i <= BASES_ABOVE; d = dirname(d), i++) {
    if (d !== resolve(cwd)) bases.push(d);
    if (dirname(d) === d) break;
  }
  for (const base of bases) {
    const paths = missing.filter((p) => existsSync(resolve(base, p)));
    if (paths.length > 0) return { paths, base };
  }
  return undefined;
}
