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
  return changes.flatMap((change) => {
    const definition = updated.get(change.key);
    if (change.action !== 'update' || !definition || !change.before) return [];
    const notes = [...(kind.updateNotes?.(change.body, change.before, goneOf(change.id!)) ?? []), ...keptLiveNotes(kind.keptLive, change.body)];
    return notes.map(({ path, ...note }): Diagnostic => ({
      severity: 'warning',
      location: definition.locate(path),
      path: formatPath(path),
      ...note,
    }));
  });
}
