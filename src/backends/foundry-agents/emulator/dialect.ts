// The foundry-agents emulator dialect: Foundry's named, versioned agents
// (`{project endpoint}/agents…?api-version=v1`) as a request handler over its own store (in memory,
// and in a state file when given one).
// It knows paths, auth, validation and the wire shapes; a server shell (node:http, faults,
// latency, rate limits, stats) calls `handle` and writes what it returns.
//
// Served ([Y] agents-v2.paths-excerpt.yaml): list agents (`kind`, `limit`, `order`, `after`,
// `before`), create agent (an existing name gets a new version: "Creates a new agent or a new
// version of an existing agent"), get agent, update agent (a new version only when the definition
// changed: `updatedAgent`), delete agent (all its versions), create / list / get / delete
// versions. Not served: PATCH /agents/{agent_name}, `:enable`/`:disable` and code uploads (405). Every request is checked against the official schemas (validation.ts); with
// `validateResponses` every response is too, and a failure is recorded, never thrown.
import { bodyValue, pageText, type JsonText } from '../../../emulator/json-text.js';
import { paramPath } from '../../../emulator/param-path.js';
import { PAGE_LIMITS } from '../limits.js';
import { foundryAgentsValidators, type CompiledOperation } from '../spec.js';
import { FoundryAgentsError, invalid } from './errors.js';
import { AgentStore, seedVersionProblem, type Wire } from './store.js';
import { seedRefused } from '../../../emulator/schema-problem.js';
import type { PageQuery } from '../../../emulator/paging.js';
import type { StateFile } from '../../../emulator/state-file.js';
import { checkIds, checkModel, type Strictness } from '../../../emulator/strict.js';
import { isObject } from '../../../model/json.js';
import { checkAgentName, checkBody, checkPathParams, checkQuery } from './validation.js';
import { pointerTokens } from '../../../util/json-pointer.js';
import { sameJson } from '../../../model/canonical.js';
import { decodedSegment } from '../../../util/uri-text.js';

export { FoundryAgentsError } from './errors.js';

export interface DialectRequest {
  method: string;
  /** Below the project endpoint: `/agents`, `/agents/billing/versions/3`. Percent-escapes allowed. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
}

export interface DialectResponse {
  status: number;
  /** The body; a list page is a JsonText (emulator/json-text.ts), sent as it is. */
  body: unknown;
}

export interface ResponseViolation {
  route: string;
  status: number;
  errors: string[];
}

/**
 * An agent made directly, as if by hand or by another tool: no request validated, but each version
 * held to the API's AgentVersionObject, as a --state file's are (store.ts seedVersionProblem; its
 * AgentDefinition union takes any other `kind`).
 */
export interface SeedAgent {
  name: string;
  definition: Wire;
  description?: string;
  metadata?: Record<string, string>;
  /** How many identical versions to make (default 1): the last is the latest. */
  versions?: number;
  /** Unix seconds; default now. */
  created_at?: number;
  /** The agent's own fields ([M] AgentObject), as another client may have set them. */
  agent_card?: Wire;
  agent_endpoint?: Wire;
  /** Each version's ([M] AgentVersionObject.blueprint_reference). */
  blueprint_reference?: Wire;
}

export interface FoundryAgentsDialectOptions {
  /** The one accepted bearer token; undefined = any non-empty token. */
  token?: string;
  /** Test mode: check every response against the official schemas; see violations(). */
  validateResponses?: boolean;
  /** The --state file to persist agents and versions to (atomic writes) and start from; a corrupt file is a UserError. */
  state?: StateFile;
  /** --strict: refuse unknown models and ids (emulator/strict.ts); undefined: lenient. */
  strict?: Strictness;
}

export interface FoundryAgentsDialect {
  /** The route key (`GET /agents/{agent_name}`) for stats, or undefined for a path this API does not have. */
  route(req: Pick<DialectRequest, 'method' | 'path'>): string | undefined;
  /** Whether the request would change state (what a commit-then-drop fault may cut). */
  isWrite(req: Pick<DialectRequest, 'method' | 'path'>): boolean;
  /** The 401 for missing or wrong credentials, undefined when accepted. */
  authenticate(headers: DialectRequest['headers']): FoundryAgentsError | undefined;
  /** Answers one request; throws FoundryAgentsError for every refusal (serialise it with `errorResponse`). */
  handle(req: DialectRequest): DialectResponse;
  /** The API's error body for `e`, `{error: {code, message, param, type}}`. */
  errorResponse(e: FoundryAgentsError, route?: string): DialectResponse;
  seed(agents: SeedAgent[]): Wire[];
  /** Drift: a new version made behind the tool's back from the latest one with `fields` applied (`definition` merged key by key). */
  mutate(name: string, fields: { description?: string | null; metadata?: Record<string, string>; definition?: Wire }): Wire;
  /** Every agent (`AgentObject`) with all its versions, oldest first. */
  agents(): Array<{ agent: Wire; versions: Wire[] }>;
  violations(): ResponseViolation[];
}

interface Matched {
  key: string;
  params: Record<string, string>;
}

const SEGMENT = '([^/]+)';
const ROUTES: Array<[RegExp, string]> = [
  [new RegExp('^/agents$'), '/agents'],
  // Before the agent's own path, which `x:disable` would match as an agent name ([Y] Agents_disableAgent).
  [new RegExp(`^/agents/${SEGMENT}:disable$`), '/agents/{agent_name}:disable'],
  [new RegExp(`^/agents/${SEGMENT}:enable$`), '/agents/{agent_name}:enable'],
  [new RegExp(`^/agents/${SEGMENT}$`), '/agents/{agent_name}'],
  [new RegExp(`^/agents/${SEGMENT}/versions$`), '/agents/{agent_name}/versions'],
  [new RegExp(`^/agents/${SEGMENT}/versions/${SEGMENT}$`), '/agents/{agent_name}/versions/{agent_version}'],
];

function header(headers: DialectRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function createFoundryAgentsDialect(opts: FoundryAgentsDialectOptions = {}): FoundryAgentsDialect {
  const v = foundryAgentsValidators();
  const store = new AgentStore(opts.state);
  const violations: ResponseViolation[] = [];

  function match(method: string, path: string): Matched | undefined {
    for (const [re, template] of ROUTES) {
      const m = re.exec(path.replace(/\/+$/, ''));
      if (!m) continue;
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!);
      return { key: `${method} ${template}`, params: Object.fromEntries(names.map((n, i) => [n, decodedSegment(m[i + 1]!)])) };
    }
    return undefined;
  }

  function operation(m: Matched, method: string, path: string): CompiledOperation {
    const op = v.operation(m.key);
    if (op) return op;
    throw new FoundryAgentsError(405, `${method} ${path} is not served by the emulator (it serves list, create, get, update and delete of agents, and list, create, get and delete of versions).`, null, 'method_not_allowed');
  }

  function authenticate(headers: DialectRequest['headers']): FoundryAgentsError | undefined {
    // Entra ID bearer tokens only (the YAML's securitySchemes: OAuth2Auth); the token is never echoed.
    const m = /^Bearer\s+(\S.*)$/i.exec(header(headers, 'authorization') ?? '');
    const token = m?.[1]?.trim();
    if (!token) return new FoundryAgentsError(401, 'Access denied: the request has no Entra ID bearer token (Authorization: Bearer <token>, scope https://ai.azure.com/.default).', null, 'unauthorized');
    if (opts.token !== undefined && token !== opts.token) return new FoundryAgentsError(401, 'Access denied: the bearer token is not valid for this project.', null, 'unauthorized');
    return undefined;
  }

  function pageQuery(q: Record<string, unknown>): PageQuery {
    const limit = (q.limit as number | undefined) ?? PAGE_LIMITS.default;
    if (limit < PAGE_LIMITS.min || limit > PAGE_LIMITS.max) {
      throw invalid('limit', `Invalid 'limit': ${limit} is outside ${PAGE_LIMITS.min}–${PAGE_LIMITS.max}.`, limit < PAGE_LIMITS.min ? 'below_min_value' : 'above_max_value');
    }
    // `order` has no default in the description ([CM] PageOrderQueryParameter); newest first, as OpenAI's lists.
    const out: PageQuery = { limit, order: (q.order as 'asc' | 'desc' | undefined) ?? 'desc' };
    if (typeof q.after === 'string' && q.after !== '') out.after = q.after;
    if (typeof q.before === 'string' && q.before !== '') out.before = q.before;
    return out;
  }

  /** A list page of the items with these ids and encoded JSON. */
  function listBody(ids: readonly string[], texts: readonly Buffer[], hasMore: boolean): JsonText {
    return pageText({ data: texts, first_id: ids[0], last_id: ids.at(-1), has_more: hasMore });
  }

  /**
   * The version fields the service keeps of a create body: description, metadata, the definition
   * (which holds only fields its schema lists: emulator/closed-schema.ts) and `blueprint_reference`
   * ([M] CreateAgentVersionRequest). A draft is refused, not dropped: a draft version is never the
   * latest ([M] AgentVersionObject.draft), which the emulator does not model, and storing it as a
   * plain version would tell a client the opposite.
   */
  function versionFields(body: Wire): Wire {
    if (body.draft === true) throw invalid('draft', "Draft versions are not emulated: send the version without 'draft: true'.", 'not_emulated');
    return { description: body.description, metadata: body.metadata, definition: body.definition as Wire, blueprint_reference: body.blueprint_reference };
  }

  /**
   * --strict: the definition's `model` must be a known deployment ([M] "model deployment"; the
   * sources list none: backends/registry.ts knownModels), each file_search tool's `vector_store_ids` a store
   * this emulator holds — it serves none alone, so only one serving the classic API beside it
   * (`foundry,foundry-agents`: one project's stores) has any — and each code_interpreter
   * container's `file_ids` one --files names. Throws the 400 (emulator/strict.ts); lenient: nothing.
   */
  function checkStrictly(body: Wire): void {
    const strict = opts.strict;
    if (!strict || !isObject(body.definition)) return;
    const definition = body.definition;
    checkModel(definition.model, 'definition.model', strict.models, 'model deployment');
    for (const [i, tool] of (Array.isArray(definition.tools) ? definition.tools : []).entries()) {
      if (!isObject(tool)) continue;
      if (tool.type === 'file_search') checkIds(tool.vector_store_ids, `definition.tools[${i}].vector_store_ids`, (id) => strict.holds('vector_stores', id), 'vector store');
      if (tool.type === 'code_interpreter' && isObject(tool.container)) checkIds(tool.container.file_ids, `definition.tools[${i}].container.file_ids`, (id) => strict.files.has(id), 'file');
    }
  }

  /**
   * `POST /agents/{agent_name}` ([Y] Agents_updateAgent): "Updates the agent by adding a new
   * version if there are any changes to the agent definition. If no changes, returns the existing
   * agent version." Answers the AgentObject ([Y] 200) either way. The sources do not say whether a
   * changed `description` or `metadata` alone is a change (AGENTS.md "What the spec does not say");
   * the emulator takes the words as written — only `definition`, compared as canonical JSON (key
   * order aside) with the latest version's — so a client that needs such a change made cannot pass
   * here and fail on a service that reads them so. Throws the 404 for an agent that does not exist.
   */
  function updatedAgent(name: string, body: Wire): Wire {
    const latest = (store.agent(name).versions as { latest: Wire }).latest;
    if (!sameJson(latest.definition, body.definition)) store.addVersion(name, versionFields(body));
    return store.agent(name);
  }

  // `validator` is asked only when responses are validated: an emulator that does not check them compiles none.
  function record(route: string, status: number, validator: CompiledOperation['response'] | undefined, body: unknown): void {
    if (!opts.validateResponses || !validator) return;
    const validate = validator();
    if (validate(bodyValue(body))) return;
    violations.push({ route, status, errors: (validate.errors ?? []).map((e) => `${paramPath(pointerTokens(e.instancePath)) || '(body)'}: ${e.message ?? e.keyword}`) });
  }

  function answer(req: DialectRequest, m: Matched): unknown {
    const op = operation(m, req.method, req.path);
    const query = checkQuery(op, req.query);
    checkPathParams(op, m.params);
    const name = m.params.agent_name ?? '';
    const version = m.params.agent_version ?? '';
    switch (m.key) {
      case 'GET /agents': {
        const p = store.listAgents(pageQuery(query), query.kind as string | undefined);
        return listBody(p.ids, p.texts, p.hasMore);
      }
      case 'POST /agents': {
        checkBody(op, req.body);
        checkStrictly(req.body as Wire);
        const body = req.body as Wire;
        // The agent's own fields are kept on the agent (store.ts AGENT_LEVEL), not dropped.
        store.addVersion(body.name as string, versionFields(body), undefined, body);
        return store.agent(body.name as string);
      }
      case 'GET /agents/{agent_name}':
        return store.agent(name);
      case 'POST /agents/{agent_name}':
        checkBody(op, req.body);
        checkStrictly(req.body as Wire);
        return updatedAgent(name, req.body as Wire);
      case 'DELETE /agents/{agent_name}':
        return store.deleteAgent(name);
      case 'GET /agents/{agent_name}/versions': {
        const p = store.listVersions(name, pageQuery(query));
        return listBody(p.ids, p.texts, p.hasMore);
      }
      case 'POST /agents/{agent_name}/versions': {
        checkAgentName(name, 'agent_name');
        checkBody(op, req.body);
        checkStrictly(req.body as Wire);
        store.agent(name); // "a new version for the specified agent": it must exist (404)
        return store.addVersion(name, versionFields(req.body as Wire));
      }
      case 'GET /agents/{agent_name}/versions/{agent_version}':
        return store.version(name, version);
      default:
        return store.deleteVersion(name, version);
    }
  }

  const dialect: FoundryAgentsDialect = {
    route: (req) => match(req.method, req.path)?.key,
    isWrite: (req) => match(req.method, req.path) !== undefined && (req.method === 'POST' || req.method === 'DELETE'),
    authenticate,
    handle(req) {
      const m = match(req.method, req.path);
      if (!m) throw new FoundryAgentsError(404, `Invalid URL (${req.method} ${req.path}).`, null, 'not_found');
      const auth = authenticate(req.headers);
      if (auth) throw auth;
      const body = answer(req, m);
      record(m.key, 200, v.operation(m.key)?.response, body);
      return { status: 200, body };
    },
    errorResponse(e, route) {
      const body = e.body();
      // Every operation answers errors with ApiErrorResponse ([Y] 4XX/5XX); one serves for a path that has none.
      const op = v.operation(route ?? 'GET /agents');
      record(route ?? '(no route)', e.status, op?.error, body);
      return { status: e.status, body };
    },
    seed: (agents) => agents.map((a, index) => {
      const fields = { description: a.description, metadata: a.metadata, definition: a.definition, blueprint_reference: a.blueprint_reference };
      const problem = seedVersionProblem(a.name, fields, a.created_at);
      if (problem) throw seedRefused(index, problem, 'an agent version');
      for (let i = 0; i < (a.versions ?? 1); i++) store.addVersion(a.name, fields, a.created_at, { agent_card: a.agent_card, agent_endpoint: a.agent_endpoint });
      return store.agent(a.name);
    }),
    mutate(name, fields) {
      const latest = (store.agent(name).versions as { latest: Wire }).latest;
      const definition = { ...(latest.definition as Wire), ...(fields.definition ?? {}) };
      return store.addVersion(name, {
        description: 'description' in fields ? fields.description : latest.description,
        metadata: fields.metadata ?? latest.metadata,
        definition,
        blueprint_reference: latest.blueprint_reference,
      });
    },
    agents: () => store.all(),
    violations: () => [...violations],
  };
  return dialect;
}

