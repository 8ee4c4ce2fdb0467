// The note `aac validate` gives, once a run, when definitions read files outside the definitions
// directory: README's workflows run on changes under it alone unless told more. Validate alone,
// as a check of the project (the one README's workflow section points to, and the one the GitHub
// Action runs before any plan): a plan, run at every edit and once per environment in CI, would
// repeat the same note about the workflow, not the plan, each time.
import { resolve } from 'node:path';
import type { Definition } from '../model/definition.js';
import { outsidePlaces, type OutsidePlace } from '../desired/outside-dir.js';
import { shownPath } from '../desired/paths.js';
import { sanitize } from '../util/invisible.js';
import type { CommandContext } from './command.js';

/** How many directories the note names; it counts the rest. */
const SHOWN = 5;

/**
 * Writes on stderr (`Note: …` and its hint indented below, as warnings are written), once, the
 * directories outside the definitions directory that `desired` reads files from (outsidePlaces; a
 * file of the working directory by its own name, never `**`), with the `paths:` entries a workflow
 * filtered on the definitions directory needs for them. Nothing
 * when there are none.
 */
export function noteOutsideDirectories(ctx: CommandContext, desired: readonly Definition[]): void {
  const places = outsidePlaces(desired, { cwd: ctx.io.cwd, dir: ctx.global.dir });
  if (places.length === 0) return;
  const own: OutsidePlace = { path: shownPath(ctx.io.cwd, resolve(ctx.io.cwd, ctx.global.dir)), file: false };
  const glob = ({ path, file }: OutsidePlace) => `"${file ? path : `${path === '.' ? '' : `${path}/`}**`}"`;
  const named = ({ path, file }: OutsidePlace) => (file ? path : `${path}/`);
  const more = places.length > SHOWN ? ` and ${places.length - SHOWN} more` : '';
  const shown = places.slice(0, SHOWN);
  const said = `definitions read files outside ${named(own)} (in ${shown.map(named).join(', ')}${more}): a workflow filtered on \`paths: [${glob(own)}]\` does not run when only those change, so such a change merges unplanned and unapplied`;
  const hint = `add each to the workflow's paths: \`paths: [${[own, ...shown].map(glob).join(', ')}]\``;
  ctx.io.stderr.write(`Note: ${sanitize(said)}\n  ${sanitize(hint)}\n`);
}
