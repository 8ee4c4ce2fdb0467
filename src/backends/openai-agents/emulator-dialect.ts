// The Agents API as the bundled emulator serves it: `/v1/agents` over an in-memory store, every
// request validated against spec/agents-api.json (closed objects: unknown keys refused) and, in
// test mode, every response too. A request handler with no I/O: the emulator shell (or a test's
// loopback server) parses the HTTP request, calls `handle`, and writes `{status, body}` back; it
// adds faults, latency and rate limits around it, and asks `isWrite` which requests may be dropped
// after their commit.
import { randomBytes } from 'node:crypto';
import type { Json, JsonObject } from '../../model/json.js';
import { isObject } from '../../model/json.js';
import { AGENT_FIELDS } from './agent.js';
import { AgentsApiError, agentNotFound, invalidRequest } from './api-error.js';
import { fillTool } from './normalize.js';
import { FIELD_DEFAULTS, MULTI_AGENT_ENABLED_MAX, RESOLVED_DEFAULTS } from './server-defaults.js';
import { parseAgentListQuery, responseViolations, validateAgentBody, type AgentsSchemaName } from './spec.js';

export interface DialectRequest {
  method: string;
  /** The URL path, without the query, e.g. `/v1/agents/agent_123`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

export interface DialectResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface AgentsDialectOptions {
  /** The one accepted API key; undefined = any non-empty Bearer token. */
  apiKey?: string;
  /** Check every response body against the response schemas and record violations (default: under vitest). */
  validateResponses?: boolean;
  /** Unix seconds; tests pass a clock. */
  now?: () => number;
}

export interface ResponseViolation {
  route: string;
  status: number;
  errors: string[];
}

export const AGENTS_BASE_PATH = '/v1';
export const AGENTS_BETA = 'agents=v1';

/**
 * Per-model resolution, the emulator's own choice where the digest is open (AGENTS-API.md:127, §12):
 * a reasoning model resolves an omitted effort to its default ("medium" here), which exercises the
 * harder of the two readings; other models resolve it to null and refuse an effort, as the guide's
 * model-compatibility rule describes (AGENTS-API.md:80-81).
 */
const REASONING_MODEL = /^(gpt-5|o\d)/;
const REASONING_DEFAULT_EFFORT = 'medium';

/** What the store keeps: the configuration as requested (nulls already reset), resolved on the way out. */
interface StoredAgent {
  id: string;
  created_at: number;
  updated_at: number;
  fields: JsonObject;
}

function header(headers: DialectRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function agentId(): string {
  // No prefix is documented (AGENTS-API.md:88); the guide's examples use agent_…, so does this.
  // Clients must treat it as opaque. Session bodies cap agent ids at 64 characters.
  return `agent_${randomBytes(16).toString('hex')}`;
}

export class AgentsDialect {
  private readonly items = new Map<string, StoredAgent>();
  private readonly recorded: ResponseViolation[] = [];
  private readonly validateResponses: boolean;
  private readonly now: () => number;

  constructor(private readonly opts: AgentsDialectOptions = {}) {
    this.validateResponses = opts.validateResponses ?? process.env.VITEST === 'true';
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** The route a request is for (`POST /agents/{id}`), for stats; undefined when it is not an agents path. */
  route(method: string, path: string): { key: string; id?: string } | undefined {
    const base = `${AGENTS_BASE_PATH}/agents`;
    const rest = path.replace(/\/+$/, '');
    if (rest === base) return { key: `${method} /agents` };
    if (!rest.startsWith(`${base}/`)) return undefined;
    const raw = rest.slice(base.length + 1);
    if (raw.includes('/')) return undefined;
    let id = raw;
    try {
      id = decodeURIComponent(raw);
    } catch {
      // A malformed escape is an id that does not exist: the API's 404.
    }
    return { key: `${method} /agents/{id}`, id };
  }

  /** Writes are the requests a "commit, then drop the connection" fault may cut. */
  isWrite(req: Pick<DialectRequest, 'method' | 'path'>): boolean {
    return (req.method === 'POST' || req.method === 'DELETE') && this.route(req.method, req.path) !== undefined;
  }

  /**
   * Answers one request. Returns `{status, body}` on success; throws AgentsApiError for every
   * refusal (serialise it with `errorResponse`). Order of checks: route, auth, beta header, method,
   * body or query, then the store.
   */
  handle(req: DialectRequest): DialectResponse {
    const r = this.route(req.method, req.path);
    if (!r) throw new AgentsApiError(404, `Invalid URL (${req.method} ${req.path})`, null, 'unknown_url');
    this.authenticate(req.headers);
    if (!header(req.headers, 'openai-beta')?.split(/\s*,\s*/).includes(AGENTS_BETA)) {
      throw invalidRequest(null, `You must provide the 'OpenAI-Beta' header to access the Agents API. Please try again by setting the header 'OpenAI-Beta: ${AGENTS_BETA}'.`, 'invalid_beta');
    }
    switch (r.key) {
      case 'GET /agents':
        return this.ok(r.key, 200, this.list(req.query), 'AgentListResource');
      case 'POST /agents':
        validateAgentBody(req.body, 'create');
        return this.ok(r.key, 201, this.create(req.body as JsonObject), 'AgentResource');
      case 'GET /agents/{id}':
        return this.ok(r.key, 200, this.render(this.find(r.id!)), 'AgentResource');
      case 'POST /agents/{id}':
        validateAgentBody(req.body, 'update');
        return this.ok(r.key, 200, this.update(r.id!, req.body as JsonObject, true), 'AgentResource');
      case 'DELETE /agents/{id}':
        this.find(r.id!);
        this.items.delete(r.id!);
        this.sorted = undefined;
        return this.ok(r.key, 200, { id: r.id!, object: 'agent.deleted', deleted: true }, 'DeletedAgentResource');
      default:
        throw new AgentsApiError(405, `Method ${req.method} is not allowed on ${req.path}; agents are updated with POST (AGENTS-API.md §2).`, null, 'method_not_allowed');
    }
  }

  /** The API's error body for a refusal (checked against ErrorResponse in test mode). */
  errorResponse(e: AgentsApiError, route = 'error'): DialectResponse {
    const body = e.body();
    this.checkResponse(route, e.status, body, 'ErrorResponse');
    return { status: e.status, body, headers: e.headers };
  }

  /** `handle` with refusals serialised: never throws an AgentsApiError. */
  respond(req: DialectRequest): DialectResponse {
    try {
      return this.handle(req);
    } catch (e) {
      if (e instanceof AgentsApiError) return this.errorResponse(e, this.route(req.method, req.path)?.key);
      throw e;
    }
  }

  /** Agents as if made by hand (no HTTP): validated as a create, `id`/`created_at` may be given. Returns the responses. */
  seed(bodies: ReadonlyArray<Record<string, unknown>>): JsonObject[] {
    return bodies.map((b) => {
      const { id, created_at, ...rest } = b;
      validateAgentBody(rest, 'create');
      return this.create(rest as JsonObject, { id: typeof id === 'string' ? id : undefined, created_at: typeof created_at === 'number' ? created_at : undefined });
    });
  }

  /**
   * A change behind the tool's back (someone in the dashboard): update semantics, no validation of
   * values, so a drift may be anything the store can hold. Throws on an unknown id or field.
   */
  mutate(id: string, fields: Record<string, unknown>): JsonObject {
    if (!this.items.has(id)) throw new Error(`No agent found with id '${id}'.`);
    const unknown = Object.keys(fields).filter((k) => !(AGENT_FIELDS as readonly string[]).includes(k));
    if (unknown.length > 0) throw new Error(`An agent has no field ${unknown.join(', ')}; the fields are ${AGENT_FIELDS.join(', ')}.`);
    return this.update(id, fields as JsonObject, false);
  }

  /** Every stored agent as the API would send it, oldest first. */
  agents(): JsonObject[] {
    return this.oldestFirst().map((a) => this.render(a));
  }

  /** Response bodies that failed their schema (only with validateResponses). */
  violations(): ResponseViolation[] {
    return [...this.recorded];
  }

  private authenticate(headers: DialectRequest['headers']): void {
    const token = /^Bearer\s+(\S.*)$/i.exec(header(headers, 'authorization') ?? '')?.[1]?.trim();
    // The key is never echoed, not even masked: emulator output may end up in CI logs.
    if (!token) {
      throw new AgentsApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null, 'missing_api_key');
    }
    if (this.opts.apiKey !== undefined && token !== this.opts.apiKey) throw new AgentsApiError(401, 'Incorrect API key provided.', null, 'invalid_api_key');
  }

  private ok(route: string, status: number, body: JsonObject, schema: AgentsSchemaName): DialectResponse {
    this.checkResponse(route, status, body, schema);
    return { status, body };
  }

  private checkResponse(route: string, status: number, body: unknown, schema: AgentsSchemaName): void {
    if (!this.validateResponses) return;
    const errors = responseViolations(schema, body);
    if (errors.length > 0) this.recorded.push({ route, status, errors });
  }

  private find(id: string): StoredAgent {
    const a = this.items.get(id);
    if (!a) throw agentNotFound(id);
    return a;
  }

  private create(body: JsonObject, overrides: { id?: string | undefined; created_at?: number | undefined } = {}): JsonObject {
    const fields = this.apply({}, body);
    this.checkModel(fields);
    const at = overrides.created_at ?? this.now();
    const agent: StoredAgent = { id: overrides.id ?? agentId(), created_at: at, updated_at: at, fields };
    this.items.set(agent.id, agent);
    this.sorted = undefined;
    return this.render(agent);
  }

  private update(id: string, body: JsonObject, check: boolean): JsonObject {
    const agent = this.find(id);
    const fields = this.apply(agent.fields, body);
    if (check) this.checkModel(fields);
    agent.fields = fields;
    agent.updated_at = Math.max(this.now(), agent.created_at);
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

  /** The guide's model-compatibility rule, for the emulator's one model distinction (see REASONING_MODEL). */
  private checkModel(fields: JsonObject): void {
    const model = String(fields.model);
    const effort = isObject(fields.reasoning) ? fields.reasoning.effort : null;
    if (effort !== null && effort !== undefined && !REASONING_MODEL.test(model)) {
      throw invalidRequest('reasoning.effort', `Unsupported parameter: 'reasoning.effort' is not supported with the '${model}' model. Change or reset reasoning in the same request.`, 'unsupported_parameter');
    }
  }

  /** The AgentResource: every key present, resolved fields filled for the model, tools fully populated (AGENTS-API.md §6, §8, §9). */
  private render(agent: StoredAgent): JsonObject {
    const f = agent.fields;
    const model = String(f.model);
    const given = (name: string): JsonObject => (isObject(f[name]) ? structuredClone(f[name] as JsonObject) : {});
    const fixedOr = (name: keyof typeof FIELD_DEFAULTS): Json => (f[name] !== undefined ? structuredClone(f[name] as Json) : structuredClone(FIELD_DEFAULTS[name].value));
    const reasoning: JsonObject = { ...(RESOLVED_DEFAULTS.reasoning.value as JsonObject), effort: REASONING_MODEL.test(model) ? REASONING_DEFAULT_EFFORT : null, ...withoutNulls(given('reasoning')) };
    const text = { ...(RESOLVED_DEFAULTS.text.value as JsonObject), ...withoutNulls(given('text')) };
    const multi = { ...(RESOLVED_DEFAULTS.multi_agent.value as JsonObject), ...given('multi_agent') };
    if (multi.enabled === true) multi.max_concurrent_subagents ??= MULTI_AGENT_ENABLED_MAX.value;
    else multi.max_concurrent_subagents = null;
    const tools = Array.isArray(f.tools) ? f.tools.map((t) => (isObject(t) ? fillTool(t) : t)) : [];
    const out: JsonObject = {
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
      tools,
      multi_agent: { enabled: multi.enabled ?? false, max_concurrent_subagents: multi.max_concurrent_subagents ?? null },
      // Newer than the digest: whether responses carry these is not documented; the emulator sends
      // them resolved, and the normaliser reads their absence as the defaults.
      compaction: { async: given('compaction').async ?? (FIELD_DEFAULTS.compaction.value as JsonObject).async! },
      experimental: { ...(FIELD_DEFAULTS.experimental.value as JsonObject), ...given('experimental') },
    };
    return out;
  }

  private sorted: StoredAgent[] | undefined;
  private oldestFirst(): StoredAgent[] {
    this.sorted ??= [...this.items.values()].map((a, i) => ({ a, i })).sort((x, y) => x.a.created_at - y.a.created_at || x.i - y.i).map((x) => x.a);
    return this.sorted;
  }

  /** One page: `order` by created_at (desc by default, the digest's inference, AGENTS-API.md:46), `after` an id, no `before`. */
  private list(query: URLSearchParams): JsonObject {
    const q = parseAgentListQuery(query);
    const ordered = q.order === 'asc' ? this.oldestFirst() : [...this.oldestFirst()].reverse();
    let start = 0;
    if (q.after !== undefined) {
      const i = ordered.findIndex((a) => a.id === q.after);
      // Unknown cursor: undocumented; refused like the Assistants API refuses one.
      if (i < 0) throw invalidRequest('after', `Invalid 'after': no agent found with id '${q.after}'.`);
      start = i + 1;
    }
    const page = ordered.slice(start, start + q.limit);
    const data = page.map((a) => this.render(a));
    return { object: 'list', data, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: start + page.length < ordered.length };
  }
}

function withoutNulls(o: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}
