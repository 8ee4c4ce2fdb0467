// `retain_versions: N`: every version of a managed agent but the newest N is deleted, as planned
// actions. The order is the service's (`GET …/versions?order=asc`, by created_at); version
// strings are never parsed, their format being unspecified ([M] AgentVersionObject.version).

export interface VersionRef {
  version: string;
  createdAt: number;
}

/**
 * The versions to delete, oldest first, so that the newest `keep` remain (`versions` oldest
 * first, as listed). The latest version is never among them: `keep` below 1 is treated as 1.
 */
export function versionsBeyond(versions: readonly VersionRef[], keep: number): string[] {
  const kept = Math.max(1, Math.floor(keep));
  return versions.slice(0, Math.max(0, versions.length - kept)).map((v) => v.version);
}
