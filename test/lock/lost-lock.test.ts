// A run whose lock is removed while it applies (`aac force-unlock` by a colleague): its next
// renewal finds the lock gone, and from then on it starts no more writes. Those in flight finish,
// the rest are listed as not sent with the reason, and the run exits 1. force-unlock says when the
// holder's process is still running on this host. Over HTTP against the emulator, through a proxy
// that holds the first write until the lock is found gone: nothing is timed.
import { afterEach, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { RENEW_EVERY_MS } from '../../src/lock/lock-object.js';
import { runCli } from '../helpers/cli.js';
import { API_KEY, apiEnv, recordingProxy, workspace, type Recorder, type Workspace } from '../apply/helpers.js';
import { until } from './helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

it('a lock removed while the run applies stops it starting writes: the one in flight finishes, the rest are not sent, exit 1; force-unlock said the holder runs here', async () => {
  const emu: RunningEmulator = await startEmulator({ apiKey: API_KEY });
  open.push(emu);
  const ws = workspace({ a1: { model: 'gpt-4o', name: 'A1' }, a2: { model: 'gpt-4o', name: 'A2' }, a3: { model: 'gpt-4o', name: 'A3' } });
  open.push(ws);
  let said = '';
  let unlocked = '';
  // The first definition's create waits at the proxy while a colleague removes the lock and the holder's renewal comes due.
  const proxy: Recorder = await recordingProxy(emu.url, async (r) => {
    if (r.method === 'POST' && r.path.endsWith('/assistants') && (r.body as any)?.name === 'A1') {
      const lock = emu.resources().find((a) => String(a.name).startsWith('aac-lock-'))!;
      // The holder runs in this test's process, so aac knows it is alive: only --even-if-running removes its lock.
      const removed = await runCli(['force-unlock', String(lock.id), '--yes', '--even-if-running'], { cwd: ws.root, env: apiEnv(emu.url) });
      expect(removed.code, removed.stderr).toBe(0);
      unlocked = removed.stdout;
      vi.advanceTimersByTime(RENEW_EVERY_MS);
      await until(() => said.includes('this run starts no more writes'), 'the holder finds its lock gone');
    }
    return undefined;
  });
  open.push(proxy);
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  const run = await runCli(['apply', '--yes', '--concurrency', '1'], { cwd: ws.root, env: apiEnv(proxy.url), onStderr: (t) => void (said += t) });

  expect(unlocked).toContain(`pid ${process.pid} is still running on this host: its aac apply may be in progress.`);
  expect(unlocked).toMatch(new RegExp(`Holder: +\\S+@\\S+ pid ${process.pid} — still running on this host\\n`));
  expect(run.code, run.stdout + run.stderr).toBe(1);
  expect(run.stderr).toMatch(/Warning: the lock \S+ on the namespace 'test' was removed by someone else \(aac force-unlock\?\): its renewal at \S+ found it gone; this run starts no more writes\n/);
  expect(run.stdout).toContain('+ a1: created asst_');
  expect(run.stdout).toContain('Apply stopped: 1 created, 0 modified, 0 deleted, 2 not started.');
  expect(run.stdout).toMatch(/Stopped, as the lock was removed by someone else: the lock \S+ on the namespace 'test' was removed by someone else/);
  expect(run.stdout).toContain('Not done:\n  + a2: not sent: the lock was removed by someone else\n  + a3: not sent: the lock was removed by someone else\n');
  expect(run.stdout).toContain('Once no other run is applying this namespace, run `aac plan` to see what is left, and `aac apply --yes` again to finish');
  // Said once: the release has no lock left to delete, and no second warning.
  expect(run.stderr.match(/removed by someone else/g)).toHaveLength(1);
  expect(emu.resources().map((a) => a.name)).toEqual(['A1']);
  expect(proxy.writes().filter((w) => (w.body as any)?.name === 'A2' || (w.body as any)?.name === 'A3')).toEqual([]);
});
