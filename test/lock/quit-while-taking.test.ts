// Ctrl-C while apply takes its lock, its lock object's create in flight (the emulator holds it
// until the test has sent its signals, never for a time that load could outlast): pressed twice, the run quits at once and says that the lock may be left, naming it, with
// the force-unlock that removes it — the create is made by the host whatever becomes of the run;
// pressed once, the run waits for the create, removes its lock and ends, and the next apply goes on.
// On a host that addresses the lock by its name (Foundry's agents) and on those that give it an id
// (the Assistants API, OpenAI's Agents API), through the compiled CLI as a user sends the signals.
import { describe, expect, it } from 'vitest';
import { providersOfKind, registeredKinds } from '../../src/backends/registry.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { TOKEN } from '../backends/helpers.js';
import { API_KEY, apiEnv, workspace, type Workspace } from '../apply/helpers.js';
import { quitAgain, runChild } from '../helpers/child-cli.js';
import { TEST_NAMESPACE } from '../helpers/cli.js';
import { until } from './helpers.js';

interface Host {
  start(hold: EmulatorOptions['hold']): Promise<RunningEmulator>;
  env(url: string): Record<string, string>;
  definition: Record<string, unknown>;
  /** The route of the lock object's create (the emulator's stats). */
  create: string;
  /** How the message names the lock object before the host answers: by its name where the host addresses it so, else as the resource named so. */
  named: string;
}

const HOSTS: Record<string, Host> = {
  'foundry-agents': {
    start: (hold) => startEmulator({ provider: 'foundry-agents', apiKey: TOKEN, hold }),
    env: (url) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: TOKEN }),
    definition: { name: 'agent-a', definition: { kind: 'prompt', model: 'gpt-4o' } },
    create: 'POST /agents',
    named: 'the agent',
  },
  openai: {
    start: (hold) => startEmulator({ apiKey: API_KEY, hold }),
    env: apiEnv,
    definition: { model: 'gpt-4o', name: 'a' },
    create: 'POST /assistants',
    named: 'an assistant named',
  },
  'openai-agents': {
    start: (hold) => startEmulator({ provider: 'openai-agents', apiKey: API_KEY, hold }),
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

/** The emulator of a Host, holding the lock object's create (the first request of its route) until `answer()`: `held()` says it arrived. */
interface Holding {
  emu: RunningEmulator;
  held(): boolean;
  answer(): void;
}

/**
 * `body` with an emulator of `host` that holds the lock's create (Holding), and a workspace
 * defining one resource, both removed after it (the create answered first, if it was not).
 */
async function withHost(host: Host, body: (h: Holding, ws: Workspace) => Promise<void>): Promise<void> {
  let held = false;
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const emu = await host.start(({ route }) => {
    if (held || route !== host.create) return undefined;
    held = true;
    return answered;
  });
  const ws = workspace({ a: host.definition });
  try {
    await body({ emu, held: () => held, answer }, ws);
  } finally {
    answer();
    ws.cleanup();
    await emu.close();
  }
}

const locks = (emu: RunningEmulator) => emu.resources().filter((r) => String(r.name).startsWith('aac-lock-'));

describe.concurrent.each(Object.entries(HOSTS))('Ctrl-C while the lock is taken, on %s', (provider, host) => {
  const apply = ['apply', '--yes', '--provider', provider];

  it('twice: quits at once, saying the lock may be left, its name and the force-unlock that removes it; that command unlocks', () => withHost(host, async ({ emu, held, answer }, ws) => {
    const env = host.env(emu.url);
    // The first once the lock's create is held; the second once the run said it heard the first,
    // past the same-delivery window: the create is answered only after the run has quit.
    const r = await runChild(apply, { cwd: ws.root, env, deadlineMs: 30_000, signal: { name: 'SIGINT', when: held, again: quitAgain('SIGINT') } });
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
    answer();
    await until(() => locks(emu).length === 1, 'the lock object made');
    const [lock] = locks(emu);
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

  it('once: the run waits for the create, then ends, its lock removed and nothing written; the next apply goes on', () => withHost(host, async ({ emu, held, answer }, ws) => {
    const env = host.env(emu.url);
    // The lock's create is answered once the run said it heard the signal.
    const r = await runChild(apply, { cwd: ws.root, env, deadlineMs: 30_000, signal: { name: 'SIGINT', when: held }, onOutput: ({ stderr }) => void (stderr.includes('\nheard=SIGINT\n') && answer()) });
    expect(r.killed).toBe(false);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('aac: interrupted (SIGINT)\n');
    expect(r.stderr).not.toContain('left behind');
    // Its lock removed, nothing written.
    expect(emu.resources()).toEqual([]);
    const next = await runChild(apply, { cwd: ws.root, env, deadlineMs: 30_000 });
    expect(next.code, next.stderr).toBe(0);
    expect(locks(emu)).toEqual([]);
    expect(emu.resources().map((x) => x.name)).toEqual([host.definition.name]);
  }), 120_000);
});
