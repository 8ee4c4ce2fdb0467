// The Assistants wire format ↔ the definition model. Field names are the API's own, so the
// mapping is mostly identity; what it adds is the marker (one metadata pair), the choice of
// which fields travel in a body, and a fingerprint of what the server holds.
import type { LiveResource, Spec } from '../../model/definition.js';
import { SPEC_FIELDS } from './assistant.js';
import { ASSISTANT } from './kind.js';
import { encodeMarker } from '../../model/marker.js';
import { liveResource, type WireResource } from '../http/live-resource.js';
import type { OwnMarker } from '../backend.js';
import type { Json, JsonObject } from '../../model/json.js';

/** An assistant object as a host sends it. */
export type WireAssistant = WireResource;

/** The governed fields as the server sent them; unknown wire fields are ignored, not fought. */
export function fromWire(wire: WireAssistant): LiveResource {
  return liveResource(wire, SPEC_FIELDS, ASSISTANT.bookkeeping, ASSISTANT.paths.instructions);
}

/** The desired metadata with the marker: what every write sends as `metadata`, whole. */
function markedMetadata(metadata: Record<string, string> | null | undefined, marker: OwnMarker): Record<string, string> {
  return { ...(metadata ?? {}), ...encodeMarker(marker) };
}

/** Only the fields that are set: an omitted field is left to the server's default. */
function definedFields(spec: Spec): JsonObject {
  const body: JsonObject = {};
  for (const field of SPEC_FIELDS) {
    const value = spec[field];
    if (value !== undefined) body[field] = value as Json;
  }
  return body;
}

export function toCreateBody(spec: Spec, marker: OwnMarker): JsonObject {
  return { ...definedFields(spec), metadata: markedMetadata(spec.metadata as Record<string, string> | null | undefined, marker) };
}

/** Only the fields in `body`; `metadata`, when present, whole and with the marker. */
export function toUpdateBody(body: Spec, marker: OwnMarker): JsonObject {
  const wire = definedFields(body);
  if ('metadata' in body) wire.metadata = markedMetadata(body.metadata as Record<string, string> | null | undefined, marker);
  return wire;
}

/** Keys sent with the value "" that the server does not hold: a merging server took "" as a removal. */
export function removedEmptyMetadataKeys(sent: Record<string, string>, wire: WireAssistant): string[] {
  const stored = (wire.metadata ?? {}) as Record<string, unknown>;
  return Object.keys(sent).filter((k) => sent[k] === '' && !Object.hasOwn(stored, k));
}

/** Keys the server still holds that the body left out: a merging server kept them. */
export function leftoverMetadataKeys(sent: Record<string, string>, wire: WireAssistant): string[] {
  return Object.keys(wire.metadata ?? {}).filter((k) => !Object.hasOwn(sent, k));
}
