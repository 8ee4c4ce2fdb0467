// Azure AI Foundry's named, versioned agents as the registry sees them: the kind, the one
// provider, a client over the shared HTTP transport, and the emulator's fake.
import type { BackendModule } from '../backend.js';
import { FOUNDRY_BASE_PATH, FOUNDRY_PROJECT, FOUNDRY_VARIABLES } from '../http/endpoint.js';
import { FOUNDRY_AGENT } from './kind.js';
import { migrateAssistant } from './migrate.js';

export const FOUNDRY_AGENTS: BackendModule = {
  name: 'foundry-agents',
  kind: FOUNDRY_AGENT,
  providers: [{ name: 'foundry-agents', secrets: `set ${FOUNDRY_VARIABLES.endpoint} and ${FOUNDRY_VARIABLES.credentials[0]!} (or sign in for DefaultAzureCredential)`, variables: FOUNDRY_VARIABLES, basePath: FOUNDRY_BASE_PATH, emulatorOptions: ['project'], servedAt: FOUNDRY_PROJECT }],
  async connect({ config, env, debug, notice, warn, heldSecrets }) {
    // Loaded on first use: `aac validate` needs neither the client nor the transport.
    const [{ Transport, transportOptions }, { foundryProjectConnection }, { FoundryAgentsBackend }] = await Promise.all([
      import('../http/transport.js'), import('../http/endpoint.js'), import('./foundry-agents-backend.js'),
    ]);
    const connection = await foundryProjectConnection(config, env, '/agents', warn);
    const transport = new Transport(transportOptions(connection, config.options, { debug, notice, heldSecrets }));
    return new FoundryAgentsBackend(connection, transport);
  },
  migrate: migrateAssistant,
  emulator: async (options) => new (await import('./emulator/shell-dialect.js')).FoundryAgentsShellDialect(options),
};
