// Who owns a live assistant: the marker, one metadata pair that names the namespace (the scope a
// definitions directory plans in) and the key (the assistant's identity inside it). Pure rules
// only, no I/O: encode, decode, the namespace syntax and the default namespace's derivation.
//
// The pair is `aac@<namespace>` → `<key>`. The namespace sits in the metadata key so the key keeps
// the whole metadata value (512 characters, the schema's `key` maxLength) and the namespace gets
// what is left of the 64-character metadata key. The previous format, `aac:key` → `<key>`, names no
// namespace: it is decoded as a legacy marker and never rewritten without an explicit adopt.
// Source of the limits: ../shared/openai-openapi, `Metadata` ("keys … maximum length of 64
// characters. Values … maximum length of 512 characters", at most 16 pairs).
import { put } from './json.js';

/** The metadata limits, from the API's `Metadata` description: pairs, a key's characters, a value's characters. */
export const METADATA_MAX_PAIRS = 16;
export const METADATA_KEY_MAX = 64;
export const METADATA_VALUE_MAX = 512;
/** The pairs a definition's metadata may hold: the API's, less the marker's (every kind's marker is one metadata pair). */
export const OWN_METADATA_PAIRS = METADATA_MAX_PAIRS - 1;
/** What every marker's metadata key starts with. */
export const MARKER_PREFIX = 'aac@';
/** The previous marker's metadata key: `aac:key` → key, no namespace. */
export const LEGACY_MARKER_KEY = 'aac:key';
/** The longest namespace: the rest of the metadata key after the prefix. */
export const NAMESPACE_MAX = METADATA_KEY_MAX - MARKER_PREFIX.length;
/**
 * aac's record, beside the marker, of what one of its writes made that the resource shows only by
 * id; its value is the kind's (the Assistants' store made from a helper: backends/assistants/
 * helper-store.ts). aac's key like the marker (isMarkerKey), but no owner's mark: the kind's write
 * keeps or drops it with what it records, and droppedMarkers never counts it.
 */
export const RECORD_KEY = 'aac:record';
/** The namespace of a definitions directory at the top of its repository. */
export const ROOT_NAMESPACE = '.';

/** Path-like segments of letters, digits, '.', '_' and '-', each starting with a letter or digit. */
const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export interface Marker {
  /** null for a legacy `aac:key` marker, which names no namespace. */
  namespace: string | null;
  key: string;
}

/** Why `name` is not a namespace, or undefined when it is one. */
export function namespaceProblem(name: string): string | undefined {
  if (name === ROOT_NAMESPACE) return undefined;
  if (name.length === 0) return 'it is empty';
  if (name.length > NAMESPACE_MAX) return `it is ${name.length} characters long; the most is ${NAMESPACE_MAX}`;
  if (!NAMESPACE_PATTERN.test(name)) {
    return "use letters, digits, '.', '_' and '-' in '/'-separated segments that start with a letter or digit";
  }
  return undefined;
}

/**
 * A namespace made of `given`, which is none (namespaceProblem), for a hint to propose: in each
 * '/'-separated segment every run of characters other than letters, digits, '.' and '-' becomes
 * one '-' (`_` too: `billing_team!` → `billing-team`), a segment's leading and trailing '.' and
 * '-' are dropped, and so are empty segments; then cut to NAMESPACE_MAX. Undefined when nothing
 * valid is left, or `given` is a namespace already.
 */
export function proposedNamespace(given: string): string | undefined {
  if (namespaceProblem(given) === undefined) return undefined;
  const segments = given.trim().split('/').map((s) => s.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '')).filter(Boolean);
  const made = segments.join('/').slice(0, NAMESPACE_MAX).replace(/[/.-]+$/, '');
  return namespaceProblem(made) === undefined && made !== ROOT_NAMESPACE ? made : undefined;
}

/**
 * The default namespace of a definitions directory: its path below the repository root, with '/'
 * separators (`teams/a/assistants`), or `.` at the root. Stable across clones and CI runners, and
 * different for any two directories of one repository. `relative` is already relative and
 * normalized (no `..`); a path that is not a valid namespace yields its problem instead.
 */
export function defaultNamespace(relative: string): { namespace: string } | { problem: string } {
  const name = relative === '' ? ROOT_NAMESPACE : relative.split(/[\\/]+/).join('/');
  const problem = namespaceProblem(name);
  return problem ? { problem } : { namespace: name };
}

/** The metadata pair that marks an assistant as `marker.key` of `marker.namespace`. */
export function encodeMarker(marker: { namespace: string; key: string }): Record<string, string> {
  return { [`${MARKER_PREFIX}${marker.namespace}`]: marker.key };
}

/**
 * Whether a metadata key is aac's, never the user's: the one rule every reader of metadata uses
 * (decodeMarker, each kind's normalize and checks). A marker of any namespace, the legacy one, aac's
 * record (RECORD_KEY), and any other key with the marker's prefix (`aac@not valid`, written by hand or by another tool):
 * the prefix is aac's, so such a key is neither a definition's nor compared, and a write of the
 * metadata, sent whole, removes it as it removes another namespace's marker (and the plan says so).
 */
export function isMarkerKey(metadataKey: string): boolean {
  return metadataKey === LEGACY_MARKER_KEY || metadataKey === RECORD_KEY || metadataKey.startsWith(MARKER_PREFIX);
}

/** The namespace a marker's metadata key names (`aac@team-a` → `team-a`); undefined for the legacy key or a key with no valid namespace. */
export function markerNamespace(metadataKey: string): string | undefined {
  const namespace = metadataKey.slice(MARKER_PREFIX.length);
  return metadataKey.startsWith(MARKER_PREFIX) && namespaceProblem(namespace) === undefined ? namespace : undefined;
}

/**
 * Splits metadata into the marker and the user's own pairs. With several markers (written by hand,
 * or by two tools), the namespaced one whose namespace sorts first wins, then the legacy one: a
 * deterministic reading, so every run agrees on the owner. Every pair of aac's (isMarkerKey) is
 * removed from `rest` and kept in `markers`, as read; one with no valid namespace names no owner.
 */
export function decodeMarker(metadata: Record<string, string>): { marker: Marker | null; rest: Record<string, string>; markers: Record<string, string> } {
  const rest: Record<string, string> = {};
  const markers: Record<string, string> = {};
  const namespaced: Marker[] = [];
  let legacy: Marker | null = null;
  for (const [k, v] of Object.entries(metadata)) {
    if (!isMarkerKey(k)) {
      put(rest, k, v);
      continue;
    }
    const namespace = markerNamespace(k);
    if (k === LEGACY_MARKER_KEY) legacy = { namespace: null, key: v };
    else if (namespace !== undefined) namespaced.push({ namespace, key: v });
    put(markers, k, v);
  }
  namespaced.sort((a, b) => (a.namespace! < b.namespace! ? -1 : 1));
  return { marker: namespaced[0] ?? legacy, rest, markers };
}

/**
 * The marker pairs of a live resource (`markers`, as decodeMarker read them) that a write of its
 * metadata drops: the metadata is sent whole with this namespace's marker alone, so every pair
 * goes but the one of `namespace` (the resource's own, which the write keeps or rewrites; null for
 * an unmarked or previous-marker resource, which an adopt takes over). The previous marker
 * `aac:key` and other namespaces' markers, then; never aac's record (RECORD_KEY), which the kind's
 * write keeps or drops with what it records.
 */
export function droppedMarkers(markers: Readonly<Record<string, string>>, namespace: string | null): Record<string, string> {
  const kept = namespace === null ? undefined : `${MARKER_PREFIX}${namespace}`;
  const dropped: Record<string, string> = {};
  for (const [k, v] of Object.entries(markers)) if (k !== kept && k !== RECORD_KEY) put(dropped, k, v);
  return dropped;
}

/** Shown in messages: `team-a:faq`, or `aac:key=faq` for a legacy marker. */
export function describeMarker(marker: Marker): string {
  return marker.namespace === null ? `${LEGACY_MARKER_KEY}=${marker.key}` : `${MARKER_PREFIX}${marker.namespace}=${marker.key}`;
}

/**
 * The keep rule's order of live copies of one key: the oldest `created_at` first, then the
 * smallest id. Every apply and plan uses it, so concurrent runs agree on the survivor. A comparator.
 */
export function keepOrder(a: { id: string; createdAt: number }, b: { id: string; createdAt: number }): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Of several live copies of one key, the one to keep (keepOrder's first). */
export function keeperOf<T extends { id: string; createdAt: number }>(copies: readonly T[]): T {
  return copies.reduce((best, c) => (keepOrder(c, best) < 0 ? c : best));
}

/**
 * `metadata has 200000 pairs; at most 15 are allowed (the API allows 16, and aac keeps one for its
 * marker aac@<namespace>)`: `count` as the message says it (a number, or `more than 15`), `limit`
 * what the definition may hold (its schema's `maxProperties`, OWN_METADATA_PAIRS).
 */
export function tooManyPairs(count: string, limit: number): string {
  return `metadata has ${count} pairs; at most ${limit} are allowed (the API allows ${METADATA_MAX_PAIRS}, and aac keeps one for its marker ${MARKER_PREFIX}<namespace>)`;
}
