// Azure AI Foundry's named, versioned agents as the registry sees them: the kind, the one
// provider, a client over the shared HTTP transport, and the emulator's fake.
import type { BackendModule } from '../backend.js';
import { FOUNDRY_AGENT } from './kind.js';

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 4;

export const FOUNDRY_AGENTS: BackendModule = {
  name: 'foundry-agents',
  kind: FOUNDRY_AGENT,
  providers: [{ name: 'foundry-agents', secrets: 'set AZURE_AI_PROJECT_ENDPOINT and AAC_FOUNDRY_TOKEN (or sign in for DefaultAzureCredential)' }],
  async connect({ config, env, debug }) {
    // Loaded on first use: `aac validate` needs neither the client nor the transport.
    const [{ Transport }, { foundryProjectConnection }, { FoundryAgentsBackend }] = await Promise.all([
      import('../http/transport.js'), import('../http/endpoint.js'), import('./foundry-agents-backend.js'),
    ]);
    const connection = await foundryProjectConnection(config, env, '/agents');
    const transport = new Transport({
      connection,
      maxRetries: config.options.max_retries ?? DEFAULT_MAX_RETRIES,
      timeoutMs: config.options.timeout_ms ?? DEFAULT_TIMEOUT_MS,
      ...(debug ? { debug } : {}),
    });
    return new FoundryAgentsBackend(connection, transport);
  },
  emulator: async (options) => new (await import('./emulator/shell-dialect.js')).FoundryAgentsShellDialect(options),
};
