// README's "From Foundry classic agents" gives a rehearsal without an account: one emulator serving
// both Foundry APIs at one project endpoint, a classic definition applied, migrated, the new agent
// applied beside it, and --verify. This runs that block line by line as written (its `--port`
// mapped to an emulator on a free port), so a step the README gives that does not work fails here.
import { expect, it } from 'vitest';
import { END_TO_END } from '../../helpers/cli.js';
import { testDir } from '../../helpers/each-test.js';
import { readmeBlock, runReadmeBlock } from '../../helpers/readme-block.js';

it("README's foundry → foundry-agents rehearsal runs as written: both plans end clean, and --verify holds", END_TO_END, async () => {
  const lines = readmeBlock('#### From Foundry classic agents', 'To rehearse it all without an account');
  expect(lines.length).toBeGreaterThan(5);
  const runs = await runReadmeBlock(lines, testDir('aac-foundry-rehearsal-'));
  expect(runs.filter((r) => r.line.includes('--detailed-exitcode'))).toHaveLength(2);
  expect(runs.find((r) => r.line.startsWith('aac migrate') && !r.line.includes('--verify'))!.stdout).toContain('The live assistants of classic/ match the definitions');
  const verified = runs.find((r) => r.line.includes('--verify'));
  expect(verified?.stdout).toContain('Verified: the live agents of agents/ carry what the live assistants of classic/ do.');
});
