// The hosts of the Assistants protocol, one entry each: where the API lives, how a request
// authenticates, and how the host differs (modify method, beta header, api-version, list order).
// Everything a provider changes is here; the transport and the backend read only `Connection`.
import type { ProjectConfig } from '../../model/config.js';
import { VARIABLES, type ProviderName } from './providers.js';
import type { Connection } from '../http/connection.js';

export type { Connection } from '../http/connection.js';
import { BackendError, type Warn } from '../backend.js';
import { foundryProjectConnection, headerVariable, resolveEndpoint, V1_PATH } from '../http/endpoint.js';

type Env = Record<string, string | undefined>;

/** A resolved profile: everything the transport needs for one host. */

interface Profile {
  /** `warn`: told when an endpoint variable overrides aac.yaml's endpoint (resolveEndpoint). */
  connect(config: ProjectConfig, env: Env, warn?: Warn): Promise<Connection>;
}

const BETA = { 'OpenAI-Beta': 'assistants=v2' };

function required(env: Env, name: string, provider: ProviderName, what: string): string {
  const v = headerVariable(env, name);
  if (!v) {
    throw new BackendError('config', `the ${provider} provider needs ${what}: set the environment variable ${name}`);
  }
  return v;
}

export const PROFILES: Readonly<Record<ProviderName, Profile>> = {
  // The protocol's reference. OpenAI's own endpoint retired it on 2026-08-26; compatible
  // servers (the emulator, self-hosted ones) are reached with OPENAI_BASE_URL.
  openai: {
    async connect(config, env, warn) {
      const { base, query, source, on } = resolveEndpoint(env, VARIABLES.openai, config, warn, V1_PATH);
      const key = required(env, VARIABLES.openai.credentials[0]!, 'openai', 'an API key');
      return {
        provider: 'openai',
        baseURL: base,
        endpointSource: source,
        ...on,
        bearer: key,
        headers: { ...BETA },
        query,
        organization: headerVariable(env, 'OPENAI_ORG_ID') ?? null,
        project: headerVariable(env, 'OPENAI_PROJECT_ID') ?? null,
        secrets: [key],
        updateMethod: 'post',
        canOrder: true,
        retired: {
          host: new URL(VARIABLES.openai.defaultEndpoint!).hostname,
          notice: VARIABLES.openai.defaultRetired!,
          advice:
            'Point aac at a host that still serves it: --provider foundry (Azure AI Foundry classic agents), ' +
            '--provider zerobot, --provider portkey (in front of a living host), or a compatible server ' +
            'such as `aac emulator` via OPENAI_BASE_URL',
        },
        listPath: '/assistants',
        basePath: V1_PATH,
        credentialHint: 'check OPENAI_API_KEY (and OPENAI_ORG_ID / OPENAI_PROJECT_ID if set)',
      };
    },
  },

  // Azure AI Foundry classic agents (azure-foundry/AGENTS.md part 1): project endpoint,
  // `api-version` on every call, Entra ID bearer tokens, no beta header.
  foundry: {
    connect: (config, env, warn) => foundryProjectConnection(config, env, '/assistants', warn),
  },

  // Portkey's gateway: its own two headers instead of a bearer key.
  portkey: {
    async connect(config, env, warn) {
      const { base, query, source, on } = resolveEndpoint(env, VARIABLES.portkey, config, warn, V1_PATH);
      const key = required(env, VARIABLES.portkey.credentials[0]!, 'portkey', 'an API key');
      const virtualKey = required(env, VARIABLES.portkey.credentials[1]!, 'portkey', 'a virtual key');
      return {
        provider: 'portkey',
        baseURL: base,
        endpointSource: source,
        ...on,
        bearer: null,
        headers: { ...BETA, 'x-portkey-api-key': key, 'x-portkey-virtual-key': virtualKey },
        query,
        organization: null,
        project: null,
        secrets: [key, virtualKey],
        updateMethod: 'post',
        canOrder: true,
        listPath: '/assistants',
        basePath: V1_PATH,
        credentialHint: 'check PORTKEY_API_KEY and PORTKEY_VIRTUAL_KEY',
      };
    },
  },

  // Zerobot: the OpenAI protocol with PATCH to modify.
  zerobot: {
    async connect(config, env, warn) {
      const { base, query, source, on } = resolveEndpoint(env, VARIABLES.zerobot, config, warn, V1_PATH);
      const key = required(env, VARIABLES.zerobot.credentials[0]!, 'zerobot', 'an API key');
      return {
        provider: 'zerobot',
        baseURL: base,
        endpointSource: source,
        ...on,
        bearer: key,
        headers: { ...BETA },
        query,
        organization: null,
        project: null,
        secrets: [key],
        updateMethod: 'patch',
        canOrder: true,
        listPath: '/assistants',
        basePath: V1_PATH,
        credentialHint: 'check ZEROBOT_API_KEY',
      };
    },
  },
};
