// The Assistants API backend as the registry sees it: its resource kind, its hosts, and a client
// for one of them over the shared HTTP transport.
import type { BackendModule } from '../backend.js';
import { ASSISTANT } from './kind.js';
import { PROFILES } from './profiles.js';
import { assistantsProvider, PROVIDER_INFO } from './providers.js';

export const ASSISTANTS: BackendModule = {
  name: 'assistants',
  kind: ASSISTANT,
  providers: PROVIDER_INFO,
  async connect({ config, env, debug, notice, warn, heldSecrets }) {
    const provider = assistantsProvider(config.provider);
    // The client and the emulator load on first use: `aac validate` needs neither.
    const [{ Transport, transportOptions }, { AssistantsBackend }] = await Promise.all([import('../http/transport.js'), import('./assistants-backend.js')]);
    const connection = await PROFILES[provider].connect(config, env, warn);
    const transport = new Transport(transportOptions(connection, config.options, { debug, notice, heldSecrets }));
    return new AssistantsBackend(connection, transport);
  },
  emulator: async (options) => new (await import('./emulator/dialect.js')).AssistantsDialect({ ...options, provider: assistantsProvider(options.provider) }),
};
