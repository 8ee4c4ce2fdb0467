// Standard output that cannot be written (a full disk: `aac plan --format json > plan.json` on a
// CI runner) is said on stderr, exit 1: an exit 1 with no word could not be told from the API's
// refusal. A closed pipe (`aac plan | head -1`) stays quiet: the reader chose to stop.
import { existsSync, mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { assertBuilt, CLI, processEnv } from '../helpers/child-cli.js';
import { testDir } from '../helpers/each-test.js';

const env = processEnv({ AAC_NAMESPACE: 'test', NO_COLOR: '1' });
let cwd: string;

beforeAll(() => {
  assertBuilt();
});

function defs(): void {
  cwd = testDir('aac-stdout-');
  mkdirSync(join(cwd, '.git'));
  mkdirSync(join(cwd, 'defs'));
  writeFileSync(join(cwd, 'defs/a.yaml'), 'model: gpt-4o\nname: a\n');
}

test.skipIf(!existsSync('/dev/full'))('stdout on a full device: said on stderr with the reason, exit 1', () => {
  defs();
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [CLI, 'validate', '--dir', 'defs'], { cwd, env, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
    expect(r.stderr).toContain('Error: cannot write to standard output: no space left on device (ENOSPC); what aac meant to print there is lost\n');
    expect(r.status).toBe(1);
  } finally {
    closeSync(full);
  }
});

test('stdout to a pipe its reader closed: nothing said, exit 0', () => {
  defs();
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', 'set -o pipefail; "$0" "$1" validate --dir defs | head -c 0', process.execPath, CLI], { cwd, env, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});
