// Foundry's named, versioned agents as a `Backend`: the client's calls, with the core's shapes.
// An update is a new version; the version it follows is the one last read by `listAll`.
import { BackendError, type Backend, type BackendStats, type Created, type Listing, type OwnMarker, type Updated, type VersionMarkers, type WriteRun } from '../backend.js';
import type { LiveResource, Spec } from '../../model/definition.js';
import type { Endpoint } from '../../model/plan.js';
import type { Transport } from '../http/transport.js';
import type { Connection } from '../http/connection.js';
import { FoundryAgentsClient } from './client.js';
import { FOUNDRY_AGENT, versionFields } from './kind.js';
import type { LiveAgent } from './wire.js';
import { pageReader, withFingerprints } from '../http/live-resource.js';

function toLive(agent: LiveAgent): LiveResource {
  // Fingerprinted without the version's bookkeeping (kind.ts), computed on first read, as for every
  // backend's live resources: hashing each page's agents held up the next page's request.
  return withFingerprints({
    id: agent.name,
    key: agent.marker?.key ?? null,
    namespace: agent.marker?.namespace ?? null,
    createdAt: agent.createdAt,
    // A string whose format is unspecified ([M] AgentVersionObject.version), kept as the API gives it.
    version: agent.version,
    // With what it holds that aac keeps but does not govern (kind.ts KEPT_LIVE).
    spec: { name: agent.name, ...versionFields(agent.fields as unknown as Spec), ...agent.agentLevel } as unknown as Spec,
    markers: agent.markers,
  }, agent.wire, FOUNDRY_AGENT.bookkeeping);
}

export class FoundryAgentsBackend implements Backend {
  readonly target: Endpoint;
  readonly kind = FOUNDRY_AGENT;
  private readonly client: FoundryAgentsClient;
  /** The agents as last read, by name: the version a new one follows, for settling a lost write. */
  private readonly read = new Map<string, LiveAgent>();

  constructor(connection: Connection, private readonly transport: Transport) {
    this.target = { backend: 'foundry-agents', provider: connection.provider, endpoint: connection.baseURL };
    this.client = new FoundryAgentsClient((call) => transport.send(call), transport.maxRetries);
  }

  get stats(): BackendStats {
    return this.transport.stats;
  }

  secrets(): readonly string[] {
    return this.transport.secretValues();
  }

  async listAll(onPage?: (page: readonly LiveResource[]) => void): Promise<Listing> {
    const reader = pageReader(toLive, onPage);
    const agents = await this.client.listAll((page, again) => reader.page(page, again));
    for (const a of agents) this.read.set(a.name, a);
    return reader.all(agents);
  }

  async create(spec: Spec, marker: OwnMarker): Promise<Created> {
    const { agent, concurrent, dropped, unchecked, existed, lost } = await this.client.create({ name: String(spec.name), ...versionFields(spec) }, marker);
    this.read.set(agent.name, agent);
    return Object.assign(toLive(agent), concurrent ? { concurrent } : {}, dropped ? { dropped } : {}, unchecked ? { unchecked } : {}, existed ? { existed } : {}, lost ? { lost } : {});
  }

  async update(id: string, body: Spec, marker: OwnMarker, run: WriteRun = {}): Promise<Updated> {
    const current = this.read.get(id) ?? (await this.client.get(id));
    if (!current) throw new BackendError('not-found', `making a new version of agent '${id}': no agent has that name now`);
    const { agent: next, twin, lost } = await this.client.createVersion(current, versionFields(body), marker, run.unlocked === true);
    this.read.set(next.name, next);
    return Object.assign(toLive(next), twin ? { twin } : {}, lost ? { lost } : {});
  }

  async versions(id: string): Promise<string[]> {
    return (await this.client.versions(id)).map((v) => v.version);
  }

  async versionMarkers(id: string): Promise<VersionMarkers[]> {
    return (await this.client.versions(id)).map(({ version, markers, held }) => ({ version, markers, held }));
  }

  async deleteVersion(id: string, version: string): Promise<void> {
    // Deleting the latest would silently make the one before it current ([Y] Agents_deleteAgentVersion
    // does not say otherwise): the conservative reading is never to do it.
    const latest = this.read.get(id)?.version;
    if (latest === undefined || latest === version) {
      throw new BackendError('invalid', `refusing to delete version ${version} of agent '${id}': ${latest === undefined ? 'its latest version has not been read' : 'it is the latest version'}`);
    }
    await this.client.deleteVersion(id, version);
  }

  /** One read of the agent (`GET /agents/{agent_name}`, [Y] Agents_getAgent). */
  async exists(id: string): Promise<boolean> {
    return (await this.client.get(id)) !== undefined;
  }

  async delete(id: string, how: { once?: boolean } = {}): Promise<void> {
    await this.client.deleteAgent(id, how);
    this.read.delete(id);
  }
}
