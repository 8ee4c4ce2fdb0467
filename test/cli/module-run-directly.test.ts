// The CLI's module run as a program — `node dist/cli.js …` (tsc's output, which a clone holds
// beside dist/bin/) or `node dist/bin/cli.js …` (the bundle the launcher starts) — is the CLI all
// the same: it used to do nothing and exit 0, which reads as a command that succeeded in a script
// or a CI step. And the launcher (package.json's `bin`) still runs it once, not twice.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { assertBuilt, CLI, processEnv } from '../helpers/child-cli.js';
import { testDir } from '../helpers/each-test.js';

const TSC_OUTPUT = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/bin/cli.js', import.meta.url));

it.each([['tsc output', TSC_OUTPUT], ['bundle', BUNDLE], ['launcher', CLI]])('%s run with node answers as aac does, once', (_what, file) => {
  assertBuilt();
  const cwd = testDir('aac-direct-');
  const r = spawnSync(process.execPath, [file, 'validate', '--dir', 'missing'], { cwd, encoding: 'utf8', env: processEnv() });
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.match(/Error: the definitions directory 'missing' does not exist/g)).toHaveLength(1);
});
