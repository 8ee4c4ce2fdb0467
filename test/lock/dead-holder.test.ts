// A lock whose holder ran on this machine (by host name) under a process id that no longer runs is
// named as such wherever the lock is shown — apply's refusal, its wait, force-unlock — with the
// force-unlock command of the run's own options; it is never removed for that (another container
// may share the host name). Over HTTP against the emulator.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, expect, it } from 'vitest';
import { harness, type Harness } from '../apply/helpers.js';
import { TEST_MARKER, TEST_NAMESPACE } from '../helpers/cli.js';
import { LOCK_KEY } from '../../src/lock/lock-object.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The id of a process that ran here and has ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  expect(child.status).toBe(0);
  return child.pid;
}

const lockHeldBy = (who: string) => ({
  model: 'gpt-4o',
  name: 'aac-lock-abc',
  metadata: { [TEST_MARKER]: LOCK_KEY, holder: who, operation: 'apply', nonce: 'abc', expires_at: new Date(Date.now() + 600_000).toISOString() },
});

it('a lock of an ended process on this host: apply says its run is no longer running and how to remove it, and removes nothing', async () => {
  h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
  const pid = endedPid();
  const [lock] = h.emu.seed([lockHeldBy(`ci@${hostname()} pid ${pid}`)]);
  const id = String(lock!.id);

  const refused = await h.cli(['apply', '--yes', '--namespace', TEST_NAMESPACE]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`is locked by a run that is no longer running (pid ${pid} on this host, ${hostname()}), so nothing was changed`);
  expect(refused.stderr).toContain(`Holder:    ci@${hostname()} pid ${pid} — no longer running on this host\n`);
  expect(refused.stderr).toContain(`remove it with \`aac force-unlock ${id} --yes --namespace ${TEST_NAMESPACE}\``);
  expect(refused.stderr).not.toContain('locked by another run');
  expect(h.emu.resources().map((a) => a.id)).toEqual([id]);

  // Waiting for it says so too; the lock still stands when the wait ends.
  const waited = await h.cli(['apply', '--yes', '--lock-timeout', '1s']);
  expect(waited.code).toBe(1);
  expect(waited.stderr).toContain(`held by ci@${hostname()} pid ${pid} (lock ${id}), a run that is no longer running (pid ${pid} on this host`);
  expect(h.emu.resources().map((a) => a.id)).toEqual([id]);

  const unlocked = await h.cli(['force-unlock', id, '--yes']);
  expect(unlocked.code, unlocked.stderr).toBe(0);
  expect(unlocked.stdout).toContain(`Holder:    ci@${hostname()} pid ${pid} — no longer running on this host\n`);
});

// Plan takes no lock, but says who holds it: of a dead holder, in apply's words and with its way out.
it("a lock of an ended process on this host: plan's warning says so in apply's words, with the force-unlock, run as printed", async () => {
  h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
  const pid = endedPid();
  const [lock] = h.emu.seed([lockHeldBy(`ci@${hostname()} pid ${pid}`)]);
  const id = String(lock!.id);
  const apply = await h.cli(['apply', '--yes']);
  const planned = await h.cli(['plan']);
  expect(planned.code, planned.stderr).toBe(0);
  const said = `is locked by a run that is no longer running (pid ${pid} on this host, ${hostname()})`;
  expect(planned.stderr).toContain(said);
  expect(apply.stderr).toContain(said);
  expect(planned.stderr).not.toContain('in progress');
  const hint = /(its run ended without removing its lock [^\n]*)/.exec(planned.stderr)?.[1];
  expect(hint, planned.stderr).toBeDefined();
  expect(apply.stderr).toContain(hint);
  const unlock = /`aac (force-unlock [^`]+)`/.exec(hint!)![1]!.split(' ');
  // No terminal here: the command runs as printed all the same.
  const unlocked = await h.cli(unlock);
  expect(unlocked.code, unlocked.stderr).toBe(0);
  expect(h.emu.resources().map((a) => a.id)).not.toContain(id);
});

// Terraform never offers force-unlock for a live lock: a holder known to run here is waited for,
// one whose process cannot be checked (another host, a `who` edited) may be gone: both are offered.
it('a lock of a running process, or of another host, is another run that holds it; only the one not known running is offered force-unlock', async () => {
  h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
  for (const who of [`ci@${hostname()} pid ${process.pid}`, `ci@elsewhere-${hostname()} pid ${endedPid()}`, 'edited by hand']) {
    const [lock] = h.emu.seed([lockHeldBy(who)]);
    const refused = await h.cli(['apply', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is locked by another run, so nothing was changed');
    expect(refused.stderr).not.toContain('no longer running');
    expect(refused.stderr).toContain('wait for it to finish (--lock-timeout=5m waits up to five minutes)');
    if (who.endsWith(`pid ${process.pid}`)) {
      expect(refused.stderr).toContain(`Holder:    ${who} — still running on this host\n`);
      expect(refused.stderr).toContain(`its process (pid ${process.pid}) is still running on this host: wait for it to finish`);
      expect(refused.stderr).not.toContain('force-unlock');
    } else {
      expect(refused.stderr).toContain('if that run is gone, its lock expires by ');
      expect(refused.stderr).toContain(`or remove it now with \`aac force-unlock ${String(lock!.id)} --yes\``);
    }
    if (who.endsWith(`pid ${process.pid}`)) {
      // aac knows this holder is alive: --yes alone keeps its lock, naming it and the ways out.
      const kept = await h.cli(['force-unlock', String(lock!.id), '--yes']);
      expect(kept.code).toBe(1);
      expect(kept.stderr).toContain(
        `Error: the lock ${String(lock!.id)} was not removed: its holder, pid ${process.pid}, is still running on this host, so its aac apply may be in progress and removing the lock would let another run write beside it\n` +
          `  wait for that run to finish (it releases the lock), or stop pid ${process.pid} and run force-unlock again; if pid ${process.pid} is not that aac run (a reused pid, another container with this host name), pass --even-if-running\n`,
      );
      expect(h.emu.resources().map((a) => a.id)).toContain(lock!.id);
      // Terraform's `force-unlock -force` skips the question (it is --yes here), never this check.
      const habit = await h.cli(['force-unlock', '-force', String(lock!.id)]);
      expect(habit.code).toBe(1);
      expect(habit.stderr).toContain(`Error: the lock ${String(lock!.id)} was not removed: its holder, pid ${process.pid}, is still running`);
      expect(h.emu.resources().map((a) => a.id)).toContain(lock!.id);
    }
    const removed = await h.cli(['force-unlock', String(lock!.id), '--yes', ...(who.endsWith(`pid ${process.pid}`) ? ['--even-if-running'] : [])]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(h.emu.resources().map((a) => a.id)).not.toContain(lock!.id);
  }
});
