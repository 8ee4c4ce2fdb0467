// The contracts between the neutral core (desired, plan, apply, render, import) and a backend.
// A backend supplies a resource kind (plain data and small pure functions: its schema, its
// governed fields and how each one updates, its identity rules, checks, normalization, the write a
// change needs and its import rules) and a client (list, create, update or new version, delete).
// The core is driven by these and never names a field of any API; everything that knows a URL, a
// header or a wire field name lives in src/backends/<name>/. The registry (registry.ts) lists the
// backends, one line each.
import type { ProjectConfig } from '../model/config.js';
import type { LiveResource, NormalizedSpec, RecordGone, Spec } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { JsonObject } from '../model/json.js';
import type { KeptField } from '../model/kept-live.js';
import type { CredentialPlaces } from '../model/credential-places.js';
import type { Endpoint } from '../model/plan.js';
import type { Dialect, DialectOptions } from '../emulator/dialect.js';
import type { YamlSource } from '../yaml/source.js';
import { sanitize } from '../util/invisible.js';
import { codeSpan } from '../util/code-span.js';
import type { DiagnosticCode } from '../model/diagnostic-codes.js';

/** A field path inside a definition, e.g. `['definition', 'instructions']`. */
export type FieldPath = readonly string[];

/**
 * How a change to a governed field reaches the API: written in place (a modify), by making a new
 * immutable version of the whole resource, or not at all (the field is fixed once created).
 */
export type UpdateRule = 'in-place' | 'new-version' | 'immutable';

/** How the items of a list of objects line up when the views diff it. */
export interface ListRule {
  /**
   * What makes two items the same item, so a diff lines them up (and names them) by it rather than
   * by position. Assistants' and agents' tools: type and name, so flat and nested function tools
   * alike line up by their function name. Undefined: items line up by value.
   */
  itemKey?(item: JsonObject): string | undefined;
  /**
   * With `itemKey`: the list's order is not compared (the kind's normalize sorts it by item key,
   * so a reorder is no difference). The views then show it in the definition file's order and
   * never as a move. Agents' tools (the API does not say it keeps their order).
   */
  unordered?: boolean;
}

/** One governed top-level field, in the order the plan shows it; `itemKey` and `unordered` when the field is a list. */
export interface FieldRule extends ListRule {
  name: string;
  update: UpdateRule;
  /**
   * For a field that is a map: the rules of the lists held directly under its members, by member
   * name, as `itemKey` and `unordered` are for a field that is a list itself. Foundry agents'
   * tools, which live in `definition.tools`.
   */
  members?: Readonly<Record<string, ListRule>>;
}

/** Where the fields the core needs to find live in a definition (each a path of one or more keys). */
export interface KindPaths {
  /** Shown for every create and delete; required by every kind. */
  model: FieldPath;
  /** The display name, for import's file names, `--name` and delete call-outs. */
  name: FieldPath;
  /** What `instructions_file:` fills in. */
  instructions: FieldPath;
  /** The string map that also carries aac's marker. */
  metadata: FieldPath;
}

/** How live resources are addressed and marked. */
export interface KindIdentity {
  /** `id`: the server makes an opaque id; `name`: the user's name is the address (then `id:` pins a name). */
  addressedBy: 'id' | 'name';
  /** The longest key: the marker holds it as a metadata value (the API's value limit). */
  keyMax: number;
}

/** What `aac import` needs to write the smallest definition the API would read back unchanged. */
export interface ImportRules {
  /** Nested keys an import always writes, whatever the default: what the schema requires, or what someone chose. */
  requiredKeys: readonly string[];
  /** Keys holding the user's own data (JSON Schemas, metadata): kept whole, never trimmed inside. */
  opaqueKeys: readonly string[];
  /** Dotted paths from a top-level field that `provider` requires even at their default (`tools.function.parameters`). */
  hostRequired(provider: string): readonly string[];
  /**
   * Key order inside the API's objects, for a file that reads well: an object (or each object of a
   * list) held under a key listed here has these keys first; others keep the server's order.
   */
  keyOrder: Readonly<Record<string, readonly string[]>>;
  /**
   * The smallest definition for a live spec, when the generic rule (leave out what compares the
   * same when left out) would drop values the kind wants written: a kind whose server resolves
   * fields (OpenAI agents) keeps a hand-set one instead of leaving it ungoverned.
   */
  minimize?(live: Spec): Spec;
}

/** The write a change needs, in the API's vocabulary (the client adds the marker). */
export interface WriteRules {
  /** The body of a create: the definition's own fields, nothing the server would fill in. */
  create(spec: Spec): Spec;
  /**
   * The body of an update sending `fields` (top-level names, in field order): the definition's own
   * value for each, or what the server stores for an omitted one. `before` is the live side
   * normalized, `after` the desired side, for values that must be sent to clear something; `own`
   * the live resource's aac pairs (LiveResource.markers), for a record the write must keep. What
   * the live resource holds that a definition cannot write is put back by the core (`keptLive`).
   */
  update(fields: readonly string[], desired: Spec, before: NormalizedSpec, after: NormalizedSpec, own?: Readonly<Record<string, string>>): Spec;
}

/**
 * The commands a kind's hint may tell someone to run, built by the command layer for the run that
 * shows the hint (commands/suggest.ts kindCommands), so each works for it as printed.
 */
export interface KindCommands {
  /** `aac migrate --to <to> …` converting Assistants definitions into the run's definitions directory. */
  migrate(to: string): string;
}

/** A hint of a kind's: its text, or its text naming a command to run (KindCommands). */
export type KindHint = string | ((commands: KindCommands) => string);

/** A kind's hint as shown to the run that gave `commands`. */
export function hintText(hint: KindHint, commands: KindCommands): string {
  return typeof hint === 'function' ? hint(commands) : hint;
}

/** The hint `text`, then the command that converts Assistants definitions into the backend `to`'s. */
export function orMigrate(to: string, text: string): KindHint {
  return (commands) => `${text}; to convert Assistants definitions, run ${codeSpan(commands.migrate(to))}`;
}

/** One bookkeeping field of a kind's wire object (ResourceKind.bookkeeping). */
export interface Bookkeeping {
  /** Its path in the object a listing gives, e.g. `['versions', 'latest', 'created_at']`. */
  path: readonly string[];
  /** The spec file and field, or the document, that says the host moves it. */
  source: string;
}

/**
 * One kind of resource a backend manages (an assistant, an agent): plain data and small pure
 * functions. Functions taking `provider` answer for that host of the backend.
 */
export interface ResourceKind {
  /** e.g. `assistant`; also the published schema's file name: `schema/<name>.schema.json`. */
  name: string;
  /** For messages: `assistant` / `assistants`. */
  nouns: { one: string; many: string };
  /**
   * How a new definition file of this kind begins, as hints quote it (`\`model: <model>\``): its
   * required fields, for "add one YAML file per …, starting with …" and an empty file's hint.
   */
  starter: string;
  /** The JSON Schema (2020-12) of a definition file: the API's field names plus aac's envelope. */
  schema: URL;
  /** The governed top-level fields, in display order. */
  fields: readonly FieldRule[];
  paths: KindPaths;
  identity: KindIdentity;
  /** The longest instructions, in characters (what `instructions_file:` may hold). */
  instructionsMax: number;
  /** Hints for a value the schema refuses at a top-level field, where the allowed values alone do not help. */
  schemaHints?: Readonly<Record<string, string>>;
  /**
   * Where the host `provider` accepts fewer values at `path` (a definition's field path) than the
   * kind's schema lists (one schema for every host of the kind): those values, which a value the
   * schema refuses there is told to be one of. Undefined where the schema's list is the host's.
   */
  allowedValues?(provider: string, path: readonly (string | number)[]): readonly string[] | undefined;
  /**
   * For a value the schema's `pattern` refuses at a top-level field, by field: a valid value made
   * of the one written, which the hint proposes (`write a valid one, e.g. \`name: billing-support\``);
   * undefined when none can be made of it.
   */
  proposals?: Readonly<Record<string, (given: string) => string | undefined>>;
  /**
   * Fields a definition cannot have that someone may write, at any level, with the hint the
   * schema's "unknown field" diagnostic gives: those the API sends back but does not take (a
   * definition pasted from a response), and another backend's fields (where their counterpart lives).
   */
  serverOnly: Readonly<Record<string, KindHint>>;
  /**
   * Set where the API leaves open whether an update replaces the metadata map or merges into it:
   * a host that merges takes a key sent as `""` as its removal, so an update cannot store an
   * empty value there (and removes one a create stored). `plan` then warns of every `""` an
   * update would send; the client refuses the update whose `""` the host removed.
   */
  metadataMayMerge?: boolean;
  /**
   * What an update sending `body` does beyond the fields it sends, for `plan` to say as a warning
   * at `path` of the definition: the Assistants' `vector_stores` helper makes a new vector store and
   * leaves the one held before. `before` is the live side, normalized; `recordGone`, what the live
   * resource's record names that the host no longer has, or has expired (`recorded`). Absent: nothing to say.
   */
  updateNotes?(body: Spec, before: NormalizedSpec, recordGone?: RecordGone): Array<{ path: FieldPath; code: DiagnosticCode; message: string; hint: string }>;
  /**
   * What a live resource's record (`own`, its aac pairs: model/marker.ts RECORD_KEY) names that the
   * definition `desired` still relies on, given the `live` spec (both normalized): an id plan
   * reads on the host (Backend.recordedState) before it compares them. The Assistants' store made
   * from the `vector_stores` helper, while the assistant holds it for that same helper. Undefined
   * when nothing; absent for a kind without records. One the host no longer has (or has expired) is the resource's
   * `recordGone` (LiveResource): its record then counts for nothing, and `updateNotes` gets it.
   */
  recorded?(live: NormalizedSpec, desired: NormalizedSpec, own: Readonly<Record<string, string>>): string | undefined;
  /**
   * A live copy of a key as it is compared with another copy (plan/copies.ts copyDifference), given
   * its normalized spec and its aac pairs (`own`): what a write made for that copy alone and recorded
   * stands as what it was made from — the Assistants' store made from the `vector_stores` helper,
   * held as the record names it, stands as the helper's digest — so two applies' copies made from
   * one definition are alike. Absent: the spec as it is.
   */
  copyForm?(live: NormalizedSpec, own: Readonly<Record<string, string>>): NormalizedSpec;
  /**
   * What a live resource may hold that a definition cannot write, each with how an update keeps it
   * and the source that decides it (model/kept-live.ts, the one mechanism): an update sends it back
   * rather than wipe it, plan warns of it, import lists it and leaves it out of the file. Empty when
   * the kind governs every field a client can write (the kind says why where its fields are listed).
   */
  keptLive: readonly KeptField[];
  /**
   * The host's bookkeeping in the object a listing gives: the fields a write that changes nothing
   * moves (a timestamp of the last save, the id and number of a new version), each a path into the
   * wire object with the source that says so. The live fingerprint leaves them out (LiveResource
   * .fingerprint), so a no-op save does not make a saved plan stale; what a plan does depend on
   * of them it records itself (PlanChange.liveVersion). Empty when the host moves nothing on such a
   * write. A field the sources do not call server-owned stays in (the conservative reading).
   */
  bookkeeping: readonly Bookkeeping[];
  /**
   * The rules of one definition a JSON Schema cannot express, and what `provider` does not take;
   * run on any parsed value (valid against the schema or not), so every guard checks shapes first.
   * `commands`: what its hints may tell the user to run.
   */
  checks(src: YamlSource, value: JsonObject, provider: string, commands: KindCommands): Diagnostic[];
  /**
   * Where a definition holds credentials by their place, whatever their value (an MCP tool's
   * headers): validate refuses a value there, import refuses to write one, and every rendering shows
   * a live one as [redacted] (model/credential-places.ts). Absent: the kind has no such place.
   */
  credentials?: CredentialPlaces;
  /**
   * The one canonical form of a spec, applied to desired and live alike: an omitted field becomes
   * what the server stores then, server-filled values fold into the defaults; every field present.
   */
  normalize(spec: Spec, provider: string): NormalizedSpec;
  /**
   * The desired side as it is compared with `live` (both normalized): what the definition leaves
   * to the server to resolve takes the live value; never the model, name or instructions (`paths`),
   * by which the moved_from hint groups its candidates (plan/moved-hint.ts). Identity for a kind
   * with nothing of the sort.
   * `own`: the live resource's aac pairs (LiveResource.markers; none when absent), where a kind
   * keeps its record of what a write made (model/marker.ts RECORD_KEY).
   */
  comparable(live: NormalizedSpec, desired: NormalizedSpec, provider: string, own?: Readonly<Record<string, string>>): NormalizedSpec;
  write: WriteRules;
  import: ImportRules;
  /**
   * The smallest resource of this kind the host takes, for aac's lock object (src/lock): `model`
   * is one a definition of the run names (or one of its namespace's resources has), `name` a plain
   * `aac-lock-<hex>` (letters, digits, '-'; at most 21 characters), `note` at most 256 characters
   * saying what it is. The core puts the lock's pairs at `paths.metadata`; the client adds the marker.
   */
  lockSpec(fields: { model: string; name: string; note: string }): Spec;
}

/**
 * What names an item of the list at `path` of a kind's spec (a top-level field's `itemKey`, or a
 * map field's member's): for pairing the items of two sides of one list; undefined for another path.
 */
export function itemKeyAt(kind: Pick<ResourceKind, 'fields'>, path: readonly string[]): ListRule['itemKey'] {
  const field = kind.fields.find((f) => f.name === path[0]);
  if (path.length === 1) return field?.itemKey;
  return path.length === 2 && field?.members ? field.members[path[1]!]?.itemKey : undefined;
}

/** Whether a kind's resources have versions (a change to some field makes a new one). */
export function versioned(kind: Pick<ResourceKind, 'fields'>): boolean {
  return kind.fields.some((f) => f.update === 'new-version');
}

/** The marker a write puts on a resource: always this run's namespace (model/marker.ts). */
export interface OwnMarker {
  namespace: string;
  key: string;
}

/**
 * What a create made, or found made as planned by a concurrent apply (`concurrent`): `found`
 * before sending anything, or `added` a version to it (a backend addressing resources by name,
 * whose create adds a version to an agent of that name). `unchecked`: made, but the check after it
 * (whether it joined a resource of that name someone else made) failed: why, and what to check, as
 * a sentence; apply fails such a create, saying it was made. `existed`: for a kind whose create
 * adds a version to a resource of that name, the resource had versions before this create's own
 * (a concurrent apply of this namespace made it, with another definition): it was not made new.
 * `lost`: the create's answer was lost, or an error status answered it (its `outcome-unknown`
 * BackendError), and the backend's own re-read found it made as sent: apply warns so, as when its
 * listing settles a lost create.
 */
export type Created = LiveResource & { concurrent?: 'found' | 'added'; dropped?: string; unchecked?: string; existed?: true; lost?: BackendError };

/**
 * What an update made: for a kind of versions, `twin` when a concurrent apply of this namespace
 * (`-lock=false`) made the same new version first, from the same read — its `version`, kept, and
 * `dropped`, how this run's own was deleted again (a clause: `this run's version 3 was deleted
 * again, and theirs (2) is the latest`), as the Assistants path deletes its own extra copy of a key.
 * Looked for only by an update sent `unlocked` (WriteRun). `lost`: as Created's, for the update.
 */
export type Updated = LiveResource & { twin?: { version: string; dropped: string }; lost?: BackendError };

/**
 * Of the run that sends a write. `unlocked`: it holds no lock on its namespace (`-lock=false`), so
 * another apply of the namespace may make the same write at the same moment; a run holding the
 * lock has no such rival (another locked run waits for it), so a check for one would be a request
 * spent for nothing on every write, the lock's own renewals included.
 */
export interface WriteRun {
  unlocked?: boolean;
}

/** Typed failures, so callers decide on retry, adoption or report without parsing messages. */
export type BackendErrorKind =
  | 'auth' // 401/403: key or token missing or refused
  | 'not-found' // 404 on an id
  | 'invalid' // 400/422: the server refused the body; `param` names the field
  | 'rate-limited' // 429 still failing after retries
  | 'server' // 5xx still failing after retries
  | 'network' // connection refused, DNS, TLS
  | 'timeout' // a read the host took the connection of and answered nothing to within options.timeout_ms, after retries: it is running but slow
  | 'outcome-unknown' // a write whose response was lost (timeout, dropped connection), unreadable, or answered 5xx: it may have happened
  | 'retired' // the host no longer serves this API (OpenAI's own endpoint after 2026-08-26)
  | 'config' // missing endpoint or credentials
  | 'interrupted'; // apply was interrupted before the request was sent (http/rate-gate.ts NotSent): the action wrote nothing

/**
 * How a host refuses a request for its credentials (an `auth` BackendError), stated once for the
 * transport's errors (http/transport.ts), apply's stop (apply/outcome.ts) and the lock's removal:
 * `credentials`, not taken (401, or no token to send); `permission`, taken and not allowed the
 * request (403: the sources give it one meaning, the key or role lacking a permission —
 * openai-agents/AGENTS-API.md, the SDK's PermissionDeniedError — which no later request of the run
 * gains). `status`: the error status it is; `did`: what the host did, as a sentence says it after
 * the host's name (`permission`'s is followed by what it did not allow).
 */
export const AUTH_REFUSALS = {
  credentials: { status: 401, did: 'refused the credentials' },
  permission: { status: 403, did: 'accepted the credentials but did not allow' },
} as const;
export type AuthRefusal = keyof typeof AUTH_REFUSALS;

/** The refusal an error status is (AUTH_REFUSALS), or undefined for any other status. */
export function authRefusalOf(status: number | undefined): AuthRefusal | undefined {
  return (Object.keys(AUTH_REFUSALS) as AuthRefusal[]).find((r) => AUTH_REFUSALS[r].status === status);
}

/**
 * Azure's error `code` for a model (a deployment name) the resource has no deployment of, answered
 * 404 to a write that names it: `{"error": {"code": "DeploymentNotFound", "message": "The API
 * deployment for this resource does not exist. …"}}`, as recorded from live hosts in
 * microsoft/promptflow's tests (test_not_found_error_with_bad_deployment) and users' reports
 * (Azure-Samples/azure-search-openai-demo#391); azure-foundry/AGENTS.md gives errors' shape
 * (`{error: {message, type, param, code}}`) but no live codes. It names the deployment, never the
 * route or the resource.
 */
export const DEPLOYMENT_NOT_FOUND = 'DeploymentNotFound';

/** Which refusal an `auth` BackendError is: by its status, else (no token to send, none given) `credentials`. */
export function authRefusal(err: BackendError): AuthRefusal {
  return authRefusalOf(err.details.status) ?? 'credentials';
}

/**
 * A wait a host asked for before a request is sent again that aac does not take, being longer than
 * http/rate-gate.ts MAX_HOST_WAIT_MS (a day's quota spent: `retry-after: 86400`): `waitMs`, and the
 * header that said it (`retry-after`, `retry-after-ms`, `x-ratelimit-reset-requests`). A run that
 * meets one sends that request no more and says to run again later (rate-gate.ts notSentAgain).
 */
export interface RefusedWait {
  waitMs: number;
  header: string;
}

export class BackendError extends Error {
  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    /**
     * `reason`: for `outcome-unknown`, what came back instead of the answer (`500: …`, `no response
     * within 60000 ms`), without advice; `status`, when that was an error status (answeredWith);
     * `unread`, when an answer came and could not be read (not JSON, too large, cut off, not the
     * API's object: answerLost).
     * `fix`: when the same request would be refused again (the body or the credentials refused),
     * what to change first, as a clause (`check OPENAI_API_KEY`); absent when sending it again may
     * succeed. `retryAfterMs`: for an error status that asked for a wait aac takes (its
     * `retry-after`), that wait, ms, before the write is sent again (http/rate-gate.ts backoffMs).
     * `waitRefused`: the host asked for a wait aac does not take (RefusedWait): nothing sends the
     * request again in this run, and a write of unknown outcome is only settled by a re-read.
     */
    readonly details: { status?: number; param?: string | null; code?: string | null; requestId?: string; reason?: string; unread?: true; fix?: string; retryAfterMs?: number; waitRefused?: RefusedWait } = {},
  ) {
    // A server's text, and the names in it, are not ours: one line (see UserError).
    super(sanitize(message));
    this.name = 'BackendError';
  }
}

/**
 * The error status a write of unknown outcome (`err`, an `outcome-unknown` BackendError) was
 * answered with, as a report says it: `answered 503 (The engine is currently overloaded)`; null
 * when its answer was lost (a timeout, a dropped connection). An error status is an answer, but
 * not one that says the write was not made: the sources give a 5xx no such meaning
 * (openai-openapi/ASSISTANTS.md "Errors" and openai-agents/AGENTS-API.md §1 list 500/503 and are
 * silent on it), so the conservative reading stays: the host may still have made it, and a re-read
 * settles it.
 */
export function answeredWith(err: BackendError): string | null {
  const { status, reason } = err.details;
  if (status === undefined) return null;
  // The transport's `reason` for an error status: `503: <the API's message>`.
  const said = reason?.startsWith(`${status}: `) ? ` (${reason.slice(`${status}: `.length)})` : '';
  return `answered ${status}${said}`;
}

/**
 * How a write of unknown outcome came back, as the subject of a report's sentence about it
 * (`write.action`: `update`, `delete`, `write`, after `write.the`, `the` by default, or `its`):
 * `the update was answered 503 (…)` (answeredWith), else `the update's answer could not be
 * read (…)` or `the update's response was lost` (answerLost).
 */
export function cameBack(write: { action: string; the?: string }, err: BackendError | undefined): string {
  const answered = err ? answeredWith(err) : null;
  const the = write.the ?? 'the';
  return answered ? `${the} ${write.action} was ${answered}` : `${the} ${write.action}'s ${answerLost(err)}`;
}

/**
 * Why a write's answer told nothing, for a sentence about it: `answer could not be read (the
 * server answered null, not an assistant …)` when an answer came and was unreadable (`unread`,
 * its `reason` what came), else `response was lost`.
 */
export function answerLost(err: BackendError | undefined): string {
  const { unread, reason } = err?.details ?? {};
  return unread && reason ? `answer could not be read (${reason})` : 'response was lost';
}

/**
 * Whether a single read of one resource found it: true when it answered, false when it was a
 * `not-found` BackendError (its 404); any other failure is thrown.
 */
export async function found(read: Promise<unknown>): Promise<boolean> {
  try {
    await read;
    return true;
  } catch (err) {
    if (err instanceof BackendError && err.kind === 'not-found') return false;
    throw err;
  }
}

/** Counters a backend keeps, for `--debug`, tests and benchmarks. */
export interface BackendStats {
  requests: number;
  retries: number;
}

/**
 * Set (to `true`) on a listing — the array Backend.listAll resolves with — when its backend vouches
 * that it holds exactly what the pages it handed to `onPage` held: for each id, the resource of the
 * first page that showed it (the very object handed over), each once, and nothing else. Only the
 * backend knows: a walk that starts over (a cursor's item deleted, a host's order not kept) has
 * handed over pages its result does not hold, and a result may hold a resource no page showed. A
 * caller that indexed those pages as they came may then take its index for the listing without
 * looking each resource up again (plan/match-index.ts). Absent: nothing is vouched.
 */
export const FROM_ITS_PAGES: unique symbol = Symbol('aac.listing-from-its-pages');

/** The live resources Backend.listAll resolves with, and whether its backend vouches for them as its pages' (FROM_ITS_PAGES). */
export type Listing = LiveResource[] & { readonly [FROM_ITS_PAGES]?: true };

/**
 * Resolves once the run expects at least `items` resources: its definitions found so far reach that
 * number (src/util/tally.ts). It may never resolve: a walk then goes by its pages alone.
 */
export type Expected = (items: number) => Promise<void>;

/**
 * A client of one host: where it points, and the calls the core makes. Lists and settles by
 * reading; writes carry the marker (the client puts it where the kind keeps metadata).
 */
export interface Backend {
  /** Where this backend points, without secrets: recorded in plan files and checked on apply. */
  readonly target: Endpoint;
  /** What it manages. */
  readonly kind: ResourceKind;
  readonly stats: BackendStats;
  /**
   * The exact credential values of the run: those this client sends (keys, the endpoint's query
   * values, every token fetched so far) and every other credential the environment holds
   * (ConnectOptions.heldSecrets). Renderings redact them from data (a live name, a definition's
   * metadata) and import refuses to write them into files.
   */
  secrets(): readonly string[];
  /**
   * Every live resource (managed and unmanaged), read with as few list requests as the API allows.
   * Apply also settles a write whose response was lost by this one re-read. `onPage`, when given,
   * sees each page's resources once the next page is asked for (a resource may be on two pages;
   * the result has it once), for work the plan would otherwise do after the last page; a backend
   * may not call it. `expected` tells how many resources the run expects as it learns it, for a
   * walk that can start sooner when there are many; a backend may ignore it. The result carries
   * FROM_ITS_PAGES when the backend vouches that it is exactly its pages' resources.
   */
  listAll(onPage?: (page: readonly LiveResource[]) => void, expected?: Expected): Promise<Listing>;
  /**
   * Creates a resource with `marker`. Never retried blindly: a lost response is `outcome-unknown`.
   * A backend whose resources are addressed by name may find one made since the plan, with this
   * marker and the planned body: another apply made it, and it is returned with `concurrent` set
   * (`found`: nothing sent; `added`: the create, sent after the other's, added a version to it,
   * and `dropped` says how deleting that version again went).
   */
  create(spec: Spec, marker: OwnMarker): Promise<Created>;
  /**
   * Writes `body` (from the kind's `write.update`) to the resource `id`: a modify sending only those
   * fields, or for a kind whose changed fields update by `new-version`, a new version. Whenever the
   * metadata is in `body` it is sent whole with `marker` added. For a kind of versions, sent by a
   * run without the lock (`run.unlocked`), a new version that a concurrent apply made first, alike,
   * is returned as `twin` (Updated); a backend may ignore `run`.
   */
  update(id: string, body: Spec, marker: OwnMarker, run?: WriteRun): Promise<Updated>;
  /**
   * Deletes the resource `id`. `once`: one request, the transport's retries off (Call.once), for a
   * caller that sends it again by its own policy (the lock's release).
   */
  delete(id: string, how?: { once?: boolean }): Promise<void>;
  /**
   * Whether the resource `id` is there now: one read of it, never the listing. For a lone write
   * whose answer was lost and that only its own resource can settle (the lock's release).
   */
  exists(id: string): Promise<boolean>;
  /**
   * After this run's extra copy `copy` of a key was deleted (apply/settle.ts): deletes what its
   * create made for it alone, when no resource of `live` (the settle's listing) holds it — the
   * Assistants' store made from the `vector_stores` helper. A clause for the report (`its vector
   * store vs_… too`, or that it is left and why), undefined when there is nothing to say. Absent for
   * a kind whose creates make nothing beside the resource.
   */
  releaseMade?(copy: LiveResource, live: readonly LiveResource[]): Promise<string | undefined>;
  /** A versioned kind's: every version of the resource `id`, oldest first (for `retain_versions:`). */
  versions?(id: string): Promise<string[]>;
  /**
   * A versioned kind's: every version of the resource `id`, oldest first (the last is the latest),
   * each with aac's marker pairs it carries (model/marker.ts decodeMarker `markers`; {} for none).
   * Read for a resource whose latest version carries no marker of this namespace and whose name a
   * definition has, or any name under --prune (commands/live-reads.ts readHandMade, plan/build.ts
   * VersionHistory), and in place of `versions` under `retain_versions:` (readVersions: which
   * versions were made outside aac, and the latest's twins): never on a plan's common path.
   */
  versionMarkers?(id: string): Promise<VersionMarkers[]>;
  /**
   * A versioned kind's: deletes one version of `id`. Refuses (BackendError 'invalid') the latest
   * version as last read or written; a version already gone counts as deleted.
   */
  deleteVersion?(id: string, version: string): Promise<void>;
  /**
   * For a kind with `recorded`: whether the host still has `id`, what a record of aac's names, and
   * it is of use (one read of it): `there`, or what it is not (RecordGone: gone on its 404, or
   * expired). Read by plan after the listing (commands/live-reads.ts).
   */
  recordedState?(id: string): Promise<'there' | RecordGone>;
}

/** One version of a versioned resource and the marker pairs of aac's on it (Backend.versionMarkers). */
export interface VersionMarkers {
  version: string;
  markers: Readonly<Record<string, string>>;
  /**
   * A digest of what the version holds, as a plan compares it (the governed fields normalized, the
   * marker left out): equal for two versions that hold the same, for finding a twin of the latest
   * (plan/retention.ts twinsOfLatest). Absent when the backend gives none.
   */
  held?: string;
}

/** One host of a backend, as `--provider` and aac.yaml's `provider:` name it. */
export interface ProviderInfo {
  name: string;
  /** Where its credentials come from, for messages and help: `set OPENAI_API_KEY`. */
  secrets: string;
  /** The environment variables its client reads the endpoint and the credentials from (what points aac at a server). */
  variables: ProviderVariables;
  /**
   * The path its API is served below on a host (`/v1`; a Foundry project's `/api/projects/<project>`),
   * as its connection has it (http/connection.ts Connection.basePath): the path an
   * endpoint written without http(s):// is told to add (http/endpoint.ts endpointSlip).
   */
  basePath: string;
  /** The emulator options only some dialects read that this provider's dialect reads (`aac emulator` refuses the others). */
  emulatorOptions?: readonly DialectOption[];
  /**
   * What serves its API where one address serves several (FOUNDRY_PROJECT: a Foundry project
   * endpoint serves the classic and the versioned agents, each at `api-version`, azure-foundry/AGENTS.md
   * Parts 1 and 2). Providers with the same value take the same `endpoint:` and `options.api_version`,
   * which `aac migrate` carries between them; absent: its endpoint is its own, and it sends no api-version.
   */
  servedAt?: string;
}

/**
 * Options of the emulator that are one API's behaviour, not the shell's: `metadataMode` (the
 * Assistants API leaves open whether a modify replaces the metadata or merges into it), `project`
 * (a Foundry project in the path) and `connections` (--strict: the project connection ids classic
 * Foundry's azure_ai_search indexes may name).
 */
export type DialectOption = 'metadataMode' | 'project' | 'connections';

/**
 * `endpoint`: the variable that holds the URL; `defaultEndpoint`: the URL a run uses when neither
 * that variable nor aac.yaml's `endpoint:` gives one (absent: one of them must); `credentials`:
 * those that hold a key or token, all of them needed; `signIn`: those holding a secret of a
 * sign-in its client may use instead, read by a library, never by aac (DefaultAzureCredential's):
 * not needed, but a credential the run holds, redacted as the others are (registry.ts credentialsIn).
 * `defaultRetired`: set where the default host no longer serves the API (OpenAI's own Assistants
 * endpoints after 2026-08-26), saying so: a run there needs an endpoint all the same.
 */
export interface ProviderVariables {
  endpoint: string;
  defaultEndpoint?: string;
  defaultRetired?: string;
  credentials: readonly string[];
  signIn?: readonly string[];
}

/** What the registry knows of a backend: one entry per backend, one line in registry.ts. */
export interface BackendModule {
  /** e.g. `assistants`: the plan's `target.backend`. */
  name: string;
  kind: ResourceKind;
  providers: readonly ProviderInfo[];
  /**
   * A client for `config.provider` (one of `providers`), endpoint and credentials from `env` (never
   * process.env). Throws BackendError('config') when they are missing.
   */
  connect(opts: ConnectOptions): Promise<Backend>;
  /**
   * `aac migrate --to <name>`: one Assistants-shaped spec (the assistant kind's fields; `key` its
   * definition key) → this backend's definition fields, every source field with no counterpart
   * (its path in the source definition and why), and notes on what changed shape but kept its
   * meaning (a name slugged), and what can neither be carried over nor be left out (`choices`: a
   * required name the source gives nothing of, with what to change). Pure; the command writes
   * nothing unless the losses are none or accepted, and never when there are choices or when two
   * definitions end up with one name in a name-addressed kind.
   */
  migrate?(assistant: Spec, source: { key: string }): {
    definition: Spec;
    losses: Array<{ path: Array<string | number>; why: string }>;
    notes?: Array<{ path: Array<string | number>; what: string }>;
    choices?: Array<{ path: Array<string | number>; why: string }>;
  };
  /** The emulator's fake of `options.provider` (src/emulator/dialect.ts), mounted by the emulator shell. */
  emulator?(options: DialectOptions): Promise<Dialect>;
}

export interface ConnectOptions {
  config: ProjectConfig;
  env: Record<string, string | undefined>;
  /** --debug: one line per request attempt, secrets redacted. */
  debug?: (line: string) => void;
  /** A line for stderr while the run waits on the host's rate limit, and how long the wait is in ms (http/rate-gate.ts WaitNotices): no secret is in it. */
  notice?: (line: string, waitMs: number) => void;
  /** A warning about the connection, for stderr: an endpoint variable overriding a different `endpoint:` in aac.yaml (http/endpoint.ts). */
  warn?: Warn;
  /**
   * The values of every credential the run's environment holds, any provider's (registry.ts
   * credentialsIn), set by the registry's createBackend: a host may quote one it was never sent (a
   * gateway echoing a request, a CI job holding several providers' keys), so the client redacts
   * them as its own and counts them among its secrets() (Backend.secrets).
   */
  heldSecrets?: readonly string[];
}

/** A warning for the user, printed `Warning: <message>` with the hint on the line below it. */
export type Warn = (message: string, hint: string) => void;
