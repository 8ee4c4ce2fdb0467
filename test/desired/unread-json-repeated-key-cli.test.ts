// A definition written as JSON is not read (only *.yaml and *.yml are), and validate says so at the
// file with the rename that makes it read. One with a key written twice — a slip the definition's
// own check names once it is read — was taken for no definition at all (its parse threw), and was
// left unread without a word: the directory seemed to hold nothing.
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { projectDir } from '../helpers/project.js';

test('a JSON definition with a key written twice is said not to be read, with the rename; once renamed, the repeated key is the error', async () => {
  const cwd = projectDir({ 'assistants/b.json': '{"model": "gpt-4o", "name": "B", "name": "B2"}\n' });
  const r = await runCli(['validate', '--no-color'], { cwd });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('assistants/b.json: warning: assistants/b.json is not read: it reads as a definition, but aac reads definitions from files named *.yaml or *.yml only\n  hint: rename it to b.yaml');
  const renamed = await runCli(['validate', '--no-color'], { cwd: projectDir({ 'assistants/b.yaml': '{"model": "gpt-4o", "name": "B", "name": "B2"}\n' }) });
  expect(renamed.code).toBe(1);
  expect(renamed.stdout).toMatch(/^assistants\/b\.yaml:1:34: error: the key '"?name"?' appears more than once in the same mapping \(first at line 1, column 21\)$/m);
});
