// A wire object → the core's LiveResource, the same for every backend that keeps aac's marker in a
// `metadata` map of the object and addresses it by an `id`.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../model/canonical.js';
import type { LiveResource, Spec } from '../../model/definition.js';
import { isObject, setAt, valueAt, type Json, type JsonObject } from '../../model/json.js';
import { FROM_ITS_PAGES, type Bookkeeping, type Listing } from '../backend.js';
import { decodeMarker, type Marker } from '../../model/marker.js';
import { sharedText } from '../../util/shared-text.js';
import { workSize } from '../../util/v8-by-work.js';

/** A resource object as a host sends it (only the fields read here are typed). */
export interface WireResource {
  id: string;
  created_at: number;
  metadata?: Record<string, string> | null;
  [field: string]: Json | undefined;
}

/**
 * sha256 (hex) of the canonical wire object without its `bookkeeping` fields (ResourceKind
 * .bookkeeping): changes whenever anything about the resource changes but what the host moves on a
 * write that changes nothing. With no bookkeeping, of the whole object.
 */
export function fingerprint(wire: object, bookkeeping: readonly Bookkeeping[]): string {
  let value = wire as JsonObject;
  for (const { path } of bookkeeping) value = without(value, path);
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** `value` with the member at `path` left out (copied along the path only); itself when there is none. */
function without(value: JsonObject, path: readonly string[]): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(value, head)) return value;
  const { [head]: member, ...others } = value;
  if (rest.length === 0) return others;
  return isObject(member) ? { ...others, [head]: without(member as JsonObject, rest) } : value;
}

/** What a resource's fingerprint getters hash, and the fingerprints once made. */
interface Fingerprinted {
  wire: object;
  bookkeeping: readonly Bookkeeping[];
  fingerprint?: string;
  whole?: string;
}

/** Where a resource keeps its Fingerprinted: a property no spread, key list or JSON shows. */
const FINGERPRINTED = Symbol('fingerprinted');
type Holder = { [FINGERPRINTED]: Fingerprinted };

// One getter of each for every resource, reading what it hashes from the resource: V8 keeps an
// accessor's functions in an object's hidden class, so a getter made for each resource (a
// closure over its wire object) gave each resource a class of its own, ~0.5 KB more a resource,
// kept to the plan's end and copied by the young generation's collections as it survived.
function fingerprintGetter(this: Holder): string {
  const f = this[FINGERPRINTED];
  return (f.fingerprint ??= fingerprint(f.wire, f.bookkeeping));
}
function wholeFingerprintGetter(this: Holder): string {
  const f = this[FINGERPRINTED];
  return (f.whole ??= fingerprint(f.wire, []));
}

/**
 * `resource` with the fingerprints of `wire` as getters, each computed on first read:
 * `fingerprint` without the `bookkeeping` (what a plan of format 1.18 on records), and — only when
 * there is bookkeeping, else it is the same — `wholeFingerprint` of the whole object (what a plan
 * before 1.18 recorded). Returns `resource`.
 */
export function withFingerprints<R extends object>(resource: R, wire: object, bookkeeping: readonly Bookkeeping[]): R & Pick<LiveResource, 'fingerprint' | 'wholeFingerprint'> {
  Object.defineProperty(resource, FINGERPRINTED, { value: { wire, bookkeeping } satisfies Fingerprinted });
  Object.defineProperty(resource, 'fingerprint', { enumerable: true, get: fingerprintGetter });
  if (bookkeeping.length > 0) Object.defineProperty(resource, 'wholeFingerprint', { enumerable: true, get: wholeFingerprintGetter });
  return resource as R & Pick<LiveResource, 'fingerprint' | 'wholeFingerprint'>;
}

/**
 * The governed `fields` as the server sent them (unknown wire fields are ignored, not fought), the
 * marker taken out of `metadata`, and the fingerprints (`fingerprints`, without the kind's `bookkeeping`).
 * The instructions (at `instructions`, the kind's `paths.instructions`) are set in `wire` to the
 * string its definition's instructions were read into when the two are equal (util/shared-text.ts).
 */
export function liveResource(wire: WireResource, fields: readonly string[], bookkeeping: readonly Bookkeeping[], instructions: readonly string[]): LiveResource {
  const metadata = wire.metadata;
  let marker: Marker | null = null;
  let markers: Record<string, string> | undefined;
  let rest: Record<string, string> | undefined;
  if (metadata && typeof metadata === 'object') ({ marker, markers, rest } = decodeMarker(metadata));
  // In the wire object itself, which the fingerprints and the listing's walk keep too.
  const text = valueAt(wire as JsonObject, instructions);
  if (marker && typeof text === 'string') setAt(wire as JsonObject, instructions, sharedText(marker.key, text));
  const spec: Record<string, unknown> = {};
  for (const field of fields) {
    if (wire[field] !== undefined) spec[field] = wire[field];
  }
  if (rest !== undefined) spec.metadata = rest;
  // Computed on first use: only a saved plan and an apply's staleness check read them, and hashing
  // every listed resource's canonical JSON cost a plain plan a quarter second at 10,000.
  return withFingerprints({
    id: wire.id,
    key: marker?.key ?? null,
    namespace: marker?.namespace ?? null,
    createdAt: wire.created_at,
    spec: spec as Spec,
    ...(markers === undefined ? {} : { markers }),
  }, wire, bookkeeping);
}

/**
 * A listing's pages read into live resources as each arrives, while the next is on its way, for
 * `onPage` (Backend.listAll): `page` takes each page's objects (`again`: of a walk begun again,
 * pagination.ts OnPage), `all` the walk's result (each object read once; one the pages did not
 * show is read then). `all`'s result is marked FROM_ITS_PAGES when no page came `again` and every
 * object of it was a page's: the walk's result is then, for each id, its first page's object
 * (OnPage), and so is this of the resources handed to `onPage`.
 */
export function pageReader<W extends object>(toLive: (wire: W) => LiveResource, onPage?: (page: readonly LiveResource[]) => void): {
  page(wires: readonly W[], again?: boolean): void;
  all(wires: readonly W[]): Listing;
} {
  const read = new Map<W, LiveResource>();
  let begunAgain = false;
  return {
    page(wires, again = false) {
      begunAgain ||= again;
      const live = wires.map((wire) => {
        const resource = toLive(wire);
        read.set(wire, resource);
        return resource;
      });
      workSize(read.size);
      onPage?.(live);
    },
    all(wires) {
      let paged = !begunAgain;
      const all: Listing = wires.map((wire) => {
        const resource = read.get(wire);
        if (resource) return resource;
        paged = false;
        return toLive(wire);
      });
      if (paged) Object.defineProperty(all, FROM_ITS_PAGES, { value: true });
      return all;
    },
  };
}
