// `--dir .` at a project's root outside git (as `kubectl apply -f .` is typed, and as aac's hint for
// it says): the root holds no definitions, only definitions directories one folder down. The
// refusal for want of a namespace names those folders first, not only an aac.yaml to write here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

it('no namespace for a --dir that holds definitions only in folders below: the folders are named, and --dir one of them plans', async () => {
  const emu = await testEmulator();
  const cwd = testDir('aac-ns-folders-');
  mkdirSync(join(cwd, 'assistants'));
  writeFileSync(join(cwd, 'assistants', 'aac.yaml'), 'namespace: team\n');
  writeFileSync(join(cwd, 'assistants', 'bot.yaml'), 'model: gpt-4o\n');
  const env = { OPENAI_API_KEY: 'any', OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
  const r = await runCli(['plan', '--dir', '.'], { cwd, env });
  expect([r.code, r.stderr]).toEqual([1, 'Error: no namespace is set, and . is not inside a git repository, so there is no stable default to scope what it manages by\n  . holds no definitions at its top, only in assistants/ one folder down: if it is the definitions directory, pass --dir assistants; else set `namespace: NAME` in aac.yaml (or pass --namespace NAME, or set AAC_NAMESPACE)\n']);
  expect(emu.stats().total).toBe(0);
  // A namespace given and refused for itself is told its own fix alone, not the folders below.
  const invalid = await runCli(['plan', '--dir', '.', '--namespace', 'bad ns'], { cwd, env });
  expect([invalid.code, invalid.stderr]).toEqual([1, "Error: --namespace 'bad ns' is not a valid namespace: use letters, digits, '.', '_' and '-' in '/'-separated segments that start with a letter or digit\n  e.g. 'bad-ns' (the value given, each run of other characters made one '-')\n"]);
  // As the hint says.
  expect((await runCli(['plan', '--dir', 'assistants'], { cwd, env })).code).toBe(0);
  // A directory with its own definitions and no namespace is told the aac.yaml to write alone.
  const flat = testDir('aac-ns-flat-');
  writeFileSync(join(flat, 'bot.yaml'), 'model: gpt-4o\n');
  expect((await runCli(['plan', '--dir', '.'], { cwd: flat, env })).stderr).toBe('Error: no namespace is set, and . is not inside a git repository, so there is no stable default to scope what it manages by\n  set `namespace: NAME` in aac.yaml (or pass --namespace NAME, or set AAC_NAMESPACE)\n');
});
