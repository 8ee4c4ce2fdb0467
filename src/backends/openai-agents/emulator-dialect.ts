// The Agents API as the bundled emulator serves it: `/v1/agents` over a store in memory (and in a
// state file when given one, as the other dialects keep theirs), every request validated against
// spec/agents-api.json (closed objects: unknown keys refused) and, in test mode, every response
// too. A request handler whose only I/O is that file, in the emulator shell's dialect contract: the
// shell parses the HTTP request, asks `admit` (credentials, beta header) and then `handle`, writes
// `{status, body}` back, and adds faults, latency and rate limits around it.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { missingHeader, type Dialect, type DialectRequest, type DialectResponse } from '../../emulator/dialect.js';
import { ApiError, invalid } from '../../emulator/errors.js';
import { itemBytes, pageText, type JsonText } from '../../emulator/json-text.js';
import { listPage } from '../../emulator/paging.js';
import type { StateFile, StateShape } from '../../emulator/state-file.js';
import { seedRefused } from '../../emulator/schema-problem.js';
import { checkModel, type Strictness } from '../../emulator/strict.js';
import type { Json, JsonObject } from '../../model/json.js';
import { isObject } from '../../model/json.js';
import { AGENT_FIELDS, AGENTS_BETA, PROVIDER } from './agent.js';
import { fillTool } from './normalize.js';
import { reasoningFamily, refusesEffort } from '../reasoning-models.js';
import { FIELD_DEFAULTS, MODEL_DEFAULT_EFFORT, MULTI_AGENT_ENABLED_MAX, RESOLVED_DEFAULTS } from './server-defaults.js';
import { agentFieldsProblem, parseAgentListQuery, responseViolations, validateAgentBody, type AgentsSchemaName } from './spec.js';
import { decodedSegment } from '../../util/uri-text.js';

export interface AgentsDialectOptions {
  /** The one accepted API key; undefined = any non-empty Bearer token. */
  apiKey?: string;
  /** The --state file every write is persisted to (and that it starts from); a bad file is a UserError. */
  state?: StateFile;
  /** --strict: refuse a model not known (emulator/strict.ts); undefined: lenient. */
  strict?: Strictness;
  /** Unix seconds; tests pass a clock. */
  now?: () => number;
}

export const AGENTS_BASE_PATH = '/v1';

/**
 * Per-model resolution, the emulator's own choice where the digest is open (AGENTS-API.md:127, §12):
 * a reasoning model resolves an omitted effort to its default (MODEL_DEFAULT_EFFORT), which exercises the
 * harder of the two readings; other models resolve it to null. Which models reason is the one table's
 * (reasoning-models.ts), the one validate and migrate read.
 */
const takesEffort = (model: string): boolean => reasoningFamily(model) !== undefined;

/** ErrorResponse-2's `code` is a string, never null (AGENTS-API.md:22): a refusal without one gets the status's. */
const CODE_BY_STATUS: Record<number, string> = { 400: 'invalid_request', 401: 'invalid_api_key', 403: 'permission_denied', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict', 429: 'rate_limit_exceeded' };

/** Which response schema each route's success answer follows. */
const RESPONSE_SCHEMA: Record<string, AgentsSchemaName> = {
  'GET /agents': 'AgentListResource',
  'POST /agents': 'AgentResource',
  'GET /agents/{id}': 'AgentResource',
  'POST /agents/{id}': 'AgentResource',
  'DELETE /agents/{id}': 'DeletedAgentResource',
};

/**
 * The state file's one list (emulator/state-file.ts): each agent as StoredAgent keeps it, in the
 * order it was made, so agents of one created_at list the same after a restart.
 */
const STATE: StateShape<'agents'> = {
  lists: ['agents'],
  required: { agents: { id: 'string', created_at: 'number', updated_at: 'number', fields: 'object' } },
  // Its configuration is served as it is kept: what a create of it would take (CreateAgentParams).
  check: { agents: (item) => {
    const problem = agentFieldsProblem(item.fields);
    return problem && { path: ['fields', ...problem.path], what: problem.what };
  } },
};

/** What the store keeps: the configuration as requested (nulls already reset), resolved on the way out. */
interface StoredAgent {
  id: string;
  created_at: number;
  updated_at: number;
  fields: JsonObject;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function agentId(): string {
  // No prefix is documented (AGENTS-API.md:88); the guide's examples use agent_…, so does this.
  // Clients must treat it as opaque. Session bodies cap agent ids at 64 characters.
  return `agent_${randomBytes(16).toString('hex')}`;
}

function notFound(id: string): ApiError {
  // The digest gives no wording for the 404; this follows the Assistants API's.
  return new ApiError(404, `No agent found with id '${id}'.`, null, 'not_found');
}

function withoutNulls(o: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}

export class AgentsDialect implements Dialect {
  readonly name = PROVIDER;
  readonly basePath = AGENTS_BASE_PATH;
  /** limit, order and after: the list's only parameters (AGENTS-API.md §3); nothing secret. */
  readonly publicQuery = ['limit', 'order', 'after'];
  /** The Agents API takes no version in the query: its only query parameters are the list's (AGENTS-API.md §3). */
  readonly requiredQuery = {};
  /** The beta header (AGENTS-API.md:11-14). */
  readonly requiredHeaders = { 'OpenAI-Beta': AGENTS_BETA };
  private readonly items = new Map<string, StoredAgent>();
  /**
   * Each agent's response JSON, encoded at its first listing since the last write: list pages are
   * assembled from these (emulator/json-text.ts), as the Assistants API's are. Rendered anew for
   * every page, a page of 100 agents cost the emulator 4-7 ms, ~10 % of each round trip of a
   * 10,000-agent listing at the benchmark's 50 ms.
   */
  private readonly texts = new Map<string, Buffer>();
  private readonly now: () => number;

  constructor(private readonly opts: AgentsDialectOptions = {}) {
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
    const state = opts.state?.load(STATE);
    for (const a of state?.agents ?? []) {
      const agent = { id: a.id as string, created_at: a.created_at as number, updated_at: a.updated_at as number, fields: a.fields as JsonObject };
      this.items.set(agent.id, agent);
    }
  }

  /** After every write: the listing's order is made again, and the state file (if any) rewritten whole. */
  private changed(): void {
    this.sorted = undefined;
    this.texts.clear();
    this.opts.state?.save({ agents: [...this.items.values()] });
  }

  /** The route a request is for (`POST /agents/{id}`), for stats; undefined when the API has no such path. */
  route(method: string, path: string): string | undefined {
    const rest = path.replace(/\/+$/, '');
    const base = `${AGENTS_BASE_PATH}/agents`;
    if (rest === base) return `${method} /agents`;
    return rest.startsWith(`${base}/`) && !rest.slice(base.length + 1).includes('/') ? `${method} /agents/{id}` : undefined;
  }

  /** Writes are the requests a "commit, then drop the connection" fault may cut. */
  isWrite(req: Pick<DialectRequest, 'method' | 'path'>): boolean {
    return (req.method === 'POST' || req.method === 'DELETE') && this.route(req.method, req.path) !== undefined;
  }

  /** A Bearer key (the configured one, if any, AGENTS-API.md:11-14): the 401, or undefined. */
  authenticate(headers: DialectRequest['headers']): ApiError | undefined {
    const token = /^Bearer\s+(\S.*)$/i.exec(header(headers, 'authorization') ?? '')?.[1]?.trim();
    // The key is never echoed, not even masked: emulator output may end up in CI logs.
    if (!token) {
      return new ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null, 'missing_api_key');
    }
    if (this.opts.apiKey !== undefined && token !== this.opts.apiKey) return new ApiError(401, 'Incorrect API key provided.', null, 'invalid_api_key');
    return undefined;
  }

  /** authenticate's key, then the beta header (AGENTS-API.md:11-14): the refusal, or undefined. */
  admit(req: Pick<DialectRequest, 'headers'>): ApiError | undefined {
    const refused = this.authenticate(req.headers);
    if (refused) return refused;
    const missing = missingHeader(req.headers, this.requiredHeaders);
    if (missing) {
      const [name, value] = missing;
      return invalid(null, `You must provide the '${name}' header to access the Agents API. Please try again by setting the header '${name}: ${value}'.`, 'invalid_beta');
    }
    return undefined;
  }

  /**
   * --strict: a create's or update's `model` must be one known; the sources leave open which the
   * Agents API takes (openai-agents/SOURCE.md), so the default is backends/registry.ts knownModels's list.
   * Its agents hold no file or store ids (AGENTS-API.md §9: no file_search or code_interpreter tool).
   */
  private checkStrictly(body: unknown): void {
    if (this.opts.strict && typeof body === 'object' && body !== null) checkModel((body as { model?: unknown }).model, 'model', this.opts.strict.models, 'model');
  }

  /** Answers one admitted request; throws ApiError for every refusal (`errorBody` renders it). */
  handle(req: DialectRequest): DialectResponse {
    const route = this.route(req.method, req.path);
    if (!route) throw new ApiError(404, `Invalid URL (${req.method} ${req.path})`, null, 'unknown_url');
    const id = route.endsWith('{id}') ? this.pathId(req.path) : '';
    switch (route) {
      case 'GET /agents':
        return { status: 200, body: this.list(req.query) };
      case 'POST /agents':
        validateAgentBody(req.body, 'create');
        this.checkStrictly(req.body);
        return { status: 201, body: this.create(req.body as JsonObject) };
      case 'GET /agents/{id}':
        return { status: 200, body: this.render(this.find(id)) };
      case 'POST /agents/{id}':
        validateAgentBody(req.body, 'update');
        this.checkStrictly(req.body);
        return { status: 200, body: this.update(id, req.body as JsonObject, true) };
      case 'DELETE /agents/{id}':
        this.find(id);
        this.items.delete(id);
        this.changed();
        return { status: 200, body: { id, object: 'agent.deleted', deleted: true } };
      default:
        throw new ApiError(405, `Method ${req.method} is not allowed on ${req.path}; agents are updated with POST (AGENTS-API.md §2).`, null, 'method_not_allowed');
    }
  }

  /** ErrorResponse-2: `{error: {type, code, message, param}}`, code always a string. */
  errorBody(e: ApiError): unknown {
    const code = e.code ?? CODE_BY_STATUS[e.status] ?? (e.status >= 500 ? 'server_error' : 'invalid_request');
    return { error: { type: e.type, code, message: e.message, param: e.param } };
  }

  serialize(body: unknown): string {
    return JSON.stringify(body);
  }

  /** The platform's headers on every response (the same OpenAI API platform as the Assistants API). */
  responseHeaders(elapsedMs: number): Record<string, string> {
    return { 'openai-version': '2020-10-01', 'openai-processing-ms': String(elapsedMs), 'x-request-id': `req_${randomBytes(16).toString('hex')}` };
  }

  /** A response's problems against its schema (spec/agents-api.json); [] when it conforms. */
  checkResponse(route: string, status: number, body: unknown): string[] {
    const schema = status >= 400 ? 'ErrorResponse' : RESPONSE_SCHEMA[route];
    return schema ? responseViolations(schema, body) : [];
  }

  /**
   * Agents as if made by hand (no HTTP), `id`/`created_at` may be given. Returns the responses. Each
   * configuration is held to what a --state file's is (STATE: agentFieldsProblem), one that fails
   * refused (seedRefused, naming `seeds[i]`) and not kept.
   */
  seed(bodies: ReadonlyArray<Record<string, unknown>>): JsonObject[] {
    return bodies.map((b, index) => {
      const { id, created_at, ...rest } = b;
      const problem = agentFieldsProblem(this.apply({}, rest as JsonObject));
      if (problem) throw seedRefused(index, problem, 'an agent');
      return this.create(rest as JsonObject, { id: typeof id === 'string' ? id : undefined, created_at: typeof created_at === 'number' ? created_at : undefined });
    });
  }

  /**
   * A change behind the tool's back (someone in the dashboard): update semantics, no validation of
   * values, so a drift may be anything the store can hold. Throws ApiError on an unknown id or field.
   */
  mutate(id: string, fields: Record<string, unknown>): JsonObject {
    this.find(id);
    const unknown = Object.keys(fields).filter((k) => !(AGENT_FIELDS as readonly string[]).includes(k));
    if (unknown.length > 0) throw invalid(unknown[0]!, `An agent has no field ${unknown.join(', ')}; the fields are ${AGENT_FIELDS.join(', ')}.`, 'unknown_parameter');
    return this.update(id, fields as JsonObject, false);
  }

  /** Every stored agent as the API would send it, oldest first. */
  resources(): JsonObject[] {
    return this.ordered().asc.map((a) => this.render(a));
  }

  private pathId(path: string): string {
    const raw = path.replace(/\/+$/, '').slice(`${AGENTS_BASE_PATH}/agents/`.length);
    // A malformed escape is an id that does not exist: the API's 404.
    return decodedSegment(raw);
  }

  private find(id: string): StoredAgent {
    const a = this.items.get(id);
    if (!a) throw notFound(id);
    return a;
  }

  private create(body: JsonObject, overrides: { id?: string | undefined; created_at?: number | undefined } = {}): JsonObject {
    const fields = this.apply({}, body);
    this.checkModel(fields);
    const at = overrides.created_at ?? this.now();
    const agent: StoredAgent = { id: overrides.id ?? agentId(), created_at: at, updated_at: at, fields };
    this.items.set(agent.id, agent);
    this.changed();
    return this.render(agent);
  }

  private update(id: string, body: JsonObject, check: boolean): JsonObject {
    const agent = this.find(id);
    const fields = this.apply(agent.fields, body);
    if (check) this.checkModel(fields);
    agent.fields = fields;
    agent.updated_at = Math.max(this.now(), agent.created_at);
    this.changed();
    return this.render(agent);
  }

  /** Update semantics (AGENTS-API.md §5): omitted keeps, supplied replaces whole, null resets (the field is forgotten). */
  private apply(current: JsonObject, body: JsonObject): JsonObject {
    const out = structuredClone(current);
    for (const [k, v] of Object.entries(body)) {
      if (v === null) delete out[k];
      else out[k] = structuredClone(v);
    }
    return out;
  }

  /**
   * The guide's model-compatibility rule (AGENTS-API.md:80-81: a setting the model does not support,
   * "e.g. an effort value", fails the request). No source says which models support an effort, so
   * the emulator takes the conservative reading: it refuses one only on a model of a family
   * reported to refuse it (reasoning-models.ts refusesEffort: gpt-4o, gpt-4.1), where validate
   * errors too, and takes it on any other model (a deployment name, a reasoning family newer than
   * the table), where validate only warns that it may be refused: an emulator that refused those
   * would fail definitions the API may well take.
   */
  private checkModel(fields: JsonObject): void {
    const model = String(fields.model);
    const effort = isObject(fields.reasoning) ? fields.reasoning.effort : null;
    if (effort !== null && effort !== undefined && refusesEffort(model)) {
      throw invalid('reasoning.effort', `Unsupported parameter: 'reasoning.effort' is not supported with the '${model}' model. Change or reset reasoning in the same request.`, 'unsupported_parameter');
    }
  }

  /** The AgentResource: every key present, resolved fields filled for the model, tools fully populated (AGENTS-API.md §6, §8, §9). */
  private render(agent: StoredAgent): JsonObject {
    const f = agent.fields;
    const model = String(f.model);
    const given = (name: string): JsonObject => (isObject(f[name]) ? structuredClone(f[name] as JsonObject) : {});
    const fixedOr = (name: keyof typeof FIELD_DEFAULTS): Json => (f[name] !== undefined ? structuredClone(f[name] as Json) : structuredClone(FIELD_DEFAULTS[name].value));
    const reasoning: JsonObject = { ...(RESOLVED_DEFAULTS.reasoning.value as JsonObject), effort: takesEffort(model) ? MODEL_DEFAULT_EFFORT.value : null, ...withoutNulls(given('reasoning')) };
    const text = { ...(RESOLVED_DEFAULTS.text.value as JsonObject), ...withoutNulls(given('text')) };
    const multi = { ...(RESOLVED_DEFAULTS.multi_agent.value as JsonObject), ...given('multi_agent') };
    if (multi.enabled === true) multi.max_concurrent_subagents ??= MULTI_AGENT_ENABLED_MAX.value;
    else multi.max_concurrent_subagents = null;
    return {
      id: agent.id,
      object: 'agent',
      created_at: agent.created_at,
      updated_at: agent.updated_at,
      name: fixedOr('name'),
      model,
      instructions: fixedOr('instructions'),
      metadata: fixedOr('metadata'),
      reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
      text: { format: text.format ?? null, verbosity: text.verbosity ?? null },
      service_tier: (f.service_tier ?? RESOLVED_DEFAULTS.service_tier.value) as Json,
      tools: Array.isArray(f.tools) ? f.tools.map((t) => (isObject(t) ? fillTool(t) : t)) : [],
      multi_agent: { enabled: multi.enabled ?? false, max_concurrent_subagents: multi.max_concurrent_subagents ?? null },
      // Newer than the digest: whether responses carry these is not documented; the emulator sends
      // them resolved, and the normaliser reads their absence as the defaults.
      compaction: { async: given('compaction').async ?? (FIELD_DEFAULTS.compaction.value as JsonObject).async! },
      experimental: { ...(FIELD_DEFAULTS.experimental.value as JsonObject), ...given('experimental') },
    };
  }

  // Both orders, kept until the next write: a walk reads N/100 pages, and the page's cursor is
  // found through an index paging.ts keeps per array (a copy made for each page would be indexed anew).
  private sorted: { asc: StoredAgent[]; desc: StoredAgent[] } | undefined;
  private ordered(): { asc: StoredAgent[]; desc: StoredAgent[] } {
    if (!this.sorted) {
      const asc = [...this.items.values()].map((a, i) => ({ a, i })).sort((x, y) => x.a.created_at - y.a.created_at || x.i - y.i).map((x) => x.a);
      this.sorted = { asc, desc: [...asc].reverse() };
    }
    return this.sorted;
  }

  /** One page: `order` by created_at (desc by default, the digest's inference, AGENTS-API.md:46), `after` an id, no `before`. */
  private list(query: URLSearchParams): JsonText {
    const q = parseAgentListQuery(query);
    // An unknown cursor is undocumented; refused as the Assistants API refuses one.
    const { data, hasMore } = listPage(this.ordered()[q.order], q, 'agent');
    return pageText({ object: 'list', data: data.map((a) => this.text(a)), first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: hasMore });
  }

  /** `render(agent)` as encoded JSON, kept until the next write. */
  private text(agent: StoredAgent): Buffer {
    let text = this.texts.get(agent.id);
    if (text === undefined) {
      text = itemBytes(JSON.stringify(this.render(agent)));
      this.texts.set(agent.id, text);
    }
    return text;
  }
}
