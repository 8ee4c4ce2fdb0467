// Retiring a source directory after `aac migrate`: its definitions are removed and each
// environment's apply prunes what they made. An overlay left behind names a definition that is
// gone (and pins a live id): it is the same error in a directory of no definitions as beside
// others, so the prune refuses, deleting nothing, until the overlays are gone too.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers/cli.js';
import { writeFile } from './helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-retire-overlays-5ecret-0000000000';

let staging: RunningEmulator;
let prod: RunningEmulator;
let cwd: string;

const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const run = (argv: string[]) => runCli(argv, { cwd, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined, AAC_ENV: undefined } });
const bots = (emu: RunningEmulator) => emu.resources().filter((a) => a.name === 'Bot');

beforeEach(async () => {
  [staging, prod] = await Promise.all([testEmulator({ apiKey: KEY }), testEmulator({ apiKey: KEY })]);
  cwd = testDir('aac-retire-overlays-');
  mkdirSync(join(cwd, '.git'));
  write('assistants/aac.yaml', [
    'namespace: team',
    'environments:',
    `  staging: { endpoint: "${staging.url}" }`,
    `  prod: { endpoint: "${prod.url}" }`,
    '',
  ].join('\n'));
  write('assistants/bot.yaml', 'model: gpt-4o\nname: Bot\n');
  write('assistants/overlays/prod/bot.yaml', 'description: Production bot\n');
  for (const env of ['staging', 'prod']) expect((await run(['apply', '--env', env, '--yes'])).code).toBe(0);
});

describe('retiring a directory whose environments have overlays', () => {
  it('an overlay left without its definition is an error of the prune, which deletes nothing until it is removed', async () => {
    rmSync(join(cwd, 'assistants/bot.yaml'));
    const validated = await run(['validate']);
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain("assistants/overlays/prod/bot.yaml:1:1: error: in environment 'prod': overlay for 'bot', but no base definition has that key");

    const refused = await run(['apply', '--prune', '--allow-empty', '--env', 'prod', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("overlay for 'bot', but no base definition has that key");
    expect(refused.stderr).toContain('nothing was changed');
    expect(bots(prod)).toHaveLength(1);

    // The environment without an overlay is retired as before.
    const stagingRetired = await run(['apply', '--prune', '--allow-empty', '--env', 'staging', '--yes']);
    expect(stagingRetired.code).toBe(0);
    expect(bots(staging)).toHaveLength(0);

    rmSync(join(cwd, 'assistants/overlays'), { recursive: true });
    const retired = await run(['apply', '--prune', '--allow-empty', '--env', 'prod', '--yes']);
    expect(retired.code).toBe(0);
    expect(retired.stdout).toContain('Apply complete: 0 created, 0 modified, 1 deleted.');
    expect(bots(prod)).toHaveLength(0);
  });
});
