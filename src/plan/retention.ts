// `retain_versions: N` in aac.yaml: every version of a managed resource but the newest N is
// deleted, as planned actions, whoever made it: a version made outside aac (no marker) is one of
// the resource's, drift of what this namespace manages, and the plan says which of the deleted
// versions are such (PlanChange.deleteUnmarked). The order is the backend's (oldest first, as it lists them);
// version ids are strings, as the API gives them, never parsed to decide anything, their format
// being the API's business (Foundry: `AgentVersionObject.version: string`, format unspecified).
//
// A twin of the latest version (twinsOfLatest) is not counted among the N: two applies of one
// namespace that made the same new version from the same read (one of them with -lock=false,
// whose own check ran before the other's version existed) leave two identical versions, one of
// which would otherwise hold one of the N places and push an older, different version out. The
// twin itself goes as its age says, as any version — never for being a twin: a save that changes
// nothing (a portal's Save, which keeps the metadata) makes one too, and deleting it would make a
// plan out of a change that changed nothing.
import type { VersionMarkers } from '../backends/backend.js';
import { sameJson } from '../model/canonical.js';
import { hasOwnerMarker } from './hand-made.js';

/**
 * The versions to delete, oldest first, so that the newest `retain` remain once the change is
 * applied. `versions`: every live version, oldest first (the last is the latest). `makesVersion`:
 * the change makes a new version, which counts among those kept; only then can the live latest be
 * among the deleted (it is deleted after the new one exists). `retain` below 1 is treated as 1.
 */
export function versionsBeyond(versions: readonly string[], retain: number, makesVersion: boolean): string[] {
  const keep = Math.max(1, Math.floor(retain)) - (makesVersion ? 1 : 0);
  return versions.slice(0, Math.max(0, versions.length - keep));
}

/**
 * Every version `retain` deletes, oldest first, in the order of `versions`: of the versions that
 * are not `twins` (twinsOfLatest), those versionsBeyond gives over them alone — a twin pushes
 * none of them out — and of the twins, those it gives over every version: a twin goes as its own
 * age says (with `retain: 1`, or once a new version leaves it beyond the newest `retain`).
 */
export function versionsToDelete(versions: readonly string[], twins: readonly string[], retain: number, makesVersion: boolean): string[] {
  if (twins.length === 0) return versionsBeyond(versions, retain, makesVersion);
  const twin = new Set(twins);
  const beyond = new Set(versionsBeyond(versions.filter((v) => !twin.has(v)), retain, makesVersion));
  const aged = new Set(versionsBeyond(versions, retain, makesVersion));
  return versions.filter((v) => (twin.has(v) ? aged.has(v) : beyond.has(v)));
}

/**
 * The twins of the latest version of `history` (every version, oldest first, the last the latest:
 * Backend.versionMarkers), which `retain_versions:` does not count (versionsToDelete): the versions right below it, newest first down to the first that is
 * not one, that carry exactly its aac marker pairs — an owner's marker among them: made by aac for
 * the same key — and hold what it holds (VersionMarkers.held, equal). Oldest first; [] when the
 * backend gives no digest, the latest carries no owner's marker, or the version below it differs.
 * Only the run right below counts: an older version alike the latest with another between (a
 * definition changed and changed back) is history, not a twin.
 */
export function twinsOfLatest(history: readonly VersionMarkers[]): string[] {
  const latest = history.at(-1);
  if (latest?.held === undefined || !hasOwnerMarker(latest.markers)) return [];
  let first = history.length - 1;
  while (first > 0 && history[first - 1]!.held === latest.held && sameJson(history[first - 1]!.markers, latest.markers)) first--;
  return history.slice(first, -1).map((v) => v.version);
}
