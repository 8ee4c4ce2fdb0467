// A wire object → the core's LiveResource, the same for every backend that keeps aac's marker in a
// `metadata` map of the object and addresses it by an `id`.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../model/canonical.js';
import type { LiveResource, Spec } from '../../model/definition.js';
import type { Json } from '../../model/json.js';
import { decodeMarker, type Marker } from '../../model/marker.js';
import { workSize } from '../../util/v8-by-work.js';

/** A resource object as a host sends it (only the fields read here are typed). */
export interface WireResource {
  id: string;
  created_at: number;
  metadata?: Record<string, string> | null;
  [field: string]: Json | undefined;
}

/** sha256 of the canonical wire object: changes whenever anything about the resource changes. */
export function fingerprint(wire: WireResource): string {
  return createHash('sha256').update(canonicalJson(wire)).digest('hex');
}

/**
 * The governed `fields` as the server sent them (unknown wire fields are ignored, not fought), the
 * marker taken out of `metadata`, and the fingerprint: sha256 of the canonical wire object.
 */
export function liveResource(wire: WireResource, fields: readonly string[]): LiveResource {
  const spec: Record<string, unknown> = {};
  for (const field of fields) {
    if (wire[field] !== undefined) spec[field] = wire[field];
  }
  const metadata = wire.metadata;
  let marker: Marker | null = null;
  let markers: Record<string, string> | undefined;
  if (metadata && typeof metadata === 'object') {
    const decoded = decodeMarker(metadata);
    marker = decoded.marker;
    markers = decoded.markers;
    spec.metadata = decoded.rest;
  }
  // Computed on first use: only a saved plan and an apply's staleness check read it, and hashing
  // every listed resource's canonical JSON cost a plain plan a quarter second at 10,000.
  let memo: string | undefined;
  return {
    id: wire.id,
    key: marker?.key ?? null,
    namespace: marker?.namespace ?? null,
    createdAt: wire.created_at,
    spec: spec as Spec,
    ...(markers === undefined ? {} : { markers }),
    get fingerprint() {
      return (memo ??= fingerprint(wire));
    },
  };
}

/**
 * A listing's pages read into live resources as each arrives, while the next is on its way, for
 * `onPage` (Backend.listAll): `page` takes each page's objects, `all` the walk's result (each
 * object read once; one the pages did not show is read then).
 */
export function pageReader<W extends object>(toLive: (wire: W) => LiveResource, onPage?: (page: readonly LiveResource[]) => void): {
  page(wires: readonly W[]): void;
  all(wires: readonly W[]): LiveResource[];
} {
  const read = new Map<W, LiveResource>();
  return {
    page(wires) {
      const live = wires.map((wire) => {
        const resource = toLive(wire);
        read.set(wire, resource);
        return resource;
      });
      workSize(read.size);
      onPage?.(live);
    },
    all: (wires) => wires.map((wire) => read.get(wire) ?? toLive(wire)),
  };
}
