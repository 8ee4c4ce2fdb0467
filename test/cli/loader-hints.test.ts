// What `aac validate` tells of definitions written in a way the loader does not take: a function
// tool written flat wherever it is (the base file or an overlay).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';

/** A project with `files` (path below it → text); returns its directory. */
function project(files: Record<string, string>): string {
  const cwd = testDir('aac-loader-hints-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(cwd, path)), { recursive: true });
    writeFileSync(join(cwd, path), text);
  }
  return cwd;
}

const FLAT = 'tools:\n  - type: function\n    name: lookup\n    parameters: {type: object}\n';

test('a function tool written flat is told to go under function:, in the base file and in an overlay, one error a field', async () => {
  const base = project({ 'assistants/a.yaml': `model: gpt-4o\nname: A\n${FLAT}` });
  const r = await runCli(['validate', '--no-color'], { cwd: base });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("assistants/a.yaml:5:5: error: unknown field 'name' in tools[0] [tools[0].name]\n  hint: did you mean 'function.name'? it is written under `function:`\n");
  expect(r.stdout).toContain("assistants/a.yaml:6:5: error: unknown field 'parameters' in tools[0] [tools[0].parameters]\n  hint: did you mean 'function.parameters'? it is written under `function:`\n");
  // The missing `function:` is those fields' error, not one of its own.
  expect(r.stdout).not.toContain("missing the required field 'function'");
  expect(r.stdout).toContain('2 errors.');

  const overlaid = project({
    'assistants/aac.yaml': 'environments:\n  prod: {}\n',
    'assistants/a.yaml': 'model: gpt-4o\nname: A\ntools:\n  - type: function\n    function: {name: lookup}\n',
    'assistants/overlays/prod/a.yaml': FLAT,
  });
  const o = await runCli(['validate', '--no-color'], { cwd: overlaid });
  expect(o.code).toBe(1);
  expect(o.stdout).toContain("assistants/overlays/prod/a.yaml:3:5: error: unknown field 'name' in tools[0] [tools[0].name]\n  hint: did you mean 'function.name'? it is written under `function:`\n");
  expect(o.stdout).toContain("assistants/overlays/prod/a.yaml:4:5: error: unknown field 'parameters' in tools[0] [tools[0].parameters]\n  hint: did you mean 'function.parameters'? it is written under `function:`\n");
});
