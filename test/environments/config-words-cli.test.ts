// aac.yaml's schema errors in aac's words, with the fix: an empty `environments:` (it was the
// validator's "must NOT have fewer than 1 properties", no hint), an endpoint with an upper-case
// scheme (a valid URL: schemes are case-insensitive) accepted, and one with a space before it told
// so (both were "not an http:// or https:// URL", on a line that shows one).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';

let cwd: string;
const validate = (config: string) => {
  writeFileSync(join(cwd, 'defs/aac.yaml'), config);
  return runCli(['validate', '--dir', 'defs', '--no-color'], { cwd });
};

beforeEach(() => {
  cwd = testDir('aac-config-words-');
  mkdirSync(join(cwd, '.git'));
  mkdirSync(join(cwd, 'defs'));
  writeFileSync(join(cwd, 'defs/a.yaml'), 'model: gpt-4o\nname: a\n');
});

test('environments: {} is empty, with the fix', async () => {
  const r = await validate('environments: {}\n');
  expect(r.stdout).toContain('defs/aac.yaml:1:15: error: environments is empty: it needs at least 1 entry [environments]\n  hint: add an entry under environments, or remove the line\n');
  expect(r.code).toBe(1);
});

test('an endpoint with an upper-case scheme is a valid URL; one after a space is told so', async () => {
  const upper = await validate('endpoint: "HTTP://127.0.0.1:9/v1"\n');
  expect(upper.stdout + upper.stderr).toContain('1 definition valid.');
  expect(upper.code).toBe(0);
  const spaced = await validate('endpoint: " http://127.0.0.1:9/v1"\n');
  expect(spaced.stdout).toContain('defs/aac.yaml:1:11: error: endpoint is not valid: it starts with white space [endpoint]\n  hint: remove the white space before the value of endpoint\n');
  expect(spaced.code).toBe(1);
  const other = await validate('endpoint: "ftp://x"\n');
  expect(other.stdout).toContain('endpoint is not valid: an http:// or https:// URL [endpoint]');
});
