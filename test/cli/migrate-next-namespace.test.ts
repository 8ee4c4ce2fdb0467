// `aac migrate`'s Next: is a plan to run as printed. Outside a git repository, where no namespace
// is written nor set, that plan is refused ("no namespace is set, … not inside a git repository"):
// Next: says the step the plan's own refusal asks for first, in the text and in JSON's `next`, and
// once it is done the plan runs against the host.
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from '../environments/helpers.js';

let cwd: string;
const aac = (argv: string[], env: Record<string, string | undefined> = {}) =>
  runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined, AZURE_AI_PROJECT_ENDPOINT: undefined, ...env } });
const STEP = 'set `namespace: NAME` in out/aac.yaml (or pass --namespace NAME, or set AAC_NAMESPACE)';

beforeEach(() => {
  cwd = testDir('aac-migrate-next-');
  writeFile(cwd, 'src/bot.yaml', 'model: gpt-4o\nname: Bot\ninstructions: Be brief.\n');
});

test('outside a git repository with no namespace: Next: says to set one before the plan, which then runs', async () => {
  const r = await aac(['migrate', '--to', 'foundry-agents', '--dir', 'src', '--out', 'out']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain(`\nNext: ${STEP}, then: aac plan --dir out\n`);
  const json = await aac(['migrate', '--to', 'foundry-agents', '--dir', 'src', '--out', 'out', '--force', '--format', 'json']);
  expect(JSON.parse(json.stdout).next).toEqual([`${STEP}, then: aac plan --dir out`]);

  const emulator = await testEmulator({ provider: 'foundry-agents' });
  const on = { AZURE_AI_PROJECT_ENDPOINT: emulator.url, AAC_FOUNDRY_TOKEN: 'entra-token' };
  // The plan alone is refused, its hint the step Next: said.
  const alone = await aac(['plan', '--dir', 'out'], on);
  expect(alone.code).toBe(1);
  expect(alone.stderr).toContain(STEP);
  appendFileSync(join(cwd, 'out/aac.yaml'), 'namespace: team-a\n');
  const planned = await aac(['plan', '--dir', 'out'], on);
  expect(planned.code, planned.stderr).toBe(0);
  expect(planned.stdout).toContain('1 to create');
  // The first test of the file also loads the CLI's modules, which under load took most of 30 s.
}, 120_000);

test('one plan per environment, each with the step; none where an environment writes its own namespace', async () => {
  writeFile(cwd, 'src/aac.yaml', 'provider: openai\nenvironments:\n  dev: { endpoint: "https://dev.example.com/v1" }\n  prod: { endpoint: "https://prod.example.com/v1", namespace: team-a }\n');
  const r = await aac(['migrate', '--to', 'foundry-agents', '--dir', 'src', '--out', 'out']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain(`\nNext: ${STEP}, then: aac plan --dir out --env dev\n      aac plan --dir out --env prod\n`);
});

test('a namespace AAC_NAMESPACE gave, written to the new aac.yaml, or a git repository: the plan alone', async () => {
  const given = await aac(['migrate', '--to', 'foundry-agents', '--dir', 'src', '--out', 'out'], { AAC_NAMESPACE: 'team-a' });
  expect(given.code, given.stderr).toBe(0);
  expect(given.stdout).toContain('\nNext: aac plan --dir out\n');
  mkdirSync(join(cwd, '.git'));
  const inRepo = await aac(['migrate', '--to', 'foundry-agents', '--dir', 'src', '--out', 'out2']);
  expect(inRepo.code, inRepo.stderr).toBe(0);
  expect(inRepo.stdout).toContain('\nNext: aac plan --dir out2\n');
});

/** The commands a migrate printed for the source directory: its live check and its retirement, as printed. */
function sourceCommands(stdout: string): { check: string; retire: string } {
  const check = /check first that `([^`]+)` \(once you (set `namespace: NAME` in src\/aac\.yaml)/.exec(stdout);
  const retire = /and run `([^`]+)` \(once you (set `namespace: NAME` in src\/aac\.yaml)/.exec(stdout);
  expect(check, stdout).not.toBeNull();
  expect(retire, stdout).not.toBeNull();
  return { check: check![1]!, retire: retire![1]! };
}

test("the source's live check and retirement, printed where no namespace is set, say the step first; run after it, neither is refused", async () => {
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out']);
  expect(r.code, r.stderr).toBe(0);
  const { check, retire } = sourceCommands(r.stdout);
  expect(check).toBe('aac plan --dir src --detailed-exitcode');
  expect(retire).toBe('aac apply --prune --allow-empty --dir src');
  const json = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--force', '--format', 'json']);
  expect(JSON.parse(json.stdout).retire).toEqual([`set \`namespace: NAME\` in src/aac.yaml (or pass --namespace NAME, or set AAC_NAMESPACE), then: ${retire}`]);

  const emulator = await testEmulator();
  const on = { OPENAI_BASE_URL: emulator.url, OPENAI_API_KEY: 'sk-test' };
  const words = (line: string) => line.split(' ').slice(1);
  // As printed alone, each is refused for want of a namespace: the step is needed.
  const alone = await aac(words(check), on);
  expect(alone.code).toBe(1);
  expect(alone.stderr).toContain('no namespace is set');
  writeFile(cwd, 'src/aac.yaml', 'namespace: team-a\n');
  expect((await aac(['apply', '--dir', 'src', '--yes'], on)).code).toBe(0);
  expect((await aac(words(check), on)).code).toBe(0);
  rmSync(join(cwd, 'src/bot.yaml'));
  const retired = await aac([...words(retire), '--yes'], on);
  expect(retired.code, retired.stderr).toBe(0);
  expect(emulator.resources()).toEqual([]);
}, 120_000);

test("a drift's import, printed by migrate's refusal, imports into the source directory in the environment that drifted", async () => {
  mkdirSync(join(cwd, '.git'));
  const emulator = await testEmulator();
  writeFile(cwd, 'src/aac.yaml', `provider: openai\nenvironments:\n  prod: { endpoint: "${emulator.url}", namespace: team-a }\n`);
  const on = { OPENAI_API_KEY: 'sk-test' };
  expect((await aac(['apply', '--dir', 'src', '--env', 'prod', '--yes'], on)).code).toBe(0);
  emulator.mutate(emulator.resources()[0]!.id as string, { instructions: 'Be thorough.' });
  const refused = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out'], on);
  expect(refused.code).toBe(1);
  const command = /take the host's values into the files with `([^`]+)`/.exec(refused.stderr);
  expect(command, refused.stderr).not.toBeNull();
  expect(command![1]).toBe(`aac import --force --replace-differing --id ${emulator.resources()[0]!.id as string} --dir src --env prod`);
  const imported = await aac(command![1]!.split(' ').slice(1), on);
  expect(imported.code, imported.stderr).toBe(0);
  // In an environment, the host's differences go into its overlay.
  expect(readFileSync(join(cwd, 'src/overlays/prod/bot.yaml'), 'utf8')).toContain('Be thorough.');
  expect((await aac(['plan', '--dir', 'src', '--env', 'prod', '--detailed-exitcode'], on)).code).toBe(0);
}, 120_000);

// AAC_NAMESPACE wins over aac.yaml's namespace and the default, so the source's resources live in
// it, and migrate reads them there. Each command it prints for them carries it as --namespace: run
// where the variable is not set (a runbook, a CI job), one without it would reach another scope.
test('a namespace AAC_NAMESPACE gave: the live check, the drift import and the retirement carry it, and run without the variable reach its resources', async () => {
  mkdirSync(join(cwd, '.git'));
  const emulator = await testEmulator();
  const on = { OPENAI_BASE_URL: emulator.url, OPENAI_API_KEY: 'sk-test' };
  const inTeam = { AAC_NAMESPACE: 'team-x' };
  expect((await aac(['apply', '--dir', 'src', '--yes'], { ...on, ...inTeam })).code).toBe(0);
  const words = (line: string) => line.split(' ').slice(1);

  // Unread (no credentials): the check to run first, as printed, finds nothing to do.
  const unread = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out'], inTeam);
  expect(unread.code, unread.stderr).toBe(0);
  const check = /check first that `([^`]+)` exits 0/.exec(unread.stdout);
  expect(check, unread.stdout).not.toBeNull();
  expect(check![1]).toBe('aac plan --dir src --namespace team-x --detailed-exitcode');
  const checked = await aac(words(check![1]!), on);
  expect(checked.code, checked.stdout).toBe(0);
  expect(unread.stdout).toContain('and run `aac apply --prune --allow-empty --dir src --namespace team-x`');

  // Drifted: the import it offers, run as printed, takes the host's value into the source's file.
  emulator.mutate(emulator.resources()[0]!.id as string, { instructions: 'Be thorough.' });
  const refused = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out2'], { ...on, ...inTeam });
  expect(refused.code).toBe(1);
  const take = /take the host's values into the files with `([^`]+)`/.exec(refused.stderr);
  expect(take, refused.stderr).not.toBeNull();
  expect(take![1]).toContain(' --namespace team-x');
  const imported = await aac(words(take![1]!), on);
  expect(imported.code, imported.stderr).toBe(0);
  expect(readFileSync(join(cwd, 'src/bot.yaml'), 'utf8')).toContain('Be thorough.');
  expect((await aac(words(check![1]!), on)).code).toBe(0);
}, 120_000);

test('a namespace AAC_NAMESPACE gave where the new aac.yaml writes another for an environment: its Next: plan carries the variable\'s, as migrate reads it', async () => {
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'src/aac.yaml', 'provider: openai\nenvironments:\n  dev: {}\n  prod: { namespace: team-a }\n');
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out'], { AAC_NAMESPACE: 'team-x' });
  expect(r.code, r.stderr).toBe(0);
  // dev's namespace is the one the new aac.yaml writes at its top (the variable's); prod's own is another.
  expect(readFileSync(join(cwd, 'out/aac.yaml'), 'utf8')).toContain('namespace: team-x\n');
  expect(r.stdout).toContain('\nNext: aac plan --dir out --env dev\n      aac plan --dir out --namespace team-x --env prod\n');
});
