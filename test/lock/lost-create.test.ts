// A lock object whose create got no answer, not found by the listing after it, and whose create
// sent again lost its answer too, may have been made: the run that made it looks for it by its
// nonce before it ends and removes it, so the next run (a CI re-run) is not refused for five
// minutes by a lock of a run already over. Another run's lock is never touched. Over HTTP against
// the emulator: a proxy answers the first create 500 itself (nothing made), and the emulator makes
// the second and drops its answer (its commit-then-drop fault, on that one request only).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { LOCK_KEY } from '../../src/lock/lock-object.js';
import { TEST_MARKER } from '../helpers/cli.js';
import { runCli } from '../helpers/cli.js';
import { API_KEY, apiEnv, recordingProxy, workspace, type Recorder, type Workspace } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

const isLock = (r: Record<string, unknown>) => String(r.name).startsWith('aac-lock-');

/**
 * An emulator and a workspace of one definition (no retries: each lost answer is the last word),
 * reached through a proxy whose lock creates go as above; `deletes` answers each DELETE instead of
 * the emulator when it returns a status.
 */
async function lostCreates(deletes: () => number | undefined = () => undefined) {
  const emu: RunningEmulator = await startEmulator({ apiKey: API_KEY });
  open.push(emu);
  const ws = workspace({ a: { model: 'gpt-4o', name: 'A' } });
  open.push(ws);
  writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
  let lockCreates = 0;
  const proxy: Recorder = await recordingProxy(emu.url, (req) => {
    const lockCreate = req.method === 'POST' && String((req.body as { name?: unknown } | undefined)?.name).startsWith('aac-lock-');
    if (lockCreate) lockCreates++;
    // Only the second lock create is made and its answer dropped; every other request is answered.
    emu.setFaults({ commitThenDropRate: lockCreate && lockCreates === 2 ? 1 : 0 });
    if (lockCreate && lockCreates === 1) return 500;
    return req.method === 'DELETE' ? deletes() : undefined;
  });
  open.push(proxy);
  const cli = (url: string, ...argv: string[]) => runCli(argv, { cwd: ws.root, env: apiEnv(url) });
  return { emu, proxy, cli };
}

it('a lock made by a create whose answer was lost twice is found by its nonce and removed by its run: the next run takes the lock at once; another run\'s lock is kept', async () => {
  const { emu, proxy, cli } = await lostCreates();
  // Another run's lock, of this namespace, unexpired: not this run's, so never removed by it.
  const [theirs] = emu.seed([{
    model: 'gpt-4o',
    name: 'aac-lock-theirs',
    metadata: { [TEST_MARKER]: LOCK_KEY, holder: 'ci@elsewhere pid 7', operation: 'apply', nonce: 'theirs', expires_at: new Date(Date.now() + 600_000).toISOString() },
  }]);

  const failed = await cli(proxy.url, 'apply', '--yes');
  expect(failed.code).toBe(1);
  expect(failed.stderr).toContain("could not take the lock on the namespace 'test': its lock object was answered 500 (injected 500), and the create sent again lost its answer too: its lock was found and removed; nothing was changed");
  expect(failed.stderr).not.toContain('may have been made');
  // Two creates reached the emulator's store once (the first was answered by the proxy): that one is gone.
  expect(emu.resources().filter(isLock).map((r) => r.id)).toEqual([theirs!.id]);

  // Once the other run's lock is gone, the next run takes the lock at once (no --lock-timeout) and applies.
  expect((await cli(emu.url, 'force-unlock', String(theirs!.id), '--yes')).code).toBe(0);
  const next = await cli(emu.url, 'apply', '--yes');
  expect(next.code, next.stderr).toBe(0);
  expect(emu.resources().map((r) => r.name)).toEqual(['A']);
});

it('a lock of unknown outcome that its run could not remove says so, with the expiry, and that the removal failed', async () => {
  // The token may not delete (403): not sent again, so the run ends at once.
  const { emu, proxy, cli } = await lostCreates(() => 403);
  const failed = await cli(proxy.url, 'apply', '--yes');
  expect(failed.code).toBe(1);
  // The expiry said is the one the lock object carries.
  const [left] = emu.resources().filter(isLock);
  const expires = (left!.metadata as Record<string, string>).expires_at;
  expect(failed.stderr).toContain(`the create sent again lost its answer too: it may have been made, and then it expires by itself by ${expires} (looking for it to remove it failed too: `);
  expect(failed.stderr).toContain('); nothing else was changed');
  expect(emu.resources().filter(isLock)).toEqual([left]);
});
