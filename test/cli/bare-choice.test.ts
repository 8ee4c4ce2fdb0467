// A value of an option with a list of values, given bare where the command takes no argument
// (`aac migrate openai-agents`, as `terraform workspace select prod` takes its word): the hint is
// that option with the value, where the line does not give the option already.
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../plan/project.js';

const USAGE = 'usage: aac migrate --to BACKEND --out DIR [--dir SRC] [--accept-losses] [--accept-drift] [--force] [--verify] [options]';

it('aac migrate openai-agents is told `--to openai-agents`; with --to given, or a word that is no backend, the usage alone', async () => {
  const cwd = makeProject({ bot: { model: 'gpt-4o' } });
  const bare = await runCli(['migrate', 'openai-agents', '--out', 'agents'], { cwd });
  expect([bare.code, bare.stderr]).toEqual([1, `Error: unexpected argument 'openai-agents'\n  did you mean \`--to openai-agents\`? ${USAGE}\n`]);
  const given = await runCli(['migrate', '--to', 'foundry-agents', 'openai-agents', '--out', 'agents'], { cwd });
  expect([given.code, given.stderr]).toEqual([1, `Error: unexpected argument 'openai-agents'\n  ${USAGE}\n`]);
  const other = await runCli(['migrate', 'agents', '--out', 'agents'], { cwd });
  expect([other.code, other.stderr]).toEqual([1, `Error: unexpected argument 'agents'\n  ${USAGE}\n`]);
  // As printed, it runs.
  expect((await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd })).code).toBe(0);
});
