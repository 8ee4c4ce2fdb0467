// A --dir of any length is cut where a message shows it (desired/paths.ts cutPath: each name
// after 64 characters, the whole after 1,024), as a field path's keys and a diagnostic's path
// are: printed whole, a --dir of thousands of characters filled the terminal with each error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { PATH_KEY_SHOWN, PATH_SHOWN } from '../../src/yaml/path-text.js';

let cwd: string;
const aac = (...argv: string[]) => runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-test' } });

beforeEach(() => {
  cwd = testDir('aac-long-dir-');
  mkdirSync(join(cwd, '.git'));
  mkdirSync(join(cwd, 'defs'));
  writeFileSync(join(cwd, 'defs/a.yaml'), 'model: gpt-4o\nname: a\n');
});

describe('a long --dir is cut in messages', () => {
  test('one name of 3,000 characters (too long for any file system): cut after 64, for every command that reads --dir', async () => {
    expect(PATH_KEY_SHOWN).toBe(64);
    const dir = 'd'.repeat(3000);
    for (const command of ['validate', 'plan', 'environments', 'import']) {
      const r = await aac(command, '--dir', dir, ...(command === 'import' ? ['--namespace', 'n'] : []));
      expect(r.code, command).toBe(1);
      expect(r.stderr, command).toContain(`'${'d'.repeat(64)}…'`);
      expect(r.stdout + r.stderr, command).not.toContain('d'.repeat(65));
    }
  });

  test('a path of 500 short names that does not exist: said, cut after 1,024 characters, with its hint', async () => {
    expect(PATH_SHOWN).toBe(1024);
    const dir = Array.from({ length: 500 }, (_, i) => `n${i}`).join('/');
    const r = await aac('plan', '--dir', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: the definitions directory '${dir.slice(0, PATH_SHOWN)}…' does not exist\n`);
    expect(r.stderr).not.toContain(dir.slice(0, PATH_SHOWN + 1));
    expect(r.stderr.length).toBeLessThan(PATH_SHOWN + 400);
  });

  test('a short --dir is said whole', async () => {
    const r = await aac('plan', '--dir', 'nope');
    expect(r.stderr).toContain("Error: the definitions directory 'nope' does not exist\n");
  });
});
