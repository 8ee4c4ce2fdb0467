// A saved plan whose apply was cut short (interrupted, timed out, some writes failed): which of its
// changes an earlier apply of it made already, so that applying the same file again makes only
// the rest, and the checks of a saved plan (staleness, tampering) compare what is left.
import type { LiveResource } from '../model/definition.js';
import type { ChangeMade, Plan, PlanChange } from '../model/plan.js';
import { canonicalJson } from '../model/canonical.js';
import { CLOCK_SKEW_S, liveFingerprintFor } from './plan-file.js';

/** What an earlier apply of a saved plan made of it (partlyApplied). */
export interface PartlyApplied {
  /**
   * The saved plan's changes whose result is live: an update or adopt whose resource now holds
   * its `after`, a create whose resource exists with its key and `after`, made since the plan, a
   * delete whose resource is gone. In the saved plan's order; [] when none.
   */
  done: ChangeMade[];
  /**
   * The saved plan as if made now over what is left: each done change replaced by the change the
   * plan made now has for it (a no-op), a done delete left out, and an update whose new version was
   * made but whose old versions were not all deleted replaced by the delete of those left (a subset
   * of what the plan deletes). Every other change as saved, so that staleness and tampering checks
   * (plan-file.ts findStaleness, findTampering) hold the rest to the file exactly.
   */
  plan: Plan;
}

/**
 * Which changes of `saved` are live as it makes them, judged against `fresh` — the plan made now
 * from the same definitions (their hashes already checked) and `live`, with the saved plan's
 * options, redacted as the file is — and `live`, this namespace's listing. A change counts as done
 * only where that plan has nothing left to do for it: the same comparison `plan-applied` makes of
 * a whole plan (appliedAlready), per change; the resource a create made must carry this
 * namespace's marker with the create's key (`fresh` pairs only those), hold the planned `after`,
 * be one the saved plan does not name, and have been created since the plan was made (within
 * CLOCK_SKEW_S). A change in any other state stays as saved, for staleness to name.
 */
export function partlyApplied(saved: Plan, fresh: Plan, live: readonly LiveResource[]): PartlyApplied {
  const byId = new Map(live.map((r) => [r.id, r]));
  const savedIds = new Set(saved.changes.flatMap((c) => (c.id === null ? [] : [c.id])));
  const freshIds = new Set(fresh.changes.flatMap((c) => (c.id === null ? [] : [c.id])));
  const madeAt = Date.parse(saved.createdAt) / 1000;
  const sameAfter = (s: PlanChange, f: PlanChange) => canonicalJson(f.after) === canonicalJson(s.after);
  // Looked up by key: a plan of 10,000 creates would otherwise scan the other plan for each.
  const freshByKey = new Map<string, PlanChange[]>();
  for (const f of fresh.changes) {
    const same = freshByKey.get(f.key);
    if (same) same.push(f);
    else freshByKey.set(f.key, [f]);
  }
  const freshOf = (key: string): readonly PlanChange[] => freshByKey.get(key) ?? [];
  const done: ChangeMade[] = [];
  const changes: PlanChange[] = [];
  for (const s of saved.changes) {
    const now = nowOf(s);
    if (now === undefined) changes.push(s);
    else {
      if ((now === null || now.action === 'no-op') && s.action !== 'no-op') done.push({ key: s.key, id: (now?.id ?? s.id)!, action: s.action });
      if (now !== null) changes.push(now);
    }
  }
  return { done, plan: { ...saved, changes } };

  /** The change made now that stands for `s` when an earlier apply made it (null: a delete done), else undefined. */
  function nowOf(s: PlanChange): PlanChange | null | undefined {
    if (s.action === 'no-op') return undefined;
    if (s.action === 'delete') return s.id !== null && !byId.has(s.id) && !freshIds.has(s.id) ? null : undefined;
    if (s.action === 'create') {
      return freshOf(s.key).find((f) => {
        const made = f.id === null ? undefined : byId.get(f.id);
        return f.action === 'no-op' && made !== undefined && !savedIds.has(made.id) && made.createdAt >= madeAt - CLOCK_SKEW_S && sameAfter(s, f);
      });
    }
    const resource = s.id === null ? undefined : byId.get(s.id);
    // Live as the plan found it (its fingerprint and version): not done, and nothing to replace.
    if (resource === undefined || (liveFingerprintFor(saved, resource) === s.liveFingerprint && resource.version === (s.liveVersion ?? resource.version))) return undefined;
    const f = freshOf(s.key).find((c) => c.id === s.id);
    if (f === undefined || !sameAfter(s, f)) return undefined;
    if (f.action === 'no-op') return f;
    // Its new version made, old versions left: only deleting those the plan deletes remains.
    const onlyTrim = f.action === 'update' && f.changedFields.length === 0 && f.version === undefined && (f.deleteVersions?.length ?? 0) > 0;
    return onlyTrim && f.deleteVersions!.every((v) => s.deleteVersions?.includes(v)) ? f : undefined;
  }
}
