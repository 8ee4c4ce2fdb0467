// Ctrl-C while apply takes its lock, its lock object's create in flight (the emulator holds every
// answer): pressed twice, the run quits at once and says that the lock may be left, naming it, with
// the force-unlock that removes it — the create is made by the host whatever becomes of the run;
// pressed once, the run waits for the create, removes its lock and ends, and the next apply goes on.
// On a host that addresses the lock by its name (Foundry's agents) and on those that give it an id
// (the Assistants API, OpenAI's Agents API), through the compiled CLI as a user sends the signals.
import { describe, expect, it } from 'vitest';
import { providersOfKind, registeredKinds } from '../../src/backends/registry.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { TOKEN } from '../backends/helpers.js';
import { API_KEY, apiEnv, workspace, type Workspace } from '../apply/helpers.js';
import { runChild } from '../helpers/child-cli.js';
import { TEST_NAMESPACE } from '../helpers/cli.js';
import { until } from './helpers.js';

/** Each answer held this long: the signals land while the lock's create is in flight. */
const LATENCY_MS = 2_500;

interface Host {
  start(): Promise<RunningEmulator>;
  env(url: string): Record<string, string>;
  definition: Record<string, unknown>;
  /** The route of the lock object's create (the emulator's stats). */
  create: string;
  /** How the message names the lock object before the host answers: by its name where the host addresses it so, else as the resource named so. */
  named: string;
}

const HOSTS: Record<string, Host> = {
  'foundry-agents': {
    start: () => startEmulator({ provider: 'foundry-agents', apiKey: TOKEN, latencyMs: LATENCY_MS }),
    env: (url) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: TOKEN }),
    definition: { name: 'agent-a', definition: { kind: 'prompt', model: 'gpt-4o' } },
    create: 'POST /agents',
    named: 'the agent',
  },
  openai: {
    start: () => startEmulator({ apiKey: API_KEY, latencyMs: LATENCY_MS }),
    env: apiEnv,
    definition: { model: 'gpt-4o', name: 'a' },
    create: 'POST /assistants',
    named: 'an assistant named',
  },
  'openai-agents': {
    start: () => startEmulator({ provider: 'openai-agents', apiKey: API_KEY, latencyMs: LATENCY_MS }),
    env: apiEnv,
    definition: { model: 'gpt-5', name: 'a' },
    create: 'POST /agents',
    named: 'an agent named',
  },
};

// The code path is every backend's (the core's lock over the kind's lockSpec): one host a backend, its first provider.
it('has a host for every registered backend', () => {
  expect(Object.keys(HOSTS).sort(), 'add the backend to HOSTS').toEqual(registeredKinds().map((k) => providersOfKind(k)[0]).sort());
});

/** `body` with an emulator of `host` and a workspace defining one resource, both removed after it. */
async function withHost(host: Host, body: (emu: RunningEmulator, ws: Workspace) => Promise<void>): Promise<void> {
  const emu = await host.start();
  const ws = workspace({ a: host.definition });
  try {
    await body(emu, ws);
  } finally {
    ws.cleanup();
    await emu.close();
  }
}

const locks = (emu: RunningEmulator) => emu.resources().filter((r) => String(r.name).startsWith('aac-lock-'));

describe.concurrent.each(Object.entries(HOSTS))('Ctrl-C while the lock is taken, on %s', (provider, host) => {
  const apply = ['apply', '--yes', '--provider', provider];
  /** A runChild `when`: the lock's create, the run's first, has reached the emulator, which holds its answer. */
  const createSent = (emu: RunningEmulator) => () => (emu.stats().byRoute[host.create] ?? 0) >= 1;

  it('twice: quits at once, saying the lock may be left, its name and the force-unlock that removes it; that command unlocks', () => withHost(host, async (emu, ws) => {
    const env = host.env(emu.url);
    // Again well after the first (SAME_DELIVERY_MS) and well before the create's answer.
    const r = await runChild(apply, { cwd: ws.root, env, deadlineMs: 30_000, signal: { name: 'SIGINT', when: createSent(emu), again: 800 } });
    expect(r.killed).toBe(false);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('aac: interrupted (SIGINT)\n');
    const said = new RegExp(
      `aac: the lock on the namespace '${TEST_NAMESPACE}' may be left behind: its lock object \\(${host.named} (aac-lock-[0-9a-f]+)\\) was being created, ` +
        `and may have been made: then it expires by itself by \\d{4}-[\\d:.T-]+Z, or run \`aac (force-unlock [^\`]+)\` to remove it now\n`,
    ).exec(r.stderr);
    expect(said, r.stderr).not.toBeNull();
    const [, name, unlock] = said!;
    // The emulator makes a write it has whole, the client gone or not: the lock named is there.
    await until(() => locks(emu).length === 1, 'the lock object made');
    const [lock] = locks(emu);
    // The runs after it answered at once.
    emu.setFaults({ latencyMs: 0 });
    expect(lock!.name).toBe(name);
    // The exact command on every host: force-unlock takes the lock's name, which the run knows before the host answers.
    const command = unlock!.split(' ');
    expect(command[1]).toBe(name);

    // The next apply is refused, naming it; the force-unlock said, run as said, unlocks.
    const refused = await runChild(apply, { cwd: ws.root, env, deadlineMs: 30_000 });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(String(lock!.id));
    const unlocked = await runChild(command, { cwd: ws.root, env, deadlineMs: 30_000 });
    expect(unlocked.code, unlocked.stderr).toBe(0);
    const next = await runChild(apply, { cwd: ws.root, env, deadlineMs: 30_000 });
    expect(next.code, next.stderr).toBe(0);
    expect(locks(emu)).toEqual([]);
    expect(emu.resources().map((x) => x.name)).toEqual([host.definition.name]);
  }), 120_000);

  it('once: the run waits for the create, then ends, its lock removed and nothing written; the next apply goes on', () => withHost(host, async (emu, ws) => {
    const env = host.env(emu.url);
    const r = await runChild(apply, { cwd: ws.root, env, deadlineMs: 30_000, signal: { name: 'SIGINT', when: createSent(emu) } });
    expect(r.killed).toBe(false);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('aac: interrupted (SIGINT)\n');
    expect(r.stderr).not.toContain('left behind');
    // Its lock removed, nothing written.
    expect(emu.resources()).toEqual([]);
    emu.setFaults({ latencyMs: 0 });
    const next = await runChild(apply, { cwd: ws.root, env, deadlineMs: 30_000 });
    expect(next.code, next.stderr).toBe(0);
    expect(locks(emu)).toEqual([]);
    expect(emu.resources().map((x) => x.name)).toEqual([host.definition.name]);
  }), 120_000);
});
