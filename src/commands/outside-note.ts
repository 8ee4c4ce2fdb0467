// The note `aac validate` and `aac plan` give, once a run, when definitions read files outside
// the definitions directory: README's workflows run on changes under it alone unless told more.
import { resolve } from 'node:path';
import type { Definition } from '../model/definition.js';
import { outsideDirectories } from '../desired/outside-dir.js';
import { shownPath } from '../desired/paths.js';
import { sanitize } from '../util/invisible.js';
import type { CommandContext } from './command.js';

/** How many directories the note names; it counts the rest. */
const SHOWN = 5;

/**
 * Writes on stderr (`Note: …` and its hint indented below, as warnings are written), once, the
 * directories outside the definitions directory that `desired` reads files from (outsideDirectories),
 * with the `paths:` globs a workflow filtered on the definitions directory needs for them. Nothing
 * when there are none.
 */
export function noteOutsideDirectories(ctx: CommandContext, desired: readonly Definition[]): void {
  const dirs = outsideDirectories(desired, { cwd: ctx.io.cwd, dir: ctx.global.dir });
  if (dirs.length === 0) return;
  const own = shownPath(ctx.io.cwd, resolve(ctx.io.cwd, ctx.global.dir));
  const glob = (d: string) => `"${d === '.' ? '' : `${d}/`}**"`;
  const more = dirs.length > SHOWN ? ` and ${dirs.length - SHOWN} more` : '';
  const shown = dirs.slice(0, SHOWN);
  const said = `definitions read files outside ${own}/ (in ${shown.map((d) => `${d}/`).join(', ')}${more}): a workflow filtered on \`paths: [${glob(own)}]\` does not run when only those change, so such a change merges unplanned and unapplied`;
  const hint = `add each directory to the workflow's paths: \`paths: [${[own, ...shown].map(glob).join(', ')}]\``;
  ctx.io.stderr.write(`Note: ${sanitize(said)}\n  ${sanitize(hint)}\n`);
}
