// The Agents API as a `Backend`: the client's calls, the marker kept in metadata.
import type { LiveResource, Spec } from '../../model/definition.js';
import type { JsonObject } from '../../model/json.js';
import { encodeMarker } from '../../model/marker.js';
import { liveResource, pageReader } from '../http/live-resource.js';
import type { Endpoint } from '../../model/plan.js';
import { found, type Backend, type BackendStats, type Listing, type OwnMarker } from '../backend.js';
import type { Transport } from '../http/transport.js';
import { AGENT_FIELDS } from './agent.js';
import { AgentsClient, type WireAgent } from './client.js';
import { AGENT } from './kind.js';

/** The governed fields as the server sent them, the marker taken out of the metadata. */
const fromWire = (wire: WireAgent): LiveResource => liveResource(wire, AGENT_FIELDS, AGENT.bookkeeping, AGENT.paths.instructions);

function marked(body: Spec, marker: OwnMarker): JsonObject {
  const own = body.metadata && typeof body.metadata === 'object' && !Array.isArray(body.metadata) ? body.metadata : {};
  return { ...body, metadata: { ...own, ...encodeMarker(marker) } };
}

export class AgentsBackend implements Backend {
  readonly kind = AGENT;
  private readonly client: AgentsClient;

  constructor(readonly target: Endpoint, private readonly transport: Transport) {
    this.client = new AgentsClient(transport);
  }

  get stats(): BackendStats {
    return this.transport.stats;
  }

  secrets(): readonly string[] {
    return this.transport.secretValues();
  }

  async listAll(onPage?: (page: readonly LiveResource[]) => void): Promise<Listing> {
    const reader = pageReader(fromWire, onPage);
    return reader.all(await this.client.listAll((page, again) => reader.page(page, again)));
  }

  async create(spec: Spec, marker: OwnMarker): Promise<LiveResource> {
    return fromWire(await this.client.create(marked(spec, marker), marker.key));
  }

  /** Only the fields in `body`; `metadata`, when there, whole with the marker (an update replaces it whole, AGENTS-API.md:72). */
  async update(id: string, body: Spec, marker: OwnMarker): Promise<LiveResource> {
    return fromWire(await this.client.update(id, 'metadata' in body ? marked(body, marker) : body, marker.key));
  }

  async delete(id: string, how: { once?: boolean } = {}): Promise<void> {
    await this.client.delete(id, how);
  }

  async exists(id: string): Promise<boolean> {
    return found(this.client.get(id));
  }
}
