// A same-second tie over the lock, made certain rather than raced: two runs' lock protocols against
// one emulator whose clock (Date, in this process) is frozen, so both lock objects get one
// created_at, and each run's first listing is read while both are there (neither lists before
// both are made, and neither goes on from its listing before the other's has been read: a run that
// stepped back at once could otherwise delete its object before the other listed). Both must step back and try again — with the
// default --lock-timeout 0s too — and once the clock has moved on, one holds and the other, now
// behind a real older holder, refuses at once.
import { afterEach, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { acquireLock, thisRun, type HeldLock } from '../../src/lock/lock.js';
import { LOCK_KEY } from '../../src/lock/lock-object.js';
import { LockModels } from '../../src/lock/lock-model.js';
import { connect, emulator } from '../backends/helpers.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { TEST_NAMESPACE } from '../helpers/cli.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await emu?.close();
  emu = undefined;
});

/** Two runs' meeting point: each waits at `meet` until both have come, `step` naming the meeting. */
function barrier(): (step: string) => Promise<void> {
  const arrived = new Map<string, number>();
  return async (step) => {
    arrived.set(step, (arrived.get(step) ?? 0) + 1);
    while (arrived.get(step)! < 2) await new Promise((r) => setTimeout(r, 5));
  };
}

/**
 * `backend`, whose first listing waits until `ready()` holds and then for the other run's (`meet`),
 * and hands its answer on once the other's is read too; every create after the first `tied` ones
 * is a second later.
 */
function inStep(backend: Backend, ready: () => boolean, meet: (step: string) => Promise<void>, creates: { count: number }, tied: number): Backend {
  let listed = false;
  return new Proxy(backend, {
    get(target, prop, receiver) {
      if (prop === 'create') {
        return async (...args: Parameters<Backend['create']>) => {
          if (++creates.count > tied) vi.setSystemTime(Date.now() + 1000);
          return target.create(...args);
        };
      }
      if (prop === 'listAll') {
        return async (...args: Parameters<Backend['listAll']>) => {
          if (listed) return target.listAll(...args);
          listed = true;
          while (!ready()) await new Promise((r) => setTimeout(r, 5));
          await meet('list');
          const live = await target.listAll(...args);
          await meet('listed');
          return live;
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

it('steps back on a same-second tie and retries whatever the timeout: one run holds, the other refuses behind it', async () => {
  emu = await emulator('openai');
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T12:00:00.000Z') });
  const creates = { count: 0 };
  const locks = () => emu!.resources().filter((r) => Object.values((r.metadata ?? {}) as Record<string, string>).includes(LOCK_KEY));
  // Both first lock objects are made (in one second) before either run lists.
  const ready = () => creates.count >= 2 && locks().length >= 2;
  const meet = barrier();
  const run = async () => {
    const { backend } = await connect(emu!);
    return acquireLock(inStep(backend, ready, meet, creates, 2), {
      namespace: TEST_NAMESPACE,
      models: new LockModels([{ model: 'gpt-4o', files: [], live: [] }], backend.kind, TEST_NAMESPACE),
      holder: thisRun('apply', {}),
      timeoutMs: 0,
      signal: new AbortController().signal,
      onWait: () => undefined,
      onLeft: (warning) => expect.fail(`a tied lock object was left: ${warning}`),
      maxRetries: 0,
      unlockCommand: (id) => `aac force-unlock ${id}`,
    });
  };
  const outcomes = await Promise.allSettled([run(), run()]);

  const held = outcomes.filter((o): o is PromiseFulfilledResult<HeldLock> => o.status === 'fulfilled');
  const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  expect(held, String(refused.map((r) => r.reason as Error))).toHaveLength(1);
  expect(refused).toHaveLength(1);
  // Both stepped back once (two tied objects deleted) and made a new one each.
  expect(creates.count).toBe(4);
  // The loser refuses naming the winner's live lock object, not one already deleted.
  const winner = held[0]!.value;
  expect((refused[0]!.reason as Error).message).toContain(`Lock ID:   ${winner.id}`);
  expect(locks().map((l) => l.id)).toEqual([winner.id]);
  expect(await winner.release()).toBeUndefined();
  expect(locks()).toEqual([]);
});
