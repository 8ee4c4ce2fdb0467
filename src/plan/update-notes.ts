// What an update does beyond the fields it sends, said by the kind (ResourceKind.updateNotes) and
// shown by plan as warnings at the definition's field, before anything is applied.
import type { ResourceKind } from '../backends/backend.js';
import type { Definition, LiveResource } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { PlanChange } from '../model/plan.js';
import { keptLiveNotes } from '../model/kept-live.js';
import { formatPath } from '../yaml/source.js';

/**
 * The kind's notes on what each update in `changes` does beyond its body (ResourceKind.updateNotes),
 * and the live values it sends back that a definition cannot write (ResourceKind.keptLive), as
 * warnings at the field of its definition (`updated`: updatedDefinitions). `live`: the resources
 * planned against, for what a record of theirs names that the host no longer has, or has expired (recordGone).
 */
export function updateNoteWarnings(changes: readonly PlanChange[], updated: ReadonlyMap<string, Definition>, kind: Pick<ResourceKind, 'updateNotes' | 'keptLive'>, live: readonly LiveResource[]): Diagnostic[] {
  // Read for updates only: a plan of 10,000 matches updates a few, and every live resource is asked otherwise.
  let gone: Map<string, NonNullable<LiveResource['recordGone']>> | undefined;
  const goneOf = (id: string) => {
    if (!gone) {
      gone = new Map();
      for (const l of live) if (l.recordGone !== undefined) gone.set(l.id, l.recordGone);
    }
    return gone.get(id);
  };
  // A loop, not flatMap: it runs once, after the listing's last page, over every change of a plan
  // (10,000), where flatMap made and flattened an empty array for each one that is not an update.
  const warnings: Diagnostic[] = [];
  for (const change of changes) {
    if (change.action !== 'update' || !change.before) continue;
    const definition = updated.get(change.key);
    if (!definition) continue;
    const notes = [...(kind.updateNotes?.(change.body, change.before, goneOf(change.id!)) ?? []), ...keptLiveNotes(kind.keptLive, change.body)];
    for (const { path, ...note } of notes) warnings.push({ severity: 'warning', location: definition.locate(path), path: formatPath(path), ...note });
  }
  return warnings;
}
