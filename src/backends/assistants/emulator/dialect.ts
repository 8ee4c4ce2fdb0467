// The Assistants API as the emulator shell serves it (src/emulator/dialect.ts): list, create,
// retrieve, modify and delete under `{base}/assistants`, in the dialect of one host (hosts.ts),
// over the store, every body checked against the official schemas and every stored value filled
// in as the service fills it.
import { METADATA_MODES, missingHeader, type Dialect, type DialectRequest, type DialectResponse, type MetadataMode, type Resource } from '../../../emulator/dialect.js';
import { ApiError, invalid } from '../../../emulator/errors.js';
import { pageText } from '../../../emulator/json-text.js';
import type { ProviderName } from '../providers.js';
import { HOSTS, type HostDialect } from './hosts.js';
import { parseListQuery, validateBody, validateVectorStoreBody, warmValidators } from './request-validation.js';
import { checkResponse, type ResponseKind } from './response-validation.js';
import { wireJson, type Wire } from './server-fills.js';
import { specValidators } from './spec.js';
import { Store } from './store.js';
import { lazy } from '../../../util/lazy.js';
import type { StateFile } from '../../../emulator/state-file.js';
import { checkId, checkIds, checkModel, type Strictness } from '../../../emulator/strict.js';
import { isObject } from '../../../model/json.js';
import { poolBytes } from '../../../emulator/random-pool.js';
import { decodedSegment } from '../../../util/uri-text.js';

export interface AssistantsDialectOptions {
  provider?: ProviderName;
  /** The one accepted key/token; undefined = any non-empty one is accepted. */
  apiKey?: string;
  /** portkey: the accepted x-portkey-virtual-key (undefined = any non-empty). */
  virtualKey?: string;
  /** foundry project name (default 'default'). */
  project?: string;
  /** Modify of metadata: replace the map (default) or merge keys (undocumented: both are served). */
  metadataMode?: MetadataMode;
  /** The --state file to persist to (atomic writes) and start from; a corrupt file is a UserError. */
  state?: StateFile;
  /** How long after its `expires_at` a vector store's status turns `expired`, seconds (default 0: at the moment). */
  expiryLagSeconds?: number;
  /** --strict: refuse unknown models and ids (emulator/strict.ts); undefined: lenient. */
  strict?: Strictness;
}

/** Query parameters of the API itself (list paging, Foundry's api-version): the log may show their values. */
const PUBLIC_QUERY = ['limit', 'order', 'after', 'before', 'api-version'];

export class AssistantsDialect implements Dialect {
  readonly name: ProviderName;
  readonly basePath: string;
  readonly publicQuery = PUBLIC_QUERY;
  readonly requiredQuery: Readonly<Record<string, string>>;
  readonly requiredHeaders: Readonly<Record<string, string>>;
  private readonly host: HostDialect;
  private readonly store: Store;
  private metadataMode: MetadataMode;
  /** CreateAgentOptions' fields: what a seed (held to the API's object, not to a request's schema) keeps on Foundry, as a request may hold no other (read on first use: other hosts never need them). */
  private readonly foundryFields = lazy(() => new Set(Object.keys(specValidators().foundryCreateFields)));

  constructor(private readonly opts: AssistantsDialectOptions = {}) {
    this.name = opts.provider ?? 'openai';
    this.host = HOSTS[this.name];
    if (!this.host) throw new Error(`unknown provider ${String(this.name)}`);
    this.basePath = this.host.basePath(opts.project ?? 'default');
    this.requiredQuery = this.host.apiVersion === undefined ? {} : { 'api-version': this.host.apiVersion };
    this.requiredHeaders = this.host.requiredHeaders;
    this.store = new Store(opts.state, opts.expiryLagSeconds, this.host.rules.schema);
    this.metadataMode = opts.metadataMode ?? 'replace';
  }

  route(method: string, path: string): string | undefined {
    return this.parse(method, path)?.key;
  }

  private parse(method: string, path: string): { key: string; id?: string } | undefined {
    const base = this.basePath;
    if (!path.startsWith(`${base}/`)) return undefined;
    const rest = path.slice(base.length);
    if (rest === '/assistants') return method === 'GET' || method === 'POST' ? { key: `${method} /assistants` } : undefined;
    // The vector store routes aac uses (the `vector_stores` helper's store, made before the write
    // that attaches it, and read by plan while an assistant holds it) and the modify (an expiry
    // policy) and delete a user makes on the host: openai-openapi /vector_stores, azure-foundry classic-agents-v1.json
    // /vector_stores; both under the same base as the assistants.
    if (rest === '/vector_stores') return method === 'POST' || method === 'GET' ? { key: `${method} /vector_stores` } : undefined;
    const store = /^\/vector_stores\/([^/]+)$/.exec(rest);
    if (store) return ['GET', 'POST', 'DELETE'].includes(method) ? { key: `${method} /vector_stores/{id}`, id: decodedSegment(store[1]!) } : undefined;
    const m = /^\/assistants\/([^/]+)$/.exec(rest);
    if (!m || !['GET', 'POST', 'PATCH', 'DELETE'].includes(method)) return undefined;
    return { key: `${method} /assistants/{id}`, id: decodedSegment(m[1]!) };
  }

  isWrite(req: Pick<DialectRequest, 'method' | 'path'>): boolean {
    return req.method !== 'GET';
  }

  authenticate(headers: DialectRequest['headers']): ApiError | undefined {
    return this.host.authenticate(headers, { apiKey: this.opts.apiKey, virtualKey: this.opts.virtualKey });
  }

  admit(req: DialectRequest): ApiError | undefined {
    const auth = this.authenticate(req.headers);
    if (auth) return auth;
    const served = this.host.apiVersion;
    const version = req.query.get('api-version');
    if (served !== undefined && !version) {
      return invalid('api-version', `Missing required query parameter: api-version. Add ?api-version=${served} to the request URL.`, 'MissingApiVersionParameter');
    }
    if (served !== undefined && version !== served) {
      return invalid('api-version', `Unsupported api-version '${version}': this API is served at api-version=${served}.`, 'unsupported_api_version');
    }
    const missing = missingHeader(req.headers, this.requiredHeaders);
    if (missing) {
      const [name, value] = missing;
      return invalid(null, `You must provide the '${name}' header to access the Assistants API. Please try again by setting the header '${name}: ${value}'.`, 'invalid_beta');
    }
    return undefined;
  }

  handle(req: DialectRequest): DialectResponse {
    const r = this.parse(req.method, req.path)!;
    const { host, store } = this;
    switch (r.key) {
      case 'GET /assistants': {
        const { ids, texts, hasMore } = store.list(parseListQuery(req.query));
        const body = host.listHasObjectAndFirstId
          ? pageText({ object: 'list', data: texts, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null, has_more: hasMore })
          : pageText({ data: texts, last_id: ids.at(-1), has_more: hasMore });
        return { status: 200, body };
      }
      case 'POST /assistants':
        validateBody(req.body, 'create', host.rules);
        this.checkStrictly(req.body as Wire);
        return { status: 200, body: store.create(req.body as Wire, host.fills) };
      case 'GET /assistants/{id}':
        return { status: 200, body: store.get(r.id!) };
      case 'POST /vector_stores':
        validateVectorStoreBody(req.body, host.rules);
        if (this.opts.strict) checkIds((req.body as Wire).file_ids, 'file_ids', (id) => this.opts.strict!.files.has(id), 'file');
        return { status: 200, body: store.createVectorStore(req.body as Wire) };
      case 'GET /vector_stores': {
        const { data, hasMore } = store.listVectorStores(parseListQuery(req.query));
        const ids = data.map((v) => v.id as string);
        // The list page of each API: OpenAI's ListVectorStoresResponse, Foundry's ListVectorStores 200 (as the assistants' pages differ).
        return { status: 200, body: host.listHasObjectAndFirstId ? { object: 'list', data, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null, has_more: hasMore } : { data, last_id: ids.at(-1), has_more: hasMore } };
      }
      case 'GET /vector_stores/{id}':
        return { status: 200, body: store.getVectorStore(r.id!) };
      case 'POST /vector_stores/{id}':
        validateVectorStoreBody(req.body, host.rules, 'modifyVectorStore');
        return { status: 200, body: store.modifyVectorStore(r.id!, req.body as Wire) };
      case 'DELETE /vector_stores/{id}':
        return { status: 200, body: store.deleteVectorStore(r.id!) };
      case 'POST /assistants/{id}':
      case 'PATCH /assistants/{id}':
        if (req.method !== host.modifyMethod) {
          throw new ApiError(405, `Method ${req.method} is not allowed on ${this.basePath}/assistants/{id}; ${this.name} modifies an assistant with ${host.modifyMethod}.`, null, 'method_not_allowed');
        }
        validateBody(req.body, 'modify', host.rules);
        this.checkStrictly(req.body as Wire);
        return { status: 200, body: store.modify(r.id!, req.body as Wire, host.fills, this.metadataMode) };
      default:
        return { status: 200, body: store.delete(r.id!) };
    }
  }

  /**
   * --strict: a create's or modify's `model` must be one known (Foundry's is a deployment name:
   * azure-foundry/AGENTS.md Part 1), and the ids in `tool_resources` must name what exists: each
   * `file_search.vector_store_ids` a store this emulator holds (in one serving Foundry's two APIs,
   * the project's), each `code_interpreter.file_ids` and each file of a `vector_stores` helper one
   * --files names (the emulator serves no Files API), and each Foundry `azure_ai_search` index's
   * connection one --connections names. Throws the 400 (strict.ts); lenient: nothing.
   */
  private checkStrictly(body: Wire): void {
    const strict = this.opts.strict;
    if (!strict) return;
    checkModel(body.model, 'model', strict.models, this.host.rules.schema === 'foundry' ? 'model deployment' : 'model');
    const resources = isObject(body.tool_resources) ? body.tool_resources : {};
    const search = isObject(resources.file_search) ? resources.file_search : {};
    const code = isObject(resources.code_interpreter) ? resources.code_interpreter : {};
    const isFile = (id: string) => strict.files.has(id);
    checkIds(search.vector_store_ids, 'tool_resources.file_search.vector_store_ids', (id) => strict.holds('vector_stores', id), 'vector store');
    checkIds(code.file_ids, 'tool_resources.code_interpreter.file_ids', isFile, 'file');
    if (Array.isArray(search.vector_stores)) {
      for (const [i, helper] of search.vector_stores.entries()) {
        if (isObject(helper)) checkIds(helper.file_ids, `tool_resources.file_search.vector_stores[${i}].file_ids`, isFile, 'file');
      }
    }
    // Classic Foundry's azure_ai_search (azure-foundry classic AISearchIndexResource): its
    // `index_connection_id` names a connection of the project, which --connections lists (no
    // connections API is served). Not checked: `index_name`, an index inside the search service
    // the connection points at, and `index_asset_id`, a project data asset: no source describes an
    // API that lists either, so the emulator cannot know them, and a flag for each would only
    // repeat what the user typed.
    const aiSearch = isObject(resources.azure_ai_search) ? resources.azure_ai_search : {};
    if (Array.isArray(aiSearch.indexes)) {
      for (const [i, index] of aiSearch.indexes.entries()) {
        if (isObject(index)) checkId(index.index_connection_id, `tool_resources.azure_ai_search.indexes[${i}].index_connection_id`, (id) => strict.connections.has(id), 'connection');
      }
    }
  }

  holds(collection: string, id: string): boolean {
    return collection === 'vector_stores' && this.store.hasVectorStore(id);
  }

  /**
   * A seed's fields the host can hold: on Foundry those CreateAgentOptions lists (a seed of an
   * OpenAI body drops `reasoning_effort`); a request with any other is refused (closed-schema.ts).
   */
  private stored(input: Wire): Wire {
    if (this.host.rules.schema === 'openai') return input;
    return Object.fromEntries(Object.entries(input).filter(([k]) => this.foundryFields().has(k)));
  }

  errorBody(e: ApiError): unknown {
    return e.body();
  }

  serialize(body: unknown): string {
    return wireJson(body);
  }

  responseHeaders(elapsedMs: number): Record<string, string> {
    // The headers the live API sent on every assistants response (ASSISTANTS.md).
    return { 'openai-version': '2020-10-01', 'openai-processing-ms': String(elapsedMs), 'x-request-id': `req_${poolBytes(16).toString('hex')}` };
  }

  checkResponse(route: string, status: number, body: unknown): string[] {
    const kind: ResponseKind =
      status >= 400 ? 'error' : route === 'GET /assistants' ? 'list' : route === 'GET /vector_stores' ? 'vectorStoreList' : route === 'DELETE /vector_stores/{id}' ? 'vectorStoreDeleted' : route.startsWith('DELETE') ? 'deleted' : route.includes('/vector_stores') ? 'vectorStore' : 'assistant';
    return checkResponse(this.host.rules.schema, kind, body);
  }

  seed(bodies: Resource[]): Resource[] {
    return bodies.map((b, i) => {
      const { id, created_at, ...rest } = b as Wire;
      return this.store.seed(this.stored(rest), this.host.fills, { id, created_at }, i);
    });
  }

  mutate(id: string, fields: Resource): Resource {
    return this.store.mutate(id, fields as Wire, this.host.fills);
  }

  resources(): Resource[] {
    return this.store.all();
  }

  warm(): void {
    warmValidators(this.host.rules);
  }

  configure(settings: Record<string, unknown>): void {
    const mode = METADATA_MODES.find((m) => m === settings.metadataMode);
    if (mode) this.metadataMode = mode;
  }
}
