// An empty metadata value that an update would send to a host that may merge metadata. Where the
// API leaves open whether an update replaces the map or merges into it (the kind's
// `metadataMayMerge`), a merging host takes a key sent as "" as "remove this key": the value is
// never stored, the next plan shows it again, and every metadata update removes a "" a create
// stored. No source says what "" does on update, so this is a warning before the apply, at the
// value; the client refuses the update once the host has shown that it removed the key.
import type { ResourceKind } from '../backends/backend.js';
import type { Definition } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { isObject } from '../model/json.js';
import type { PlanChange } from '../model/plan.js';
import { formatPath } from '../yaml/source.js';

/**
 * One warning per `""` in the metadata of each update in `changes` (a map sent whole), at the
 * value in its definition (`updated`: updatedDefinitions); none for a kind whose updates replace it.
 */
export function emptyMetadataWarnings(changes: readonly PlanChange[], updated: ReadonlyMap<string, Definition>, kind: Pick<ResourceKind, 'metadataMayMerge' | 'paths'>): Diagnostic[] {
  const [field, ...nested] = kind.paths.metadata;
  if (!kind.metadataMayMerge || field === undefined || nested.length > 0) return [];
  const out: Diagnostic[] = [];
  for (const change of changes) {
    const metadata = change.action === 'update' ? change.body[field] : undefined;
    if (!isObject(metadata)) continue;
    const definition = updated.get(change.key);
    if (!definition) continue;
    for (const [key, value] of Object.entries(metadata)) {
      if (value !== '') continue;
      const path = [field, key];
      out.push({
        severity: 'warning',
        code: 'empty-metadata-value',
        location: definition.locate(path),
        path: formatPath(path),
        message:
          `metadata '${key}' is "" and this update sends it: the API does not say whether an update merges metadata, ` +
          'and a host that does takes "" as removing the key, so the value would not be stored (apply then fails) and every plan would show it again',
        hint: `give '${key}' a value (e.g. "none"), or remove it`,
      });
    }
  }
  return out;
}
