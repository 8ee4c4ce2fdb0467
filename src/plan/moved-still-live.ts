// Terraform's "Moved object still exists", for `moved_from:`: a definition that has its own live
// resource and names an old key whose resources are live too does not move them (it moves from one
// resource only, and has it), so they stay orphans of the old key. Said at the entry, with the way
// to delete them and the way to stop saying it; never an error, as the plan is right as it is.
import type { Definition } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { PlanChange } from '../model/plan.js';
import { formatPath } from '../yaml/source.js';
import { codeSpan } from '../util/code-span.js';
import { targetArgument } from '../util/shell-word.js';

/**
 * One warning per `moved_from:` key still live beside its definition's own resource
 * (PlanChange.movedFromStillLive, from plan/match.ts), at that entry of the definition of `desired`
 * with the change's key: both keys with their ids, that the old one is left an orphan (deleted by
 * this plan when `prune`, else only with --prune), and the fixes: `--prune --target OLD` (escaped
 * and shell-quoted, so it selects that key alone), or the entry dropped. `one`: the kind's noun.
 */
export function movedStillLiveWarnings(changes: readonly PlanChange[], desired: readonly Definition[], prune: boolean, one: string): Diagnostic[] {
  const moved = changes.filter((c) => c.movedFromStillLive !== undefined && c.id !== null);
  // Every definition by its key only when a change needs one: most plans have none.
  const byKey = moved.length === 0 ? new Map<string, Definition>() : new Map(desired.map((d) => [d.key, d]));
  return moved.flatMap((c) => {
    const d = byKey.get(c.key);
    if (!d || c.movedFromStillLive === undefined) return [];
    return c.movedFromStillLive.map(({ key: old, ids }): Diagnostic => {
      const path = ['moved_from', d.movedFrom.indexOf(old)];
      const left = prune ? 'this plan deletes it (--prune)' : `it is left as an orphan of its key, deleted only with --prune`;
      return {
        severity: 'warning',
        code: 'moved-still-live',
        location: d.locate(path),
        path: formatPath(path),
        message: `moved_from: '${old}' (${ids.join(', ')}) is still live beside '${c.key}' (${c.id}): the move is not made, as '${c.key}' has its own ${one}; ${left}`,
        hint: `to delete '${old}', apply with ${codeSpan(`--prune ${targetArgument(old)}`)}; to keep it, drop '${old}' from \`moved_from:\` (define it again to manage it)`,
      };
    });
  });
}
