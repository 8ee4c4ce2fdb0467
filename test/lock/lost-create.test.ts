// A lock object's create of unknown outcome is sent again up to options.max_retries times, as every
// write is, each after a listing that looks for it by its nonce: one found made is held, never made
// twice (on every host: every-host.test.ts). Once creates may have made one and the run gives up
// (a re-send that fails otherwise, every create failing, an interrupt), the run looks for it before
// it ends and removes it, so the next run (a CI re-run) is not refused for five minutes by a lock
// of a run already over; another run's lock is never touched. Over HTTP against the emulator, its
// fault injection failing the lock's creates the test names; a proxy answers what a fault cannot
// (a create made late, after the listing that looked for it).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { LOCK_KEY } from '../../src/lock/lock-object.js';
import { TEST_MARKER } from '../helpers/cli.js';
import { runCli } from '../helpers/cli.js';
import { API_KEY, apiEnv, recordingProxy, workspace, type RecordedRequest, type Recorder, type Workspace } from '../apply/helpers.js';
import { heldApply } from './helpers.js';
import { Interrupted } from '../../src/util/errors.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

const isLock = (r: Record<string, unknown>) => String(r.name).startsWith('aac-lock-');
const isLockCreate = (req: RecordedRequest) => req.method === 'POST' && String((req.body as { name?: unknown } | undefined)?.name).startsWith('aac-lock-');

/**
 * An emulator and a workspace of one definition with `options.max_retries: retries`, reached
 * through a proxy that numbers the lock's creates (from 1) and gives each `create(n, req)`: it may
 * set the emulator's faults for that request (they are cleared for every other), or answer it
 * itself; `deletes` answers each DELETE instead of the emulator when it returns a status.
 */
async function lockCreates(retries: number, create: (n: number, req: RecordedRequest, emu: RunningEmulator) => number | { status: number; message: string; headers?: Record<string, string> } | undefined, deletes: () => number | undefined = () => undefined) {
  const emu: RunningEmulator = await startEmulator({ apiKey: API_KEY });
  open.push(emu);
  const ws = workspace({ a: { model: 'gpt-4o', name: 'A' } });
  open.push(ws);
  writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), `options:\n  max_retries: ${retries}\n`);
  let creates = 0;
  const proxy: Recorder = await recordingProxy(emu.url, (req) => {
    emu.setFaults({ errorRate: 0, commitThenDropRate: 0 });
    if (isLockCreate(req)) return create(++creates, req, emu);
    return req.method === 'DELETE' ? deletes() : undefined;
  });
  open.push(proxy);
  const cli = (url: string, ...argv: string[]) => runCli(argv, { cwd: ws.root, env: apiEnv(url) });
  return { emu, ws, proxy, cli, creates: () => creates };
}

/**
 * The lock's first create answered 500 by the proxy (nothing made), and made late, once the
 * listing after it found none: as the create sent again reaches the proxy, which answers it 400.
 */
const madeLateThenRefused = (n: number, req: RecordedRequest, emu: RunningEmulator) => {
  if (n === 1) return 500;
  emu.seed([(req.body as Record<string, unknown>) as never]);
  return { status: 400, message: 'metadata is read-only just now' };
};

it('a lock create answered 500 is sent again after a listing; a re-send that fails otherwise looks for the first, found made late, and removes it: the next run takes the lock at once; another run\'s lock is kept', async () => {
  const { emu, proxy, cli, creates } = await lockCreates(1, madeLateThenRefused);
  // Another run's lock, of this namespace, unexpired: not this run's, so never removed by it.
  const [theirs] = emu.seed([{
    model: 'gpt-4o',
    name: 'aac-lock-theirs',
    metadata: { [TEST_MARKER]: LOCK_KEY, holder: 'ci@elsewhere pid 7', operation: 'apply', nonce: 'theirs', expires_at: new Date(Date.now() + 600_000).toISOString() },
  }]);

  const failed = await cli(proxy.url, 'apply', '--yes');
  expect(failed.code).toBe(1);
  expect(failed.stderr).toContain("could not take the lock on the namespace 'test': its lock object was answered 500 (injected 500), and the create sent again once was answered 400: its lock was found and removed; nothing was changed (the last create: creating assistant 'aac lock': the API refused the request (400): metadata is read-only just now)");
  expect(failed.stderr).not.toContain('may have been made');
  expect(creates()).toBe(2);
  expect(emu.resources().filter(isLock).map((r) => r.id)).toEqual([theirs!.id]);

  // Once the other run's lock is gone, the next run takes the lock at once (no --lock-timeout) and applies.
  expect((await cli(emu.url, 'force-unlock', String(theirs!.id), '--yes')).code).toBe(0);
  const next = await cli(emu.url, 'apply', '--yes');
  expect(next.code, next.stderr).toBe(0);
  expect(emu.resources().map((r) => r.name)).toEqual(['A']);
});

it('a lock of unknown outcome that its run could not remove says so, with the expiry and the force-unlock of its id, and that the removal failed', async () => {
  // The token may not delete (403): not sent again, so the run ends at once.
  const { emu, proxy, cli } = await lockCreates(1, madeLateThenRefused, () => 403);
  const failed = await cli(proxy.url, 'apply', '--yes');
  expect(failed.code).toBe(1);
  // The expiry said is the one the lock object carries.
  const [left] = emu.resources().filter(isLock);
  const expires = (left!.metadata as Record<string, string>).expires_at;
  // Found, it is named by its id and its name, with the force-unlock of that id.
  expect(failed.stderr).toContain(`the create sent again once was answered 400: the assistant ${String(left!.id)} (named ${String(left!.name)}) was made and is left, as removing it failed too (openai accepted the credentials but did not allow deleting assistant ${String(left!.id)} (403): `);
  expect(failed.stderr).toContain(`): it expires by itself by ${expires}, or remove it now with credentials allowed to delete it (a key or role with the delete permission): run \`aac force-unlock ${String(left!.id)} --yes\` with them, or have someone who has them run it; nothing else was changed (the last create: creating assistant 'aac lock': the API refused the request (400): metadata is read-only just now)`);
  expect(emu.resources().filter(isLock)).toEqual([left]);
});

it('a lock create made late besides the one sent again: the run holds one and removes the other', async () => {
  // The first answered 500 by the proxy and made as the second reaches the emulator, which makes that one too and drops its answer.
  const { emu, ws, proxy, creates } = await lockCreates(1, (n, req, emulator) => {
    if (n === 1) return 500;
    emulator.seed([(req.body as Record<string, unknown>) as never]);
    emulator.setFaults({ commitThenDropRate: 1 });
    return undefined;
  });
  const held = await heldApply([], { cwd: ws.root, env: apiEnv(proxy.url) });
  expect(creates()).toBe(2);
  expect(emu.resources().filter(isLock)).toHaveLength(1);
  held.answer('yes');
  const done = await held.run;
  expect(done.code, done.stderr).toBe(0);
  expect(done.stderr).not.toContain('Warning');
  expect(emu.resources().map((r) => r.name)).toEqual(['A']);
});

it('lock creates that keep failing are sent max_retries + 1 times, each re-send after a listing, and the error says so, with the lock object\'s name, expiry and force-unlock', async () => {
  const { emu, proxy, cli, creates } = await lockCreates(2, (_n, _req, emulator) => {
    emulator.setFaults({ errorRate: 1 });
    return undefined;
  });
  const failed = await cli(proxy.url, 'apply', '--yes');
  expect(failed.code).toBe(1);
  expect(creates()).toBe(3);
  expect(emu.stats().faults.error).toBe(3);
  // Each create but the first comes after a listing; the last, after the last create, to clean up.
  const steps = proxy.requests.filter((r) => isLockCreate(r) || (r.method === 'GET' && r.path.endsWith('/assistants'))).map((r) => (r.method === 'POST' ? 'create' : 'list'));
  expect(steps.slice(steps.indexOf('create'))).toEqual(['create', 'list', 'create', 'list', 'create', 'list', 'list']);
  expect(failed.stderr).toMatch(new RegExp(
    "^Error: could not take the lock on the namespace 'test': its lock object was answered 50[03] \\([^)]+\\), and the create sent again twice was last answered 50[03] \\([^)]+\\), not found by the listing after it \\(options\\.max_retries: 2\\): " +
    "a last listing, to clean up, found none of this run's lock objects, so nothing was changed, unless one of those creates was made after that listing: then its lock object \\(named (aac-lock-[0-9a-f]{12})\\) is left, and it expires by itself by \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, " +
    "or run `aac force-unlock \\1 --yes` to remove it now \\(the last create: creating assistant 'aac lock': the server answered 50[03] ",
  ));
  expect(emu.resources()).toEqual([]);
});

it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('an interrupt (%s) during the back-off sends the lock\'s create no more: the run looks for it, says so, and exits %i as an interrupted wait does', async (signal, code) => {
  const interrupt = new AbortController();
  const { emu, ws, proxy, creates } = await lockCreates(2, () => {
    interrupt.abort(new Interrupted(signal));
    return 500;
  });
  const stopped = await runCli(['apply', '--yes'], { cwd: ws.root, env: apiEnv(proxy.url), signal: interrupt.signal });
  // Cleaned up and said, then ended as every interrupted run is: the signal's exit code, no error.
  expect(stopped.code, stopped.stderr).toBe(code);
  expect(creates()).toBe(1);
  expect(stopped.stderr).toContain("could not take the lock on the namespace 'test': its lock object was answered 500 (injected 500), not found by the listing after it (not sent again: the run was interrupted): a last listing, to clean up, found none of this run's lock objects");
  expect(stopped.stderr).toContain(`aac: interrupted (${signal})`);
  expect(stopped.stderr).not.toContain('Error:');
  expect(emu.resources()).toEqual([]);
});

it('a lock create answered 503 asking for a day is not sent again: the listing after it settles it, the error says the wait; nothing else is sent', async () => {
  const { emu, proxy, cli, creates } = await lockCreates(2, () => ({ status: 503, message: 'overloaded', headers: { 'retry-after': '86400' } }));
  const started = Date.now();
  const failed = await cli(proxy.url, 'apply', '--yes');
  // Neither the host's day nor the lock's own back-off is waited.
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(failed.code).toBe(1);
  // Sent once, though options.max_retries allows two more.
  expect(creates()).toBe(1);
  expect(failed.stderr).toContain("could not take the lock on the namespace 'test': its lock object was answered 503 (overloaded), not found by the listing after it (the host asked to wait 86400 s (its retry-after), longer than the 60 s aac waits: not sent again; run again later, once that time has passed): a last listing, to clean up, found none of this run's lock objects");
  expect(proxy.writes().filter((r) => !isLockCreate(r))).toEqual([]);
  expect(emu.resources()).toEqual([]);
});
