// `aac environments`: what aac.yaml declares, in its order, for a script or a CI job to go through
// (the GitHub Action plans, shows and applies each one it prints). aac.yaml alone is read.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

let cwd: string;
const run = (argv: string[], env: Record<string, string | undefined> = {}) => runCli(['environments', ...argv], { cwd, env });

beforeEach(() => {
  cwd = testDir('aac-env-list-');
  // Not in alphabetical order: the file's order is the one they are promoted in.
  writeFile(cwd, 'assistants/aac.yaml', [
    'provider: openai',
    'environments:',
    '  dev: {}',
    '  staging: { provider: portkey }',
    '  prod: { provider: foundry-agents }',
    '',
  ].join('\n'));
});

describe('aac environments', () => {
  it("lists every declared environment, one a line, in aac.yaml's order; AAC_ENV picks nothing here", async () => {
    const r = await run([], { AAC_ENV: 'prod' });
    expect(r).toMatchObject({ code: 0, stdout: 'dev\nstaging\nprod\n', stderr: '' });
  });

  it("lists the ones named (space- or comma-separated, in words or one), still in aac.yaml's order", async () => {
    expect((await run(['prod, dev'])).stdout).toBe('dev\nprod\n');
    expect((await run(['prod', 'staging'])).stdout).toBe('staging\nprod\n');
    // The Action passes its environment input as it is: empty names every one.
    expect((await run(['--', ''])).stdout).toBe('dev\nstaging\nprod\n');
  });

  it('prints the providers they plan with, each once, as --env takes them: an environment\'s own, else the top level\'s; --provider for all', async () => {
    expect((await run(['--providers'])).stdout).toBe('openai\nportkey\nfoundry-agents\n');
    expect((await run(['--providers', 'dev'])).stdout).toBe('openai\n');
    expect((await run(['--providers', '--provider', 'zerobot'])).stdout).toBe('zerobot\n');
  });

  it("refuses a name aac.yaml does not declare, naming those it does (exit 1, nothing listed)", async () => {
    const r = await run(['dev', 'qa']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: environment qa: not declared in aac.yaml in assistants (it declares dev, staging, prod)\n  name some of dev, staging, prod\n');
  });

  it("without environments lists none, and its providers are the top level's; naming one is refused", async () => {
    writeFile(cwd, 'other/aac.yaml', 'provider: portkey\n');
    expect(await run(['--dir', 'other'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect((await run(['--dir', 'other', '--providers'])).stdout).toBe('portkey\n');
    // No aac.yaml at all: the default provider.
    mkdirSync(join(cwd, 'none'));
    expect((await run(['--dir', 'none', '--providers'])).stdout).toBe('openai\n');
    const named = await run(['--dir', 'other', 'dev']);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('Error: environment dev: aac.yaml in other declares no environments');
  });

  it("stops on aac.yaml's errors, each located, and lists nothing", async () => {
    writeFile(cwd, 'assistants/aac.yaml', 'environments:\n  dev: {}\n  "bad name": {}\n');
    const r = await run([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^assistants\/aac\.yaml:3:3: error: 'bad name' is not an environment name/m);
    expect(r.stderr).toContain('Error: aac.yaml in assistants has errors, so its environments cannot be listed');
  });

  it('refuses a --dir that is not there, or not a directory, as validate does: exit 1, nothing listed; an absolute path is echoed as given', async () => {
    for (const argv of [['--dir', 'nonexistent'], ['--dir', 'nonexistent', '--providers']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain("Error: the definitions directory 'nonexistent' does not exist");
    }
    const absolute = await run(['--dir', '/nonexistent-aac-dir', '--providers']);
    expect(absolute.code).toBe(1);
    expect(absolute.stderr).toContain("Error: the definitions directory '/nonexistent-aac-dir' does not exist");
    const validated = await runCli(['validate', '--dir', '/nonexistent-aac-dir'], { cwd, env: {} });
    expect(validated.code).toBe(1);
    expect(validated.stderr).toContain("Error: the definitions directory '/nonexistent-aac-dir' does not exist");
    writeFile(cwd, 'assistants/a.yaml', 'model: gpt-4o\n');
    const file = await run(['--dir', 'assistants/a.yaml']);
    expect(file.code).toBe(1);
    expect(file.stdout).toBe('');
    expect(file.stderr).toContain("Error: 'assistants/a.yaml' is not a directory");
  });
});
