// Foundry's named, versioned agents over the shared transport: list (kind=prompt, 100 a page),
// read, create, new version, delete — with a lost write settled by reading, never repeated blindly.
import { BackendError, cameBack } from '../backend.js';
import { askedAhead, checkListingEnds } from '../http/pagination.js';
import type { Call } from '../http/transport.js';
import { PAGE_LIMITS } from './limits.js';
import { changedPaths, normalizeVersion, type AgentVersionFields } from './normalize.js';
import { createBody, readAgent, versionBody, type DesiredAgent, type LiveAgent, type Marker } from './wire.js';

/** The namespace and key a write marks the agent with. */
export type Owner = { namespace: string; key: string };

function sameOwner(found: Marker | null, owner: Owner): boolean {
  return found !== null && found.namespace === owner.namespace && found.key === owner.key;
}

/**
 * How a create met a concurrent apply that made the agent first, as planned: `found` before
 * anything was sent, or `added` a version to it (the POST came after the other's).
 */
export type Concurrent = 'found' | 'added';

/** One request: the transport's `send` (it adds `api-version`, the token, retries and pacing). */
export type Send = <T>(call: Call) => Promise<T | undefined>;

interface AgentPage {
  data: Array<Record<string, unknown>>;
  last_id?: string;
  has_more: boolean;
}

const path = (name: string, ...rest: string[]): string => ['/agents', encodeURIComponent(name), ...rest.map(encodeURIComponent)].join('/');

export class FoundryAgentsClient {
  constructor(private readonly send: Send) {}

  /**
   * Every prompt agent with its latest version: `GET /agents?kind=prompt&limit=100`, then
   * `after` = the page's `last_id` until `has_more` is false ([Y] Agents_listAgents). One cursor:
   * an AgentObject has no `created_at` of its own to walk from both ends by. Each page is read
   * (and handed to `onPage`) once the next one is asked for, so that work runs while it is on its
   * way rather than before it leaves (see http/pagination.ts).
   */
  async listAll(onPage?: (page: LiveAgent[]) => void): Promise<LiveAgent[]> {
    const seen = new Map<string, LiveAgent>();
    const fetchPage = (after?: string): Promise<AgentPage | undefined> => askedAhead(() => this.send<AgentPage>({
      method: 'get',
      path: '/agents',
      query: { kind: 'prompt', limit: PAGE_LIMITS.max, ...(after ? { after } : {}) },
      op: { kind: 'list', what: 'listing agents' },
    }));
    let next: Promise<AgentPage | undefined> | undefined = fetchPage();
    while (next) {
      const page: AgentPage | undefined = await next;
      if (!page || !Array.isArray(page.data)) throw new BackendError('server', 'listing agents: the server did not answer with a list page');
      const fresh: Array<Record<string, unknown>> = page.data.filter((a) => !seen.has(String(a.name)));
      const after: string | undefined = page.last_id ?? (page.data.at(-1)?.id as string | undefined);
      checkListingEnds(seen.size + fresh.length, page.has_more, 'listing agents', fresh.length > 0 && after !== undefined);
      next = page.has_more ? fetchPage(after) : undefined;
      const agents = fresh.map((a): LiveAgent => readAgent(a));
      for (const a of agents) seen.set(a.name, a);
      onPage?.(agents);
    }
    return [...seen.values()];
  }

  /** The agent with its latest version, or undefined when no agent has the name. */
  async get(name: string): Promise<LiveAgent | undefined> {
    try {
      const agent = await this.send<Record<string, unknown>>({ method: 'get', path: path(name), op: { kind: 'read', what: `reading agent '${name}'` } });
      return agent ? readAgent(agent) : undefined;
    } catch (err) {
      if (err instanceof BackendError && err.kind === 'not-found') return undefined;
      throw err;
    }
  }

  /**
   * A new agent. `POST /agents` adds a version to an existing agent of that name ([Y] "Creates a
   * new agent or a new version of an existing agent"), so the name is read first: an agent made
   * since the plan is never given a version of ours. A lost response is settled by reading it back.
   */
  async create(desired: DesiredAgent, marker: Owner): Promise<{ agent: LiveAgent; concurrent: Concurrent | null }> {
    const what = `creating agent '${desired.name}'`;
    const existing = await this.get(desired.name).catch((err: unknown) => {
      // Nothing was sent: the error keeps its kind (a host not reached stops the apply as ever).
      if (!(err instanceof BackendError)) throw err;
      throw new BackendError(err.kind, `${what}: not created, as the check before creating failed: ${err.message}`, err.details);
    });
    if (existing) {
      const ours = sameOwner(existing.marker, marker);
      // Made since the plan with this marker and the planned body: a concurrent apply's work, kept.
      if (ours && changedPaths(normalizeVersion(existing.fields), normalizeVersion(desired)).length === 0) return { agent: existing, concurrent: 'found' };
      throw new BackendError('invalid', `${what}: an agent of that name exists now (version ${existing.version}, ${ours ? 'carrying this marker, with another definition' : 'not made by this definition'}); plan again`, { param: 'name' });
    }
    const agent = await this.settled(desired.name, desired, marker, undefined, what, async () =>
      readAgent(this.required(await this.send({ method: 'post', path: '/agents', body: createBody(desired, marker), op: { kind: 'create', what } }), what)));
    return { agent, concurrent: (await this.madeFirstBy(agent, desired, marker)) ? 'added' : null };
  }

  /**
   * Whether an agent this run created was in fact made first, as planned, by a concurrent apply
   * (between the read before creating and the POST, which then added a version to it): its oldest
   * version is not the one this POST made, and carries this marker and the planned definition.
   * One `GET /agents/{name}/versions?order=asc&limit=1`; when that read fails, the create is
   * taken as this run's own, as its answer says.
   */
  private async madeFirstBy(agent: LiveAgent, desired: DesiredAgent, marker: Owner): Promise<boolean> {
    const page = await this.send<AgentPage>({
      method: 'get',
      path: path(agent.name, 'versions'),
      query: { limit: 1, order: 'asc' },
      op: { kind: 'list', what: `listing the versions of agent '${agent.name}'` },
    }).catch(() => undefined);
    const oldest = page && Array.isArray(page.data) ? page.data[0] : undefined;
    if (!oldest || String(oldest.version) === agent.version) return false;
    const first = readAgent({ object: 'agent', id: agent.id, name: agent.name, versions: { latest: oldest } });
    return sameOwner(first.marker, marker) && changedPaths(normalizeVersion(first.fields), normalizeVersion(desired)).length === 0;
  }

  /**
   * A new version of `agent` (`POST /agents/{agent_name}/versions`); returns the agent with the
   * new version as its latest, built from the response (no second read).
   */
  async createVersion(agent: LiveAgent, fields: AgentVersionFields, marker: Owner): Promise<LiveAgent> {
    const what = `creating a new version of agent '${agent.name}'`;
    return this.settled(agent.name, fields, marker, agent.version, what, async () => {
      const version = this.required(await this.send<Record<string, unknown>>({ method: 'post', path: path(agent.name, 'versions'), body: versionBody(fields, marker), op: { kind: 'create', what } }), what);
      return readAgent({ object: 'agent', id: agent.id, name: agent.name, versions: { latest: version } });
    });
  }

  /**
   * The agent and all its versions ([Y] Agents_deleteAgent). An agent already gone is a
   * `not-found` BackendError, as on every backend: the caller knows what that means (an apply's
   * delete done by someone else, a lock removed by force-unlock); a retry that finds it gone after
   * a lost response succeeded (the transport's rule).
   */
  async deleteAgent(name: string): Promise<void> {
    await this.send({ method: 'delete', path: path(name), op: { kind: 'delete', what: `deleting agent '${name}'` } });
  }

  /** One version ([Y] Agents_deleteAgentVersion); a version already gone is a `not-found` BackendError, as above. */
  async deleteVersion(name: string, version: string): Promise<void> {
    await this.send({ method: 'delete', path: path(name, 'versions', version), op: { kind: 'delete', what: `deleting version ${version} of agent '${name}'` } });
  }

  /**
   * Every version of `name`, oldest first (`order=asc`, 100 a page), each once. Throws
   * checkListingEnds' error when the host says there are more and its pages do not advance.
   */
  async versions(name: string): Promise<Array<{ version: string; createdAt: number }>> {
    const what = `listing the versions of agent '${name}'`;
    const seen = new Map<string, { version: string; createdAt: number }>();
    let after: string | undefined;
    for (;;) {
      const page = await this.send<AgentPage>({
        method: 'get',
        path: path(name, 'versions'),
        query: { limit: PAGE_LIMITS.max, order: 'asc', ...(after ? { after } : {}) },
        op: { kind: 'list', what },
      });
      if (!page || !Array.isArray(page.data)) throw new BackendError('server', `${what}: the server did not answer with a list page`);
      const fresh = page.data.map((v) => ({ version: String(v.version), createdAt: typeof v.created_at === 'number' ? v.created_at : 0 })).filter((v) => !seen.has(v.version));
      for (const v of fresh) seen.set(v.version, v);
      after = page.last_id ?? (page.data.at(-1)?.id as string | undefined);
      checkListingEnds(seen.size, page.has_more, what, fresh.length > 0 && after !== undefined);
      if (!page.has_more) break;
    }
    return [...seen.values()];
  }

  private required<T>(value: T | undefined, what: string): T {
    if (value === undefined || value === null) throw new BackendError('server', `${what}: the server answered without a body`);
    return value;
  }

  /**
   * Runs a write; when its outcome is unknown (`outcome-unknown`: its response lost, or a 5xx), reads the agent back: if its
   * latest version is newer than `fromVersion` and holds what was sent (marker included), the
   * write happened and that is the answer; if not, it did not, and it is sent once more. When the
   * read fails too, the write stays `outcome-unknown` (it was sent: it may have been made), never
   * the read's own error, which would say that nothing was sent.
   */
  private async settled(name: string, sent: AgentVersionFields, marker: Owner, fromVersion: string | undefined, what: string, write: () => Promise<LiveAgent>): Promise<LiveAgent> {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof BackendError && err.kind === 'outcome-unknown')) throw err;
      const live = await this.get(name).catch((readErr: unknown) => {
        const why = readErr instanceof Error ? readErr.message : String(readErr);
        throw new BackendError('outcome-unknown', `${err.message}; reading the agent back to check failed: ${why}`, err.details);
      });
      const happened = live !== undefined && live.version !== fromVersion && sameOwner(live.marker, marker) &&
        changedPaths(normalizeVersion(live.fields), normalizeVersion(sent)).length === 0;
      if (happened) return live;
      if (live !== undefined && live.version !== fromVersion) {
        throw new BackendError('invalid', `${what}: ${cameBack({ action: 'write' }, err)} and the agent has a version ${live.version} that is not what was sent; plan again`);
      }
      return write();
    }
  }
}
