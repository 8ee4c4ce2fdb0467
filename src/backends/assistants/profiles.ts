// The hosts of the Assistants protocol, one entry each: where the API lives, how a request
// authenticates, and how the host differs (modify method, beta header, api-version, list order).
// Everything a provider changes is here; the transport and the backend read only `Connection`.
import type { ProjectConfig } from '../../model/config.js';
import type { ProviderName } from './providers.js';
import type { Connection } from '../http/connection.js';

export type { Connection } from '../http/connection.js';
import { BackendError } from '../backend.js';

type Env = Record<string, string | undefined>;

/** A resolved profile: everything the transport needs for one host. */

interface Profile {
  connect(config: ProjectConfig, env: Env): Promise<Connection>;
}

const BETA = { 'OpenAI-Beta': 'assistants=v2' };

function nonEmpty(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function required(env: Env, name: string, provider: ProviderName, what: string): string {
  const v = nonEmpty(env, name);
  if (!v) {
    throw new BackendError('config', `the ${provider} provider needs ${what}: set the environment variable ${name}`);
  }
  return v;
}

/**
 * The endpoint from the environment, else aac.yaml, else the host's default. Userinfo and query
 * are dropped (credentials never travel in a URL; fetch refuses them anyway) and the query's
 * parameters are returned to be sent on every request.
 */
function resolveEndpoint(
  env: Env,
  envName: string,
  config: ProjectConfig,
  fallback: string | undefined,
): { base: string; query: Record<string, string>; source: string } {
  // Set but empty (`OPENAI_BASE_URL=` in a CI file, an unset secret) is a mistake, not a wish for
  // the default endpoint: the SDK would read it as the public one, which no longer serves this API.
  if (env[envName] !== undefined && env[envName]!.trim() === '') {
    throw new BackendError(
      'config',
      `${envName} is set but empty; give the server's URL (e.g. http://127.0.0.1:8080/v1), or unset it to use ${config.endpoint?.trim() ? '`endpoint:` in aac.yaml' : fallback ? `the default ${fallback}` : 'an endpoint from aac.yaml'}`,
    );
  }
  const raw = nonEmpty(env, envName) ?? config.endpoint?.trim() ?? fallback;
  const source = nonEmpty(env, envName) ? envName : config.endpoint?.trim() ? `\`endpoint:\` in ${config.file ?? 'aac.yaml'}` : 'the default';
  if (!raw) {
    throw new BackendError(
      'config',
      `the ${config.provider} provider needs an endpoint: set the environment variable ${envName} (or \`endpoint:\` in aac.yaml)`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const from = nonEmpty(env, envName) ? `the environment variable ${envName}` : (config.file ?? 'aac.yaml');
    throw new BackendError('config', `the endpoint in ${from} is not a URL; expected e.g. https://host/v1`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BackendError('config', `the endpoint for ${config.provider} must be an http(s) URL, not ${url.protocol}`);
  }
  const query = Object.fromEntries(url.searchParams);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return { base: url.toString().replace(/\/+$/, ''), query, source };
}

export const PROFILES: Readonly<Record<ProviderName, Profile>> = {
  // The protocol's reference. OpenAI's own endpoint retired it on 2026-08-26; compatible
  // servers (the emulator, self-hosted ones) are reached with OPENAI_BASE_URL.
  openai: {
    async connect(config, env) {
      const { base, query, source } = resolveEndpoint(env, 'OPENAI_BASE_URL', config, 'https://api.openai.com/v1');
      const key = required(env, 'OPENAI_API_KEY', 'openai', 'an API key');
      return {
        provider: 'openai',
        baseURL: base,
        endpointSource: source,
        bearer: key,
        headers: { ...BETA },
        query,
        organization: nonEmpty(env, 'OPENAI_ORG_ID') ?? null,
        project: nonEmpty(env, 'OPENAI_PROJECT_ID') ?? null,
        secrets: [key],
        updateMethod: 'post',
        canOrder: true,
        retired: {
          host: 'api.openai.com',
          notice: 'OpenAI retired the Assistants API on 2026-08-26',
          advice:
            'Point aac at a host that still serves it: --provider foundry (Azure AI Foundry classic agents), ' +
            '--provider zerobot, --provider portkey (in front of a living host), or a compatible server ' +
            'such as `aac emulator` via OPENAI_BASE_URL',
        },
        listPath: '/assistants',
        basePath: '/v1',
        credentialHint: 'check OPENAI_API_KEY (and OPENAI_ORG_ID / OPENAI_PROJECT_ID if set)',
      };
    },
  },

  // Azure AI Foundry classic agents (azure-foundry/AGENTS.md part 1): project endpoint,
  // `api-version` on every call, Entra ID bearer tokens, no beta header.
  foundry: {
    async connect(config, env) {
      const { base, query, source } = resolveEndpoint(env, 'AZURE_AI_PROJECT_ENDPOINT', config, undefined);
      const given = nonEmpty(env, 'AAC_FOUNDRY_TOKEN');
      return {
        provider: 'foundry',
        baseURL: base,
        endpointSource: source,
        bearer: given ?? (await entraTokenSource()),
        headers: {},
        query: { ...query, 'api-version': config.options.api_version ?? query['api-version'] ?? 'v1' },
        organization: null,
        project: null,
        secrets: given ? [given] : [],
        updateMethod: 'post',
        canOrder: true,
        listPath: '/assistants',
        credentialHint: given
          ? 'check AAC_FOUNDRY_TOKEN (an Entra ID token for https://ai.azure.com/.default)'
          : 'check `az login` or the service principal / OIDC login of this job, and its role on the Foundry project',
      };
    },
  },

  // Portkey's gateway: its own two headers instead of a bearer key.
  portkey: {
    async connect(config, env) {
      const { base, query, source } = resolveEndpoint(env, 'PORTKEY_BASE_URL', config, 'https://api.portkey.ai/v1');
      const key = required(env, 'PORTKEY_API_KEY', 'portkey', 'an API key');
      const virtualKey = required(env, 'PORTKEY_VIRTUAL_KEY', 'portkey', 'a virtual key');
      return {
        provider: 'portkey',
        baseURL: base,
        endpointSource: source,
        bearer: null,
        headers: { ...BETA, 'x-portkey-api-key': key, 'x-portkey-virtual-key': virtualKey },
        query,
        organization: null,
        project: null,
        secrets: [key, virtualKey],
        updateMethod: 'post',
        canOrder: true,
        listPath: '/assistants',
        basePath: '/v1',
        credentialHint: 'check PORTKEY_API_KEY and PORTKEY_VIRTUAL_KEY',
      };
    },
  },

  // Zerobot: the OpenAI protocol with PATCH to modify.
  zerobot: {
    async connect(config, env) {
      const { base, query, source } = resolveEndpoint(env, 'ZEROBOT_BASE_URL', config, 'https://api.zerobot.ai/v1');
      const key = required(env, 'ZEROBOT_API_KEY', 'zerobot', 'an API key');
      return {
        provider: 'zerobot',
        baseURL: base,
        endpointSource: source,
        bearer: key,
        headers: { ...BETA },
        query,
        organization: null,
        project: null,
        secrets: [key],
        updateMethod: 'patch',
        canOrder: true,
        listPath: '/assistants',
        basePath: '/v1',
        credentialHint: 'check ZEROBOT_API_KEY',
      };
    },
  },
};

const ENTRA_SCOPE = 'https://ai.azure.com/.default';

/** The range package.json's optional peer dependency allows, for the install hint. */
const IDENTITY_PACKAGE = '@azure/identity@^4.13.1';

/**
 * `@azure/identity` is most of the install and only Foundry users without AAC_FOUNDRY_TOKEN need
 * it, so it is an optional peer dependency: loaded here on demand, and when it is not installed,
 * the error says how to get it or do without it.
 */
async function loadIdentity(): Promise<typeof import('@azure/identity')> {
  try {
    return await import('@azure/identity');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    throw new BackendError(
      'auth',
      'provider foundry signs in with Entra ID through the optional package @azure/identity, which is not installed; ' +
        `install it beside aac (\`npm install --save-dev ${IDENTITY_PACKAGE}\`), ` +
        'or give a token in AAC_FOUNDRY_TOKEN (`az account get-access-token --resource https://ai.azure.com --query accessToken -o tsv`)',
    );
  }
}

/**
 * Tokens from `DefaultAzureCredential` (az login, a service principal's variables, GitHub OIDC).
 * Imported only here, so the other profiles never load @azure/identity. The credential caches
 * and refreshes tokens itself, so asking before each request is cheap and survives expiry.
 */
async function entraTokenSource(): Promise<() => Promise<string>> {
  const { DefaultAzureCredential } = await loadIdentity();
  const credential = new DefaultAzureCredential();
  return async () => {
    try {
      const token = await credential.getToken(ENTRA_SCOPE);
      if (token?.token) return token.token;
    } catch (err) {
      throw new BackendError(
        'auth',
        `could not get an Entra ID token for ${ENTRA_SCOPE}: ${firstLine((err as Error).message)}; ` +
          'run `az login`, set a service principal (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET), ' +
          'or give a token in AAC_FOUNDRY_TOKEN',
      );
    }
    throw new BackendError('auth', `no Entra ID token was returned for ${ENTRA_SCOPE}; give one in AAC_FOUNDRY_TOKEN`);
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
