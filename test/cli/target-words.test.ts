// More than one word after one --target: an unquoted glob the shell expanded into file names
// (`--target assistants/b1*` → `assistants/b1.yaml assistants/b10.yaml`), said as that, not as a
// definitions directory given bare; or several keys, told to repeat --target.
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../plan/project.js';

it('an expanded glob is told to be quoted, several keys to repeat --target; nothing is read', async () => {
  const cwd = makeProject({ b1: { model: 'gpt-4o' }, b10: { model: 'gpt-4o' } });
  const glob = await runCli(['plan', '--target', 'assistants/b1.yaml', 'assistants/b10.yaml'], { cwd });
  expect([glob.code, glob.stderr]).toEqual([1, "Error: unexpected argument 'assistants/b10.yaml' after --target assistants/b1.yaml\n  --target takes one key or glob, and these are the names of files here (assistants/b1.yaml, assistants/b10.yaml): the shell expanded an unquoted glob; quote it, as `--target 'support/*'` (keys: a file's path below the definitions directory, without .yaml)\n"]);
  const keys = await runCli(['apply', 'p.json', '--target', 'b1', 'b10', 'b2'], { cwd });
  expect([keys.code, keys.stderr]).toEqual([1, "Error: unexpected argument 'b10' after --target b1\n  --target takes one key: repeat --target for each key (`--target b1 --target b10 --target b2`)\n"]);
  // A word that does not follow --target's value is the command's own stray argument, as before.
  expect((await runCli(['apply', '--target', 'b1', 'p.json', 'x'], { cwd })).stderr).toBe("Error: unexpected argument 'x'\n  usage: aac apply [PLANFILE] [options]\n");
});
