// After an apply that created assistants: other applies on the same namespace may have created the
// same keys at the same moment (a laptop and CI, two merges in a row). Without a lock server, each
// apply re-reads the keys it created and deletes its own copies that the keep rule
// (model/marker.ts keepOrder: oldest created_at, then smallest id) does not keep among the copies
// alike (plan/copies.ts twinSets: the same definition, made twice). Every apply uses the same rule
// and deletes only what it created, so once all have exited one copy of each set of twins is
// left: one per key when the applies had one definition. A copy that differs (another branch's
// definition, or the marker on something else) is never its twin: both stay, and the next plan
// refuses the key until the user says which is aac's.
//
// Why the re-read waits: created_at has one-second resolution (../shared/openai-openapi,
// AssistantObject.created_at, "Unix timestamp (in seconds)"). A rival copy created after this
// apply's re-read but in the same second as this apply's copy could win on the id tie-break, and
// neither apply would see the other's copy as the keeper. Re-reading once a full second has passed
// since this apply's last create answered puts every copy this re-read misses in a later second:
// such a copy is newer than ours, so its creator (whose re-read does see ours) deletes it.
import { BackendError, type Backend } from '../backends/backend.js';
import type { LiveResource } from '../model/definition.js';
import { copyDifference, twinSets, type CopyDifference } from '../plan/copies.js';
import { NormalizedSpecs } from '../plan/normalized.js';

/** created_at's resolution, milliseconds. */
export const CREATED_AT_RESOLUTION_MS = 1000;

export interface Created {
  key: string;
  id: string;
}

export interface ExtraCopy extends Created {
  /** The copy the rule keeps. */
  keeper: string;
  /** Once deleted: what came of what its create made for it alone (Backend.releaseMade), as a clause. */
  released?: string;
}

export interface DifferingCopies extends Created {
  /** The other copies of the key, not alike this apply's: none deleted, the next plan refuses the key. */
  others: string[];
}

/**
 * Of the resources this apply created, those that another copy of their key, alike (`differ`),
 * outranks (`extra`), and those beside which a copy that differs stands (`differing`). Pure.
 */
export function ownExtraCopies(created: readonly Created[], live: readonly LiveResource[], namespace: string, differ: CopyDifference): { extra: ExtraCopy[]; differing: DifferingCopies[] } {
  const extra: ExtraCopy[] = [];
  const differing: DifferingCopies[] = [];
  for (const mine of created) {
    const sets = twinSets(live.filter((a) => a.namespace === namespace && a.key === mine.key), differ);
    const twins = sets.find((set) => set.some((a) => a.id === mine.id));
    if (!twins) continue; // gone already
    if (twins[0]!.id !== mine.id) extra.push({ ...mine, keeper: twins[0]!.id });
    else if (sets.length > 1) differing.push({ ...mine, others: sets.filter((set) => set !== twins).flat().map((a) => a.id) });
  }
  return { extra, differing };
}

export interface SettleResult {
  /** Own copies deleted, with the copy kept instead. */
  deleted: ExtraCopy[];
  /** Own extra copies that could not be deleted, with why; the next plan deletes them. */
  failed: Array<ExtraCopy & { error: string }>;
  /** Own creates (each the first of its twins) beside copies of their key that differ. */
  differing: DifferingCopies[];
}

/**
 * Waits until `lastCreateAt + waitMs` (a `performance.now()` reading; `waitMs`
 * CREATED_AT_RESOLUTION_MS unless given: only a test, whose run has no rival, shortens it), re-reads,
 * and deletes this apply's extra copies (alike the one kept, as the plan compares them). A failed re-read is thrown to the caller; a failed delete
 * is reported, not thrown; a delete whose answer was lost is settled by one read of the copy
 * (Backend.exists). `onCopy` is told each copy's fate as soon as it is known (`error` absent: it
 * was deleted), so a log can say so before the next copy is dealt with.
 */
export async function settleCreates(
  created: readonly Created[],
  backend: Backend,
  namespace: string,
  lastCreateAt: number,
  waitMs = CREATED_AT_RESOLUTION_MS,
  onCopy: (copy: ExtraCopy, error?: string) => void = () => {},
): Promise<SettleResult> {
  const wait = lastCreateAt + waitMs - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const live = await backend.listAll();
  const { extra, differing } = ownExtraCopies(created, live, namespace, copyDifference(new NormalizedSpecs(backend.kind, backend.target.provider)));
  const result: SettleResult = { deleted: [], failed: [], differing };
  await Promise.all(
    extra.map(async (copy) => {
      // What its create made for it alone goes with it (the Assistants' helper store), unless something still holds it.
      const deleted = async () => {
        const made = live.find((a) => a.id === copy.id);
        const released = made && backend.releaseMade ? await backend.releaseMade(made, live.filter((a) => a.id !== copy.id)) : undefined;
        const done = released === undefined ? copy : { ...copy, released };
        result.deleted.push(done);
        onCopy(done);
      };
      try {
        await backend.delete(copy.id);
        await deleted();
      } catch (err) {
        if (err instanceof BackendError && err.kind === 'not-found') return deleted();
        // Its answer was lost: one read of the copy says whether it was deleted (a failed read leaves it failed, its message saying it may have been).
        if (err instanceof BackendError && err.kind === 'outcome-unknown' && !(await backend.exists(copy.id).catch(() => true))) return deleted();
        const error = err instanceof Error ? err.message : String(err);
        result.failed.push({ ...copy, error });
        onCopy(copy, error);
      }
    }),
  );
  return result;
}
