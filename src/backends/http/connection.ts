// How to reach one host: its base URL, credentials, headers and query, and what its API's
// dialect changes for the transport (a backend's profile for a provider fills it in).

export interface Connection {
  /** The provider, as the registry names it. */
  provider: string;
  /** Base URL the API's paths are appended to, without userinfo or query. */
  baseURL: string;
  /** Bearer credential: a key, or a function for tokens that expire (fetched before each request). */
  bearer: string | (() => Promise<string>) | null;
  /** Extra headers (`null` removes one the SDK would send). */
  headers: Record<string, string | null>;
  /** Query parameters on every request (Foundry's `api-version`). */
  query: Record<string, string>;
  /** `OpenAI-Organization` / `OpenAI-Project`, as the SDK sends them. */
  organization: string | null;
  project: string | null;
  /** Exact secret values, for redaction; a token fetched later is added by the transport. */
  secrets: string[];
  /** HTTP method of modify. */
  updateMethod: 'post' | 'patch';
  /** Whether `order=asc|desc` works, so two cursors can walk the list from both ends. */
  canOrder: boolean;
  /** The path of the list endpoint below `baseURL`, for messages (`/assistants`). */
  listPath: string;
  /** A host that answers 404 on list since the API's retirement: what to tell the user there. */
  retired?: { host: string; notice: string; advice: string };
  /** Where a refused credential is fixed, for `auth` errors. */
  credentialHint: string;
  /** Where the base URL came from, for a host that cannot be reached: `OPENAI_BASE_URL`, `endpoint: in aac.yaml`, `the default`. */
  endpointSource?: string;
  /** The path a base URL of this protocol ends in (`/v1`): a 404 on list from one without it gets a hint. */
  basePath?: string;
}
