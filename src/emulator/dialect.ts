// The contract between the emulator shell (server.ts: HTTP, faults, latency, rate limits, stats,
// the control endpoints) and one API's fake (a dialect, in src/backends/<name>/). A dialect is a
// request handler with no I/O: the shell parses the request, asks the dialect, and writes what it
// returns; everything about the API (paths, auth, bodies, errors, what it stores) is the dialect's.
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiError } from './errors.js';
import type { StateFile } from './state-file.js';
import type { Strictness } from './strict.js';

export interface DialectRequest {
  method: string;
  /** The URL path without the query, trailing slashes removed: `/v1/assistants/asst_1`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body of a POST or PATCH; undefined for other methods. */
  body: unknown;
}

/**
 * The first of `required` (Dialect.requiredHeaders) that `headers` lacks, as `[name, value]`: a
 * header is there when one of its comma-separated values is the value asked for (`OpenAI-Beta:
 * assistants=v2, agents=v1` carries both betas); undefined when every one is there.
 */
export function missingHeader(headers: IncomingHttpHeaders, required: Readonly<Record<string, string>>): [string, string] | undefined {
  return Object.entries(required).find(([name, value]) => {
    const given = headers[name.toLowerCase()];
    return !(Array.isArray(given) ? given : [given ?? '']).flatMap((v) => v.split(',')).some((v) => v.trim() === value);
  });
}

export interface DialectResponse {
  status: number;
  /** The body, written with `Dialect.serialize`; a JsonText (json-text.ts) is sent as it is. */
  body: unknown;
  headers?: Record<string, string>;
}

/** A resource made or changed behind the tool's back, as the API would send it. */
export type Resource = Record<string, unknown>;

export interface Dialect {
  /** The provider it speaks for, as the registry names it. */
  readonly name: string;
  /** The path every API route starts with; clients use `http://host:port{basePath}` as their base URL. */
  readonly basePath: string;
  /** Query parameters of the API itself, whose values the request log may show (any other may be a credential). */
  readonly publicQuery: readonly string[];
  /**
   * Query parameters every request must carry, by name, with the value the API is served at
   * (`{ 'api-version': 'v1' }`; {} where none is asked for): `aac emulator` tells a client to add
   * them, as admit refuses a request without them.
   */
  readonly requiredQuery: Readonly<Record<string, string>>;
  /**
   * Headers every request must carry, by name as the API's documentation writes it, with the value
   * one of its comma-separated values must be (`{ 'OpenAI-Beta': 'assistants=v2' }`; {} where none
   * is asked for): `aac emulator` tells a client to send them, as admit refuses a request without
   * them (missingHeader).
   */
  readonly requiredHeaders: Readonly<Record<string, string>>;
  /** The route a request is for (`GET /assistants/{id}`), for stats; undefined: the API has no such path (the shell answers 404). */
  route(method: string, path: string): string | undefined;
  /** Whether the request changes state: a commit-then-drop fault cuts such a request after it is made. */
  isWrite(req: Pick<DialectRequest, 'method' | 'path'>): boolean;
  /**
   * The API's credential check alone (the key or token it takes, the one configured or any): its
   * 401, or undefined. The shell asks it of the `/_emulator` control routes too, so an emulator
   * started with a key serves nothing to a caller without it.
   */
  authenticate(headers: DialectRequest['headers']): ApiError | undefined;
  /**
   * What the API checks before anything else (authenticate's credentials, then required headers
   * and query parameters): the refusal, or undefined to go on. The shell asks before it injects faults.
   */
  admit(req: DialectRequest): ApiError | undefined;
  /** Answers one admitted request; throws ApiError for a refusal the API would make. */
  handle(req: DialectRequest): DialectResponse;
  /**
   * The API's error body for `e` (the shell's own refusals included: 404 path, 400 JSON, 429, 5xx);
   * `route` is the request's (route()), undefined for a path no route has. The route matters only
   * where one emulator serves several APIs (composite.ts): each answers in its own shape.
   */
  errorBody(e: ApiError, route?: string): unknown;
  /** The response text for a body (JSON as the API writes it: `1.0` where it sends a float); `route` as for errorBody. */
  serialize(body: unknown, route?: string): string;
  /** Headers the API sends on every response, given how long the request took; `route` as for errorBody. */
  responseHeaders(elapsedMs: number, route?: string): Record<string, string>;
  /** Problems of a response against the API's official schemas ([] when it conforms): test mode checks every response. */
  checkResponse(route: string, status: number, body: unknown): string[];
  /** Makes resources directly, as if by hand: no HTTP, no stats, server-filled values filled. */
  seed(bodies: Resource[]): Resource[];
  /** Changes one behind the tool's back (drift); throws ApiError for an unknown id or bad fields. */
  mutate(id: string, fields: Resource): Resource;
  /** Every stored resource, oldest first, as the API would send it. */
  resources(): Resource[];
  /** Whether it holds an item of `collection` (its own name for one, e.g. a path's) with this id: what --strict checks a body's ids against (strict.ts). */
  holds?(collection: string, id: string): boolean;
  /** Switches the dialect exposes at run time (e.g. the Assistants dialect's `metadataMode`). */
  configure?(settings: Record<string, unknown>): void;
  /**
   * Makes now what serving a request makes on first use (the Assistants dialect: the validators
   * of its request schemas), so that the first request of each route is served as fast as the
   * next: the shell calls it before listening when asked (ShellOptions.warm).
   */
  warm?(): void;
}

/**
 * How an Assistants dialect's modify treats a body's `metadata`: replaces the map (its default) or
 * merges the keys given into it, which the API leaves open (EmulatorOptions.metadataMode,
 * `aac emulator --metadata-mode`, the control endpoint's switch): stated here, where the shell,
 * the command and the dialect meet.
 */
export const METADATA_MODES = ['replace', 'merge'] as const;
export type MetadataMode = (typeof METADATA_MODES)[number];

/**
 * What `aac emulator` and `startEmulator` hand a backend to make its dialect: the provider, the one
 * accepted key, a state file, and whatever else the dialect reads (the Assistants dialect:
 * `virtualKey`, `project`, `metadataMode`).
 */
export interface DialectOptions {
  provider: string;
  apiKey?: string;
  /** The --state file, shared by every dialect of one emulator (state-file.ts). */
  state?: StateFile;
  /** --strict: refuse unknown models and ids (strict.ts); undefined: lenient. */
  strict?: Strictness;
  [option: string]: unknown;
}
