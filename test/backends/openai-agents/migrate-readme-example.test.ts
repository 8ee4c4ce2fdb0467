// README's "Migrating from assistants" shows what `aac migrate --to openai-agents` gives on the
// bundled examples (assistants/ at the repository's root): its first lines and its closing count.
// Both are taken from a real run here, so an example or a mapping that changes fails this test
// rather than leaving the README a count behind.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runCli, END_TO_END } from '../../helpers/cli.js';
import { testDir } from '../../helpers/each-test.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README = readFileSync(new URL('README.md', `file://${ROOT}`), 'utf8');

it("README's migrate example is what the bundled examples give: its first lines and the count", END_TO_END, async () => {
  const section = README.slice(README.indexOf('### Migrating from assistants'));
  const block = section.slice(section.indexOf('```\n') + 4, section.indexOf('\n```', section.indexOf('```\n') + 4)).split('\n');
  const [shown, closing] = [block.slice(0, block.indexOf('…')), block.slice(block.indexOf('…') + 1)];
  expect(shown.length).toBeGreaterThan(0);

  const r = await runCli(['migrate', '--to', 'openai-agents', '--dir', 'assistants', '--out', testDir('aac-migrate-example-'), '--no-color'], { cwd: ROOT, env: { AAC_NAMESPACE: undefined } });
  expect(r.code).toBe(1);
  // Losses and the refusal both go to stderr: nothing was written.
  const lines = r.stderr.split('\n');
  expect(lines.slice(0, shown.length)).toEqual(shown);
  const at = lines.indexOf(closing[0]!);
  expect(at, r.stderr).toBeGreaterThan(shown.length);
  expect(lines.slice(at, at + closing.length)).toEqual(closing);
});
