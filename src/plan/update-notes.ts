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
  const gone = new Map(live.flatMap((l) => (l.recordGone === undefined ? [] : [[l.id, l.recordGone] as const])));
  return changes.flatMap((change) => {
    const definition = updated.get(change.key);
    if (change.action !== 'update' || !definition || !change.before) return [];
    const notes = [...(kind.updateNotes?.(change.body, change.before, gone.get(change.id!)) ?? []), ...keptLiveNotes(kind.keptLive, change.body)];
    return notes.map(({ path, ...note }): Diagnostic => ({
      severity: 'warning',
      location: definition.locate(path),
      path: formatPath(path),
      ...note,
    }));
  });
}
