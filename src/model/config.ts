// The project config file, `aac.yaml` beside the definitions directory. Never holds secrets:
// keys and tokens come from the environment only.
export const PROVIDERS = ['openai', 'foundry', 'portkey', 'zerobot'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ProjectConfig {
  provider: ProviderName;
  /** Base URL (openai, portkey, zerobot) or project endpoint (foundry); the environment wins when set. */
  endpoint?: string;
  /** `namespace:`, when the file sets a valid one (see config/namespace.ts for the others). */
  namespace?: string;
  /** Where the config was read from, for messages; undefined when no file exists. */
  file?: string;
  options: {
    /** foundry: the `api-version` query value (default `v1`). */
    api_version?: string;
    /** Concurrent API calls during apply. */
    concurrency?: number;
    /** Per-request timeout, milliseconds. */
    timeout_ms?: number;
    /** How many times a transient failure is retried. */
    max_retries?: number;
  };
}
