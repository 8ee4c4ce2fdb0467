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

test('every type mismatch that reference syntax made says how to write the reference: inside longer text, escaped, misspelt, or where none is read', async () => {
  const cwd = testDir('aac-reference-type-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'assistants/aac.yaml', [
    'options: { timeout_ms: "${var.t}" }',
    'variables:',
    '  t: { type: number, default: 0.5 }',
    '  u: { type: number, default: 1 }',
    'environments:',
    '  dev: { values: { u: "${var.t}" } }',
    '',
  ].join('\n'));
  writeFile(cwd, 'assistants/bot.yaml', 'model: gpt-4o\ntemperature: "${var.t} "\ntop_p: "$${var.t}"\ntools:\n  - type: file_search\n    file_search: { max_num_results: "${vars.n}" }\n');
  const r = await runCli(['validate', '--no-color'], { cwd, env: {} });
  expect(r.code).toBe(1);
  // The error's hint (a misspelt reference is also a warning there, near-miss-cli.test.ts).
  const hintOf = (at: string) => r.stdout.split('\n')[r.stdout.split('\n').findIndex((l) => l.startsWith(`${at} error:`)) + 1];
  expect(hintOf('assistants/bot.yaml:2:14:')).toBe(`  hint: a reference inside longer text gives text ('\${var.t} ' is '0.5 '): write the reference alone, "\${var.NAME}", to take its variable's value with its type`);
  expect(hintOf('assistants/bot.yaml:3:8:')).toBe("  hint: `$${` writes a literal `${`, so '$${var.t}' is the text '${var.t}': write ${var.NAME} alone to take its variable's value with its type");
  expect(hintOf('assistants/bot.yaml:6:37:')).toBe("  hint: '${vars.n}' is not a variable reference, so it stays text: a reference is ${var.NAME}, alone in the string to take its variable's value with its type");
  // aac.yaml reads no references: neither in an option nor in a variable's value.
  expect(hintOf('assistants/aac.yaml:1:24:')).toBe('  hint: ${var.…} references are read in definitions, overlays and fragments, not here: write the value itself');
  expect(hintOf('assistants/aac.yaml:6:23:')).toBe('  hint: ${var.…} references are read in definitions, overlays and fragments, not here: write the value itself');
});
