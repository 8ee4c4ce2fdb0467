// Backends pointed at an in-process emulator, in each provider's dialect, with the environment a
// user would set for that provider.
import type { Backend } from '../../src/backends/backend.js';
import { createBackend } from '../../src/backends/registry.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { ProjectConfig } from '../../src/model/config.js';
import type { ProviderName } from '../../src/backends/assistants/providers.js';

export const SECRET = 'sk-proj-TESTSECRET0123456789abcdefXYZ';
export const VIRTUAL_KEY = 'vk-TESTVIRTUAL-987654321';
export const TOKEN = 'eyJ0eXAiOiJKV1QiTESTTOKEN.payload.signature';

/** The one credential the emulator of `provider` accepts. */
export function credentialOf(provider: ProviderName): string {
  return provider === 'foundry' ? TOKEN : SECRET;
}

/** The environment that points `provider` at `url` with `key` (and Portkey's virtual key). */
export function envFor(provider: ProviderName, url: string, key = credentialOf(provider)): Record<string, string> {
  switch (provider) {
    case 'openai':
      return { OPENAI_API_KEY: key, OPENAI_BASE_URL: url };
    case 'foundry':
      return { AAC_FOUNDRY_TOKEN: key, AZURE_AI_PROJECT_ENDPOINT: url };
    case 'portkey':
      return { PORTKEY_API_KEY: key, PORTKEY_VIRTUAL_KEY: VIRTUAL_KEY, PORTKEY_BASE_URL: url };
    case 'zerobot':
      return { ZEROBOT_API_KEY: key, ZEROBOT_BASE_URL: url };
  }
}

export async function emulator(provider: ProviderName, opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ provider, apiKey: credentialOf(provider), virtualKey: VIRTUAL_KEY, seed: 7, ...opts });
}

export interface Connected {
  backend: Backend;
  debug: string[];
}

/** A backend for `emu` in its dialect; `options` go to aac.yaml's `options:`. */
export async function connect(
  emu: RunningEmulator,
  options: ProjectConfig['options'] = {},
  env: Record<string, string> = envFor(emu.provider, emu.url),
): Promise<Connected> {
  const debug: string[] = [];
  const backend = await createBackend({
    config: { provider: emu.provider, options: { max_retries: 3, ...options } },
    env,
    debug: (line) => debug.push(line),
  });
  return { backend, debug };
}

/** `n` assistants made by hand, one created_at second each, oldest first. */
export function seedMany(emu: RunningEmulator, n: number, start = 1_700_000_000): string[] {
  const bodies = Array.from({ length: n }, (_, i) => ({ model: 'gpt-4o', name: `a${i}`, created_at: start + i }));
  return emu.seed(bodies).map((a) => a.id as string);
}

/** The thrown error, for assertions on its kind and message. */
export async function failure(promise: Promise<unknown>): Promise<Error & { kind?: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { kind?: string };
  }
  throw new Error('expected a failure, got success');
}

/** One host of each backend, as a test through the CLI starts and addresses it. */
export interface BackendHost {
  start(): Promise<RunningEmulator>;
  env(url: string): Record<string, string>;
  /** A valid definition of a resource whose name `named(name)` gives. */
  definition(name: string): Record<string, unknown>;
  named(name: string): string;
  /** The kind's noun in output (`assistant`, `agent`). */
  one: string;
}

/** The Assistants API (openai), OpenAI's Agents and Foundry's agents, by provider name. */
export const EVERY_BACKEND_HOST: Record<string, BackendHost> = {
  openai: {
    start: () => emulator('openai'),
    env: (url) => envFor('openai', url, credentialOf('openai')),
    definition: (name) => ({ model: 'gpt-4o', name }),
    named: (name) => name,
    one: 'assistant',
  },
  'openai-agents': {
    start: () => startEmulator({ provider: 'openai-agents', apiKey: SECRET }),
    env: (url) => ({ OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url }),
    definition: (name) => ({ model: 'gpt-5', name }),
    named: (name) => name,
    one: 'agent',
  },
  'foundry-agents': {
    start: () => startEmulator({ provider: 'foundry-agents', apiKey: TOKEN }),
    env: (url) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: TOKEN }),
    definition: (name) => ({ name: `agent-${name.toLowerCase()}`, definition: { kind: 'prompt', model: 'gpt-4o' } }),
    named: (name) => `agent-${name.toLowerCase()}`,
    one: 'agent',
  },
};
