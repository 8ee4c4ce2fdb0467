// `aac migrate`'s Next: is a plan to run as printed. Outside a git repository, where no namespace
// is written nor set, that plan is refused ("no namespace is set, … not inside a git repository"):
// Next: says the step the plan's own refusal asks for first, in the text and in JSON's `next`, and
// once it is done the plan runs against the host.
import { appendFileSync, mkdirSync } from 'node:fs';
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
  expect(alone.stderr).toContain('set `namespace: NAME` in aac.yaml (or pass --namespace NAME, or set AAC_NAMESPACE)');
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
