// The assistants and vector stores the emulator holds, their ids, list pages, modify semantics and
// the optional state file.
import { isObject, put } from '../../../model/json.js';
import { ApiError } from '../../../emulator/errors.js';
import { poolBytes } from '../../../emulator/random-pool.js';
import { itemBytes, JsonText, type EncodedPage } from '../../../emulator/json-text.js';
import { listPage, type Page, type PageQuery } from '../../../emulator/paging.js';
import { notFound, vectorStoreNotFound } from './not-found.js';
import { assemble, fillField, replaceVectorStoresHelper, wireJson, type FillProfile, type Wire } from './server-fills.js';
import type { ItemProblem, StateFile, StateShape } from '../../../emulator/state-file.js';
import type { MetadataMode } from '../../../emulator/dialect.js';
import { schemaProblem, seedRefused } from '../../../emulator/schema-problem.js';
import { specValidators } from './spec.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `asst_` + 24 alphanumerics, like the API's (ASSISTANTS.md, "Ids look like"). */
function assistantId(): string {
  const bytes = poolBytes(24);
  let s = 'asst_';
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

/** `vs_` + 32 hex (ASSISTANTS.md). */
function vectorStoreId(): string {
  return `vs_${poolBytes(16).toString('hex')}`;
}

/**
 * The state file's lists (emulator/state-file.ts) for a host of `schema`: every assistant needs the
 * fields lists sort and look up by, and is the API's object, as it is served; a vector store's
 * members the API sends are its object (the rest is what it was made from). Checked against the
 * response schemas as published, whose objects are open: the live API sends fields its description
 * lacks (openai-openapi ASSISTANTS.md "What the live API sends back": `hybrid_search`; the emulator
 * serves `reasoning_effort` too), so a field not listed is kept, as a response with it is served.
 * Types, values, required fields and each tool's `type` (a discriminator base closed to its
 * subtypes: spec.ts discriminatedUnions) are the API's.
 */
function stateShape(schema: 'openai' | 'foundry'): StateShape<'assistants' | 'vector_stores'> {
  return {
    lists: ['assistants', 'vector_stores'],
    required: { assistants: { id: 'string', created_at: 'number' } },
    check: {
      assistants: (item) => assistantProblem(schema, item),
      vector_stores: (item) => schemaProblem(specValidators()[schema].vectorStore, members(item)),
    },
  };
}

/**
 * The first part of `item`, an assistant as the store holds and serves it, that the host's response
 * schema (`schema`: spec.ts specValidators' `assistant`) refuses, at its path below it; undefined
 * when it fits. What a --state file's assistant and a seed are each held to (stateShape, Store.seed).
 */
function assistantProblem(schema: 'openai' | 'foundry', item: Wire): ItemProblem | undefined {
  return schemaProblem(specValidators()[schema].assistant, item);
}

const now = (): number => Math.floor(Date.now() / 1000);

/** The members of a vector store the API sends (openai-openapi VectorStoreObject; azure-foundry VectorStore has the same). */
const VECTOR_STORE_MEMBERS = ['id', 'object', 'created_at', 'name', 'usage_bytes', 'file_counts', 'status', 'expires_after', 'expires_at', 'last_active_at', 'metadata'];

/**
 * The store as the API sends it now: `expired` once its `expires_at` has passed by `lagSeconds`
 * (VectorStoreObject `status`: expired, in_progress or completed; `expires_at`, seconds, set by an
 * `expires_after` policy), which it then keeps. The host turns the status some time after the
 * moment, not at it: a lag shows a store past its `expires_at` still `completed`.
 */
function vectorStoreObject(store: Wire, lagSeconds: number): Wire {
  if (typeof store.expires_at === 'number' && store.expires_at + lagSeconds <= now()) store.status = 'expired';
  return structuredClone(members(store));
}

/** The members of `store` the API sends (VECTOR_STORE_MEMBERS), not copied. */
function members(store: Wire): Wire {
  return Object.fromEntries(VECTOR_STORE_MEMBERS.filter((k) => store[k] !== undefined).map((k) => [k, store[k]]));
}

/**
 * `store` with its expiry policy set from `policy` (VectorStoreExpirationAfter: `anchor`
 * `last_active_at`, `days` 1–365; null removes it): `expires_at` is that many days after the
 * anchor, seconds. An expired store stays expired.
 */
function withExpiry(store: Wire, policy: unknown): void {
  if (store.status === 'expired') return;
  if (isObject(policy) && typeof policy.days === 'number') {
    store.expires_after = structuredClone(policy);
    store.expires_at = (store.last_active_at as number) + policy.days * 86_400;
  } else if (policy === null) {
    delete store.expires_after;
    store.expires_at = null;
  }
}

export class Store {
  // Map iteration order is insertion order: it breaks created_at ties, stably.
  private readonly items = new Map<string, Wire>();
  /** Each stored assistant's response JSON, encoded when it is stored: list pages are assembled from these (emulator/json-text.ts). */
  private readonly texts = new Map<string, Buffer>();
  private readonly vectorStores: Wire[] = [];

  /**
   * `stateFile`: the --state file (emulator/state-file.ts), kept after every write and started from;
   * `expiryLagSeconds`: how long after its `expires_at` a vector store's status turns `expired`
   * (vectorStoreObject; default 0); `schema`: the host's API schemas, whose objects the file's
   * items must be (default OpenAI's).
   */
  constructor(private readonly stateFile?: StateFile, private readonly expiryLagSeconds = 0, private readonly schema: 'openai' | 'foundry' = 'openai') {
    const state = stateFile?.load(stateShape(schema));
    if (!state) return;
    for (const a of state.assistants) this.put(a);
    this.vectorStores.push(...state.vector_stores);
  }

  private put(wire: Wire): void {
    this.items.set(wire.id as string, wire);
    this.texts.set(wire.id as string, itemBytes(wireJson(wire)));
  }

  private save(): void {
    this.sorted = undefined;
    this.stateFile?.save({ assistants: [...this.items.values()], vector_stores: this.vectorStores });
  }

  private makeVectorStore = (spec: Wire): string => this.createVectorStore(spec).id as string;

  /**
   * A store made from `spec` (a POST /vector_stores body, or a `vector_stores` helper item), kept
   * with what was asked (file_ids, chunking_strategy, configuration) in the state; the answer is the
   * API's object alone. Files are taken as processed at once: the emulator has no files to index.
   */
  createVectorStore(spec: Wire): Wire {
    const id = vectorStoreId();
    const created = now();
    const files = Array.isArray(spec.file_ids) ? spec.file_ids.length : 0;
    const store: Wire = {
      ...structuredClone(spec),
      id,
      object: 'vector_store',
      created_at: created,
      name: typeof spec.name === 'string' ? spec.name : '',
      usage_bytes: 0,
      file_counts: { in_progress: 0, completed: files, failed: 0, cancelled: 0, total: files },
      status: 'completed',
      last_active_at: created,
      metadata: isObject(spec.metadata) ? structuredClone(spec.metadata) : {},
    };
    withExpiry(store, spec.expires_after);
    this.vectorStores.push(store);
    this.save();
    return vectorStoreObject(store, this.expiryLagSeconds);
  }

  /**
   * One page of the vector stores (GET /vector_stores: openai-openapi listVectorStores, azure-foundry
   * classic-agents-v1.json ListVectorStores; the same limit, order, after and before as the
   * assistants' list), in `q.order` by created_at, then the order they were made.
   */
  listVectorStores(q: PageQuery): Page<Wire> {
    const asc = this.vectorStores.map((v, i) => ({ v, i })).sort((x, y) => (x.v.created_at as number) - (y.v.created_at as number) || x.i - y.i).map((x) => x.v);
    const { data, hasMore } = listPage(q.order === 'asc' ? asc : asc.reverse(), q, 'vector store');
    return { data: data.map((v) => vectorStoreObject(v, this.expiryLagSeconds)), hasMore };
  }

  /** Whether a vector store with this id is held (expired or not: it still exists). */
  hasVectorStore(id: string): boolean {
    return this.vectorStores.some((v) => v.id === id);
  }

  getVectorStore(id: string): Wire {
    const store = this.vectorStores.find((v) => v.id === id);
    if (!store) throw vectorStoreNotFound(id);
    return vectorStoreObject(store, this.expiryLagSeconds);
  }

  /**
   * POST /vector_stores/{id} (openai-openapi modifyVectorStore, UpdateVectorStoreRequest;
   * azure-foundry classic-agents-v1.json VectorStores_ModifyVectorStore, VectorStoreUpdateOptions):
   * `name`, `expires_after` (withExpiry) and `metadata` (replaced whole), each when given; the
   * store as it now is. The 404 of an unknown id.
   */
  modifyVectorStore(id: string, body: Wire): Wire {
    const store = this.vectorStores.find((v) => v.id === id);
    if (!store) throw vectorStoreNotFound(id);
    if (typeof body.name === 'string') store.name = body.name;
    if ('expires_after' in body) withExpiry(store, body.expires_after);
    if (isObject(body.metadata)) store.metadata = structuredClone(body.metadata);
    this.save();
    return vectorStoreObject(store, this.expiryLagSeconds);
  }

  /**
   * DELETE /vector_stores/{id} (openai-openapi deleteVectorStore → DeleteVectorStoreResponse;
   * azure-foundry classic-agents-v1.json VectorStores_DeleteVectorStore → VectorStoreDeletionStatus):
   * `{id, object: 'vector_store.deleted', deleted: true}`, the 404 of an unknown id otherwise.
   * An assistant that holds the store keeps its id in `tool_resources.file_search.vector_store_ids`:
   * both sources are silent on what the delete does to one, so nothing the client did not write is
   * changed (the conservative reading, and the harder case for a client: the id stays, its store is gone).
   */
  deleteVectorStore(id: string): Wire {
    const at = this.vectorStores.findIndex((v) => v.id === id);
    if (at < 0) throw vectorStoreNotFound(id);
    this.vectorStores.splice(at, 1);
    this.save();
    return { id, object: 'vector_store.deleted', deleted: true };
  }

  private withHelper(fields: Wire): Wire {
    if (isObject(fields.tool_resources)) fields.tool_resources = replaceVectorStoresHelper(fields.tool_resources, this.makeVectorStore);
    return fields;
  }

  /** An assistant made from `body` (a create request's, validated by the dialect), kept; its answer (keep). */
  create(body: Wire, profile: FillProfile): JsonText {
    return this.keep(this.made(body, profile, {}));
  }

  /**
   * An assistant made from `body` as `create` makes it, with `overrides`' `id` and `created_at`
   * when given: one seeded in-process (tests, the bench), which no request validated. Held to what
   * a --state file's assistant is (assistantProblem), as the emulator serves both as they are: one
   * the host's schema refuses throws an Error naming `seeds[index]`, the path below it and what is
   * wrong (`seeds[0].tools[0].type must be one of …`), and is not kept.
   */
  seed(body: Wire, profile: FillProfile, overrides: Wire, index: number): Wire {
    const wire = this.made(body, profile, overrides);
    const problem = assistantProblem(this.schema, wire);
    if (problem) throw seedRefused(index, problem, 'an assistant');
    this.keep(wire);
    return structuredClone(wire);
  }

  private made(body: Wire, profile: FillProfile, overrides: Wire): Wire {
    const fields: Wire = {};
    for (const [k, v] of Object.entries(body)) fields[k] = fillField(k, v, profile);
    const id = typeof overrides.id === 'string' ? overrides.id : assistantId();
    const created = typeof overrides.created_at === 'number' ? overrides.created_at : now();
    return assemble({ ...this.withHelper(fields), id, object: 'assistant', created_at: created }, profile);
  }

  /**
   * Stores `wire` and answers with the JSON text put encoded for the list pages: a create's or
   * modify's answer is the same text (wireJson), so it is neither copied nor serialized again
   * (the emulator's CPU over an apply of the bench's 1,000 creates: 1.35–1.71 s with both, 1.17–1.33 s without).
   */
  private keep(wire: Wire): JsonText {
    this.put(wire);
    this.save();
    return new JsonText([this.texts.get(wire.id as string)!]);
  }

  get(id: string): Wire {
    const a = this.items.get(id);
    if (!a) throw notFound(id);
    return structuredClone(a);
  }

  /** Partial update: sent fields replace stored ones (`tools` as a whole); `metadata` per `mode`. Kept; its answer (keep). */
  modify(id: string, body: Wire, profile: FillProfile, mode: MetadataMode): JsonText {
    return this.keep(this.modified(id, body, profile, mode));
  }

  /** The assistant `id` as modify makes it, not stored yet. */
  private modified(id: string, body: Wire, profile: FillProfile, mode: MetadataMode): Wire {
    const current = this.items.get(id);
    if (!current) throw notFound(id);
    const fields: Wire = { ...current };
    for (const [k, v] of Object.entries(body)) {
      if (k === 'metadata' && mode === 'merge' && isObject(v)) {
        // Merge mode is the emulator's explicit choice for an undocumented behaviour: sent keys
        // overwrite, others stay, and a key sent with "" is removed (the only way to delete one).
        // The sources are silent on "" in an update (openai-openapi Metadata and ModifyAssistantRequest,
        // azure-foundry UpdateAgentOptions); a create stores it as any other string.
        const merged: Wire = { ...(current.metadata as Wire) };
        for (const [mk, mv] of Object.entries(v)) {
          if (mv === '') delete merged[mk];
          else put(merged, mk, mv);
        }
        fields.metadata = merged;
      } else {
        // Everything else, tool_resources included, replaces the stored value as a whole: the spec
        // says the sent lists "override" the stored ones; per-key merging is undocumented.
        fields[k] = fillField(k, v, profile);
      }
    }
    return assemble(this.withHelper(fields), profile);
  }

  delete(id: string): Wire {
    if (!this.items.delete(id)) throw notFound(id);
    this.texts.delete(id);
    this.save();
    return { id, object: 'assistant.deleted', deleted: true };
  }

  /** Oldest first; created_at ties in insertion order. Copies, for callers outside the store. */
  all(): Wire[] {
    return this.ordered().asc.map((a) => structuredClone(a));
  }

  // Both orders, kept until the next write: a listing of N assistants reads N/100 pages, and
  // sorting or copying the whole store for each page made the emulator, not the client, the
  // bottleneck of a 10,000-assistant plan.
  private sorted: { asc: Wire[]; desc: Wire[] } | undefined;
  private ordered(): { asc: Wire[]; desc: Wire[] } {
    if (!this.sorted) {
      const asc = [...this.items.values()]
        .map((a, i) => ({ a, i }))
        .sort((x, y) => (x.a.created_at as number) - (y.a.created_at as number) || x.i - y.i)
        .map((x) => x.a);
      this.sorted = { asc, desc: [...asc].reverse() };
    }
    return this.sorted;
  }

  /** One page, in `q.order` (created_at, then insertion order): the assistants' ids and encoded JSON. */
  list(q: PageQuery): EncodedPage {
    const { data, hasMore }: Page<Wire> = listPage(this.ordered()[q.order], q, 'assistant');
    const ids = data.map((a) => a.id as string);
    return { ids, texts: ids.map((id) => this.texts.get(id)!), hasMore };
  }

  /** A change made behind the tool's back (a person in the dashboard): no validation, fills applied. */
  mutate(id: string, changes: Wire, profile: FillProfile): Wire {
    if (!this.items.has(id)) throw new ApiError(404, `No assistant found with id '${id}'.`);
    const wire = this.modified(id, changes, profile, 'replace');
    this.keep(wire);
    return structuredClone(wire);
  }
}
