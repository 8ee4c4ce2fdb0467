// `aac migrate --force` replaces the aac.yaml already in --out; the namespace it writes there is
// the scope of every definition that directory holds, not only the migrated ones. A namespace other
// than the one that file names would move them (the next plan would create each a second time, and
// leave the live ones to no directory), so it is refused, writing nothing.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { writeFile } from '../environments/helpers.js';

let cwd: string;
const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const aac = (argv: string[]) =>
  runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, AZURE_AI_PROJECT_ENDPOINT: undefined } });

beforeEach(() => {
  cwd = testDir('aac-migrate-scope-');
  mkdirSync(join(cwd, '.git'));
  write('src/aac.yaml', 'namespace: team-a\nvariables:\n  m: { type: string, default: gpt-4o }\n');
  write('src/bot.yaml', 'model: ${var.m}\nname: Bot\n');
});

test.each([
  ['another namespace', 'provider: openai-agents\nnamespace: team-z\n', "out/aac.yaml names the namespace 'team-z', and the migration writes 'team-a' (the source's)"],
  ['none (its path gives one)', 'provider: openai-agents\n', "out/aac.yaml names no namespace (its path gives 'out'), and the migration writes 'team-a' (the source's)"],
])('--force does not replace an aac.yaml in --out that names %s, writing nothing', async (_name, before, said) => {
  write('out/aac.yaml', before);
  write('out/zed.yaml', 'model: gpt-4o\nname: zed\n');
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--force']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`Error: ${said}: replacing it would move the definitions of out/, and the agents they manage, to another namespace, and the next plan there would create them a second time; nothing was written`);
  expect(readFileSync(join(cwd, 'out/aac.yaml'), 'utf8')).toBe(before);
  expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['aac.yaml', 'zed.yaml']);
});

test('--force replaces an aac.yaml in --out that names the namespace the migration writes', async () => {
  write('out/aac.yaml', 'provider: openai-agents\nnamespace: team-a\n');
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--force']);
  expect(r.code, r.stderr).toBe(0);
  expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['aac.yaml', 'bot.yaml']);
});

test.each([
  ['names another namespace', '    namespace: team-z\n', "out/aac.yaml gives the environment 'prod' the namespace 'team-z', and the migration writes 'team-a' (the source's)"],
  ['is not declared in the source', null, "out/aac.yaml gives the environment 'staging' the namespace 'team-z', and the migration writes 'team-a' (the source's)"],
])("--force does not replace an aac.yaml in --out whose environment %s, writing nothing", async (_name, prod, said) => {
  write('src/aac.yaml', 'namespace: team-a\nvariables:\n  m: { type: string, default: gpt-4o }\nenvironments:\n  prod: {}\n');
  // The top level's namespace is the one the migration writes: only the environment's would move.
  const before = prod === null
    ? 'provider: openai-agents\nnamespace: team-a\nenvironments:\n  prod: {}\n  staging:\n    namespace: team-z\n'
    : `provider: openai-agents\nnamespace: team-a\nenvironments:\n  prod:\n${prod}`;
  write('out/aac.yaml', before);
  write('out/zed.yaml', 'model: gpt-4o\nname: zed\n');
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--force']);
  expect(r.code).toBe(1);
  const env = said.includes("'prod'") ? 'prod' : 'staging';
  expect(r.stderr).toContain(`Error: ${said}: replacing it would move the definitions of out/ in the environment '${env}', and the agents they manage, to another namespace, and the next plan there would create them a second time; nothing was written`);
  expect(r.stderr).toContain(`--adopt-namespace team-z --env ${env}`);
  expect(readFileSync(join(cwd, 'out/aac.yaml'), 'utf8')).toBe(before);
  expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['aac.yaml', 'zed.yaml']);
});

test('--force replaces an aac.yaml in --out whose environments keep their namespaces', async () => {
  write('src/aac.yaml', 'namespace: team-a\nvariables:\n  m: { type: string, default: gpt-4o }\nenvironments:\n  prod:\n    namespace: team-a-prod\n');
  write('out/aac.yaml', 'provider: openai-agents\nnamespace: team-a\nenvironments:\n  prod:\n    namespace: team-a-prod\n');
  write('out/zed.yaml', 'model: gpt-4o\nname: zed\n');
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--force']);
  expect(r.code, r.stderr).toBe(0);
  expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['aac.yaml', 'bot.yaml', 'zed.yaml']);
});
