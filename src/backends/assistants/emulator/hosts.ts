// Every difference between the hosts of the Assistants protocol, in one place: paths, auth
// headers, the beta header, api-version, the modify method, list page shape and what bodies may hold.
import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderName } from '../providers.js';
import { ApiError } from '../../../emulator/errors.js';
import type { ValidationRules } from './request-validation.js';
import { FOUNDRY_FILLS, OPENAI_FILLS, type FillProfile } from './server-fills.js';

export interface AuthOptions {
  apiKey?: string;
  virtualKey?: string;
}

export interface HostDialect {
  name: ProviderName;
  /** Path prefix before `/assistants`. */
  basePath(project: string): string;
  modifyMethod: 'POST' | 'PATCH';
  /** Dialect.requiredHeaders: the OpenAI protocol's beta header (openai-openapi ASSISTANTS.md: `OpenAI-Beta: assistants=v2`); Foundry classic has none. */
  requiredHeaders: Readonly<Record<string, string>>;
  /**
   * The `api-version` every request must carry, or undefined where none is asked for. Foundry
   * classic's spec has it required and a free string (classic-agents-v1.json
   * `parameters.Azure.Core.Foundations.ApiVersionParameter`, minLength 1) but serves `info.version`
   * v1; no source says what the service answers for another, so, read conservatively, any other
   * value is refused as the new Foundry agents API refuses one (`unsupported_api_version`).
   */
  apiVersion: string | undefined;
  /** Foundry pages have no `object` / `first_id` (classic-agents-v1.json, ListAgents 200). */
  listHasObjectAndFirstId: boolean;
  rules: ValidationRules;
  fills: FillProfile;
  /** Returns the 401 for missing or wrong credentials, nothing when they are accepted. */
  authenticate(headers: IncomingHttpHeaders, opts: AuthOptions): ApiError | undefined;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+(\S.*)$/i.exec(header(headers, 'authorization') ?? '');
  return m?.[1]?.trim() || undefined;
}

// The key is never echoed, not even masked: the emulator's output may end up in CI logs.
function unauthorized(message: string): ApiError {
  return new ApiError(401, message, null, 'invalid_api_key');
}

function bearerAuth(headers: IncomingHttpHeaders, opts: AuthOptions): ApiError | undefined {
  const token = bearer(headers);
  if (!token) {
    return unauthorized("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
  }
  if (opts.apiKey !== undefined && token !== opts.apiKey) return unauthorized('Incorrect API key provided.');
  return undefined;
}

const OPENAI_PROTOCOL = {
  basePath: () => '/v1',
  requiredHeaders: { 'OpenAI-Beta': 'assistants=v2' },
  apiVersion: undefined,
  listHasObjectAndFirstId: true,
  fills: OPENAI_FILLS,
};

export const HOSTS: Record<ProviderName, HostDialect> = {
  openai: {
    ...OPENAI_PROTOCOL,
    name: 'openai',
    modifyMethod: 'POST',
    rules: { schema: 'openai', vectorStoresOnModify: false },
    authenticate: bearerAuth,
  },
  portkey: {
    ...OPENAI_PROTOCOL,
    name: 'portkey',
    modifyMethod: 'POST',
    rules: { schema: 'openai', vectorStoresOnModify: false },
    authenticate(headers, opts) {
      const key = header(headers, 'x-portkey-api-key');
      const virtual = header(headers, 'x-portkey-virtual-key');
      if (!key) return unauthorized('Missing the x-portkey-api-key header.');
      if (opts.apiKey !== undefined && key !== opts.apiKey) return unauthorized('Incorrect x-portkey-api-key provided.');
      if (!virtual) return unauthorized('Missing the x-portkey-virtual-key header.');
      if (opts.virtualKey !== undefined && virtual !== opts.virtualKey) return unauthorized('Incorrect x-portkey-virtual-key provided.');
      return undefined;
    },
  },
  zerobot: {
    ...OPENAI_PROTOCOL,
    name: 'zerobot',
    modifyMethod: 'PATCH',
    rules: { schema: 'openai', vectorStoresOnModify: true },
    authenticate: bearerAuth,
  },
  foundry: {
    name: 'foundry',
    basePath: (project) => `/api/projects/${encodeURIComponent(project)}`,
    modifyMethod: 'POST',
    requiredHeaders: {},
    apiVersion: 'v1',
    listHasObjectAndFirstId: false,
    rules: { schema: 'foundry', vectorStoresOnModify: true },
    fills: FOUNDRY_FILLS,
    authenticate(headers, opts) {
      // Entra ID bearer tokens only (classic-agents-v1.json securityDefinitions): any token is
      // accepted unless the emulator was given one.
      const token = bearer(headers);
      if (!token) return new ApiError(401, 'Access denied: missing an Entra ID bearer token in the Authorization header.', null, 'unauthorized');
      if (opts.apiKey !== undefined && token !== opts.apiKey) return new ApiError(401, 'Access denied: invalid bearer token.', null, 'unauthorized');
      return undefined;
    },
  },
};
