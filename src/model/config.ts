// The project config file, `aac.yaml` beside the definitions directory. Never holds secrets:
// keys and tokens come from the environment only.
import type { SourceLocation } from './definition.js';

/** The definitions directory when `--dir` is not given, relative to the working directory. */
export const DEFAULT_DIR = 'assistants';

/** A provider as the registry names it (backends/registry.ts): `openai`, `foundry`, … */
export type ProviderName = string;

/** Apply's actions in flight (and the version reads of `retain_versions`) without `options.concurrency`. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * Without `options.max_retries`: how many times a request that failed in a way a later try may not
 * meet is sent again — by the transport (backends/http/transport.ts), and by apply for a create
 * whose answer was lost and that a listing then shows was not made (apply/index.ts).
 */
export const DEFAULT_MAX_RETRIES = 4;

/** `options.max_retries`, else DEFAULT_MAX_RETRIES: what every retry of the run (the transport's, apply's, the lock's create) counts to. */
export function maxRetries(options: ProjectConfig['options']): number {
  return options.max_retries ?? DEFAULT_MAX_RETRIES;
}

/**
 * The `options:` every provider's client reads alike (apply's concurrency, the transport's timeout
 * and retries), as against `api_version`, a version of the host's own API (ProviderInfo.servedAt).
 */
export const CLIENT_OPTIONS = ['concurrency', 'timeout_ms', 'max_retries'] as const;

export interface ProjectConfig {
  provider: ProviderName;
  /**
   * True when aac.yaml asks for a provider it could not give (a `provider:` that does not exist,
   * or a file that cannot be read or is not a mapping) and no --provider overrides it: `provider`
   * is then the default standing in, so validate still checks the definitions, but it was not asked for.
   */
  providerUnknown?: true;
  /**
   * With providerUnknown, the `provider:` aac.yaml writes (the environment's, for one), when it is
   * text: for messages that would otherwise speak of the default's kind as if it were asked for.
   */
  providerWritten?: string;
  /** The host's base URL or project endpoint; the environment wins when set. */
  endpoint?: string;
  /**
   * Where `endpoint` is written: the position of its value in aac.yaml, and the environment that
   * writes it (none: the top level's). For the warning when an endpoint variable overrides it.
   */
  endpointAt?: SourceLocation & { environment?: string };
  /** `namespace:`, when the file sets a valid one (see config/namespace.ts for the others). */
  namespace?: string;
  /** Where `namespace` is written: its value's position in aac.yaml, and the environment that writes it (none: the top level's). */
  namespaceAt?: SourceLocation & { environment?: string };
  /**
   * Where the `provider:` value in effect is written, whatever --provider says, known or not (with
   * providerUnknown, the one not known): the top level's, or the run's environment's
   * (`environment`: its name), when that writes one.
   */
  providerAt?: SourceLocation & { environment?: string };
  /** That value, a known provider, when `--provider` gave another (`provider` is then the flag's). */
  providerOverridden?: string;
  /** `retain_versions:`: for a versioned kind, how many of each managed resource's newest versions to keep (≥ 1); undefined keeps all. */
  retainVersions?: number;
  /** The environment of aac.yaml these settings are for (`--env`); undefined without environments. */
  environment?: string;
  /** Where the config was read from, for messages; undefined when no file exists. */
  file?: string;
  /** `$schema:` as written (for editors; aac migrate carries it). */
  schema?: string;
  options: {
    /** The `api-version` query value, for hosts that take one (default `v1`). */
    api_version?: string;
    /** Concurrent API calls during apply. */
    concurrency?: number;
    /** Per-request timeout, milliseconds. */
    timeout_ms?: number;
    /** How many times a transient failure is retried (DEFAULT_MAX_RETRIES). */
    max_retries?: number;
  };
}
