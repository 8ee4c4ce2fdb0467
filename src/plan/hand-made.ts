// Whose a versioned resource is when its latest version carries no aac marker: a version written
// outside aac (a portal edit keeps only what it shows) drops the marker aac writes into every
// version's metadata. As Terraform takes a hand edit of a managed resource, such a version over
// this namespace's is drift, not a new owner. Pure: the caller reads the versions.
import type { VersionMarkers } from '../backends/backend.js';
import { LEGACY_MARKER_KEY, markerNamespace } from '../model/marker.js';

/** Whether a version's aac marker pairs (VersionMarkers.markers) hold an owner's marker: a namespaced one, or the previous `aac:key` (aac's record is none). */
export function hasOwnerMarker(markers: Readonly<Record<string, string>>): boolean {
  return Object.keys(markers).some((k) => k === LEGACY_MARKER_KEY || markerNamespace(k) !== undefined);
}

/**
 * Of `history` (every version, oldest first, with aac's marker pairs: Backend.versionMarkers), the
 * newest version but the latest (`latest`; else the last listed) that carries any owner's marker
 * (a namespaced one, or the previous `aac:key`), with those marker pairs; undefined when none does.
 */
export function newestMarked(history: readonly VersionMarkers[], latest: string | undefined): { version: string; owners: Array<[string, string]> } | undefined {
  const top = latest ?? history.at(-1)?.version;
  for (let i = history.length - 1; i >= 0; i--) {
    const v = history[i]!;
    if (v.version === top) continue;
    const owners = Object.entries(v.markers).filter(([k]) => k === LEGACY_MARKER_KEY || markerNamespace(k) !== undefined);
    if (owners.length > 0) return { version: v.version, owners };
  }
  return undefined;
}

/**
 * The version this namespace's marker makes the resource its own by, when its latest version
 * (`latest`) carries no owner's marker: the newestMarked version of `history`, when its marker is
 * `namespace`'s alone — with the key it names. Undefined when no older version carries an owner's
 * marker, or the newest that does carries another namespace's (or the previous marker, or two
 * owners'): then the resource is not this namespace's, and a plan leaves it alone.
 */
export function ownedBelowHandMade(history: readonly VersionMarkers[], latest: string | undefined, namespace: string): { version: string; key: string } | undefined {
  const marked = newestMarked(history, latest);
  const only = marked?.owners.length === 1 ? marked.owners[0]! : undefined;
  return only && markerNamespace(only[0]) === namespace ? { version: marked!.version, key: only[1] } : undefined;
}
