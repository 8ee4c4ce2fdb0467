// A definition whose first line is indented (a space typed before `model:`, or a block pasted
// with its indent) while a later line is not: YAML takes the first line's indent for the whole
// document's, and the parser gave three errors of the later line ("unexpected scalar at node end",
// "unexpected map-value-ind token", "unexpected scalar token"), each with "remove or quote the
// character at this position". One error now, at the first line, with the fix.
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

it('one space before the first field: one error naming the file, line, column and the fix', async () => {
  const root = writeTree({ 'assistants/a.yaml': ' model: gpt-4o\nname: Support\ndescription: Helps\n' });
  const r = await runCli(['validate', '--no-color'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe(
    "assistants/a.yaml:1:2: error: line 1 is indented to column 2, but line 2 starts at column 1: YAML takes the first line's indent for the whole document's, so it cannot read on from line 2\n" +
      "  hint: remove the 1 space at the start of line 1, so that it starts at column 1, as line 2 does\n" +
      '1 error.\n0 of 1 definition valid; fix the errors above.\n',
  );
});

it('a block of first lines pasted with its indent, after a comment: the block is named, with its nested lines', async () => {
  const root = writeTree({ 'assistants/a.yaml': '# support\n\n  model: gpt-4o\n  tools:\n    - type: code_interpreter\nname: Support\n' });
  const r = await runCli(['validate', '--no-color'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe(
    "assistants/a.yaml:3:3: error: line 3 is indented to column 3, but line 6 starts at column 1: YAML takes the first line's indent for the whole document's, so it cannot read on from line 6\n" +
      "  hint: unindent lines 3–5 by 2 spaces, so that the document's top level starts at column 1, as line 6 does\n" +
      '1 error.\n0 of 1 definition valid; fix the errors above.\n',
  );
});

it('a whole document indented alike is read as written', async () => {
  const root = writeTree({ 'assistants/a.yaml': '  model: gpt-4o\n  name: Support\n' });
  const r = await runCli(['validate', '--no-color'], { cwd: root });
  expect(r.stdout).toBe('1 definition valid.\n');
});
