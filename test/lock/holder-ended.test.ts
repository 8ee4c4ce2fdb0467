// A holder that releases its lock and ends while another run looks at it is not a run that died
// holding it: over HTTP against the emulator, the lock's holder named by a process of this host
// that ends (or has ended) between what the looking run read and what it says. Said gone, with
// force-unlock to run, only when a listing (or a read of the lock by id) made after that process
// was seen gone still has its lock.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, harness, type Harness } from '../apply/helpers.js';
import { TEST_MARKER } from '../helpers/cli.js';
import { holderWho, LOCK_KEY } from '../../src/lock/lock-object.js';
import type { EmulatorOptions } from '../../src/emulator/index.js';

let h: Harness | undefined;
const children: Array<ReturnType<typeof spawn>> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** A process of this host that runs until killed, and resolves its exit (reaped: its pid is gone). */
async function runningProcess(): Promise<{ pid: number; end: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await once(child, 'spawn');
  return { pid: child.pid!, end: async () => { child.kill('SIGKILL'); await once(child, 'exit'); } };
}

/** A lock of the tests' namespace held by `pid` on this host, made a minute ago (older than any run's own). */
function seedLock(hh: Harness, pid: number): string {
  const [lock] = hh.emu.seed([{
    model: 'gpt-4o',
    name: 'aac-lock-held',
    created_at: Math.floor(Date.now() / 1000) - 60,
    metadata: { [TEST_MARKER]: LOCK_KEY, holder: holderWho('ci', hostname(), pid), operation: 'apply', nonce: 'abc', expires_at: new Date(Date.now() + 600_000).toISOString() },
  }]);
  return lock!.id as string;
}

/** The lock's release as its own run makes it: a DELETE over HTTP. */
async function release(hh: Harness, id: string): Promise<void> {
  const r = await fetch(`${hh.emu.url}/assistants/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${API_KEY}`, ...hh.emu.requiredHeaders } });
  expect(r.status).toBe(200);
}

/** An emulator whose requests `hold` may hold; `holding` is set once the harness is made. */
function heldHarness(): { opts: EmulatorOptions; set: (hold: EmulatorOptions['hold']) => void } {
  let hold: EmulatorOptions['hold'];
  return { opts: { hold: (r) => hold?.(r) }, set: (next) => void (hold = next) };
}

describe('a lock whose holder ends while another run looks at it', () => {
  it('released between an apply\'s listing and its look at the holder: the apply lists again and takes the lock', async () => {
    const holder = await runningProcess();
    await holder.end();
    const held = heldHarness();
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } }, held.opts);
    const lockId = seedLock(h, holder.pid);
    // A plan's listing, to count the requests one listing makes.
    let lists = 0;
    held.set(({ route }) => void (route === 'GET /assistants' && lists++));
    expect((await h.cli(['plan'])).code).toBe(0);
    const perListing = lists;
    expect(perListing).toBeGreaterThan(0);
    // The apply's first listing sees the lock of a process gone from this host; its release is
    // made before any later listing is answered.
    lists = 0;
    const hh = h;
    let released: Promise<void> | undefined;
    held.set(({ route }) => (route === 'GET /assistants' && ++lists > perListing ? (released ??= release(hh, lockId)) : undefined));
    const r = await h.cli(['apply', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(lists).toBeGreaterThan(perListing);
    expect(r.stderr).not.toContain('no longer running');
    expect(r.stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
  });

  it('still there when listed again: the apply says its run is gone, with the force-unlock', async () => {
    const holder = await runningProcess();
    await holder.end();
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
    const lockId = seedLock(h, holder.pid);
    const r = await h.cli(['apply', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`is locked by a run that is no longer running (pid ${holder.pid} on this host`);
    expect(r.stderr).toContain(`aac force-unlock ${lockId}`);
  });

  it('running when the apply refuses, ending as it steps back: said as it was seen, running, with no force-unlock', async () => {
    const holder = await runningProcess();
    const held = heldHarness();
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } }, held.opts);
    const lockId = seedLock(h, holder.pid);
    const hh = h;
    let stepping: Promise<void> | undefined;
    // The apply's removal of its own lock object (its step back) waits until the holder has
    // released its lock and ended.
    held.set(({ method }) => (method === 'DELETE' && !stepping ? (stepping = holder.end().then(() => release(hh, lockId))) : undefined));
    const r = await h.cli(['apply', '--yes']);
    expect(r.code).toBe(1);
    expect(stepping).toBeDefined();
    expect(r.stderr).toContain(`its process (pid ${holder.pid}) is still running on this host`);
    expect(r.stderr).not.toContain('no longer running');
    expect(r.stderr).not.toContain('force-unlock');
  });

  it('released after a plan\'s listing read it: the plan says a run in progress, not one gone', async () => {
    const holder = await runningProcess();
    await holder.end();
    const held = heldHarness();
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } }, held.opts);
    const lockId = seedLock(h, holder.pid);
    const hh = h;
    let reads = 0;
    held.set(({ route }) => (route === 'GET /assistants/{id}' && reads++ === 0 ? release(hh, lockId) : undefined));
    const r = await h.cli(['plan']);
    expect(r.code, r.stderr).toBe(0);
    expect(reads).toBe(1);
    expect(r.stderr).toContain("the namespace 'test' is locked by a run in progress");
    expect(r.stderr).not.toContain('no longer running');
    // Still there when read by id: said gone, with the force-unlock.
    const again = seedLock(h, holder.pid);
    const gone = await h.cli(['plan']);
    expect(gone.stderr).toContain(`is locked by a run that is no longer running (pid ${holder.pid} on this host`);
    expect(gone.stderr).toContain(`aac force-unlock ${again}`);
  });
});
