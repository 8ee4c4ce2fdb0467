// The one interface between the core (match, normalize, diff, plan, render, apply) and an API.
// Everything that knows a URL, a header or a wire field name lives behind it. The Assistants API
// is the first backend; hosted-agent APIs (OpenAI Agents, Foundry versioned agents) are further
// implementations of this interface, never edits to the core.
import type { AssistantSpec, LiveAssistant, SpecField } from '../model/assistant.js';
import type { Json, JsonObject } from '../model/json.js';
import type { Endpoint } from '../model/plan.js';

/** A value the server fills in when a definition leaves something out, and where that was seen. */
export interface DefaultEntry<T> {
  value: T;
  source: string;
}

/**
 * The backend's table of server-filled values. `normalize` applies it to desired and live state
 * alike, so a value the server fills in is never a difference.
 */
export interface ServerDefaults {
  /** Top-level field → the value stored when the field is omitted (or sent as null). */
  fields: { [F in SpecField]?: DefaultEntry<Json> };
  /** `function.strict` when omitted. */
  functionStrict: DefaultEntry<boolean>;
  /** `function.parameters` when omitted. */
  functionParameters: DefaultEntry<JsonObject>;
  /** `file_search.ranking_options` when omitted; a sent one gets its missing `ranker` from here. */
  fileSearchRankingOptions: DefaultEntry<{ ranker: string; score_threshold: number }>;
  /**
   * Values the definition may leave to the server, which resolves them when it stores them, so
   * whatever it reports then is what was asked for: `ranker` given as `autoRanker` (or omitted,
   * when `fileSearchRankingOptions.ranker` is that word), and `max_num_results` omitted.
   */
  serverResolved: DefaultEntry<{ autoRanker: string }>;
  /** `json_schema.strict` when omitted. */
  jsonSchemaStrict: DefaultEntry<boolean>;
}

/** The marker a write puts on an assistant: always this run's namespace (plan/identity.ts). */
export interface OwnMarker {
  namespace: string;
  key: string;
}

/** Typed failures, so callers decide on retry, adoption or report without parsing messages. */
export type BackendErrorKind =
  | 'auth' // 401/403: key or token missing or refused
  | 'not-found' // 404 on an id
  | 'invalid' // 400/422: the server refused the body; `param` names the field
  | 'rate-limited' // 429 still failing after retries
  | 'server' // 5xx still failing after retries
  | 'network' // connection refused, DNS, TLS
  | 'outcome-unknown' // a write whose response was lost (timeout, dropped connection, 5xx): it may have happened
  | 'retired' // the host no longer serves this API (OpenAI's own endpoint after 2026-08-26)
  | 'config'; // missing endpoint or credentials

export class BackendError extends Error {
  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    readonly details: { status?: number; param?: string | null; code?: string | null; requestId?: string } = {},
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

/** Counters a backend keeps, for `--debug`, tests and benchmarks. */
export interface BackendStats {
  requests: number;
  retries: number;
}

export interface Backend {
  /** Where this backend points, without secrets: recorded in plan files and checked on apply. */
  readonly target: Endpoint;
  readonly defaults: ServerDefaults;
  readonly stats: BackendStats;
  /** Every live assistant (managed and unmanaged), read with as few list requests as the API allows. */
  listAll(): Promise<LiveAssistant[]>;
  /** Creates an assistant with `marker`. Never retried blindly: a lost response is `outcome-unknown`. */
  create(spec: AssistantSpec, marker: OwnMarker): Promise<LiveAssistant>;
  /**
   * Sends only the fields in `body`. Whenever `body.metadata` is present it is sent whole with
   * `marker` added, and a key the server kept although it was left out (a legacy marker included)
   * is removed and checked.
   */
  update(id: string, body: Partial<AssistantSpec>, marker: OwnMarker): Promise<LiveAssistant>;
  delete(id: string): Promise<void>;
}
