// README's "Migrating from assistants" gives a rehearsal without an account: an emulator of each
// OpenAI API, the bundled examples applied to the one, migrated, applied to the other, both plans
// clean, and --verify reading both in one run. This runs that block line by line as written (each
// `--port` mapped to an emulator on a free port), so a step the README gives that does not work
// fails here.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { END_TO_END } from '../../helpers/cli.js';
import { testDir } from '../../helpers/each-test.js';
import { readmeBlock, runReadmeBlock } from '../../helpers/readme-block.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

it("README's openai → openai-agents rehearsal runs as written: both plans end clean, and --verify holds", END_TO_END, async () => {
  const lines = readmeBlock('### Migrating from assistants', 'To rehearse it without an account');
  expect(lines.length).toBeGreaterThan(5);
  const cwd = testDir('aac-rehearsal-');
  cpSync(join(ROOT, 'assistants'), join(cwd, 'assistants'), { recursive: true });
  const runs = await runReadmeBlock(lines, cwd);
  expect(runs.filter((r) => r.line.includes('--detailed-exitcode'))).toHaveLength(2);
  // migrate read the assistants' live state, at the endpoint their aac.yaml names.
  expect(runs.find((r) => r.line.includes('--accept-losses'))!.stdout).toContain('The live assistants of assistants/ match the definitions');
  const verified = runs.find((r) => r.line.includes('--verify'));
  expect(verified?.stdout).toContain('Verified: the live agents of agents/ carry what the live assistants of assistants/ do, but the 16 fields listed above.');
});
