// A definition file whose name is not valid UTF-8 (a Latin-1 name from an old checkout) is said as
// what it is, with its bytes escaped: it was "does not exist" under a name with U+FFFD in it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';

test('a definition file whose name is not UTF-8 is named so, with its bytes, and the fix', async () => {
  const cwd = testDir('aac-not-utf8-');
  mkdirSync(join(cwd, '.git'));
  mkdirSync(join(cwd, 'defs'));
  writeFileSync(join(cwd, 'defs/good.yaml'), 'model: gpt-4o\nname: good\n');
  try {
    // Not named like a definition: not read, so its name is not aac's to judge.
    writeFileSync(Buffer.concat([Buffer.from(join(cwd, 'defs/notes')), Buffer.from([0xe9]), Buffer.from('.txt')]), 'notes\n');
    writeFileSync(Buffer.concat([Buffer.from(join(cwd, 'defs/bad')), Buffer.from([0xff, 0xfe]), Buffer.from('.yaml')]), 'model: gpt-4o\nname: c\n');
  } catch {
    return; // A file system that takes only UTF-8 names (macOS): no such file can be made.
  }
  const r = await runCli(['validate', '--dir', 'defs', '--format', 'json'], { cwd });
  const diagnostics = JSON.parse(r.stdout).diagnostics as Array<{ code: string; message: string; hint: string }>;
  expect(diagnostics).toEqual([expect.objectContaining({
    code: 'invalid-file-name',
    message: 'its name is not valid UTF-8 (bad\\xff\\xfe.yaml): aac reads names as UTF-8, so it cannot open it',
    hint: 'rename it with a UTF-8 name',
  })]);
  expect(r.code).toBe(1);
});
