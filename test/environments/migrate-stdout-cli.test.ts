// What `aac migrate` says on stdout about what an environment's overlay held that is not written
// as it was: an `id:` pin there is counted with the base's, by environment;
// an include the conversion carried unchanged but the new overlay holds only in part is named with
// that reason (not "converted"). And a source that does not validate stops it with migrate's own
// wording: nothing was written.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeEach, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

let cwd: string;
const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const read = (rel: string) => readFileSync(join(cwd, rel), 'utf8');
const aac = (argv: string[]) => runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined } });

/** `aac migrate --dir src --out out` to openai-agents, which must succeed: its stdout. */
async function migrated(): Promise<string> {
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/**
 * What migrate says last, for a source with the environments `names`: nothing live moved, and how
 * to retire it, one apply per environment that runs as printed (aligned under Next:'s commands).
 */
const RETIRE = (...names: string[]) => [
  'The assistants defined in src/ stay live and managed from there. Once the agents serve, retire them: remove the definitions in src/ and run one apply in each environment (remove the environments\' overlays with them, keeping src/aac.yaml), which lists each delete before it asks:',
  ...names.map((name) => `      aac apply --prune --allow-empty --dir src --env ${name}`),
  // With several, how to retire one of them alone.
  ...(names.length > 1 ? ["To retire one environment while the others still serve, keep src/ as it is and run that environment's apply from a directory holding only a copy of src/aac.yaml (README: Retiring an environment)."] : []),
].join('\n');

/** What migrate says after Next: of out/aac.yaml, new in a git repository: the GitHub workflows plan it in a pull request of its own first. */
const FIRST_CONFIG = "Through the GitHub workflows, merge out/aac.yaml first, in a pull request of its own (a pull request is planned where the base branch's aac.yaml says, and the base has none in out/ yet), then the definitions (README: Migrating from assistants).";

/** What migrate says of the source's live state, given no key: not read, in each of `names`, and how to check it. */
const UNREAD = (...names: string[]) => names.map((name) => `The live assistants of src/ in environment '${name}' were not read (OPENAI_BASE_URL (or an \`endpoint:\`) and OPENAI_API_KEY are not set), so an edit made on the host since the last apply is not known here and is not migrated: check first that \`aac plan --dir src --env ${name} --detailed-exitcode\` exits 0`);

beforeEach(() => {
  cwd = testDir('aac-migrate-stdout-');
  mkdirSync(join(cwd, '.git'));
});

test("an overlay's id: pin is counted with the base's, by environment", async () => {
  write('src/aac.yaml', 'namespace: t4\nenvironments:\n  dev: {}\n  prod: { namespace: t4-prod }\n');
  write('src/x.yaml', 'id: asst_BBBBBBBBBBBBBBBBBBBBBBBB\nmodel: gpt-4o\nname: X\n');
  write('src/y.yaml', 'model: gpt-4o\nname: Y\n');
  write('src/overlays/prod/x.yaml', 'id: asst_AAAAAAAAAAAAAAAAAAAAAAAA\n');
  write('src/overlays/prod/y.yaml', 'id: asst_CCCCCCCCCCCCCCCCCCCCCCCC\n');
  expect(await migrated()).toBe([
    // Counted by environment, not listed: a fleet's pins buried what could not carry over.
    '3 `id:` pins are not carried (2 in overlays: 2 of environment prod): each pins an assistant, and each migrated definition makes a new agent',
    ...UNREAD('dev', 'prod'),
    'Migrated 2 definitions to out (openai-agents).',
    'Next: aac plan --dir out --env dev',
    '      aac plan --dir out --env prod',
    FIRST_CONFIG,
    RETIRE('dev', 'prod'),
    '',
  ].join('\n'));
  expect(read('out/x.yaml')).not.toContain('asst_');
  expect((await aac(['validate', '--dir', 'out'])).code).toBe(0);
});

test("an overlay's $ref whose values are partly the base's is named with that reason, not as converted", async () => {
  write('src/aac.yaml', 'namespace: m\nenvironments:\n  prod: {}\n');
  write('src/_meta.yaml', 'team: a\n');
  write('src/x.yaml', 'model: gpt-4o\nname: X\nmetadata: { team: a }\n');
  write('src/overlays/prod/x.yaml', 'x-o: &o { region: eu }\nmetadata: { <<: *o, $ref: ../../_meta.yaml }\n');
  expect(await migrated()).toBe([
    "src/overlays/prod/x.yaml:2:27: metadata — $ref '../../_meta.yaml' inlined: the new overlay holds only what differs from the new base, not all that it gives",
    ...UNREAD('prod'),
    'Migrated 1 definition and 1 environment overlay to out (openai-agents).',
    'Next: aac plan --dir out --env prod',
    FIRST_CONFIG,
    RETIRE('prod'),
    '',
  ].join('\n'));
  expect(parse(read('out/overlays/prod/x.yaml'))).toMatchObject({ metadata: { region: 'eu' } });
  expect((await aac(['validate', '--dir', 'out'])).code).toBe(0);
});

test('a source that does not validate stops migrate with its own wording: nothing was written', async () => {
  write('src/aac.yaml', 'namespace: m\n');
  write('src/x.yaml', 'model: gpt-4o\ntemperature: 7\n');
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out']);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('Error: 1 error in the definitions; nothing was written\n');
  expect(r.stderr).not.toContain('nothing was changed');
});
