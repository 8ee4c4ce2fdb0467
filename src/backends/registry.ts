// The backends aac knows, one line each, and the one way the core reaches them: by provider (from
// `--provider` or aac.yaml, to connect) or by backend name (from a saved plan, to read it). Provider
// names, aac.yaml's `provider` enum (kept equal by a test), the secret hints in messages and help
// all come from here, never from a list of their own.
import type { Dialect, DialectOptions } from '../emulator/dialect.js';
import type { Backend, BackendModule, ConnectOptions, DialectOption, ProviderInfo, ResourceKind } from './backend.js';
import { ASSISTANTS } from './assistants/index.js';
import { OPENAI_AGENTS } from './openai-agents/index.js';
import { FOUNDRY_AGENTS } from './foundry-agents/index.js';
import { UserError } from '../util/errors.js';
import { andList, orList } from '../util/words.js';
import { closest } from '../yaml/suggest.js';
import { redactData } from '../util/redact.js';

const BACKENDS: BackendModule[] = [
  ASSISTANTS,
  OPENAI_AGENTS,
  FOUNDRY_AGENTS,
];

/**
 * Adds a backend at run time: for tests that drive a backend living beside them through the real
 * CLI. Production code registers nothing here; the list above is the whole product.
 */
export function registerBackend(backend: BackendModule): () => void {
  const clash = backend.providers.find((p) => providerNames().includes(p.name));
  if (clash || BACKENDS.some((b) => b.name === backend.name)) throw new Error(`backend ${backend.name} clashes with a registered one`);
  BACKENDS.push(backend);
  return () => void BACKENDS.splice(BACKENDS.indexOf(backend), 1);
}

/**
 * The words for a `provider:` aac.yaml writes that no backend serves (`written`, its value at `at`,
 * `assistants/aac.yaml:1:11`), for a message that would otherwise speak of the default standing in
 * for it as if it had been asked for: `the provider 'opnai' at assistants/aac.yaml:1:11 is not one
 * aac knows (did you mean 'openai'? it knows openai, foundry, …)`, the guess only for a typo of one.
 */
export function unknownProviderWords(written: string, at: string): string {
  const known = providerNames();
  const guess = closest(written, known);
  return `the provider '${written}' at ${at} is not one aac knows (${guess === undefined ? '' : `did you mean '${guess}'? it knows `}${known.join(', ')})`;
}

/**
 * The provider that stands in for `written`, a `provider:` aac.yaml writes that no backend serves
 * (any value: a number, a list), so that validate still checks the definitions: the known one its
 * name is a typo of (unknownProviderWords' did-you-mean), whose definitions the directory most
 * likely holds (`openai-agent` → openai-agents: checked as the default's, agent files got the
 * Assistants fixes, such as moving a tool's name under `function:`), else the default.
 */
export function standInProvider(written: unknown): string {
  return (typeof written === 'string' ? closest(written, providerNames()) : undefined) ?? defaultProvider();
}

/**
 * How the provider `standIn` (standInProvider) came to stand in, for the messages that say what a
 * file was checked as: "the default provider's", or "that of the provider 'openai-agents' it is
 * nearest" (a name both nearest and the default is said as the default).
 */
export function standInWords(standIn: string): string {
  return standIn === defaultProvider() ? "the default provider's" : `that of the provider '${standIn}' its name is nearest`;
}

/** Every provider name, in registry order: `--provider`'s and aac.yaml's choices. */
export function providerNames(): string[] {
  return BACKENDS.flatMap((b) => b.providers.map((p) => p.name));
}

/**
 * The credentials set in `env` that any provider reads (each provider's `variables.credentials`
 * and `variables.signIn`), as `{ variable, value }`: what a run holds, to keep out of every
 * message, report and file, whichever provider it connects to. The one set every redaction starts
 * from: withoutCredentials here, and a client's secrets() (createBackend gives it these).
 */
export function credentialsIn(env: Record<string, string | undefined>): Array<{ variable: string; value: string }> {
  const variables = new Set(BACKENDS.flatMap((b) => b.providers.flatMap((p) => [...p.variables.credentials, ...(p.variables.signIn ?? [])])));
  return [...variables].flatMap((variable) => {
    const value = env[variable];
    return value ? [{ variable, value }] : [];
  });
}

/**
 * `value` (a message, a warning, diagnostics: plain data) with the value of every credential set in
 * `env` (credentialsIn) replaced by `[redacted]` (util/redact.ts redactData): how every failure and
 * line aac prints of the run keeps them out, the host's text it quotes included.
 */
export function withoutCredentials<T>(value: T, env: Record<string, string | undefined>): T {
  return redactData(value, credentialsIn(env).map((c) => c.value));
}

/** The provider used when neither `--provider` nor aac.yaml names one: the first backend's first. */
export function defaultProvider(): string {
  return BACKENDS[0]!.providers[0]!.name;
}

/** The backend serving `provider` and what the registry knows of the provider; undefined for an unknown name. */
export function providerInfo(provider: string): { backend: BackendModule; info: ProviderInfo } | undefined {
  for (const backend of BACKENDS) {
    const info = backend.providers.find((p) => p.name === provider);
    if (info) return { backend, info };
  }
  return undefined;
}

function backendOf(provider: string): BackendModule {
  const found = providerInfo(provider);
  if (!found) throw new Error(`no backend serves provider '${provider}' (known: ${providerNames().join(', ')})`);
  return found.backend;
}

/** The resource kind that `provider`'s definitions describe. */
export function kindForProvider(provider: string): ResourceKind {
  return backendOf(provider).kind;
}

/** The resource kind of a backend by its name (a plan's `target.backend`); undefined when none has that name. */
export function kindOfBackend(name: string): ResourceKind | undefined {
  return BACKENDS.find((b) => b.name === name)?.kind;
}

/**
 * A client for the config's provider (already resolved: --provider > aac.yaml > the default),
 * which redacts every credential `opts.env` holds (credentialsIn), not only its own.
 */
export async function createBackend(opts: ConnectOptions): Promise<Backend> {
  return backendOf(opts.config.provider).connect({ ...opts, heldSecrets: credentialsIn(opts.env).map((c) => c.value) });
}

/** The providers whose emulator dialect reads `option` (ProviderInfo.emulatorOptions), in registry order. */
export function providersWithEmulatorOption(option: DialectOption): string[] {
  return BACKENDS.flatMap((b) => b.providers.filter((p) => p.emulatorOptions?.includes(option)).map((p) => p.name));
}

/**
 * The providers one emulator may serve together (`aac emulator --provider foundry,foundry-agents`),
 * in registry order: each known, named once and with an emulator, and all served at one address
 * (ProviderInfo.servedAt: a Foundry project endpoint serves the classic and the versioned agents,
 * azure-foundry/AGENTS.md Parts 1 and 2). Throws UserError naming what is wrong and the providers
 * that can be served together.
 */
export function servedTogether(names: readonly string[]): string[] {
  const groups = [...new Set(BACKENDS.flatMap((b) => b.providers.flatMap((p) => (p.servedAt && b.emulator ? [p.servedAt] : []))))]
    .map((at) => providerNames().filter((n) => providerInfo(n)?.info.servedAt === at && providerInfo(n)?.backend.emulator))
    .filter((g) => g.length > 1);
  const fix = groups.length > 0 ? `give one provider, or ${orList(groups.map((g) => `--provider ${g.join(',')}`))}` : 'give one provider';
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new UserError(`--provider names ${twice} twice`, fix);
  if (names.length < 2) return [...names];
  const at = providerInfo(names[0]!)?.info.servedAt;
  if (at === undefined || names.some((n) => providerInfo(n)?.info.servedAt !== at || !providerInfo(n)?.backend.emulator)) {
    throw new UserError(`one emulator serves several providers only where one address serves them all; ${andList(names)} are served at different addresses`, fix);
  }
  return providerNames().filter((n) => names.includes(n));
}

/**
 * The model names `aac emulator --strict` takes unless `--models` names others, for every dialect:
 * the one list the sources give, openai-openapi `AssistantSupportedModels` (extracted into
 * assistants/emulator/spec/openai-assistants.json), the Assistants API's. The other hosts' sources
 * are silent: Foundry's `model` is a deployment name in the project, no enum (azure-foundry/AGENTS.md
 * Part 1 `model`; Part 2 "model deployment"), so which exist is each project's own; OpenAI's Agents
 * API leaves open which models it accepts (openai-agents/SOURCE.md, "Which models the Agents API
 * accepts"). They take the same list — a deployment is commonly named for its model (inferred) —
 * and --models says what a project or an account really has. Loaded on first use.
 */
export async function knownModels(): Promise<string[]> {
  return (await import('./assistants/emulator/spec.js')).assistantSupportedModels();
}

/** The emulator dialect of `options.provider`; throws when its backend has none. */
export async function emulatorDialect(options: DialectOptions): Promise<Dialect> {
  const backend = backendOf(options.provider);
  if (!backend.emulator) throw new Error(`the ${backend.name} backend has no emulator`);
  return backend.emulator(options);
}

/** The backend named `name` (`aac migrate --to`, a plan's `target.backend`); undefined when none has that name. */
export function backendNamed(name: string): BackendModule | undefined {
  return BACKENDS.find((b) => b.name === name);
}

/** The kind `aac migrate` reads (BackendModule.migrate converts Assistants-shaped specs). */
export const MIGRATE_SOURCE_KIND = 'assistant';

/** Every registered backend's resource kind, in registry order. */
export function registeredKinds(): ResourceKind[] {
  return BACKENDS.map((b) => b.kind);
}

/** The providers whose definitions are of `kind`, in registry order. */
export function providersOfKind(kind: ResourceKind): string[] {
  return BACKENDS.filter((b) => b.kind === kind).flatMap((b) => b.providers.map((p) => p.name));
}

/** The backends `aac migrate --to` can write for. */
export function migrationTargets(): string[] {
  return BACKENDS.filter((b) => b.migrate).map((b) => b.name);
}
