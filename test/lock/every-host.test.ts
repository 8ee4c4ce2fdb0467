// The lock on every host of every registered backend, through the real CLI against the emulator's
// dialect: the kind's lockSpec makes a resource the host takes, the holder renews it with the
// kind's own update, a second apply is refused naming the holder, and plans, prune and import of
// any namespace never see it (not as a create, an orphan, an unmanaged or another namespace's
// resource); force-unlock removes it. A provider added to the registry fails the first test until
// it has a row in HOSTS: a backend's lockSpec is then driven here like every other.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProviderName } from '../../src/backends/assistants/providers.js';
import { providerNames } from '../../src/backends/registry.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { RENEW_EVERY_MS } from '../../src/lock/lock-object.js';
import { RELEASE_ATTEMPTS } from '../../src/lock/lock.js';
import { credentialOf, emulator, envFor, SECRET, TOKEN } from '../backends/helpers.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { heldApply, until } from './helpers.js';
import { recordingProxy, workspace, type Recorder, type Workspace } from '../apply/helpers.js';

interface Host {
  start(): Promise<RunningEmulator>;
  /** The environment a user sets to reach `url`. */
  env(url: string): Record<string, string>;
  /** The smallest definition named `name`. */
  definition(name: string): Record<string, unknown>;
}

const assistantsHost = (provider: ProviderName): Host => ({
  start: () => emulator(provider),
  env: (url) => envFor(provider, url, credentialOf(provider)),
  definition: (name) => ({ model: 'gpt-4o', name }),
});

const HOSTS: Record<string, Host> = {
  openai: assistantsHost('openai'),
  foundry: assistantsHost('foundry'),
  portkey: assistantsHost('portkey'),
  zerobot: assistantsHost('zerobot'),
  'openai-agents': {
    start: () => startEmulator({ provider: 'openai-agents', apiKey: SECRET }),
    env: (url) => ({ OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url }),
    definition: (name) => ({ model: 'gpt-5', name }),
  },
  'foundry-agents': {
    start: () => startEmulator({ provider: 'foundry-agents', apiKey: TOKEN }),
    env: (url) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: TOKEN }),
    // Foundry addresses an agent by its name: letters, digits and inner hyphens.
    definition: (name) => ({ name: `agent-${name.toLowerCase()}`, definition: { kind: 'prompt', model: 'gpt-4o' } }),
  },
};

it('has a row for every provider the registry serves', () => {
  expect(Object.keys(HOSTS), 'add the new provider to HOSTS: its backend needs a lockSpec its host takes').toEqual(providerNames());
});

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

/** The lock a refusal names: `Lock ID`, `Holder`, `Operation`, `Since`, `Expires`. */
function named(refused: CliResult): { id: string; holder: string; operation: string; since: number; expires: number } {
  const field = (label: string) => refused.stderr.match(new RegExp(`^  ${label}: +(.+)$`, 'm'))?.[1];
  const [id, holder, operation, since, expires] = ['Lock ID', 'Holder', 'Operation', 'Since', 'Expires'].map(field);
  expect(id, refused.stderr).toBeDefined();
  return { id: id!, holder: holder!, operation: operation!, since: Date.parse(since!), expires: Date.parse(expires!.replace(/ unless renewed$/, '')) };
}

/** `provider`'s emulator and a workspace of one definition whose writes are never retried. */
async function oneDefinitionNoRetries(provider: string): Promise<{ host: Host; emu: RunningEmulator; ws: Workspace }> {
  const host = HOSTS[provider]!;
  const emu = await host.start();
  open.push(emu);
  const ws = workspace({ a: host.definition('A') });
  open.push(ws);
  writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
  return { host, emu, ws };
}

describe.each(Object.keys(HOSTS))('the lock with --provider %s', (provider) => {
  it('is a resource the host takes, renewed while held, invisible to plan, prune and import, and removed by force-unlock', async () => {
    const host = HOSTS[provider]!;
    const emu = await host.start();
    open.push(emu);
    const proxy: Recorder = await recordingProxy(emu.url);
    open.push(proxy);
    const mine = workspace({ a: host.definition('A') });
    const theirs = workspace({ b: host.definition('B') });
    open.push(mine, theirs);
    const cli = (ws: Workspace, ...argv: string[]) => runCli([...argv, '--provider', provider], { cwd: ws.root, env: host.env(proxy.url) });

    // The renewal's interval and the clock, the emulator's too, are faked: a minute passes when the
    // test says, for the server's created_at as for aac, and nothing is timed.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const first = await heldApply(['--provider', provider], { cwd: mine.root, env: host.env(proxy.url) });
    expect(emu.resources(), 'the lock object').toHaveLength(1);
    // The other run comes a second later: in the holder's own second it would be a tie, retried.
    vi.setSystemTime(Date.now() + 1000);

    const refused = await cli(theirs, 'apply', '--yes', '--prune');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the namespace 'test' is locked by another run, so nothing was changed");
    const lock = named(refused);
    // This test's own process holds it: the refusal says the holder runs here.
    expect(lock.holder).toMatch(new RegExp(`^\\S+@\\S+ pid ${process.pid} — still running on this host$`));
    expect(lock.operation).toBe('aac apply');
    expect(Math.abs(lock.since - Date.now())).toBeLessThan(60_000);
    // A holder known to run here is waited for, never offered force-unlock (as Terraform).
    expect(refused.stderr).toContain(`its process (pid ${process.pid}) is still running on this host: wait for it to finish`);
    expect(refused.stderr).not.toContain('force-unlock');

    // A minute on, the holder moves its expiry with the kind's own update of the lock object (for
    // a versioned kind a new version, made a minute later): the lock keeps its id and its age.
    const before = proxy.writes().length;
    vi.advanceTimersByTime(RENEW_EVERY_MS);
    await until(() => proxy.writes().length > before, 'the holder renews');
    const renewal = proxy.writes().slice(before);
    expect(renewal.map((w) => w.method !== 'DELETE' && decodeURIComponent(w.path).split('/').includes(lock.id))).toEqual([true]);
    const renewed = named(await cli(theirs, 'apply', '--yes'));
    expect(renewed.id).toBe(lock.id);
    expect(renewed.since).toBe(lock.since);
    expect(renewed.expires).toBeGreaterThan(lock.expires);

    // Plans are lock-free and see no lock object: not in this namespace, not from another one.
    const writes = proxy.writes().length;
    const plan = await cli(theirs, 'plan', '--prune', '--format', 'json');
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).summary).toMatchObject({ create: 1, update: 0, delete: 0, orphans: 0, unmanaged: 0, other_namespaces: 0, legacy: 0 });
    const elsewhere = await cli(theirs, 'plan', '--prune', '--format', 'json', '--namespace', 'elsewhere');
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(JSON.parse(elsewhere.stdout).summary).toMatchObject({ create: 1, delete: 0, orphans: 0, unmanaged: 0, other_namespaces: 0 });
    for (const namespace of ['test', 'elsewhere']) {
      const imported = await cli(theirs, 'import', '--dry-run', '--namespace', namespace);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout + imported.stderr).not.toContain(lock.id);
      expect(imported.stdout).toContain('No unmanaged');
    }
    expect(proxy.writes().length, 'plan and import write nothing').toBe(writes);

    // force-unlock removes it; the run that held it applies all the same, and is told at its
    // release that its lock was gone (the host's 404 on that delete reaches it on every backend).
    // Its holder, the held run, is this test's own process: still running here, hence --even-if-running.
    const unlocked = await cli(theirs, 'force-unlock', lock.id, '--yes', '--even-if-running');
    expect(unlocked.code, unlocked.stderr).toBe(0);
    expect(emu.resources()).toHaveLength(0);
    first.answer('yes');
    const done = await first.run;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain(`Warning: the lock ${lock.id} had been removed by someone else (aac force-unlock?) while this run held it`);

    // The other run now takes the lock, applies and releases it: only the two definitions are left.
    const second = await cli(theirs, 'apply', '--yes');
    expect(second.code, second.stderr).toBe(0);
    expect(emu.resources()).toHaveLength(2);
    expect((await cli(mine, 'plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('settles a release, or a force-unlock, whose answer was lost by reading the lock back: gone, it was removed', async () => {
    // No retry: the lost answer is the transport's last word, as after retries that all failed.
    const { host, emu, ws } = await oneDefinitionNoRetries(provider);
    const env = host.env(emu.url);
    const cli = (...argv: string[]) => runCli([...argv, '--provider', provider], { cwd: ws.root, env });
    expect((await cli('apply', '--yes')).code).toBe(0);

    // Every write is made and its answer dropped: the lock's create (found by its nonce), then its delete.
    emu.setFaults({ commitThenDropRate: 1 });
    const again = await cli('apply', '--yes');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('Warning');
    expect(emu.resources()).toHaveLength(1);

    // A run held at its question (it has something to create), holding the lock.
    ws.write('b', host.definition('B'));
    const held = await heldApply(['--provider', provider], { cwd: ws.root, env });
    const lock = emu.resources().find((r) => String(r.name).startsWith('aac-lock-'))!;
    // Its holder, the held run, is this test's own process: still running here, hence --even-if-running.
    const unlocked = await cli('force-unlock', String(lock.id), '--yes', '--even-if-running');
    expect(unlocked.code, unlocked.stderr).toBe(0);
    expect(unlocked.stdout).toContain(`The lock ${String(lock.id)} was removed`);
    expect(emu.resources()).toHaveLength(1);
    held.answer('no');
    expect((await held.run).stderr).toContain('had been removed by someone else');
  });
});

describe.each(Object.keys(HOSTS))('the lock\'s writes answered 503 with --provider %s', (provider) => {
  it('are said as answered 503 (an answer, which does not say nothing was made), not as lost, and settled by reading where the read works', async () => {
    const { host, emu, ws } = await oneDefinitionNoRetries(provider);
    const overloaded = { status: 503, message: 'The engine is currently overloaded' };
    // The lock's create (the run's first write) answered 503, and the listing after it too (a read
    // of the lock by its name, Foundry's, is answered); the run looks for it once more before it
    // ends (to remove it), and that listing finds none (it may yet be made: left-behind.test.ts).
    let wrote = false;
    let readsFailed = 0;
    const failing: Recorder = await recordingProxy(emu.url, (req) => {
      if (req.method !== 'GET') return (wrote = true) && overloaded;
      return wrote && !req.path.includes('/aac-lock-') && readsFailed++ === 0 ? 503 : undefined;
    });
    open.push(failing);
    const taken = await runCli(['apply', '--yes', '--provider', provider], { cwd: ws.root, env: host.env(failing.url) });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("could not take the lock on the namespace 'test': its lock object was answered 503 (The engine is currently overloaded) and the listing to check for it failed: a last listing, to clean up, found none of this run's lock objects, so nothing was changed, unless that create was made after that listing: then its lock object (named aac-lock-");
    expect(taken.stderr).not.toContain('lost');
    expect(emu.resources()).toHaveLength(0);

    // The lock's delete answered 503 without being made: the read back finds the lock there.
    const released: Recorder = await recordingProxy(emu.url, (req) => (req.method === 'DELETE' ? overloaded : undefined));
    open.push(released);
    const run = await runCli(['apply', '--yes', '--provider', provider], { cwd: ws.root, env: host.env(released.url) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/could not remove the lock \S+: its delete was answered 503 \(The engine is currently overloaded\) and the lock is still there/);
  });
});

describe.each(Object.keys(HOSTS))('the lock\'s create failed by the host with --provider %s', (provider) => {
  it('is sent again after a listing (max_retries: 2): one whose answer was lost is found there and held, never made twice', async () => {
    const host = HOSTS[provider]!;
    const emu = await host.start();
    open.push(emu);
    const ws = workspace({ a: host.definition('A') });
    open.push(ws);
    writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 2\n');
    // The emulator's fault injection: the first lock create fails (500 or 503, nothing made), the second is made and its answer dropped.
    let creates = 0;
    const flaky: Recorder = await recordingProxy(emu.url, (req) => {
      const lockCreate = req.method === 'POST' && String((req.body as { name?: unknown } | undefined)?.name).startsWith('aac-lock-');
      if (lockCreate) creates++;
      emu.setFaults({ errorRate: lockCreate && creates === 1 ? 1 : 0, commitThenDropRate: lockCreate && creates === 2 ? 1 : 0 });
      return undefined;
    });
    open.push(flaky);
    const held = await heldApply(['--provider', provider], { cwd: ws.root, env: host.env(flaky.url) });
    expect(creates).toBe(2);
    expect(emu.stats().faults).toMatchObject({ error: 1, dropped: 1 });
    expect(emu.resources().filter((r) => String(r.name).startsWith('aac-lock-'))).toHaveLength(1);
    held.answer('yes');
    const done = await held.run;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).not.toContain('Warning');
    expect(emu.resources().map((r) => r.name)).toEqual([host.definition('A').name]);
  });
});

describe.each(Object.keys(HOSTS))('the lock\'s release failed by the host once with --provider %s', (provider) => {
  it('is sent again whatever max_retries says: no warning, and the next run is not refused', async () => {
    const { host, emu, ws } = await oneDefinitionNoRetries(provider);
    // The emulator's own fault injection: every request fails (500 or 503) while the release's first delete is in flight.
    let deletes = 0;
    const flaky: Recorder = await recordingProxy(emu.url, (req) => {
      if (req.method === 'DELETE') emu.setFaults({ errorRate: ++deletes === 1 ? 1 : 0 });
      return undefined;
    });
    open.push(flaky);
    const cli = (...argv: string[]) => runCli([...argv, '--provider', provider], { cwd: ws.root, env: host.env(flaky.url) });
    const run = await cli('apply', '--yes');
    expect(run.code, run.stderr).toBe(0);
    expect(deletes).toBe(2);
    expect(emu.stats().faults.error).toBe(1);
    expect(run.stderr).not.toContain('could not remove the lock');
    expect(emu.resources().filter((r) => String(r.name).startsWith('aac-lock-'))).toEqual([]);
    const next = await cli('plan', '--detailed-exitcode');
    expect(next.code, next.stderr).toBe(0);
  });

  it('failed by the host every time, sends RELEASE_ATTEMPTS deletes in all: the SDK retries none of them, whatever max_retries says', async () => {
    const host = HOSTS[provider]!;
    const emu = await host.start();
    open.push(emu);
    // options.max_retries at its default: every other request of the run is retried by the SDK.
    const ws = workspace({ a: host.definition('A') });
    open.push(ws);
    // The emulator's fault injection fails every delete (500 or 503) and no read: the read back finds the lock there.
    const flaky: Recorder = await recordingProxy(emu.url, (req) => {
      emu.setFaults({ errorRate: req.method === 'DELETE' ? 1 : 0 });
      return undefined;
    });
    open.push(flaky);
    const run = await runCli(['apply', '--yes', '--provider', provider], { cwd: ws.root, env: host.env(flaky.url) });
    expect(run.code, run.stderr).toBe(0);
    const deletes = Object.entries(emu.stats().byRoute).filter(([route]) => route.startsWith('DELETE ')).reduce((n, [, count]) => n + count, 0);
    expect(deletes).toBe(RELEASE_ATTEMPTS);
    expect(emu.stats().faults.error).toBe(RELEASE_ATTEMPTS);
    expect(run.stderr).toMatch(/could not remove the lock \S+: its delete was answered 50[03] \([^)]+\) and the lock is still there/);
  });
});
