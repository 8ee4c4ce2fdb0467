// `aac migrate --verify` checks that --out holds exactly what migrate writes, file for file: a
// definition there that migrate would not write (its source removed since the migration) still
// plans, and keeps its live agent, from the new directory, so verification fails naming it with
// the fix; followed, it verifies. What a run there does not read as a definition (an overlay, a
// `_` fragment, a hidden file, another name) is not one, as the loader's walk has it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { END_TO_END, runCli } from '../../helpers/cli.js';
import { testDir, testEmulator } from '../../helpers/each-test.js';
import { writeFile } from '../../environments/helpers.js';

const TOKEN = { AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: undefined };

test('--verify fails on a definition in --out that migrate would not write, naming it and the fix; the walk\'s exclusions are no such file', END_TO_END, async () => {
  const emulator = await testEmulator({ provider: 'foundry,foundry-agents', project: 'prod' });
  const cwd = testDir('aac-migrate-verify-extra-');
  const aac = async (...argv: string[]) => runCli(argv, { cwd, env: TOKEN });
  writeFile(cwd, 'classic/aac.yaml', `provider: foundry\nnamespace: support\nenvironments:\n  prod:\n    endpoint: ${emulator.url}\n`);
  writeFile(cwd, 'classic/billing.yaml', 'model: gpt-4o\nname: Billing\ninstructions: You are billing.\n');
  writeFile(cwd, 'classic/news.yaml', 'model: gpt-4o\nname: News\ninstructions: You are news.\n');
  expect((await aac('apply', '--yes', '--dir', 'classic', '--env', 'prod')).code).toBe(0);
  const migrated = await aac('migrate', '--to', 'foundry-agents', '--dir', 'classic', '--out', 'agents', '--provider', 'foundry');
  expect(migrated.code, migrated.stderr).toBe(0);
  expect((await aac('apply', '--yes', '--dir', 'agents', '--env', 'prod')).code).toBe(0);
  const verify = () => aac('migrate', '--to', 'foundry-agents', '--dir', 'classic', '--out', 'agents', '--provider', 'foundry', '--verify');
  expect((await verify()).code).toBe(0);

  // Not definitions to a run on agents/: an overlay (this one changes nothing), a fragment, a hidden file, a note.
  writeFile(cwd, 'agents/overlays/prod/billing.yaml', 'definition:\n  instructions: You are billing.\n');
  writeFile(cwd, 'agents/_shared.yaml', 'model: gpt-4o\n');
  writeFile(cwd, 'agents/.draft.yaml', 'model: gpt-4o\n');
  writeFile(cwd, 'agents/NOTES.md', 'notes\n');
  const still = await verify();
  expect(still.code, still.stderr).toBe(0);
  expect(still.stdout).toContain('agents/ holds what migrate writes from classic/ (2 files, its aac.yaml aside)\n');

  // The source's news retired; the migrated news.yaml and its live agent remain.
  rmSync(join(cwd, 'classic/news.yaml'));
  expect((await aac('apply', '--prune', '--yes', '--dir', 'classic', '--env', 'prod')).code).toBe(0);
  const broken = await verify();
  expect(broken.code).toBe(1);
  expect(broken.stdout).not.toContain('agents/ holds what migrate writes');
  expect(broken.stderr).toContain('agents/news.yaml — a definition migrate does not write from classic/ now (its source was removed or renamed since the migration): remove it and, if it was applied, prune its live agent (an apply of agents/ with --prune, in each environment it was applied in)\n');
  expect(broken.stderr).toContain('Error: not verified: 1 break in the chain');

  // The fix, followed: the file removed, its agent pruned.
  rmSync(join(cwd, 'agents/news.yaml'));
  expect((await aac('apply', '--prune', '--yes', '--dir', 'agents', '--env', 'prod')).code).toBe(0);
  const verified = await verify();
  expect(verified.code, verified.stderr).toBe(0);
  expect(verified.stdout).toContain('agents/ holds what migrate writes from classic/ (1 file, its aac.yaml aside)\n');
}, 240_000);

test("an overlay directory of an environment aac.yaml no longer declares holds no definition migrate failed to write: --verify counts the files a run reads, as the load does", END_TO_END, async () => {
  const emulator = await testEmulator({ provider: 'foundry,foundry-agents', project: 'prod' });
  const cwd = testDir('aac-migrate-verify-retired-');
  const aac = async (env: Record<string, string | undefined>, ...argv: string[]) => runCli(argv, { cwd, env });
  writeFile(cwd, 'classic/aac.yaml', `provider: foundry\nnamespace: support\nenvironments:\n  prod:\n    endpoint: ${emulator.url}\n`);
  writeFile(cwd, 'classic/billing.yaml', 'model: gpt-4o\nname: Billing\ninstructions: You are billing.\n');
  expect((await aac(TOKEN, 'apply', '--yes', '--dir', 'classic', '--env', 'prod')).code).toBe(0);
  expect((await aac(TOKEN, 'migrate', '--to', 'foundry-agents', '--dir', 'classic', '--out', 'agents', '--provider', 'foundry')).code).toBe(0);
  expect((await aac(TOKEN, 'apply', '--yes', '--dir', 'agents', '--env', 'prod')).code).toBe(0);
  // What a staging environment removed from aac.yaml left behind: its overlay, no definition.
  writeFile(cwd, 'agents/overlays/staging/billing.yaml', 'instructions: You are billing.\n');
  const verify = (env: Record<string, string | undefined>) => aac(env, 'migrate', '--to', 'foundry-agents', '--dir', 'classic', '--out', 'agents', '--provider', 'foundry', '--verify');

  // Unread (no token), each link is said: the files are what migrate writes; the live states were not read.
  const unread = await verify({ AAC_NAMESPACE: undefined });
  expect(unread.code).toBe(1);
  expect(unread.stdout).toContain('agents/ holds what migrate writes from classic/ (1 file, its aac.yaml aside)\n');
  expect(unread.stderr).not.toContain('overlays/staging');
  expect(unread.stderr).toContain('Error: not verified: 2 breaks in the chain');
  // Read, the new directory's plan refuses it, as every run there does.
  const read = await verify(TOKEN);
  expect(read.code).toBe(1);
  expect(read.stderr).toContain('Error: 1 error in the definitions; nothing was changed');
  expect(read.stderr).not.toContain('a definition migrate does not write');
}, 240_000);
