// Shared by the emulator tests: an emulator that checks every response it sends against the
// official schemas, a fetch wrapper that speaks its dialect, and `aac emulator` run in-process.
import { expect } from 'vitest';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.js';
import { afterEveryTest } from '../helpers/after-test.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { afterTest, testEmulator } from '../helpers/each-test.js';

const running: RunningEmulator[] = [];

/** Every emulator a test starts validates its responses; after the test, none may have failed (and it is closed). */
export async function emulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emu = await testEmulator({ validateResponses: true, seed: 1, ...opts });
  running.push(emu);
  return emu;
}

afterEveryTest(() => {
  for (const emu of running.splice(0)) expect(emu.violations()).toEqual([]);
});

export const OPENAI_HEADERS = { authorization: 'Bearer sk-test', 'openai-beta': 'assistants=v2' };

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON: its shape is what the test checks. */
  body: any;
}

/** One request; `path` is relative to the emulator's base URL (`/assistants…`). */
export async function call(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = defaultHeaders(emu),
): Promise<Reply> {
  const url = new URL(emu.url + path);
  if (emu.provider === 'foundry' && !url.searchParams.has('api-version') && !headers['x-no-api-version']) {
    url.searchParams.set('api-version', 'v1');
  }
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export function defaultHeaders(emu: RunningEmulator): Record<string, string> {
  switch (emu.provider) {
    case 'foundry':
      return { authorization: 'Bearer entra-token' };
    case 'portkey':
      return { 'x-portkey-api-key': 'pk-test', 'x-portkey-virtual-key': 'vk-test', 'openai-beta': 'assistants=v2' };
    default:
      return { ...OPENAI_HEADERS };
  }
}

/**
 * Runs `aac emulator --port 0 --quiet ARGS` in-process in `cwd` until the test ends (or `stop`);
 * resolves once its banner holds `lastLine` (the banner's last line: `State file:` with --state),
 * or once the run ends first (a refusal), with what it printed so far and the run itself.
 */
export async function emulatorCommand(args: string[], cwd: string, lastLine: string): Promise<{ banner: string; run: Promise<CliResult>; stop: () => Promise<CliResult> }> {
  const stopper = new AbortController();
  let printed = '';
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  const run = runCli(['emulator', '--port', '0', '--quiet', ...args], {
    cwd,
    signal: stopper.signal,
    onStdout: (t) => {
      printed += t;
      if (printed.includes(lastLine)) listening();
    },
  });
  const stop = () => (stopper.abort(), run);
  afterTest(stop);
  await Promise.race([ready, run]);
  return { banner: printed, run, stop };
}
