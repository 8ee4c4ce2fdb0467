// A path aac reads that cannot be reached — a symlink loop, a file where a directory of the path
// should be, a name too long — is a located error naming what it is, exit 1: never an internal
// error (an aac.yaml or a --dir that was a symlink loop crashed in a stat), and never read as
// "not there" (an overlay directory that was a loop meant "no differences": the base alone).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';

let cwd: string;
const aac = (...argv: string[]) => runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-test' } });
const write = (rel: string, text: string) => {
  mkdirSync(join(cwd, rel, '..'), { recursive: true });
  writeFileSync(join(cwd, rel), text);
};

beforeEach(() => {
  cwd = testDir('aac-unreachable-');
  mkdirSync(join(cwd, '.git'));
  write('defs/a.yaml', 'model: gpt-4o\nname: a\n');
});

describe('a path that cannot be reached', () => {
  test('an aac.yaml that is a symlink loop is located, for validate, plan and environments', async () => {
    symlinkSync('aac.yaml', join(cwd, 'defs/aac.yaml'));
    for (const command of ['validate', 'plan', 'environments']) {
      const r = await aac(command, '--dir', 'defs');
      expect(r.stdout + r.stderr, command).toContain('defs/aac.yaml:1:1: error: cannot read the project config: its symlinks form a loop\n  hint: fix the symlink\n');
      expect(r.stderr, command).not.toContain('internal error');
      expect(r.code, command).toBe(1);
    }
  });

  test('a --dir that is a symlink loop, lies below a file, or has a name too long is named as the definitions directory', async () => {
    symlinkSync(join(cwd, 'loop'), join(cwd, 'loop'));
    const cases: Array<[string, string]> = [
      ['loop', "Error: cannot read the definitions directory 'loop': its symlinks form a loop\n  fix the symlink, or point --dir at the directory that holds the definition files\n"],
      ['defs/a.yaml/x', "Error: cannot read the definitions directory 'defs/a.yaml/x': a part of its path is a file, not a directory\n  point --dir at the directory that holds the definition files\n"],
      // Its name cut after 64 characters (desired/paths.ts cutPath); its length said.
      ['x'.repeat(300), `Error: cannot read the definitions directory '${'x'.repeat(64)}…': a name in its path is 300 bytes, longer than the 255 a file system takes\n`],
    ];
    for (const [dir, said] of cases) {
      for (const command of ['validate', 'plan', 'environments', 'import']) {
        const r = await aac(command, '--dir', dir, ...(command === 'import' ? ['--namespace', 'n'] : []));
        expect(r.stderr, `${command} ${dir}`).toContain(said);
        expect(r.code, `${command} ${dir}`).toBe(1);
      }
    }
  });

  test("an environment's overlay directory that is a symlink loop is an error, not an environment without differences", async () => {
    write('defs/aac.yaml', 'environments:\n  prod: {}\n');
    mkdirSync(join(cwd, 'defs/overlays'));
    symlinkSync('prod', join(cwd, 'defs/overlays/prod'));
    const r = await aac('validate', '--dir', 'defs');
    expect(r.stdout).toContain("defs/overlays/prod: error: cannot read the overlay directory of environment 'prod': its symlinks form a loop\n  hint: fix the symlink\n");
    expect(r.stdout).toContain("0 of 1 definition valid in environment 'prod'");
    expect(r.code).toBe(1);
  });
});
