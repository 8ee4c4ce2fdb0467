// `startEmulator`: the emulator shell (server.ts) serving the dialect of one provider, as the
// registry's backend for that provider makes it, or of several served at one address (composite.ts).
// `aac emulator` and the tests start it here.
import { defaultProvider, emulatorDialect, knownModels, servedTogether } from '../backends/registry.js';
import { CompositeDialect } from './composite.js';
import { serveDialect, type RunningEmulator, type ShellOptions } from './server.js';
import { StateFile } from './state-file.js';
import type { Dialect, MetadataMode } from './dialect.js';
import type { Strictness } from './strict.js';

export { type Answered, type EmulatorStats, type RunningEmulator } from './server.js';
export { takeResponseViolations, type ResponseViolation } from './violations.js';
export { METADATA_MODES, type MetadataMode } from './dialect.js';

export interface EmulatorOptions extends ShellOptions {
  /**
   * The host whose dialect is served (default: the registry's default provider), or several served
   * at one address, joined by commas (`foundry,foundry-agents`: registry.ts servedTogether).
   */
  provider?: string;
  /** The one accepted key/token; undefined = any non-empty one is accepted. */
  apiKey?: string;
  /** portkey: the accepted x-portkey-virtual-key (undefined = any non-empty). */
  virtualKey?: string;
  /** foundry: the project name in the path (default 'default'). */
  project?: string;
  /** The Assistants dialect's modify of metadata: replace the map (default) or merge keys. */
  metadataMode?: MetadataMode;
  /** Persist to this JSON file (atomic write), every dialect served in it; a corrupt file is a UserError. */
  statePath?: string;
  /** The Assistants dialect: how long after its `expires_at` a vector store's status turns `expired`, seconds (default 0). */
  expiryLagSeconds?: number;
  /** Refuse what the live services refuse and a lenient emulator takes: unknown models and ids (strict.ts). Default false. */
  strict?: boolean;
  /** With `strict`: the model (deployment) names taken, in place of the sources' list (registry.ts knownModels). */
  models?: readonly string[];
  /** With `strict`: the file ids taken as uploaded (the emulator serves no Files API); default none. */
  files?: readonly string[];
  /** With `strict`: the project connection ids taken (classic Foundry's azure_ai_search indexes; no connections API is served); default none. */
  connections?: readonly string[];
}

/** Throws UserError for providers that cannot be served together (servedTogether), and for a bad state file. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { port, host, latencyMs, rateLimitPerMinute, rateLimitWindowMs, errorRate, commitThenDropRate, failWrite, seed, validateResponses, log, onAnswered, hold, warm, statePath, strict: isStrict, models, files, connections, ...dialectOptions } = opts;
  const providers = servedTogether((opts.provider ?? defaultProvider()).split(','));
  const name = providers.join(',');
  const state = statePath === undefined ? undefined : new StateFile(statePath, name, providers.length > 1 ? providers : []);
  const parts: Dialect[] = [];
  // A body's ids are looked for in every part: one address is one project, whose stores both APIs use.
  const strict: Strictness | undefined = isStrict
    ? { models: new Set(models ?? await knownModels()), files: new Set(files ?? []), connections: new Set(connections ?? []), holds: (collection, id) => parts.some((p) => p.holds?.(collection, id)) }
    : undefined;
  // One after another: each part reads the state file in turn, and the shared file remembers the lists of each.
  for (const provider of providers) parts.push(await emulatorDialect({ ...dialectOptions, provider, ...(state ? { state } : {}), ...(strict ? { strict } : {}) }));
  return serveDialect(parts.length === 1 ? parts[0]! : new CompositeDialect(parts), {
    port, host, latencyMs, rateLimitPerMinute, rateLimitWindowMs, errorRate, commitThenDropRate, failWrite, seed, validateResponses, log, onAnswered, hold, warm,
    secrets: [opts.apiKey, opts.virtualKey],
  });
}
