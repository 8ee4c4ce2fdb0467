// A string that is exactly one `${var.…}` reference takes its variable's value with its type: where
// the field wants a string and the variable is a number, the hint says to declare the variable a
// string or put the reference inside longer text — not to quote a value that is already quoted.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

test('a number variable in a string field: the hint is about the variable\'s type, not quoting', async () => {
  const cwd = testDir('aac-reference-type-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'assistants/aac.yaml', 'variables:\n  temperature: { type: number, default: 0.3 }\n');
  writeFile(cwd, 'assistants/bot.yaml', 'model: gpt-4o\nmetadata: { t: "${var.temperature}", u: 0.5 }\n');
  const validated = await runCli(['validate', '--no-color'], { cwd, env: {} });
  const out = validated.stdout + validated.stderr;
  expect(validated.code).toBe(1);
  expect(out).toContain("${var.temperature} takes its variable's type: declare the variable `type: string` in aac.yaml, or put the reference inside longer text");
  // A number written as one is still told to quote it.
  expect(out).toContain('quote the value to make it a string: "0.5"');
  expect(out).not.toContain('"0.3"');

  writeFile(cwd, 'assistants/bot.yaml', 'model: gpt-4o\nmetadata: { t: "t=${var.temperature}" }\n');
  const inText = await runCli(['validate', '--no-color'], { cwd, env: {} });
  expect(inText.code, inText.stdout).toBe(0);
});
