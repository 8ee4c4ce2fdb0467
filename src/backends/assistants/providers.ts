// The hosts that speak the Assistants protocol, as `--provider` and aac.yaml's `provider:` name them,
// and where each one's credentials come from (profiles.ts reads them).
import type { ProviderInfo } from '../backend.js';

export const PROVIDERS = ['openai', 'foundry', 'portkey', 'zerobot'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

const SECRETS: Readonly<Record<ProviderName, string>> = {
  openai: 'set OPENAI_API_KEY',
  foundry: 'set AAC_FOUNDRY_TOKEN, or sign in with `az login` (DefaultAzureCredential)',
  portkey: 'set PORTKEY_API_KEY and PORTKEY_VIRTUAL_KEY',
  zerobot: 'set ZEROBOT_API_KEY',
};

export const PROVIDER_INFO: readonly ProviderInfo[] = PROVIDERS.map((name) => ({ name, secrets: SECRETS[name] }));

/** `provider` as one of this backend's hosts; the registry routes only these here. */
export function assistantsProvider(provider: string): ProviderName {
  if (!(PROVIDERS as readonly string[]).includes(provider)) throw new Error(`not a host of the Assistants protocol: ${provider}`);
  return provider as ProviderName;
}
