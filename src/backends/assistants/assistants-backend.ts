// The Assistants API as a `Backend`: list, create, update and delete over the transport, in the
// dialect of the connected host, with the marker kept in metadata.
import type { LiveResource, NormalizedSpec, RecordGone, Spec } from '../../model/definition.js';
import type { Endpoint } from '../../model/plan.js';
import { BackendError, found, type Backend, type BackendStats, type Expected, type Listing } from '../backend.js';
import { ASSISTANT } from './kind.js';
import { LIST_ITEM_FIELDS, listEverything } from '../http/pagination.js';
import { pagesOf } from '../http/list-pages.js';
import { checkItem, type ItemShape } from '../http/answer-shape.js';
import { pageReader } from '../http/live-resource.js';
import type { Connection } from './profiles.js';
import type { Transport } from '../http/transport.js';
import { fromWire, leftoverMetadataKeys, removedEmptyMetadataKeys, toCreateBody, toUpdateBody, type WireAssistant } from './wire.js';
import type { OwnMarker } from '../backend.js';
import type { Json, JsonObject } from '../../model/json.js';
import { helperOf, storeExpired, storeOfRecord, storeTag, taggedStore, withStore } from './helper-store.js';
import { unixSeconds } from '../../util/clock.js';
import { isObject } from '../../model/json.js';

/**
 * What an answer's assistant must be before anything reads it: its id and `created_at`, and each
 * governed field of the type the API's `AssistantObject` gives it (ASSISTANTS.md, the request
 * fields' table and "Response objects": `metadata` and `tool_resources` an object or null, `tools`
 * an array, the texts a string or null, `temperature` and `top_p` a number or null). `tools` may
 * also be null, read as none, as a host of the protocol may send it for an assistant without tools.
 */
const ASSISTANT_ANSWER: ItemShape = {
  noun: 'an assistant',
  fields: LIST_ITEM_FIELDS,
  typed: {
    model: ['string'],
    name: ['string', 'null'],
    description: ['string', 'null'],
    instructions: ['string', 'null'],
    reasoning_effort: ['string', 'null'],
    tools: ['list', 'null'],
    tool_resources: ['object', 'null'],
    metadata: ['object', 'null'],
    // openapi.yaml `Metadata`: `additionalProperties: {type: string}`, "Values are strings".
    'metadata.*': ['string'],
    temperature: ['number', 'null'],
    top_p: ['number', 'null'],
    response_format: ['string', 'object', 'null'],
  },
};

export class AssistantsBackend implements Backend {
  readonly target: Endpoint;
  readonly kind = ASSISTANT;

  constructor(
    private readonly connection: Connection,
    private readonly transport: Transport,
  ) {
    this.target = { backend: 'assistants', provider: connection.provider, endpoint: connection.baseURL };
  }

  get stats(): BackendStats {
    return this.transport.stats;
  }

  secrets(): readonly string[] {
    return this.transport.secretValues();
  }

  async listAll(onPage?: (page: readonly LiveResource[]) => void, expected?: Expected): Promise<Listing> {
    const reader = pageReader(fromWire, onPage);
    const fetchPage = pagesOf(this.transport, '/assistants', { kind: 'list', what: 'listing assistants' }, `${this.connection.baseURL}/assistants did not answer with a list page`, ASSISTANT_ANSWER);
    const wires = await listEverything(fetchPage, this.connection.canOrder, 'listing assistants', (page, again) => reader.page(page.data as WireAssistant[], again), expected);
    return reader.all(wires as WireAssistant[]);
  }

  async create(spec: Spec, marker: OwnMarker): Promise<LiveResource> {
    const what = `creating assistant '${marker.key}'`;
    const made = await this.helperStore(spec, what, marker);
    const wire = await this.attaching(made, () =>
      this.transport.send<WireAssistant>({ method: 'post', path: '/assistants', body: toCreateBody(made.body, marker), op: { kind: 'create', what } }),
    );
    return fromWire(this.assistant(wire, what, 'create'));
  }

  async update(id: string, body: Spec, marker: OwnMarker): Promise<LiveResource> {
    const what = `updating assistant ${id} ('${marker.key}')`;
    const made = await this.helperStore(body, what, marker);
    const sent = toUpdateBody(made.body, marker);
    let wire = await this.attaching(made, () => this.modify(id, sent, what));
    const metadata = sent.metadata as Record<string, string> | undefined;
    if (metadata) {
      // Whether modify merges or replaces metadata is undocumented. A merging server kept the
      // keys the body left out; "" removes a key there, so send those and look again.
      const kept = leftoverMetadataKeys(metadata, wire);
      if (kept.length > 0) {
        const removal = { ...metadata, ...Object.fromEntries(kept.map((k) => [k, ''])) };
        wire = await this.modify(id, { metadata: removal }, `${what}: removing metadata ${kept.join(', ')}`);
        const still = leftoverMetadataKeys(metadata, wire);
        if (still.length > 0) {
          const keys = still.map((k) => `'${k}'`).join(', ');
          throw new BackendError(
            'invalid',
            `${what}: the server kept metadata ${keys} although it was removed (sent whole, then sent with "" values)`,
            { param: 'metadata', fix: `remove metadata ${keys} by hand on the host, or keep ${still.length === 1 ? 'it' : 'them'} in the definition` },
          );
        }
      }
      // A key sent as "" and gone from the answer: this host merges metadata and took "" as a removal.
      const removed = removedEmptyMetadataKeys(metadata, wire);
      if (removed.length > 0) {
        const keys = removed.map((k) => `'${k}'`).join(', ');
        throw new BackendError(
          'invalid',
          `${what}: the update was made, but this host removed metadata ${keys}, sent as "": it merges metadata ` +
            'on update and takes "" as removing a key, so an update cannot store an empty value here',
          { param: 'metadata', fix: `give ${keys} a value (e.g. "none") in the definition, or remove ${removed.length === 1 ? 'it' : 'them'}` },
        );
      }
    }
    return fromWire(wire);
  }

  /**
   * `GET /assistants/{assistant_id}` (openai-openapi getAssistant; azure-foundry
   * classic-agents-v1.json GetAgent, `/assistants/{assistantId}`): false on its 404.
   */
  async exists(id: string): Promise<boolean> {
    return found(this.transport.send({ method: 'get', path: `/assistants/${encodeURIComponent(id)}`, op: { kind: 'read', what: `reading assistant ${id}` } }));
  }

  /**
   * Whether the vector store `id` an assistant's record names (helper-store.ts recordedStore) is
   * still of use on the host: `GET /vector_stores/{vector_store_id}` (openai-openapi getVectorStore;
   * azure-foundry classic-agents-v1.json VectorStores_GetVectorStore). Gone on its 404; expired when
   * its `status` is `expired` or its `expires_at` is past by the run's clock (helper-store.ts
   * storeExpired: file_search then finds nothing in it; the helper's create sets no
   * `expires_after`, but a policy may be set on the host), with its `expires_at` (seconds, or
   * null); else there.
   */
  async recordedState(id: string): Promise<'there' | RecordGone> {
    let store: unknown;
    try {
      store = await this.transport.send({ method: 'get', path: `/vector_stores/${encodeURIComponent(id)}`, op: { kind: 'read', what: `reading vector store ${id}` } });
    } catch (err) {
      if (err instanceof BackendError && err.kind === 'not-found') return { id };
      throw err;
    }
    if (!isObject(store) || !storeExpired(store, unixSeconds())) return 'there';
    return { id, expired: { at: typeof store.expires_at === 'number' ? store.expires_at : null } };
  }

  /**
   * The vector store this run's extra copy (`copy`, deleted) held as its record names it (made for
   * it from the `vector_stores` helper, or found by its tag), deleted when no assistant of `live`
   * holds it: `DELETE /vector_stores/{vector_store_id}` (openai-openapi deleteVectorStore;
   * azure-foundry classic-agents-v1.json VectorStores_DeleteVectorStore). One held elsewhere (the
   * copy kept found it by its tag and attached it) is left, unsaid; one gone already was deleted.
   */
  async releaseMade(copy: LiveResource, live: readonly LiveResource[]): Promise<string | undefined> {
    const made = storeOfRecord(copy.spec as NormalizedSpec, copy.markers ?? {});
    if (!made) return undefined;
    const holds = (a: LiveResource) => {
      const fs = isObject(a.spec.tool_resources) ? a.spec.tool_resources.file_search : undefined;
      return isObject(fs) && Array.isArray(fs.vector_store_ids) && fs.vector_store_ids.includes(made.store);
    };
    if (live.some((a) => a.id !== copy.id && holds(a))) return undefined;
    try {
      await this.transport.send({ method: 'delete', path: `/vector_stores/${encodeURIComponent(made.store)}`, op: { kind: 'delete', what: `deleting vector store ${made.store}` } });
    } catch (err) {
      if (!(err instanceof BackendError && err.kind === 'not-found')) {
        return `the vector store ${made.store} made for it is left, attached to nothing (${err instanceof Error ? err.message : String(err)}): delete it on the host`;
      }
    }
    return `its vector store ${made.store} too`;
  }

  async delete(id: string, how: { once?: boolean } = {}): Promise<void> {
    await this.transport.send({ method: 'delete', path: `/assistants/${encodeURIComponent(id)}`, op: { kind: 'delete', what: `deleting assistant ${id}` }, ...how });
  }

  /**
   * A body carrying the `vector_stores` helper (helper-store.ts) with its store first: one made
   * for this resource's helper before (found by its tag, storeTag: a create whose answer was lost,
   * or whose assistant's write failed), else one made now (POST /vector_stores, which takes the
   * helper's fields: openai-openapi CreateVectorStoreRequest, azure-foundry VectorStoreOptions), the
   * tag added to its metadata. The write then attaches it by id and records it in the same
   * request, on every host, whether or not its modify takes the helper. Any other body as it is.
   */
  private async helperStore(body: Spec, what: string, marker: OwnMarker): Promise<{ body: Spec; store?: string }> {
    const helper = helperOf(body.tool_resources as Json);
    if (!helper) return { body };
    const tag = storeTag(marker, helper);
    const listed = await (this.storesListed ??= this.vectorStores());
    const earlier = taggedStore(listed, tag, unixSeconds());
    if (earlier) return { body: withStore(body, earlier), store: earlier };
    const spec = helper[0] as JsonObject;
    const store = await this.transport.send<{ id?: unknown }>({
      method: 'post',
      path: '/vector_stores',
      body: { ...spec, metadata: { ...(isObject(spec.metadata) ? spec.metadata : {}), ...tag } },
      op: { kind: 'create', what: `${what}: making its vector store from tool_resources.file_search.vector_stores` },
    }).catch((err: unknown) => {
      // Maybe made unseen: the next attempt lists the stores again to find it by its tag.
      if (err instanceof BackendError && err.kind === 'outcome-unknown') this.storesListed = undefined;
      throw err;
    });
    if (!store || typeof store.id !== 'string') throw new BackendError('server', `${what}: the server answered the vector store's create without a vector store object`);
    // Found by this resource's write if it is sent again in this run (a create answered 5xx).
    listed.push({ id: store.id, metadata: tag });
    return { body: withStore(body, store.id), store: store.id };
  }

  /**
   * The vector stores as listed once for this run's writes (vectorStores), with those this run made
   * added: a later write's search needs no new listing, unless a store's create may have been made
   * unseen (its answer lost). An apply of k writes with helpers listed every store k times.
   */
  private storesListed: Promise<Json[]> | undefined;

  /**
   * Every vector store, oldest first (GET /vector_stores: openai-openapi listVectorStores,
   * azure-foundry classic-agents-v1.json ListVectorStores; the same cursor pages as the
   * assistants'). None on a host that has no such route (its 404): it cannot be searched, and the
   * store is made as before.
   */
  private async vectorStores(): Promise<Json[]> {
    const what = 'listing vector stores';
    const fetchPage = pagesOf(this.transport, '/vector_stores', { kind: 'read', what }, `${this.connection.baseURL}/vector_stores did not answer with a list page`, { noun: 'a vector store', fields: LIST_ITEM_FIELDS });
    try {
      return (await listEverything(fetchPage, this.connection.canOrder, what)) as unknown as Json[];
    } catch (err) {
      if (err instanceof BackendError && err.kind === 'not-found') return [];
      // Not kept: the next write lists again.
      this.storesListed = undefined;
      throw err;
    }
  }

  /**
   * `write`, and when the host refused it after a store was made for it, the error says so: that
   * store is attached to nothing until an apply of the same helper finds it by its tag. (A lost
   * answer is settled by reading the assistant, which may hold it.)
   */
  private async attaching<T>(made: { store?: string }, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (!made.store || !(err instanceof BackendError) || err.kind === 'outcome-unknown') throw err;
      throw new BackendError(err.kind, `${err.message} (the vector store ${made.store} made for it is attached to nothing yet: the next apply of the same helper attaches it; delete it on the host if the helper changes)`, err.details);
    }
  }

  private async modify(id: string, body: Record<string, unknown>, what: string): Promise<WireAssistant> {
    const wire = await this.transport.send<WireAssistant>({
      method: this.connection.updateMethod,
      path: `/assistants/${encodeURIComponent(id)}`,
      body,
      op: { kind: 'update', what },
    });
    return this.assistant(wire, what, 'update');
  }

  /** A success that is not an assistant object would poison every later stage: refuse it here (checkItem; a write's of unknown outcome). */
  private assistant(wire: WireAssistant | undefined, what: string, kind: 'create' | 'update'): WireAssistant {
    return checkItem<WireAssistant>(wire ?? null, ASSISTANT_ANSWER, what, kind);
  }
}
