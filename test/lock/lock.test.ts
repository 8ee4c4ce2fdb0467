// The lock per namespace, over HTTP against the emulator: two applies of different definitions at
// once — the second refuses naming the holder, or waits (--lock-timeout) and then plans what the
// first made; plan never takes the lock and never shows a lock object; a killed holder's lock
// blocks until it expires, then is taken over and removed; force-unlock removes it at once.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, workspace, apiEnv, type Harness, type Workspace } from '../apply/helpers.js';
import { runCli, TEST_MARKER, TEST_NAMESPACE } from '../helpers/cli.js';
import { runChild } from '../helpers/child-cli.js';
import { heldApply, until } from './helpers.js';
import { LOCK_KEY, standing, type LockObject } from '../../src/lock/lock-object.js';
import { Interrupted } from '../../src/util/errors.js';

let h: Harness | undefined;
const others: Workspace[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const ws of others.splice(0)) ws.cleanup();
});

const locksIn = (hh: Harness) => hh.emu.resources().filter((a) => (a.metadata as Record<string, string> | null)?.[TEST_MARKER] === LOCK_KEY);

describe('the lock on a namespace', () => {
  it('makes a second apply of other definitions refuse naming the holder, or wait and plan what the first made', async () => {
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' }, a2: { model: 'gpt-4o', name: 'A2' } });
    const other = workspace({ b1: { model: 'gpt-4o', name: 'B1' } });
    others.push(other);
    const first = await heldApply([], { cwd: h.ws.root, env: apiEnv(h.emu.url) });
    const [lock] = locksIn(h);
    expect(lock).toBeDefined();

    // Lock-timeout 0 (the default): refused at once, the holder named, nothing written.
    const refused = await runCli(['apply', '--yes', '--prune'], { cwd: other.root, env: apiEnv(h.emu.url) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the namespace '${TEST_NAMESPACE}' is locked by another run, so nothing was changed`);
    expect(refused.stderr).toContain(`Lock ID:   ${lock!.id as string}`);
    expect(refused.stderr).toMatch(new RegExp(`Holder: +\\S+@\\S+ pid ${process.pid}`));
    // Its holder (this test's process) runs here: waiting is offered, not force-unlock.
    expect(refused.stderr).toContain('wait for it to finish (--lock-timeout=5m waits up to five minutes)');
    expect(refused.stderr).not.toContain('force-unlock');
    expect(h.emu.resources().map((a) => a.name)).toEqual([lock!.name]);

    // Plan is lock-free and never shows the lock object.
    const plan = await runCli(['plan', '--prune'], { cwd: other.root, env: apiEnv(h.emu.url) });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan: 1 to create, 0 to modify, 0 to delete, 0 unchanged.');
    expect(plan.stdout).not.toMatch(/unmanaged|orphan|aac lock/);
    expect(locksIn(h)).toHaveLength(1);

    // A signal ends a wait as it ends any run before its first write: 128 + its number, nothing
    // changed, the waiter's own lock object removed.
    const stop = new AbortController();
    const waiting = runCli(['apply', '--yes', '--lock-timeout', '30s'], { cwd: other.root, env: apiEnv(h.emu.url), signal: stop.signal });
    await until(() => locksIn(h!).length === 2, 'the waiter queues');
    stop.abort(new Interrupted('SIGINT'));
    const interrupted = await waiting;
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toContain(`Stopped waiting for the lock on the namespace '${TEST_NAMESPACE}': nothing was changed.\n`);
    expect(interrupted.stderr).toContain('aac: interrupted (SIGINT)');
    expect(interrupted.stderr).not.toContain('Error:');
    expect(locksIn(h).map((l) => l.id)).toEqual([lock!.id]);

    // With --lock-timeout it queues behind the holder, then plans after the first apply's writes.
    // The first is let go only once the second says it waits (its stderr as it is written): a
    // count of requests could be met before its listing had seen the first's lock.
    let waited = '';
    const second = runCli(['apply', '--yes', '--prune', '--lock-timeout', '30s'], {
      cwd: other.root,
      env: apiEnv(h.emu.url),
      streams: { stderr: { write: (t: string) => void (waited += t), isTTY: false } },
    });
    await until(() => waited.includes(`Waiting for the lock on the namespace '${TEST_NAMESPACE}'`), 'the second apply queues');
    expect(locksIn(h)).toHaveLength(2);
    first.answer('yes');
    const [a, b] = await Promise.all([first.run, second]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('Apply complete: 2 created, 0 modified, 0 deleted.');
    expect(b.code, waited).toBe(0);
    // Its plan was made after the first apply finished: it deletes what that one created.
    expect(b.stdout).toContain('Apply complete: 1 created, 0 modified, 2 deleted.');
    expect(h.emu.resources().map((r) => r.name)).toEqual(['B1']);
  });

  it('a real SIGTERM ends a wait as it ends any run before its first write: exit 143, nothing changed, its own lock object removed', async () => {
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
    const other = workspace({ b1: { model: 'gpt-4o', name: 'B1' } });
    others.push(other);
    const first = await heldApply([], { cwd: h.ws.root, env: apiEnv(h.emu.url) });
    const [lock] = locksIn(h);
    const r = await runChild(['apply', '--yes', '--lock-timeout', '30s'], {
      cwd: other.root,
      env: apiEnv(h.emu.url),
      deadlineMs: 20_000,
      signal: { name: 'SIGTERM', when: /Waiting for the lock/ },
    });
    expect(r.killed).toBe(false);
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toContain(`Stopped waiting for the lock on the namespace '${TEST_NAMESPACE}': nothing was changed.\n`);
    expect(r.stderr).toContain('aac: interrupted (SIGTERM)');
    expect(locksIn(h).map((l) => l.id)).toEqual([lock!.id]);
    first.answer('no');
    expect((await first.run).code).toBe(1);
    expect(h.emu.resources()).toEqual([]);
  }, 30_000);

  it('is not taken with -lock=false', async () => {
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
    const first = await heldApply([], { cwd: h.ws.root, env: apiEnv(h.emu.url) });
    const other = workspace({ b1: { model: 'gpt-4o', name: 'B1' } });
    others.push(other);
    const r = await runCli(['apply', '--yes', '-lock=false'], { cwd: other.root, env: apiEnv(h.emu.url) });
    expect(r.code, r.stderr).toBe(0);
    first.answer('no');
    expect((await first.run).code).toBe(1);
    expect(h.emu.resources().map((a) => a.name)).toEqual(['B1']);
    const bad = await runCli(['apply', '--yes', '--lock', 'maybe'], { cwd: other.root, env: apiEnv(h.emu.url) });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown --lock 'maybe'\n  use one of: true, false");
  });

  it('removed by force-unlock while its run holds it: that run is told when it ends', async () => {
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
    const first = await heldApply([], { cwd: h.ws.root, env: apiEnv(h.emu.url) });
    const [lock] = locksIn(h);
    // Its holder, the held run, is this test's own process: still running here, hence --even-if-running.
    expect((await h.cli(['force-unlock', String(lock!.id), '--yes', '--even-if-running'])).code).toBe(0);
    first.answer('yes');
    const done = await first.run;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain(`Warning: the lock ${String(lock!.id)} had been removed by someone else (aac force-unlock?) while this run held it`);
  });

  it("of a killed run blocks until it expires, then is taken over and removed", async () => {
    const defs = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, { model: 'gpt-4o', name: `K${i}` }]));
    h = await harness(defs, { latencyMs: 100 });
    const killed = await runChild(['apply', '--yes', '--concurrency', '1'], {
      cwd: h.ws.root,
      env: apiEnv(h.emu.url),
      deadlineMs: 20_000,
      signal: { name: 'SIGKILL', when: /Plan: 30 to create/ },
    });
    expect(killed.code).toBe(null);
    const [lock] = locksIn(h);
    expect(lock).toBeDefined();
    const blocked = await h.cli(['apply', '--yes']);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`Lock ID:   ${lock!.id as string}`);
    // Its process ran on this machine and is gone: the refusal says so.
    expect(blocked.stderr).toContain('is locked by a run that is no longer running (pid ');
    // Not only a killed run leaves one: a release whose answer was lost (said by that run) too.
    expect(blocked.stderr).toContain('its run ended without removing its lock (killed, or its release failed)');

    // Minutes pass without renewal (its run is dead): the expiry it wrote is now in the past.
    const metadata = lock!.metadata as Record<string, string>;
    h.emu.mutate(lock!.id as string, { metadata: { ...metadata, expires_at: new Date(Date.now() - 1000).toISOString() } });
    const next = await h.cli(['apply', '--yes']);
    expect(next.code, next.stderr).toBe(0);
    expect(locksIn(h)).toEqual([]);
    expect(h.emu.resources()).toHaveLength(30);
  });

  it('is said by a plan that reads the namespace while another run holds it; an expired one or another namespace\'s is not', async () => {
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
    const since = new Date(Math.floor((Date.now() - 60_000) / 1000) * 1000).toISOString();
    const holder = (expires: number) => ({ holder: 'ci@runner pid 4242', operation: 'apply', nonce: 'abc', since, expires_at: new Date(Date.now() + expires).toISOString() });
    h.emu.seed([{ model: 'gpt-4o', name: 'aac-lock-def', metadata: { 'aac@other': LOCK_KEY, ...holder(600_000) } }]);
    const elsewhere = await h.cli(['plan', '--format', 'json']);
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(elsewhere.stderr).toBe('');
    expect(JSON.parse(elsewhere.stdout)).not.toHaveProperty('locked_by');
    h.emu.seed([{ model: 'gpt-4o', name: 'aac-lock-old', metadata: { [TEST_MARKER]: LOCK_KEY, ...holder(-1_000) } }]);
    expect((await h.cli(['plan'])).stderr).toBe('');
    const [held] = h.emu.seed([{ model: 'gpt-4o', name: 'aac-lock-abc', metadata: { [TEST_MARKER]: LOCK_KEY, ...holder(600_000), run: 'https://github.com/acme/bots/actions/runs/7' } }]);
    const r = await h.cli(['plan', '--format', 'json', '--out', 'p.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `Warning: the namespace 'test' is locked by a run in progress (aac apply by ci@runner pid 4242, https://github.com/acme/bots/actions/runs/7, since ${since}): what this plan read may change before it is applied\n` +
        '  plan again once that run is done; `aac apply` of a saved plan refuses it if the live state changed since\n' +
        '\nSaved the plan to p.json. To make exactly these changes, run: aac apply p.json\n',
    );
    // Stdout stays the plan document alone, which records the lock for a program (a drift check).
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.create).toBe(1);
    const lockedBy = { id: held!.id, operation: 'apply', holder: 'ci@runner pid 4242', run: 'https://github.com/acme/bots/actions/runs/7', since };
    expect(doc.locked_by).toEqual(lockedBy);
    expect(JSON.parse(readFileSync(join(h.ws.root, 'p.json'), 'utf8')).locked_by).toEqual(lockedBy);
    // The saved plan reads back (show), its lock only recorded.
    const shown = await h.cli(['show', 'p.json', '--format', 'json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).locked_by).toEqual(lockedBy);
  });

  it('is removed by force-unlock, which deletes nothing but a lock of its own namespace', async () => {
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
    const holder = { holder: 'ci@runner pid 4242', operation: 'apply', nonce: 'abc', expires_at: new Date(Date.now() + 600_000).toISOString() };
    const [lock, elsewhere, plain] = h.emu.seed([
      { model: 'gpt-4o', name: 'aac-lock-abc', metadata: { [TEST_MARKER]: LOCK_KEY, ...holder } },
      { model: 'gpt-4o', name: 'aac-lock-def', metadata: { 'aac@other': LOCK_KEY, ...holder } },
      { model: 'gpt-4o', name: 'Hand made' },
    ]);
    const blocked = await h.cli(['apply', '--yes']);
    expect(blocked.stderr).toContain('Holder:    ci@runner pid 4242');

    for (const [id, message] of [
      [plain!.id, `${plain!.id as string} is an assistant, not a lock: force-unlock deletes only aac's lock objects`],
      [elsewhere!.id, "is the lock of the namespace 'other'"],
      ['asst_nosuchlock', "asst_nosuchlock is not a lock object of the namespace 'test': no lock object has that id or name at"],
    ] as const) {
      const r = await h.cli(['force-unlock', String(id), '--yes']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(message);
    }
    const unasked = await h.cli(['force-unlock', String(lock!.id)]);
    expect(unasked.code).toBe(1);
    const declined = await h.cli(['force-unlock', String(lock!.id)], { interactive: true, answers: ['no'] });
    expect(declined.code).toBe(1);
    const removed = await h.cli(['force-unlock', String(lock!.id)], { interactive: true, answers: ['yes'] });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Holder:    ci@runner pid 4242');
    expect(removed.stdout).toContain(`The lock ${String(lock!.id)} was removed`);
    const applied = await h.cli(['apply', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(h.emu.resources().map((a) => a.name).sort()).toEqual(['A1', 'Hand made', 'aac-lock-def']);

    // In a project with environments it runs in one, as apply does: its namespace is that one's.
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'environments:\n  dev: {}\n  other:\n    namespace: other\n');
    const env = { AAC_NAMESPACE: undefined };
    const unchosen = await h.cli(['force-unlock', String(elsewhere!.id), '--yes'], { env });
    expect(unchosen.code).toBe(1);
    expect(unchosen.stderr).toContain('choose one for force-unlock with --env NAME');
    const inOther = await h.cli(['force-unlock', String(elsewhere!.id), '--yes', '--env', 'other'], { env });
    expect(inOther.code, inOther.stderr).toBe(0);
    expect(h.emu.resources().map((a) => a.name).sort()).toEqual(['A1', 'Hand made']);
  });
});

describe('force-unlock by name, or without a lock named', () => {
  it("takes the lock's name (every lock object of that run), or finds the namespace's own lock; several runs' are named, never guessed", async () => {
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
    const by = (nonce: string) => ({ holder: 'ci@runner pid 4242', operation: 'apply', nonce, expires_at: new Date(Date.now() + 600_000).toISOString() });
    // Run `first` holds one lock object; run `second` two (its create sent again made both), which share its name.
    const [first] = h.emu.seed([
      { model: 'gpt-4o', name: 'aac-lock-111111111111', metadata: { [TEST_MARKER]: LOCK_KEY, ...by('111111111111zz') } },
      { model: 'gpt-4o', name: 'aac-lock-222222222222', metadata: { [TEST_MARKER]: LOCK_KEY, ...by('222222222222zz') } },
      { model: 'gpt-4o', name: 'aac-lock-222222222222', metadata: { [TEST_MARKER]: LOCK_KEY, ...by('222222222222zz') } },
      { model: 'gpt-4o', name: 'aac-lock-333333333333', metadata: { 'aac@other': LOCK_KEY, ...by('333333333333zz') } },
    ]);

    // Two runs' locks: none is chosen; each is named with the force-unlock that removes it.
    const ambiguous = await h.cli(['force-unlock', '--yes']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain(`Error: 2 runs have lock objects on the namespace '${TEST_NAMESPACE}', oldest first, so none was removed:\n`);
    for (const name of ['aac-lock-111111111111', 'aac-lock-222222222222']) expect(ambiguous.stderr).toContain(`  - ${name}, held by ci@runner pid 4242 (aac apply): \`aac force-unlock ${name} --yes\`\n`);
    expect(locksIn(h)).toHaveLength(3);

    // Another namespace's lock by its name is refused as it is by its id.
    const other = await h.cli(['force-unlock', 'aac-lock-333333333333', '--yes']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("aac-lock-333333333333 is the lock of the namespace 'other'");

    // By name: both lock objects of that run.
    const named = await h.cli(['force-unlock', 'aac-lock-222222222222', '--yes']);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/\(2 lock objects of this run: asst_\w+, asst_\w+; all are removed\)\n/);
    expect(locksIn(h).map((l) => l.id)).toEqual([first!.id]);

    // Without LOCK: the one run's lock left, found by listing.
    const own = await h.cli(['force-unlock', '--yes']);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toContain(`Lock ID:   ${String(first!.id)}`);
    expect(own.stdout).toContain(`The lock ${String(first!.id)} was removed: the namespace '${TEST_NAMESPACE}' is unlocked.`);
    expect(locksIn(h)).toHaveLength(0);
    const none = await h.cli(['force-unlock', '--yes']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`Error: the namespace '${TEST_NAMESPACE}' is not locked: no lock object of it at `);
    expect(h.emu.resources().map((a) => a.name).sort()).toEqual(['aac-lock-333333333333']);
  });
});

describe('standing', () => {
  const lock = (id: string, createdAt: number, expiresAt = 10_000_000): LockObject => ({ id, namespace: 'n', createdAt, expiresAt, who: id, operation: 'apply', nonce: id });
  it('holds with no older unexpired lock, queues behind an older one, steps back on a same-second tie', () => {
    const mine = lock('b', 100);
    expect(standing(mine, [mine, lock('c', 101)], 0).state).toBe('held');
    expect(standing(mine, [mine, lock('a', 99)], 0)).toMatchObject({ state: 'queued', holder: { id: 'a' } });
    expect(standing(mine, [mine, lock('z', 100), lock('a', 100)], 0)).toMatchObject({ state: 'tied', holder: { id: 'a' } });
    const expired = lock('a', 99, 5_000);
    expect(standing(mine, [mine, expired], 5_000)).toEqual({ state: 'held', expired: [expired] });
    expect(standing(mine, [mine, { ...lock('x', 50), namespace: 'other' }], 0).state).toBe('held');
  });
});
