// The hosts that speak the Assistants protocol, as `--provider` and aac.yaml's `provider:` name them,
// and where each one's credentials come from (profiles.ts reads them).
import type { DialectOption, ProviderInfo, ProviderVariables } from '../backend.js';
import { FOUNDRY_BASE_PATH, FOUNDRY_PROJECT, FOUNDRY_VARIABLES, OPENAI_DEFAULT_ENDPOINT, V1_PATH } from '../http/endpoint.js';

export const PROVIDERS = ['openai', 'foundry', 'portkey', 'zerobot'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** The variables each host's profile reads (profiles.ts), OpenAI's as the official SDK names them. */
export const VARIABLES: Readonly<Record<ProviderName, ProviderVariables>> = {
  openai: { endpoint: 'OPENAI_BASE_URL', defaultEndpoint: OPENAI_DEFAULT_ENDPOINT, defaultRetired: 'OpenAI retired the Assistants API on 2026-08-26', credentials: ['OPENAI_API_KEY'] },
  foundry: FOUNDRY_VARIABLES,
  portkey: { endpoint: 'PORTKEY_BASE_URL', defaultEndpoint: 'https://api.portkey.ai/v1', credentials: ['PORTKEY_API_KEY', 'PORTKEY_VIRTUAL_KEY'] },
  zerobot: { endpoint: 'ZEROBOT_BASE_URL', defaultEndpoint: 'https://api.zerobot.ai/v1', credentials: ['ZEROBOT_API_KEY'] },
};

/** Foundry's token may come from a sign-in instead. */
const OTHER_SIGN_IN: Partial<Record<ProviderName, string>> = { foundry: ', or sign in with `az login` (DefaultAzureCredential)' };

/**
 * Every host's emulator serves either metadata mode (the API leaves it open); only Foundry's paths
 * name a project (emulator/hosts.ts), and only its tool_resources name project connections (azure_ai_search).
 */
const EMULATOR_OPTIONS: Readonly<Record<ProviderName, readonly DialectOption[]>> = {
  openai: ['metadataMode'],
  foundry: ['metadataMode', 'project', 'connections'],
  portkey: ['metadataMode'],
  zerobot: ['metadataMode'],
};

/** Foundry's project endpoint serves its versioned agents too (ProviderInfo.servedAt); the other hosts' addresses are their own. */
const SERVED_AT: Partial<Record<ProviderName, string>> = { foundry: FOUNDRY_PROJECT };

export const PROVIDER_INFO: readonly ProviderInfo[] = PROVIDERS.map((name) => ({
  name,
  secrets: `set ${VARIABLES[name].credentials.join(' and ')}${OTHER_SIGN_IN[name] ?? ''}`,
  variables: VARIABLES[name],
  // A Foundry project's path, else the OpenAI protocol's (profiles.ts connects each so).
  basePath: name === 'foundry' ? FOUNDRY_BASE_PATH : V1_PATH,
  emulatorOptions: EMULATOR_OPTIONS[name],
  ...(SERVED_AT[name] !== undefined ? { servedAt: SERVED_AT[name] } : {}),
}));

/** `provider` as one of this backend's hosts; the registry routes only these here. */
export function assistantsProvider(provider: string): ProviderName {
  if (!(PROVIDERS as readonly string[]).includes(provider)) throw new Error(`not a host of the Assistants protocol: ${provider}`);
  return provider as ProviderName;
}
