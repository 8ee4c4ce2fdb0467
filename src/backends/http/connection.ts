// How to reach one host: its base URL, credentials, headers and query, and what its API's
// dialect changes for the transport (a backend's profile for a provider fills it in).

import { decodedSegment } from '../../util/uri-text.js';

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
  /**
   * The environment of aac.yaml the run is in, and the provider's endpoint variable (its name,
   * never a value), for `auth` errors: credentials are a host's, and each environment may be another
   * host. Absent without environments.
   */
  environment?: { name: string; endpointVariable: string };
  /** Where the base URL came from, for a host that cannot be reached: `OPENAI_BASE_URL`, `endpoint: in aac.yaml`, `the default`. */
  endpointSource?: string;
  /**
   * The path a base URL of this protocol has (`/v1`; Foundry's `/api/projects/<project>`): a 404 on
   * list from a base URL at the host's root gets the hint to add it, and only that one (a base URL
   * with a path of its own, `/v1/nothing`, is not one this path is missing from).
   */
  basePath?: string;
  /** The `api-version` every request sends (Foundry) and where it came from, for the hint when a host refuses it. */
  apiVersion?: { value: string; source: string };
}

/**
 * The names the base URL gives where the protocol's base path has a placeholder (`<project>` of
 * Foundry's `/api/projects/<project>`, azure-foundry/AGENTS.md): `[{ word: 'project', value:
 * 'sales' }]` for `https://x.services.ai.azure.com/api/projects/sales`, each value decoded. []
 * when `basePath` has none, or the base URL's path does not end in its shape (a gateway's own
 * path: nothing is known to name the placeholder there).
 */
export function namedInBasePath(baseURL: string, basePath: string | undefined): Array<{ word: string; value: string }> {
  if (basePath === undefined) return [];
  const pattern = basePath.split('/').filter((s) => s !== '');
  const path = new URL(baseURL).pathname.split('/').filter((s) => s !== '');
  const tail = path.slice(path.length - pattern.length);
  if (tail.length !== pattern.length) return [];
  const named: Array<{ word: string; value: string }> = [];
  for (const [i, step] of pattern.entries()) {
    const placeholder = /^<([a-z-]+)>$/.exec(step);
    if (placeholder) named.push({ word: placeholder[1]!, value: decodedSegment(tail[i]!) });
    else if (step !== tail[i]) return [];
  }
  return named;
}
