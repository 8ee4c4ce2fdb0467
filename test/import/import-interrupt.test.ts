// `aac import` ended by a signal before it writes (heard while it reads the live assistants, by an
// io that does not end the process at once): nothing is written, and the run ends as every run
// stopped before writing does, with 128 + the signal's number. Against the emulator.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { Interrupted } from '../../src/util/errors.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

test.each([['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const)('import ended by %s while it reads writes nothing and exits %i', async (signal, code) => {
  // Every answer takes 300 ms: the signal lands while the listing is on its way.
  const emu = await testEmulator({ latencyMs: 300 });
  emu.seed([{ model: 'gpt-4o', name: 'Support Bot' }]);
  const cwd = testDir('aac-import-interrupt-');
  const stop = new AbortController();
  const running = runCli(['import'], { cwd, env: { OPENAI_API_KEY: 'sk-test-import-interrupt', OPENAI_BASE_URL: emu.url }, signal: stop.signal });
  while (emu.stats().total === 0) await new Promise((r) => setTimeout(r, 10));
  stop.abort(new Interrupted(signal));
  const r = await running;
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toContain(`aac: interrupted (${signal})`);
  expect(r.stderr).not.toContain('Error:');
  expect(existsSync(join(cwd, 'assistants'))).toBe(false);
});
