// The `vector_stores` helper of `tool_resources.file_search`: "make a new vector store from these
// files and attach it" (openai-openapi CreateAssistantRequest; azure-foundry classic-agents-v1.json
// FileSearchToolResource.vector_stores). A live assistant shows only the store it holds
// (`vector_store_ids`, ASSISTANTS.md "What the live API sends back"), so aac records, in one
// metadata pair beside its marker (model/marker.ts RECORD_KEY), the store it made through the
// helper and a digest of the helper's spec. The helper is held while the assistant holds that store
// and the definition's helper has that digest; otherwise an update makes a new store from it.
// Pure: the client (assistants-backend.ts) makes the store and writes the record.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../model/canonical.js';
import type { NormalizedSpec, RecordGone, Spec } from '../../model/definition.js';
import { isObject, type Json, type JsonObject } from '../../model/json.js';
import { encodeMarker, RECORD_KEY } from '../../model/marker.js';
import type { DiagnosticCode } from '../../model/diagnostic-codes.js';

/** The helper's list in `tool_resources` (a definition's, or normalized), or undefined when file_search is not given by it. */
export function helperOf(toolResources: Json | undefined): Json[] | undefined {
  const fs = isObject(toolResources) ? toolResources.file_search : undefined;
  return isObject(fs) && Array.isArray(fs.vector_stores) && fs.vector_stores.length > 0 ? fs.vector_stores : undefined;
}

/**
 * 32 hex digits of the sha256 of the helper list's canonical JSON: every field of its store
 * (file_ids, chunking_strategy, metadata; Foundry's name and configuration) counts, key order not.
 */
export function helperDigest(helper: readonly Json[]): string {
  return createHash('sha256').update(canonicalJson(helper)).digest('hex').slice(0, 32);
}

/**
 * The record's value, `<store id> <digest>`: the API's store ids are `vs_` + 32 hex (ASSISTANTS.md),
 * so it is 68 characters, well within a metadata value's 512 (Metadata).
 */
export function recordValue(storeId: string, digest: string): string {
  return `${storeId} ${digest}`;
}

function parseRecord(value: string | undefined): { store: string; digest: string } | undefined {
  const at = value?.lastIndexOf(' ') ?? -1;
  return value && at > 0 ? { store: value.slice(0, at), digest: value.slice(at + 1) } : undefined;
}

/**
 * The live file_search resources when they are the store the desired helper stands for: the one
 * store the live assistant holds is the one `own` (the live resource's aac pairs) records, with the
 * desired helper's digest. Undefined otherwise — no helper, no record (an assistant made before aac
 * kept it, or adopted), another store held, or the helper edited — and the helper is then a
 * difference an update resolves by making a new store.
 */
export function heldStore(live: NormalizedSpec, desired: NormalizedSpec, own: Readonly<Record<string, string>>): JsonObject | undefined {
  const helper = helperOf(desired.tool_resources);
  const record = storeOfRecord(live, own);
  return helper && record?.digest === helperDigest(helper) ? ((live.tool_resources as JsonObject).file_search as JsonObject) : undefined;
}

/**
 * The live assistant as one copy of its key is compared with another (ResourceKind.copyForm): the
 * one store it holds, when its record (`own`) names it, stands as the digest of the helper it was
 * made from. Two applies that create one key at once each make a store from the helper, tagged
 * with the key and that digest (storeTag): stores made by one request body (the digest covers
 * every field of it: file_ids, chunking_strategy, metadata; openai-openapi
 * CreateVectorStoreRequest), so copies alike but for them are twins, settled as any (apply/settle.ts),
 * and the store of the copy deleted goes with it (AssistantsBackend.releaseMade). A helper edited
 * between the two applies gives another digest: the copies differ, and the plan refuses the key.
 */
export function madeStoreForm(live: NormalizedSpec, own: Readonly<Record<string, string>>): NormalizedSpec {
  const store = storeOfRecord(live, own);
  if (!store) return live;
  const resources = live.tool_resources as JsonObject;
  const held = resources.file_search as JsonObject;
  return { ...live, tool_resources: { ...resources, file_search: { ...held, vector_store_ids: [`made from the helper ${store.digest}`] } } };
}

/** The store the live assistant holds alone and its record (`own`) names, with the record's digest; undefined otherwise. */
export function storeOfRecord(live: NormalizedSpec, own: Readonly<Record<string, string>>): { store: string; digest: string } | undefined {
  const record = parseRecord(own[RECORD_KEY]);
  const held = isObject(live.tool_resources) ? live.tool_resources.file_search : undefined;
  if (!record || !isObject(held) || !Array.isArray(held.vector_store_ids) || held.vector_store_ids.length !== 1) return undefined;
  return held.vector_store_ids[0] === record.store ? record : undefined;
}

/**
 * The store `own`'s record names while the live assistant holds it for the desired helper
 * (heldStore), which plan then reads on the host (ResourceKind.recorded): a store deleted there
 * leaves the assistant holding an id that searches nothing, and the record matching. Undefined
 * otherwise: the helper already plans a new store.
 */
export function recordedStore(live: NormalizedSpec, desired: NormalizedSpec, own: Readonly<Record<string, string>>): string | undefined {
  return heldStore(live, desired, own) ? parseRecord(own[RECORD_KEY])!.store : undefined;
}

/**
 * The metadata pairs aac adds to a store it makes from the helper of `marker`'s resource: the
 * marker pair and RECORD_KEY with the helper's digest (openai-openapi CreateVectorStoreRequest and
 * VectorStoreObject `metadata`, azure-foundry VectorStoreOptions and VectorStore `metadata`: 16
 * pairs, keys ≤ 64, values ≤ 512, so the helper's own keep 14). A store whose create's answer was
 * lost, or whose assistant's write then failed, is so found by the next attempt (taggedStore) and
 * attached, not made again beside it.
 */
export function storeTag(marker: { namespace: string; key: string }, helper: readonly Json[]): Record<string, string> {
  return { ...encodeMarker(marker), [RECORD_KEY]: helperDigest(helper) };
}

/**
 * Whether the vector store object `store` has expired at `now` (Unix seconds, util/clock.ts): its
 * `status` is `expired`, or its `expires_at` — "when the vector store will expire" — is past while
 * the status has not followed yet (openai-openapi VectorStoreObject `status`, `expires_at`;
 * azure-foundry VectorStore alike): the host turns the status some time after the moment, and
 * file_search finds nothing in it from then.
 */
export function storeExpired(store: Readonly<Record<string, unknown>>, now: number): boolean {
  return store.status === 'expired' || (typeof store.expires_at === 'number' && store.expires_at <= now);
}

/**
 * Of `stores` (vector store objects as listed, oldest first), the id of the first that carries
 * every pair of `tag` (storeTag) and has not expired at `now` (storeExpired: a store with an
 * `expires_after` policy may have); undefined when none does.
 */
export function taggedStore(stores: readonly Json[], tag: Readonly<Record<string, string>>, now: number): string | undefined {
  const found = stores.find((s) => isObject(s) && typeof s.id === 'string' && !storeExpired(s, now) && isObject(s.metadata) &&
    Object.entries(tag).every(([k, v]) => (s.metadata as JsonObject)[k] === v));
  return found ? ((found as JsonObject).id as string) : undefined;
}

/**
 * `body` (a create's, or an update's carrying the helper and its metadata) with the helper replaced
 * by the store made from it, `storeId`, and the record of that store in its metadata.
 */
export function withStore(body: Spec, storeId: string): Spec {
  const resources = body.tool_resources as JsonObject;
  const fs = resources.file_search as JsonObject;
  const digest = helperDigest(fs.vector_stores as Json[]);
  const { vector_stores: _made, ...rest } = fs;
  const metadata = isObject(body.metadata) ? body.metadata : {};
  return {
    ...body,
    tool_resources: { ...resources, file_search: { ...rest, vector_store_ids: [storeId] } },
    metadata: { ...metadata, [RECORD_KEY]: recordValue(storeId, digest) },
  };
}

/**
 * What plan says of an update whose `body` carries the helper while the live assistant (`before`)
 * holds a store: apply makes a new store from the helper, and the one held is left as it is — aac
 * never deletes a store, which other assistants may hold. When that store is the one the record
 * names and the host no longer has it, or has expired it (`recordGone`, read by plan:
 * recordedStore), apply makes it again from the helper in its place. Nothing for a store made
 * where none was.
 */
export function storeNotes(body: Spec, before: NormalizedSpec, recordGone?: RecordGone): Array<{ path: string[]; code: DiagnosticCode; message: string; hint: string }> {
  const fs = isObject(before.tool_resources) ? before.tool_resources.file_search : undefined;
  const held = isObject(fs) && Array.isArray(fs.vector_store_ids) ? fs.vector_store_ids.map(String) : [];
  if (!helperOf(body.tool_resources as Json) || held.length === 0) return [];
  const path = ['tool_resources', 'file_search', 'vector_stores'];
  if (recordGone?.expired) {
    const { id, expired } = recordGone;
    if (held.includes(id)) {
      const when = expired.at === null ? '' : ` at ${new Date(expired.at * 1000).toISOString()}`;
      return [{
        path,
        code: 'vector-store-expired',
        message: `the vector store ${id} that aac made from tool_resources.file_search.vector_stores expired on the host${when} (file_search finds nothing in an expired store, though the assistant still holds its id): apply makes a new one from the helper and attaches it in its place`,
        hint: "apply this plan to make the store again; the helper sets no expiry, so one was set on the host (the store's expires_after): remove it there, or it expires again",
      }];
    }
  } else if (recordGone !== undefined && held.includes(recordGone.id)) {
    return [{
      path,
      code: 'vector-store-gone',
      message: `the vector store ${recordGone.id} that aac made from tool_resources.file_search.vector_stores no longer exists on the host (the assistant still holds its id, which searches nothing): apply makes a new one from the helper and attaches it in its place`,
      hint: 'apply this plan to make the store again; if it was deleted on purpose, remove the helper (or the file_search tool) from the definition',
    }];
  }
  return [{
    path,
    code: 'new-vector-store',
    message: `apply makes a new vector store from tool_resources.file_search.vector_stores and attaches it in place of ${held.join(', ')}, which aac does not delete (another assistant may hold it)`,
    hint: `delete ${held.join(', ')} on the host once nothing holds it`,
  }];
}
