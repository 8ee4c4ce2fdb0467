// The one way commands get a backend: from the project config (provider already resolved) and
// the environment (secrets only ever come from there).
import type { ProjectConfig } from '../model/config.js';
import type { Backend } from './backend.js';
import { AssistantsBackend } from './assistants/assistants-backend.js';
import { PROFILES } from './assistants/profiles.js';
import { SERVER_DEFAULTS } from './assistants/server-defaults.js';
import { Transport } from './assistants/transport.js';

export interface BackendOptions {
  /** Provider already resolved: --provider > aac.yaml > 'openai'. */
  config: ProjectConfig;
  /** Never process.env directly: tests and the CLI pass theirs. */
  env: Record<string, string | undefined>;
  /** --debug: one line per request attempt, secrets redacted. */
  debug?: (line: string) => void;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 4;

export async function createBackend(opts: BackendOptions): Promise<Backend> {
  const { config } = opts;
  const connection = await PROFILES[config.provider].connect(config, opts.env);
  const transport = new Transport({
    connection,
    maxRetries: config.options.max_retries ?? DEFAULT_MAX_RETRIES,
    timeoutMs: config.options.timeout_ms ?? DEFAULT_TIMEOUT_MS,
    ...(opts.debug ? { debug: opts.debug } : {}),
  });
  return new AssistantsBackend(connection, transport, SERVER_DEFAULTS[config.provider]);
}
