// The default namespace is the definitions directory's path in its repository: `assistants` in
// every repository that keeps its definitions there. Two such repositories on one account share
// it, so one's fleet reads as the other's orphans and `--prune` would delete it. A plan with
// orphans in a default namespace says so, and how to give each repository its own.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { API_KEY, apiEnv } from '../apply/helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

function repository(files: Record<string, string>): string {
  const root = testDir('aac-default-ns-');
  mkdirSync(join(root, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

it("a plan with orphans in the default namespace says another repository's directory at the same path shares it", async () => {
  const emu = await testEmulator({ apiKey: API_KEY });
  const env = { ...apiEnv(emu.url), AAC_NAMESPACE: undefined };
  const first = repository({ 'assistants/faq.yaml': 'model: gpt-4o\n', 'assistants/billing.yaml': 'model: gpt-4o\n' });
  expect((await runCli(['apply', '--yes'], { cwd: first, env })).code).toBe(0);

  const second = repository({ 'assistants/hr.yaml': 'model: gpt-4o\n' });
  const text = await runCli(['plan', '--no-color'], { cwd: second, env });
  expect(text.code, text.stderr).toBe(0);
  expect(text.stdout).toContain('2 orphaned assistants are not deleted (run with --prune).');
  expect(text.stdout).toContain("The namespace 'assistants' is the default, the definitions directory's path in its repository: a directory at the same path in another repository on this account shares it, so these orphans may be that repository's assistants. Give each repository its own with `namespace:` in aac.yaml.");
  const pruned = await runCli(['plan', '--prune', '--format', 'markdown'], { cwd: second, env });
  expect(pruned.stdout).toContain('The namespace `assistants` is the default');

  // A namespace given explicitly, or a plan with no orphans, has no such note.
  writeFileSync(join(second, 'assistants/aac.yaml'), 'namespace: assistants\n');
  expect((await runCli(['plan', '--no-color'], { cwd: second, env })).stdout).not.toContain('is the default');
  expect((await runCli(['plan', '--no-color'], { cwd: first, env })).stdout).not.toContain('is the default');
});
