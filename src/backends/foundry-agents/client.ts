// Foundry's named, versioned agents over the shared transport: list (kind=prompt, 100 a page),
// read, create, new version, delete — with a lost write settled by reading, never repeated blindly.
import { createHash } from 'node:crypto';
import { BackendError, cameBack } from '../backend.js';
import { LIST_ITEM_FIELDS, listEverything } from '../http/pagination.js';
import { pagesOf } from '../http/list-pages.js';
import { checkItem, type ItemShape } from '../http/answer-shape.js';
import { MAY_HAVE_HAPPENED, type Call, type OperationKind } from '../http/transport.js';
import { changedPaths, normalizeVersion, type AgentVersionFields } from './normalize.js';
import { createBody, readAgent, versionBody, type DesiredAgent, type LiveAgent, type Marker } from './wire.js';
import { describeMarker } from '../../model/marker.js';
import { canonicalJson } from '../../model/canonical.js';
import { yamlLine } from '../../yaml/snippet.js';
import { codeSpan } from '../../util/code-span.js';

/** The namespace and key a write marks the agent with. */
export type Owner = { namespace: string; key: string };

function sameOwner(found: Marker | null, owner: Owner): boolean {
  return found !== null && found.namespace === owner.namespace && found.key === owner.key;
}

/**
 * Who made an agent whose version carries `found`, seen from `owner`'s run, for messages: `an
 * agent of the namespace 'team-b' (managed there as 'faq')`, `an agent aac does not manage (…)`.
 */
function madeBy(found: Marker | null, owner: Owner): string {
  if (found === null) return 'an agent aac does not manage (no aac marker: made by hand, or by another tool)';
  if (found.namespace === null) return `an agent carrying the previous marker ${describeMarker(found)}`;
  if (found.namespace === owner.namespace) return `an agent this namespace manages as '${found.key}'`;
  return `an agent of the namespace '${found.namespace}' (managed there as '${found.key}')`;
}

/**
 * How a create met a concurrent apply that made the agent first, as planned: `found` before
 * anything was sent, or `added` a version to it (the POST came after the other's).
 */
export type Concurrent = 'found' | 'added';

/** One version as the versions listing gives it: its id, `created_at` (Unix seconds), aac's marker pairs on it and a digest of what it holds. */
export interface AgentVersion {
  version: string;
  createdAt: number;
  markers: Record<string, string>;
  /** sha256 (hex) of its fields as the plan compares them (normalizeVersion: the marker left out), as twinsOf compares a concurrent apply's version. */
  held: string;
}

/** One request: the transport's `send` (it adds `api-version`, the token, retries and pacing). */
export type Send = <T>(call: Call) => Promise<T | undefined>;

/**
 * The parts of a version that readAgent reads, each of the type the API sends (AGENTS.md
 * "Responses": AgentVersionObject's `metadata` an object of strings or null, [CM]
 * `MetadataPropertyForResponse`, so each value a string; `definition` an object; `description`
 * optional, a string).
 */
const VERSION_TYPED = { metadata: ['object', 'null'], 'metadata.*': ['string'], description: ['string', 'null'], definition: ['object'] } as const;

/**
 * What aac reads of an agent before anything else ([M] AgentObject `id`, `name`, both required),
 * and the parts of its latest version that readAgent reads (`versions: {latest: AgentVersionObject}`).
 */
const AGENT: ItemShape = {
  noun: 'an agent',
  fields: { id: 'string', name: 'string' },
  typed: {
    versions: ['object'],
    'versions.latest': ['object'],
    'versions.latest.version': ['string'],
    ...Object.fromEntries(Object.entries(VERSION_TYPED).map(([field, kinds]) => [`versions.latest.${field}`, kinds])),
  },
};
/** What aac reads of a version before anything else ([M] AgentVersionObject `version`, required), and the parts readAgent reads. */
const VERSION: ItemShape = { noun: 'an agent version', fields: { version: 'string' }, typed: VERSION_TYPED };
/**
 * A version as the versions listing's walk reads it besides: its `id`, the cursor ([M]
 * AgentVersionObject `id`; [Y] Agents_listAgentVersions `after`: "an object ID"), and its
 * `created_at` (Unix seconds, [M] FoundryTimestamp), the order; both required.
 */
const LISTED_VERSION: ItemShape = { ...VERSION, fields: { ...LIST_ITEM_FIELDS, ...VERSION.fields } };

/** Version `v` (an AgentVersionObject) of the agent `of` read as that agent with `v` its latest. */
const asLatest = (of: { id: string; name: string }, v: Record<string, unknown>): LiveAgent => readAgent({ object: 'agent', id: of.id, name: of.name, versions: { latest: v } });

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const path = (name: string, ...rest: string[]): string => ['/agents', encodeURIComponent(name), ...rest.map(encodeURIComponent)].join('/');

export class FoundryAgentsClient {
  /**
   * `send`: the transport's; `resends`: how many times a new version found not made is sent again
   * (`options.max_retries`; a create is left to apply, which sends it again as many times).
   */
  constructor(private readonly send: Send, private readonly resends: number) {}

  /**
   * Every prompt agent with its latest version: `GET /agents?kind=prompt&limit=100`, then
   * `after` = the last agent's id until `has_more` is false ([Y] Agents_listAgents), along one
   * cursor (an AgentObject has no `created_at` of its own to walk from both ends by), in the
   * host's order. The shared walk (http/pagination.ts oneCursor) asks for each next page from the
   * page's tail, before the page is parsed, and hands a page over (`onPage`, as agents read) once
   * that request is out: parsing and reading a page run while the next is on its way. Each agent
   * is read once (readAgent), the one LiveAgent handed to `onPage` being the one returned
   * (`again`: pagination.ts OnPage).
   */
  async listAll(onPage?: (page: LiveAgent[], again: boolean) => void): Promise<LiveAgent[]> {
    const read = new Map<object, LiveAgent>();
    const readOnce = (wire: object): LiveAgent => {
      let agent = read.get(wire);
      if (agent === undefined) read.set(wire, (agent = readAgent(wire as Record<string, unknown>)));
      return agent;
    };
    const what = 'listing agents';
    const fetchPage = pagesOf({ send: this.send }, '/agents', { kind: 'list', what }, 'the server did not answer with a list page', AGENT, { kind: 'prompt' });
    const items = await listEverything(fetchPage, false, what, onPage && ((page, again) => onPage(page.data.map(readOnce), again)));
    return items.map(readOnce);
  }

  /** The agent with its latest version, or undefined when no agent has the name. */
  async get(name: string): Promise<LiveAgent | undefined> {
    try {
      const agent = await this.send<Record<string, unknown>>({ method: 'get', path: path(name), op: { kind: 'read', what: `reading agent '${name}'` } });
      return agent ? readAgent(checkItem(agent, AGENT, `reading agent '${name}'`)) : undefined;
    } catch (err) {
      if (err instanceof BackendError && err.kind === 'not-found') return undefined;
      throw err;
    }
  }

  /**
   * A new agent. `POST /agents` adds a version to an existing agent of that name ([Y] "Creates a
   * new agent or a new version of an existing agent"), so the name is read first: an agent made
   * since the plan is never given a version of ours. A lost response is settled by reading it back.
   * An agent made by anyone else between that read and the POST is found after it (earlierVersions)
   * and given its agent back: this run's version is deleted again and the create fails. One made by
   * this namespace is kept (`existed`): whether the agent existed is read from the versions listed
   * before this one, never from the version's number, which the sources leave a string ([CM]
   * `version: string`) without saying where it starts.
   */
  async create(desired: DesiredAgent, marker: Owner): Promise<{ agent: LiveAgent; concurrent: Concurrent | null; dropped?: string; unchecked?: string; existed?: true; lost?: BackendError }> {
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
      const whose = ours ? 'carrying this marker, with another definition' : `made since the plan: ${madeBy(existing.marker, marker)}`;
      throw new BackendError('invalid', `${what}: an agent of that name exists now (version ${existing.version}, ${whose}); nothing was sent; plan again`, { param: 'name' });
    }
    const { agent, lost } = await this.settled(desired.name, desired, marker, undefined, what, async () =>
      readAgent(checkItem(this.required(await this.send({ method: 'post', path: '/agents', body: createBody(desired, marker), op: { kind: 'create', what } }), what, 'create'), AGENT, what, 'create')));
    const earlier = await this.earlierVersions(agent, what);
    if (typeof earlier === 'string') return { agent, concurrent: null, unchecked: earlier };
    if (earlier.length === 0) return { agent, concurrent: null, ...(lost ? { lost } : {}) };
    const other = earlier.find((v) => !sameOwner(v.marker, marker));
    if (other) return this.giveBack(agent, other, earlier.at(-1)!, marker, what);
    // Made first, as planned, by a concurrent apply of this namespace: its work, kept, and this
    // run's identical version deleted again (twinsOf). This marker with another definition: this
    // namespace's agent all the same, now as planned. Either way the agent existed already: the
    // version is not its first, and apply says so.
    const twins = this.twinsOf(earlier, desired, marker);
    if (!twins) return { agent, concurrent: null, existed: true, ...(lost ? { lost } : {}) };
    const { agent: kept, dropped } = await this.dropOwn(agent, twins.at(-1)!);
    return { agent: kept, concurrent: 'added', dropped, existed: true };
  }

  /**
   * `since` (versions of one agent made by others after what this run read, oldest first) when
   * every one of them is a concurrent apply's identical work: this namespace's marker for the key
   * (`marker`, from the version's metadata, [M] AgentVersionObject `metadata`) and what this run
   * sent (`sent`, compared as the plan compares: normalizeVersion). Undefined otherwise (none, or
   * any made by someone else or with another definition), when nothing is to be settled.
   */
  private twinsOf(since: readonly LiveAgent[], sent: AgentVersionFields, marker: Owner): LiveAgent[] | undefined {
    const alike = (v: LiveAgent) => sameOwner(v.marker, marker) && changedPaths(normalizeVersion(v.fields), normalizeVersion(sent)).length === 0;
    return since.length > 0 && since.every(alike) ? [...since] : undefined;
  }

  /**
   * This run's version `agent.version`, made after a concurrent apply's identical one (`twin`,
   * the newest of them), deleted again (`DELETE /agents/{name}/versions/{version}`, [Y]
   * Agents_deleteAgentVersion), as the Assistants path deletes its own extra copy of a key: one
   * version of the definition stays, and no duplicate is left for `retain_versions` to count. The
   * sources do not say that deleting the latest version makes the one before it the latest: one
   * read of the agent says what it is now. `dropped`: how that went, as a clause for apply's
   * warning (`version 3 was deleted again`); the agent returned is the one read back, else this run's.
   */
  private async dropOwn(agent: LiveAgent, twin: LiveAgent): Promise<{ agent: LiveAgent; dropped: string }> {
    const mine = agent.version;
    try {
      await this.deleteVersion(agent.name, mine);
    } catch (err) {
      if (!(err instanceof BackendError && err.kind === 'not-found')) {
        return { agent, dropped: `deleting version ${mine} again failed (${err instanceof Error ? err.message : String(err)}): both versions of the definition remain` };
      }
    }
    const now = await this.get(agent.name).catch(() => undefined);
    if (now?.version === twin.version) return { agent: now, dropped: `this run's version ${mine} was deleted again, and theirs (${twin.version}) is the latest` };
    return { agent: now ?? agent, dropped: `this run's version ${mine} was deleted again; the agent's latest version is now ${now ? now.version : 'not known (reading it back failed)'}` };
  }

  /**
   * The versions the agent that this run's create answered with (`agent`, its version this run's)
   * already had: those listed before its own, oldest first, each read as an agent whose latest it
   * is: every version, oldest first (listVersions: the versions before this run's were made before
   * it; the sources are silent on versions made in the same second, whose order is taken as the
   * host gives it). This run's version not listed (deleted since): all of them came before. Empty:
   * the create made the agent. A listing that fails leaves unknown whose agent it is: then a
   * sentence saying so and what to check (Created.unchecked), the version being made all the same.
   */
  private async earlierVersions(agent: LiveAgent, what: string): Promise<LiveAgent[] | string> {
    let listed: Array<Record<string, unknown>>;
    try {
      listed = await this.listVersions(agent.name);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return `${what}: version ${agent.version} was made, but whether the agent existed before it is not known (${why}): if an older version of '${agent.name}' is not this namespace's, this run added a version to someone else's agent: delete version ${agent.version} on the host`;
    }
    const versions = listed.map((v) => asLatest(agent, v));
    const own = versions.findIndex((v) => v.version === agent.version);
    return own < 0 ? versions : versions.slice(0, own);
  }

  /**
   * This run's create added version `agent.version` to an agent someone else made at the same time
   * (`other`, the first of its earlier versions not carrying `marker`; `latest`, the last of them):
   * that version is deleted again (`DELETE /agents/{name}/versions/{version}`, [Y]
   * Agents_deleteAgentVersion), so theirs is the latest again, and the create fails ('invalid', with
   * the fix: another name), naming whose agent it is. The sources do not say that deleting the
   * latest version makes the one before it the latest: one read of the agent says what it is now.
   */
  private async giveBack(agent: LiveAgent, other: LiveAgent, latest: LiveAgent, marker: Owner, what: string): Promise<never> {
    const mine = agent.version;
    let failed: string | undefined;
    try {
      await this.deleteVersion(agent.name, mine);
    } catch (err) {
      // Gone already is given back all the same; any other failure is judged by the read below.
      if (!(err instanceof BackendError && err.kind === 'not-found')) failed = err instanceof Error ? err.message : String(err);
    }
    let now: LiveAgent | undefined | Error;
    try {
      now = await this.get(agent.name);
    } catch (err) {
      now = err instanceof Error ? err : new Error(String(err));
    }
    const byHand = `delete version ${mine} of agent '${agent.name}' on the host (DELETE /agents/${agent.name}/versions/${mine}): until then it is the agent's latest, and the agent reads as this namespace's`;
    let after: string;
    if (now instanceof Error) after = failed ? `deleting version ${mine} again failed (${failed}), and reading the agent back failed (${now.message}): if it is still there, ${byHand}` : `version ${mine} was deleted again (reading the agent back to check failed: ${now.message})`;
    else if (now?.version === mine) after = `deleting version ${mine} again ${failed ? `failed (${failed})` : 'left it the latest'}: ${byHand}`;
    else if (now?.version === latest.version) after = `version ${mine} was deleted again, and their version ${latest.version} is the latest again`;
    else after = `version ${mine} was deleted again; the agent's latest version is now ${now ? now.version : 'none (the agent is gone)'}`;
    throw new BackendError(
      'invalid',
      `${what}: not created: ${madeBy(other.marker, marker)} was made under that name at the same time (its version ${other.version}), so this run's create added version ${mine} to it; ${after}`,
      { param: 'name', fix: `give this definition another \`name:\` (the name '${agent.name}' is taken)${other.marker === null ? `, or adopt the agent with ${codeSpan(yamlLine('id', agent.name))}` : ''}` },
    );
  }

  /**
   * A new version of `agent` (`POST /agents/{agent_name}/versions`); returns the agent with the
   * new version as its latest, built from the response (no second read). `unlocked` (the run holds
   * no lock: Backend WriteRun): then one read of the versions looks for a concurrent apply's
   * identical new version (`twin`), and this run's is deleted again; a run holding the lock sends
   * nothing more.
   *
   * Not the update of the agent (`POST /agents/{agent_name}`, [Y] Agents_updateAgent), on purpose:
   * it adds a version only "if there are any changes to the agent definition", and the sources do
   * not say whether a change of `description` or `metadata` alone is one (AGENTS.md "What the spec
   * does not say"). aac's marker lives in the version's metadata, and a plan may change only the
   * description, so an update could answer the old version with the change dropped; the versions
   * route "Creates a new version" without that clause. aac sends a version only for a change the
   * plan found, so the update's skipping of an unchanged definition would save nothing.
   */
  async createVersion(agent: LiveAgent, fields: AgentVersionFields, marker: Owner, unlocked = false): Promise<{ agent: LiveAgent; twin?: { version: string; dropped: string }; lost?: BackendError }> {
    const what = `creating a new version of agent '${agent.name}'`;
    const { agent: made, lost } = await this.settled(agent.name, fields, marker, agent.version, what, async () => {
      const version = checkItem<Record<string, unknown>>(this.required(await this.send<Record<string, unknown>>({ method: 'post', path: path(agent.name, 'versions'), body: versionBody(fields, marker), op: { kind: 'create', what } }), what, 'create'), VERSION, what, 'create');
      return asLatest(agent, version);
    });
    const ours = { agent: made, ...(lost ? { lost } : {}) };
    if (!unlocked) return ours;
    // A concurrent apply of this namespace (-lock=false) that made the same new version first, from
    // the same read: the versions listed before this run's and after the one it read (listed in
    // created_at order), or, that one gone (deleted by that apply's retain_versions, which deletes
    // the older ones too), made since its second. A listing that fails settles nothing: the
    // version was made, as planned.
    const earlier = await this.earlierVersions(made, what);
    if (typeof earlier === 'string') return ours;
    const read = earlier.findIndex((v) => v.version === agent.version);
    const since = read >= 0 ? earlier.slice(read + 1) : earlier.filter((v) => v.createdAt >= agent.createdAt);
    const twins = this.twinsOf(since, fields, marker);
    if (!twins) return ours;
    const twin = twins.at(-1)!;
    const { agent: kept, dropped } = await this.dropOwn(made, twin);
    return { agent: kept, twin: { version: twin.version, dropped } };
  }

  /**
   * The agent and all its versions ([Y] Agents_deleteAgent). An agent already gone is a
   * `not-found` BackendError, as on every backend: the caller knows what that means (an apply's
   * delete done by someone else, a lock removed by force-unlock); a retry that finds it gone after
   * a lost response succeeded (the transport's rule). `once`: Backend.delete's.
   */
  async deleteAgent(name: string, how: { once?: boolean } = {}): Promise<void> {
    await this.send({ method: 'delete', path: path(name), op: { kind: 'delete', what: `deleting agent '${name}'` }, ...how });
  }

  /** One version ([Y] Agents_deleteAgentVersion); a version already gone is a `not-found` BackendError, as above. */
  async deleteVersion(name: string, version: string): Promise<void> {
    await this.send({ method: 'delete', path: path(name, 'versions', version), op: { kind: 'delete', what: `deleting version ${version} of agent '${name}'` } });
  }

  /**
   * Every version of `name`, oldest first, each once (listVersions), with aac's marker pairs it
   * carries (its `metadata`, [M] AgentVersionObject `metadata`, read by decodeMarker) and the
   * digest of what it holds (AgentVersion.held). Throws listVersions' errors.
   */
  async versions(name: string): Promise<AgentVersion[]> {
    return (await this.listVersions(name)).map((v): AgentVersion => {
      const read = asLatest({ id: name, name }, v);
      return { version: read.version, createdAt: read.createdAt, markers: read.markers, held: sha256(canonicalJson(normalizeVersion(read.fields))) };
    });
  }

  /**
   * Every version of `name` as the API sends it (AgentVersionObject, checked to be
   * LISTED_VERSION), oldest first, each once: `GET /agents/{agent_name}/versions?order=asc&limit=100`,
   * then `after` = the last version's `id` until `has_more` is false ([Y] Agents_listAgentVersions:
   * `limit` 1–100, default 20; `order` "by the `created_at` timestamp", asc or desc, no default;
   * `after` "an object ID that defines your place in the list"; 200 `{data: AgentVersionObject[],
   * first_id?, last_id?, has_more}`, [CM] AgentsPagedResult, `last_id` the continuation token).
   * Along the shared one-cursor walk (http/pagination.ts, Walk `'asc'`): the next page is asked for
   * from a page's tail, and a listing whose cursor's version is deleted mid-walk (the host's 400 on
   * `after`) is read again once from the start. Throws the walk's errors: a BackendError of kind
   * `server` when an answer is not a page of versions or the listing does not end (checkListingEnds).
   */
  private async listVersions(name: string): Promise<Array<Record<string, unknown>>> {
    const what = `listing the versions of agent '${name}'`;
    const fetchPage = pagesOf({ send: this.send }, path(name, 'versions'), { kind: 'list', what }, 'the server did not answer with a list page', LISTED_VERSION);
    return (await listEverything(fetchPage, 'asc', what)) as unknown as Array<Record<string, unknown>>;
  }

  /** `value`, the answer to a write (`kind`), refused when the server answered without a body: of unknown outcome, as checkItem says. */
  private required<T>(value: T | undefined, what: string, kind: OperationKind): T {
    if (value !== undefined && value !== null) return value;
    const reason = 'the server answered without a body';
    const unknown = MAY_HAVE_HAPPENED[kind];
    throw unknown === undefined ? new BackendError('server', `${what}: ${reason}`) : new BackendError('outcome-unknown', `${what}: ${reason}; ${unknown}`, { reason, unread: true });
  }

  /**
   * Runs a write; when its outcome is unknown (`outcome-unknown`: its response lost, or a 5xx), reads the agent back: if its
   * latest version is newer than `fromVersion` and holds what was sent (marker included), the
   * write happened and that is the answer, with `lost` the write's error (Created.lost: apply
   * says the answer was lost); if not, it did not. A create (`fromVersion` undefined) so not made
   * is then left to apply with its error, which lists, waits the back-off and sends it again up to
   * `options.max_retries` times, as for every backend's create (apply/index.ts); a new version is
   * sent again here, up to `resends` times, each after a read-back that shows it not made, unless
   * the host asked for a wait aac refuses (`details.waitRefused`: then never) — so
   * `max_retries: 0` sends either once. When a read fails, the write stays `outcome-unknown` (it
   * was sent: it may have been made), never the read's own error, which would say that nothing
   * was sent.
   */
  private async settled(name: string, sent: AgentVersionFields, marker: Owner, fromVersion: string | undefined, what: string, write: () => Promise<LiveAgent>): Promise<{ agent: LiveAgent; lost?: BackendError }> {
    for (let resent = 0; ; resent++) {
      try {
        return { agent: await write() };
      } catch (err) {
        if (!(err instanceof BackendError && err.kind === 'outcome-unknown')) throw err;
        const live = await this.get(name).catch((readErr: unknown) => {
          const why = readErr instanceof Error ? readErr.message : String(readErr);
          throw new BackendError('outcome-unknown', `${err.message}; reading the agent back to check failed: ${why}`, err.details);
        });
        const happened = live !== undefined && live.version !== fromVersion && sameOwner(live.marker, marker) &&
          changedPaths(normalizeVersion(live.fields), normalizeVersion(sent)).length === 0;
        if (happened) return { agent: live, lost: err };
        if (live !== undefined && live.version !== fromVersion) {
          throw new BackendError('invalid', `${what}: ${cameBack({ action: 'write' }, err)} and the agent has a version ${live.version} that is not what was sent; plan again`);
        }
        // A host that asked for a wait aac refuses is not sent the version again (apply says so).
        if (fromVersion === undefined || resent >= this.resends || err.details.waitRefused !== undefined) throw err;
      }
    }
  }
}
