// The Agents API over the shared transport: one profile (where it lives, how it authenticates)
// and the calls aac makes. The official SDK does the HTTP (its pinned version has no
// `beta.agents`, so the transport's generic calls carry the paths); every request has the beta
// header; listing walks one cursor (`after`; the API has no `before`, AGENTS-API.md §3); a create
// is never retried blindly (no idempotency key exists, AGENTS-API.md:24-28): a lost response is
// `outcome-unknown`, which apply settles by listing again.
import type { ProjectConfig } from '../../model/config.js';
import type { Json } from '../../model/json.js';
import type { WireResource } from '../http/live-resource.js';
import { BackendError, type Warn } from '../backend.js';
import { LIST_ITEM_FIELDS, listEverything } from '../http/pagination.js';
import { pagesOf } from '../http/list-pages.js';
import { checkItem, type ItemShape } from '../http/answer-shape.js';
import type { Connection } from '../http/connection.js';
import type { Transport } from '../http/transport.js';
import { headerVariable, resolveEndpoint, V1_PATH } from '../http/endpoint.js';
import { AGENTS_BETA, PROVIDER, VARIABLES } from './agent.js';

/** An agent object as the API sends it. */
export type WireAgent = WireResource;

/**
 * What an answer's agent must be before anything reads it: its id and `created_at`, and each
 * governed field of the type the API sends (AGENTS-API.md §6, `AgentResource`: `metadata` a map
 * "never null", `tools` an array, `reasoning`, `text` and `multi_agent` objects, `name` and
 * `instructions` a string or null). `compaction` and `experimental`, which the digest does not
 * describe, an object or null.
 */
const AGENT_ANSWER: ItemShape = {
  noun: 'an agent',
  fields: LIST_ITEM_FIELDS,
  typed: {
    model: ['string'],
    name: ['string', 'null'],
    instructions: ['string', 'null'],
    metadata: ['object'],
    // AGENTS-API.md §6: `metadata` a "map string→string (never null)".
    'metadata.*': ['string'],
    reasoning: ['object'],
    text: ['object'],
    service_tier: ['string'],
    tools: ['list'],
    multi_agent: ['object'],
    compaction: ['object', 'null'],
    experimental: ['object', 'null'],
  },
};

type Env = Record<string, string | undefined>;

/**
 * The connection, from the environment as the official SDK reads it: OPENAI_API_KEY (required),
 * OPENAI_BASE_URL (else `endpoint:` in aac.yaml, else VARIABLES.defaultEndpoint; resolveEndpoint,
 * which tells `warn` when the variable overrides aac.yaml's), OPENAI_ORG_ID and
 * OPENAI_PROJECT_ID. Throws BackendError('config') without a key, with one of these holding a
 * character no header can carry (headerVariable), with OPENAI_BASE_URL set but empty, or with an
 * endpoint that is not an http(s) URL.
 */
export function connectAgents(config: ProjectConfig, env: Env, warn?: Warn): Connection {
  const key = headerVariable(env, VARIABLES.credentials[0]!);
  if (!key) throw new BackendError('config', `the ${PROVIDER} provider needs an API key: set the environment variable ${VARIABLES.credentials[0]!}`);
  const { base, query, source, on } = resolveEndpoint(env, VARIABLES, config, warn, V1_PATH);
  return {
    provider: PROVIDER,
    baseURL: base,
    endpointSource: source,
    ...on,
    bearer: key,
    headers: { 'OpenAI-Beta': AGENTS_BETA },
    query,
    organization: headerVariable(env, 'OPENAI_ORG_ID') ?? null,
    project: headerVariable(env, 'OPENAI_PROJECT_ID') ?? null,
    secrets: [key],
    updateMethod: 'post',
    // One cursor: the list has `order` but no `before` to bound a second cursor.
    canOrder: false,
    listPath: '/agents',
    basePath: V1_PATH,
    credentialHint: 'check OPENAI_API_KEY (a project key with the api.agents.read and api.agents.write permissions; OPENAI_ORG_ID / OPENAI_PROJECT_ID if set)',
  };
}

/** The calls aac makes to /agents. Shapes: request bodies as the write rule builds them; answers as the API sends them. */
export class AgentsClient {
  constructor(private readonly transport: Transport) {}

  /** Every agent of the project, oldest first, 100 a page along one `after` cursor; `onPage` sees each page's agents once the next page is asked for (`again`: pagination.ts OnPage). */
  async listAll(onPage?: (page: WireAgent[], again: boolean) => void): Promise<WireAgent[]> {
    const fetchPage = pagesOf(this.transport, '/agents', { kind: 'list', what: 'listing agents' }, 'the server did not answer with a list page', AGENT_ANSWER);
    return (await listEverything(fetchPage, false, 'listing agents', onPage && ((page, again) => onPage(page.data as unknown as WireAgent[], again)))) as unknown as WireAgent[];
  }

  async create(body: Record<string, Json>, key: string): Promise<WireAgent> {
    const what = `creating agent '${key}'`;
    return this.agent(await this.transport.send<WireAgent>({ method: 'post', path: '/agents', body, op: { kind: 'create', what } }), what, 'create');
  }

  /** `POST /agents/{id}` (the API updates with POST, not PATCH) with only the fields in `body`. */
  async update(id: string, body: Record<string, Json>, key: string): Promise<WireAgent> {
    const what = `updating agent ${id} ('${key}')`;
    return this.agent(await this.transport.send<WireAgent>({ method: 'post', path: `/agents/${encodeURIComponent(id)}`, body, op: { kind: 'update', what } }), what, 'update');
  }

  /** `GET /agents/{agent_id}` (AGENTS-API.md, retrieveAgent): the agent, or a `not-found` BackendError. */
  async get(id: string): Promise<WireAgent> {
    const what = `reading agent ${id}`;
    return this.agent(await this.transport.send<WireAgent>({ method: 'get', path: `/agents/${encodeURIComponent(id)}`, op: { kind: 'read', what } }), what, 'read');
  }

  /** `once`: Backend.delete's. */
  async delete(id: string, how: { once?: boolean } = {}): Promise<void> {
    await this.transport.send({ method: 'delete', path: `/agents/${encodeURIComponent(id)}`, op: { kind: 'delete', what: `deleting agent ${id}` }, ...how });
  }

  /** A success that is not an agent object would poison every later stage: refused here (checkItem; a write's of unknown outcome). */
  private agent(wire: WireAgent | undefined, what: string, kind: 'create' | 'update' | 'read'): WireAgent {
    return checkItem<WireAgent>(wire ?? null, AGENT_ANSWER, what, kind);
  }
}
