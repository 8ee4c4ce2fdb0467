// Which definitions a change under review (a pull request) touches, from the paths it changes:
// the plan comment shows the other definitions' differences apart, as drift made outside aac.
import { resolve } from 'node:path';
import type { Definition } from '../model/definition.js';
import type { Plan } from '../model/plan.js';
import { CONFIG_FILES } from '../desired/discover.js';

/**
 * The keys of the definitions whose YAML file, instructions file, or a fragment or overlay they are
 * made of is among `changedPaths`
 * (relative to `cwd`, as `git diff --name-only --relative` prints them). Undefined — every
 * definition counts as touched — when the change touches the definitions directory's aac.yaml:
 * a new provider or endpoint changes what every definition plans against, so nothing there is
 * drift for certain.
 */
export function touchedKeys(
  desired: readonly Definition[],
  changedPaths: readonly string[],
  { cwd, dir }: { cwd: string; dir: string },
): Set<string> | undefined {
  const changed = new Set(changedPaths.map((p) => resolve(cwd, p)));
  if (CONFIG_FILES.some((name) => changed.has(resolve(dir, name)))) return undefined;
  const touches = (file: string | undefined) => file !== undefined && changed.has(resolve(cwd, file));
  return new Set(desired.filter((d) => touches(d.file) || touches(d.instructionsFile) || (d.parts ?? []).some(touches)).map((d) => d.key));
}

/**
 * `plan` with its creates and updates of definitions outside `touched` (touchedKeys) marked
 * `drift`, for every view and the saved plan alike. Deletes are never drift: every view calls them
 * out on their own. `touched` undefined (every definition touched): `plan` as it is.
 */
export function markDrift(plan: Plan, touched: ReadonlySet<string> | undefined): Plan {
  if (touched === undefined) return plan;
  const drifted = (action: string, key: string) => (action === 'create' || action === 'update') && !touched.has(key);
  if (!plan.changes.some((c) => drifted(c.action, c.key))) return plan;
  return { ...plan, changes: plan.changes.map((c) => (drifted(c.action, c.key) ? { ...c, drift: true as const } : c)) };
}
