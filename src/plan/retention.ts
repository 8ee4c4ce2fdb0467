// `retain_versions: N` in aac.yaml: every version of a managed resource but the newest N is
// deleted, as planned actions, whoever made it: a version made outside aac (no marker) is one of
// the resource's, drift of what this namespace manages, and the plan says which of the deleted
// versions are such (PlanChange.deleteUnmarked). The order is the backend's (oldest first, as it lists them);
// version ids are strings, as the API gives them, never parsed to decide anything, their format
// being the API's business (Foundry: `AgentVersionObject.version: string`, format unspecified).

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
