// The agents and versions the foundry-agents emulator dialect holds: names, version numbers,
// latest-version resolution, list pages, what a stored version looks like on the wire, and the
// optional state file.
import { isObject } from '../../../model/json.js';
import { ENVELOPE_DEFAULTS } from '../server-defaults.js';
import { agentNotFound, versionNotFound } from './errors.js';
import { itemBytes, type EncodedPage } from '../../../emulator/json-text.js';
import { listPage, type PageQuery } from '../../../emulator/paging.js';
import type { ItemProblem, StateFile, StateShape } from '../../../emulator/state-file.js';
import { schemaProblem } from '../../../emulator/schema-problem.js';
import { foundryAgentsValidators } from '../spec.js';

export type Wire = Record<string, unknown>;

interface StoredAgent {
  name: string;
  /** Insertion order: breaks created_at ties, stably. */
  seq: number;
  createdAt: number;
  state: string;
  /** Oldest first. */
  versions: Wire[];
  /** The agent's own fields a create may set ([M] CreateAgentRequest, AgentObject): `agent_card`, `agent_endpoint`. */
  agentLevel: Wire;
  /** Version numbers are never reused, even after a version is deleted (the emulator's choice). */
  nextVersion: number;
}

const now = (): number => Math.floor(Date.now() / 1000);

/** The agent's own fields a create may set, kept on the agent, not a version ([M] CreateAgentRequest, AgentObject). */
export const AGENT_LEVEL = ['agent_card', 'agent_endpoint'] as const;

/** The dialect a state file of this store names (emulator/state-file.ts). */
export const PROVIDER = 'foundry-agents';

/**
 * The state file's one list (emulator/state-file.ts): each agent as StoredAgent keeps it, oldest
 * first, its versions as the API sends them. `next_version` is kept so a number is never reused
 * after a restart either.
 */
const STATE: StateShape<'agents'> = {
  lists: ['agents'],
  required: { agents: { name: 'string', created_at: 'number', state: 'string', next_version: 'number', versions: 'array' } },
  // Each version is served as it is held: it must be the API's AgentVersionObject (as published,
  // open, as the responses are checked). Its Tool and AgentDefinition unions end in a branch for
  // any other `type`/`kind` (azure-foundry agents-v2-json-schema): open by the source's own word,
  // unlike classic's Swagger discriminators (assistants/emulator/spec.ts discriminatedUnions).
  check: { agents: (item) => firstProblem(item.versions as unknown[]) },
};

/** What `version` holds that the API's AgentVersionObject does not (its first problem, at its path below it); undefined when it fits. */
function versionProblem(version: unknown): ItemProblem | undefined {
  return schemaProblem(foundryAgentsValidators().operation('GET /agents/{agent_name}/versions/{agent_version}')!.response(), version);
}

/** The first version in `versions` that is not an AgentVersionObject, at its path below the agent. */
function firstProblem(versions: unknown[]): ItemProblem | undefined {
  for (const [i, version] of versions.entries()) {
    const problem = versionProblem(version);
    if (problem) return { path: ['versions', i, ...problem.path], what: problem.what };
  }
  return undefined;
}

/** A version of `name` as the store keeps and serves it, numbered `version`, made at `at` (Unix seconds) of `fields` as sent (AgentStore.addVersion). */
function versionWire(name: string, version: string, fields: Wire, at: number): Wire {
  return {
    metadata: isObject(fields.metadata) ? structuredClone(fields.metadata) : structuredClone(ENVELOPE_DEFAULTS.metadata.value),
    object: 'agent.version',
    id: `${name}:${version}`,
    name,
    version,
    ...(typeof fields.description === 'string' ? { description: fields.description } : {}),
    created_at: at,
    definition: structuredClone(fields.definition),
    status: ENVELOPE_DEFAULTS.versionStatus.value,
    ...(isObject(fields.blueprint_reference) ? { blueprint_reference: structuredClone(fields.blueprint_reference) } : {}),
  };
}

/**
 * For a version seeded in-process (no request validated it): what the version the store would
 * keep of `fields` for `name`, made at `at` (Unix seconds; undefined: now), holds that the API's
 * AgentVersionObject does not — what a --state file's versions are held to (STATE) — at its path
 * below the version, which is the seed's own (`definition.tools[0]`); undefined when it fits.
 */
export function seedVersionProblem(name: unknown, fields: Wire, at: unknown): ItemProblem | undefined {
  return versionProblem(versionWire(name as string, '1', fields, at === undefined ? now() : (at as number)));
}

/**
 * Ids: an agent's `id` is its name and a version's is `name:version`; versions count 1, 2, 3 as
 * strings. The sources leave all three formats open ([M] AgentObject.id, AgentVersionObject.id
 * and .version: plain strings; AGENTS.md "What the spec does not say"), so clients must not parse them.
 */
export class AgentStore {
  // By name as written: the sources do not say whether the service tells `FAQ` from `faq`
  // (limits.ts), so the emulator invents no folding; migrate never relies on either reading.
  private readonly items = new Map<string, StoredAgent>();
  private seq = 0;
  // What a listing reads, made again on every write (`changed`): each agent's AgentObject JSON
  // (emulator/json-text.ts) and the agents' names in both orders, per `kind` filter. A listing of
  // N agents reads N/100 pages; sorting the store and building, copying and stringifying a hundred
  // agents for each page made the emulator, not the client, most of each round trip.
  private readonly texts = new Map<string, Buffer>();
  private orders = new Map<string | undefined, { asc: Wire[]; desc: Wire[] }>();

  /** `stateFile`: persist every write there (and start from what it holds); a bad file is a UserError. */
  constructor(private readonly stateFile?: StateFile) {
    const state = stateFile?.load(STATE);
    for (const a of state?.agents ?? []) {
      const name = a.name as string;
      const agentLevel = Object.fromEntries(AGENT_LEVEL.filter((k) => isObject(a[k])).map((k) => [k, a[k]]));
      this.items.set(name, { name, seq: this.seq++, createdAt: a.created_at as number, state: a.state as string, versions: a.versions as Wire[], nextVersion: a.next_version as number, agentLevel });
      this.texts.set(name, itemBytes(JSON.stringify(this.agent(name))));
    }
  }

  private changed(name: string): void {
    if (this.items.has(name)) this.texts.set(name, itemBytes(JSON.stringify(this.agent(name))));
    else this.texts.delete(name);
    this.orders.clear();
    if (this.stateFile) {
      // Insertion order, which `seq` follows: ties of created_at list the same after a restart.
      const agents = [...this.items.values()].map((a) => ({ name: a.name, created_at: a.createdAt, state: a.state, next_version: a.nextVersion, versions: a.versions, ...a.agentLevel }));
      this.stateFile.save({ agents });
    }
  }

  /**
   * A new version of `name` (the agent is made when it does not exist yet). Fields as sent: a
   * version's (`blueprint_reference` among them, [M] CreateAgentVersionRequest), and `agentLevel`,
   * the agent's own fields a create sets (AGENT_LEVEL; those not sent are left as they are).
   */
  addVersion(name: string, fields: Wire, at: number = now(), agentLevel: Wire = {}): Wire {
    let agent = this.items.get(name);
    if (!agent) {
      agent = { name, seq: this.seq++, createdAt: at, state: ENVELOPE_DEFAULTS.agentState.value, versions: [], nextVersion: 1, agentLevel: {} };
      this.items.set(name, agent);
    }
    for (const k of AGENT_LEVEL) if (isObject(agentLevel[k])) agent.agentLevel[k] = structuredClone(agentLevel[k]);
    const wire = versionWire(name, String(agent.nextVersion++), fields, at);
    agent.versions.push(wire);
    this.changed(name);
    return structuredClone(wire);
  }

  private find(name: string): StoredAgent {
    const agent = this.items.get(name);
    if (!agent) throw agentNotFound(name);
    return agent;
  }

  /**
   * `AgentObject`: the agent with its latest version ([M] AgentObject.versions.latest), its own
   * fields, and the latest version's `blueprint_reference` as the agent's (the sources do not say
   * how the two relate: the emulator's choice).
   */
  agent(name: string): Wire {
    const a = this.find(name);
    const latest = a.versions.at(-1)!;
    return {
      object: 'agent', id: a.name, name: a.name, state: a.state, versions: { latest: structuredClone(latest) },
      ...structuredClone(a.agentLevel),
      ...(isObject(latest.blueprint_reference) ? { blueprint_reference: structuredClone(latest.blueprint_reference) } : {}),
    };
  }

  version(name: string, version: string): Wire {
    const v = this.find(name).versions.find((x) => x.version === version);
    if (!v) throw versionNotFound(name, version);
    return structuredClone(v);
  }

  has(name: string): boolean {
    return this.items.has(name);
  }

  /** Oldest first, created_at ties in insertion order. */
  private oldestFirst(): StoredAgent[] {
    return [...this.items.values()].sort((x, y) => x.createdAt - y.createdAt || x.seq - y.seq);
  }

  /** One page of agents (`kind`: only those whose latest definition has it): their names (= ids) and encoded AgentObjects. */
  listAgents(q: PageQuery, kind?: string): EncodedPage {
    let order = this.orders.get(kind);
    if (!order) {
      let agents = this.oldestFirst();
      if (kind !== undefined) agents = agents.filter((a) => isObject(a.versions.at(-1)?.definition) && (a.versions.at(-1)!.definition as Wire).kind === kind);
      // Paged over ids: an agent's id is its name.
      const asc = agents.map((a): Wire => ({ id: a.name }));
      order = { asc, desc: [...asc].reverse() };
      this.orders.set(kind, order);
    }
    const p = listPage(order[q.order], q, 'agent');
    const ids = p.data.map((item) => item.id as string);
    return { ids, texts: ids.map((id) => this.texts.get(id)!), hasMore: p.hasMore };
  }

  /** One page of an agent's versions: their ids and encoded JSON. */
  listVersions(name: string, q: PageQuery): EncodedPage {
    const versions = this.find(name).versions;
    const p = listPage(q.order === 'asc' ? versions : [...versions].reverse(), q, 'version');
    return { ids: p.data.map((v) => v.id as string), texts: p.data.map((v) => itemBytes(JSON.stringify(v))), hasMore: p.hasMore };
  }

  /** The agent and every version of it. */
  deleteAgent(name: string): Wire {
    this.find(name);
    this.items.delete(name);
    this.changed(name);
    return { object: 'agent.deleted', name, deleted: true };
  }

  /**
   * One version. Deleting the last one deletes the agent: an AgentObject always has a latest
   * version ([M] AgentObject.versions.latest is required), so none can be left without one.
   */
  deleteVersion(name: string, version: string): Wire {
    const agent = this.find(name);
    const i = agent.versions.findIndex((v) => v.version === version);
    if (i < 0) throw versionNotFound(name, version);
    agent.versions.splice(i, 1);
    if (agent.versions.length === 0) this.items.delete(name);
    this.changed(name);
    return { object: 'agent.version.deleted', name, version, deleted: true };
  }

  /** Every agent, oldest first, with all its versions (oldest first). Copies. */
  all(): Array<{ agent: Wire; versions: Wire[] }> {
    return this.oldestFirst().map((a) => ({ agent: this.agent(a.name), versions: structuredClone(a.versions) }));
  }
}
