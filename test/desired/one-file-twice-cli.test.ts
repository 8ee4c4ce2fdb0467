// A symlink inside the definitions directory (a directory alias, a file link) makes one real file
// several definitions: a warning at each extra path naming the file it is, exit 0 (an alias may be
// meant). Listing the link in .aacignore silences it. Through the real CLI.
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
const HINT = '  hint: remove the symlink, or list it in .aacignore; if two assistants are meant, give each its own file (a `$ref` fragment shares fields between them)\n';

beforeEach(() => {
  cwd = testDir('aac-one-file-twice-');
  mkdirSync(join(cwd, '.git'));
  write('d/aac.yaml', 'namespace: ft\n');
  write('d/sub/s.yaml', 'model: gpt-4o\nname: s\n');
});

describe('one real file read as two definitions', () => {
  test('a directory alias and a file link each warn, naming the file they are', async () => {
    symlinkSync('sub', join(cwd, 'd/alias'));
    symlinkSync('sub/s.yaml', join(cwd, 'd/fl.yaml'));
    const r = await aac('validate', '--dir', 'd');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "d/alias/s.yaml:1:1: warning: d/alias/s.yaml is d/sub/s.yaml through a symlink: one file read as two definitions ('sub/s' and 'alias/s'), so the plan makes two assistants of it, and an edit changes both\n"
      + HINT
      + "d/fl.yaml:1:1: warning: d/fl.yaml is d/sub/s.yaml through a symlink: one file read as two definitions ('sub/s' and 'fl'), so the plan makes two assistants of it, and an edit changes both\n"
      + HINT
      + '2 warnings.\n3 definitions valid.\n',
    );
    const json = JSON.parse((await aac('validate', '--dir', 'd', '--format', 'json')).stdout) as { diagnostics: Array<{ code: string; severity: string }> };
    expect(json.diagnostics.map((d) => [d.code, d.severity])).toEqual([['same-file', 'warning'], ['same-file', 'warning']]);
  });

  test('a link listed in .aacignore, or a plain copy, is not warned of', async () => {
    symlinkSync('sub', join(cwd, 'd/alias'));
    write('d/.aacignore', 'alias/\n');
    write('d/copy.yaml', 'model: gpt-4o\nname: s\n');
    const r = await aac('validate', '--dir', 'd');
    expect(r.stdout).toBe('2 definitions valid.\n');
  });
});
