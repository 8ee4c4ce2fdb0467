// Renewing the lock while a long apply holds it moves the lock object's expiry with one update
// each time and reads nothing: a run held for many minutes (a slow apply, a confirmation left
// open) costs the host one write a minute, never a listing. Counted from the emulator's own stats.
import { afterEach, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { RENEW_EVERY_MS } from '../../src/lock/lock-object.js';
import { API_KEY, apiEnv, workspace, type Workspace } from '../apply/helpers.js';
import { heldApply, until } from './helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

/** The requests the emulator answered since `before` (its byRoute counts), by route; routes with none left out. */
function since(emu: RunningEmulator, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(emu.stats().byRoute).map(([route, n]) => [route, n - (before[route] ?? 0)]).filter(([, n]) => n !== 0));
}

it('each renewal of a held lock is one update of its object, and the run reads nothing meanwhile', async () => {
  const emu = await startEmulator({ apiKey: API_KEY });
  open.push(emu);
  const ws = workspace({ a: { model: 'gpt-4o', name: 'A' } });
  open.push(ws);
  // The renewal's interval and the clock are faked: a minute passes when the test says.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  const held = await heldApply([], { cwd: ws.root, env: apiEnv(emu.url) });
  const before = { ...emu.stats().byRoute };
  const renewals = 5;
  for (let i = 1; i <= renewals; i++) {
    vi.advanceTimersByTime(RENEW_EVERY_MS);
    await until(() => (since(emu, before)['POST /assistants/{id}'] ?? 0) === i, `renewal ${i}`);
  }
  expect(since(emu, before)).toEqual({ 'POST /assistants/{id}': renewals });
  held.answer('yes');
  const done = await held.run;
  expect(done.code, done.stderr).toBe(0);
  expect(emu.resources().map((a) => a.name)).toEqual(['A']);
});
