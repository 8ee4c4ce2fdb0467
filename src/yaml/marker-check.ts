// aac's own metadata keys in a definition, refused on every backend by the one rule that says
// which keys are aac's (model/marker.ts isMarkerKey): the marker is aac's to write, and a
// definition that wrote one could claim a resource for another namespace.
import { isMarkerKey, RECORD_KEY } from '../model/marker.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { isObject, type Json } from '../model/json.js';
import type { YamlSource } from './source.js';

/**
 * A `reserved-metadata-key` error at each of aac's keys in `metadata` (a definition's top-level
 * `metadata:`); `carried`: how the kind carries the marker, which completes "aac's marker …".
 */
export function reservedMetadataKeys(src: YamlSource, metadata: Json | undefined, carried: string): Diagnostic[] {
  if (!isObject(metadata)) return [];
  return Object.keys(metadata).filter(isMarkerKey).map((k) => src.diag(['metadata', k], {
    code: 'reserved-metadata-key',
    message: k === RECORD_KEY ? `metadata key '${k}' is reserved: aac keeps there its record of what its writes made` : `metadata key '${k}' is reserved: aac's marker ${carried}`,
    hint: 'remove it; to choose the key, set `key:` at the top level',
  }));
}
