// A stop signal that comes while the definitions are being read ends the run: "interrupted",
// 128 + the signal's number, no request that writes sent (not even the lock's), no plan file saved.
// Three things see to it, and the test holds them together: the CLI stops at once while nothing is
// in flight (src/cli.ts processIO), readLocked's point of no return before the lock
// (src/commands/pipeline.ts), and acquireLock's check of the signal (src/lock/lock.ts). The
// compiled CLI sends itself the signal from inside the load (helpers/signal-self.mjs, at the load's
// check for its parsing thread's module), so the test does not depend on the machine's load.
// Against the emulator.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { API_KEY, apiEnv } from '../apply/helpers.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runChild } from '../helpers/child-cli.js';
import { testEmulator } from '../helpers/each-test.js';

afterAll(cleanupTrees);

const SIGNAL_SELF = fileURLToPath(new URL('../helpers/signal-self.mjs', import.meta.url));
/** The load asks whether its parsing thread's module is there (src/desired/read-files.ts) before it reads the first file. */
const AT_THE_LOAD = '/read-files-worker\\.js$';

/** Forty definitions, so the load is not over in the turn the signal arrives in. */
function fleet(): Record<string, string> {
  return Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`assistants/a${i}.yaml`, `model: gpt-4o\nname: Bot ${i}\ninstructions: Help with case ${i}.\n`]));
}

describe('a signal while the definitions are read', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('apply --yes at %s sends no write, not even the lock\'s: exit %i', async (signal, code) => {
    const emu = await testEmulator({ apiKey: API_KEY });
    const cwd = writeTree(fleet());
    const r = await runChild(['apply', '--yes'], { cwd, env: { ...apiEnv(emu.url), SIGNAL_SELF: JSON.stringify({ signal, on: 'exists', match: AT_THE_LOAD }) }, imports: [SIGNAL_SELF], deadlineMs: 20_000 });
    expect(r.stderr).toContain('signalled-self');
    expect(r.killed).toBe(false);
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code, stderr: expect.stringContaining(`aac: interrupted (${signal})`) });
    expect(r.stdout).not.toMatch(/Plan:|Apply (complete|interrupted)/);
    expect(Object.keys(emu.stats().byRoute).filter((route) => !route.startsWith('GET '))).toEqual([]);
    expect(emu.resources()).toEqual([]);
  }, 30_000);

  it('plan --out at SIGINT saves no plan file: exit 130', async () => {
    const emu = await testEmulator({ apiKey: API_KEY });
    const cwd = writeTree(fleet());
    const r = await runChild(['plan', '--out', 'p.json'], { cwd, env: { ...apiEnv(emu.url), SIGNAL_SELF: JSON.stringify({ signal: 'SIGINT', on: 'exists', match: AT_THE_LOAD }) }, imports: [SIGNAL_SELF], deadlineMs: 20_000 });
    expect(r.stderr).toContain('signalled-self');
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('aac: interrupted (SIGINT)');
    expect(r.stdout).not.toContain('Plan:');
    expect(readdirSync(cwd)).not.toContain('p.json');
  }, 30_000);
});
