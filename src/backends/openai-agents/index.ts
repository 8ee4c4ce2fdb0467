// The OpenAI Agents API backend as the registry sees it: its resource kind, its one host, a client
// over the shared HTTP transport, and its emulator dialect.
import type { BackendModule } from '../backend.js';
import { PROVIDER, VARIABLES } from './agent.js';
import { AGENT } from './kind.js';
import { migrateAssistant } from './migrate.js';
import { V1_PATH } from '../http/endpoint.js';

export const OPENAI_AGENTS: BackendModule = {
  name: 'openai-agents',
  kind: AGENT,
  providers: [{ name: PROVIDER, secrets: `set ${VARIABLES.credentials.join(' and ')}`, variables: VARIABLES, basePath: V1_PATH }],
  async connect({ config, env, debug, notice, warn, heldSecrets }) {
    // The client and the emulator load on first use: `aac validate` needs neither.
    const [{ Transport, transportOptions }, { AgentsBackend }, { connectAgents }] = await Promise.all([import('../http/transport.js'), import('./agents-backend.js'), import('./client.js')]);
    const connection = connectAgents(config, env, warn);
    return new AgentsBackend({ backend: 'openai-agents', provider: PROVIDER, endpoint: connection.baseURL }, new Transport(transportOptions(connection, config.options, { debug, notice, heldSecrets })));
  },
  migrate: migrateAssistant,
  async emulator(options) {
    return new (await import('./emulator-dialect.js')).AgentsDialect({
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      ...(options.state !== undefined ? { state: options.state } : {}),
      ...(options.strict !== undefined ? { strict: options.strict } : {}),
    });
  },
};
