// `startEmulator`: the emulator shell (server.ts) serving the dialect of one provider, as the
// registry's backend for that provider makes it. `aac emulator` and the tests start it here.
import { defaultProvider, emulatorDialect } from '../backends/registry.js';
import { serveDialect, type RunningEmulator, type ShellOptions } from './server.js';

export { takeResponseViolations, type EmulatorStats, type ResponseViolation, type RunningEmulator } from './server.js';

export interface EmulatorOptions extends ShellOptions {
  /** The host whose dialect is served (default: the registry's default provider). */
  provider?: string;
  /** The one accepted key/token; undefined = any non-empty one is accepted. */
  apiKey?: string;
  /** portkey: the accepted x-portkey-virtual-key (undefined = any non-empty). */
  virtualKey?: string;
  /** foundry: the project name in the path (default 'default'). */
  project?: string;
  /** The Assistants dialect's modify of metadata: replace the map (default) or merge keys. */
  metadataMode?: 'replace' | 'merge';
  /** Persist to this JSON file (atomic write); a corrupt file is a UserError. */
  statePath?: string;
  /** The Assistants dialect: how long after its `expires_at` a vector store's status turns `expired`, seconds (default 0). */
  expiryLagSeconds?: number;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { port, host, latencyMs, rateLimitPerMinute, rateLimitWindowMs, errorRate, commitThenDropRate, seed, validateResponses, log, ...dialectOptions } = opts;
  const dialect = await emulatorDialect({ ...dialectOptions, provider: opts.provider ?? defaultProvider() });
  return serveDialect(dialect, {
    port, host, latencyMs, rateLimitPerMinute, rateLimitWindowMs, errorRate, commitThenDropRate, seed, validateResponses, log,
    secrets: [opts.apiKey, opts.virtualKey],
  });
}
