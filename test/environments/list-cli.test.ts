// `aac environments`: what aac.yaml declares, in its order, for a script or a CI job to go through
// (the GitHub Action plans, shows and applies each one it prints). aac.yaml alone is read.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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

  it('with --format json, gives where a run plans, as aac reads aac.yaml: merge keys applied, endpoints spelt as aac compares them, query values redacted', async () => {
    writeFile(cwd, 'assistants/aac.yaml', [
      'endpoint: https://API.Example.com:443/v1/?team=abcdefghijkl',
      'environments:',
      '  dev: {}',
      '  prod: { <<: { provider: zerobot, endpoint: "http://127.0.0.1:9/v1" }, namespace: p }',
      '',
    ].join('\n'));
    const r = await run(['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      format_version: '1.1',
      provider: 'openai',
      endpoint: 'https://api.example.com/v1?team=[redacted]',
      // Outside a git repository no default namespace can be derived: null where aac.yaml sets none.
      namespace: null,
      environments: [
        { name: 'dev', provider: 'openai', endpoint: 'https://api.example.com/v1?team=[redacted]', namespace: null },
        { name: 'prod', provider: 'zerobot', endpoint: 'http://127.0.0.1:9/v1', namespace: 'p' },
      ],
    });
    // Without aac.yaml: the default provider, no endpoint written.
    mkdirSync(join(cwd, 'none'));
    expect(JSON.parse((await run(['--dir', 'none', '--format', 'json'])).stdout)).toEqual({ format_version: '1.1', provider: 'openai', endpoint: null, namespace: null, environments: [] });
    // Names pick environments; --providers is the text listing.
    expect(JSON.parse((await run(['prod', '--format', 'json'])).stdout).environments.map((e: { name: string }) => e.name)).toEqual(['prod']);
    // In a git repository, the default: the directory's path there. AAC_NAMESPACE is not applied,
    // as endpoint variables are not: the document says what the files say.
    execFileSync('git', ['init', '-q', cwd]);
    writeFile(cwd, 'assistants/aac.yaml', 'namespace: team-a\nenvironments:\n  dev: {}\n  prod: { namespace: team-a-prod }\n');
    mkdirSync(join(cwd, 'bots'));
    const named = JSON.parse((await run(['--format', 'json'], { AAC_NAMESPACE: 'elsewhere' })).stdout);
    expect([named.namespace, ...named.environments.map((e: { namespace: string }) => e.namespace)]).toEqual(['team-a', 'team-a', 'team-a-prod']);
    expect(JSON.parse((await run(['--dir', 'bots', '--format', 'json'])).stdout).namespace).toBe('bots');
    const both = await run(['--providers', '--format', 'json']);
    expect(both.code).toBe(1);
    expect(JSON.parse(both.stdout).diagnostics[0].message).toContain('--providers is the text listing of the providers');
  });

  it("with --format json, aac.yaml's errors are the document's diagnostics, each located", async () => {
    writeFile(cwd, 'assistants/aac.yaml', 'endpoint: 3\n');
    const r = await run(['--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string | null; line: number | null; message: string }> };
    expect(doc.diagnostics.map((d) => [d.file, d.line, d.message])).toEqual([
      ['assistants/aac.yaml', 1, 'endpoint must be a string, not a number'],
      [null, null, 'aac.yaml in assistants has errors, so its environments cannot be listed'],
    ]);
  });

  it("refuses a name aac.yaml does not declare, naming those it does (exit 1, nothing listed)", async () => {
    const r = await run(['dev', 'qa']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: environment qa: not declared in aac.yaml in assistants (it declares dev, staging, prod)\n  name some of dev, staging, prod\n');
  });

  it('suggests the declared name a typo or another case meant, as --env does', async () => {
    const r = await run(['Prod']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: environment Prod: not declared in aac.yaml in assistants (it declares dev, staging, prod)\n  did you mean 'prod'?\n");
    // The same words as a plan's --env.
    expect((await runCli(['plan', '--env', 'Prod'], { cwd })).stderr).toContain("did you mean 'prod'?");
    const two = await run(['stagin', 'qa', 'dev']);
    expect(two.stderr).toBe("Error: environment stagin, qa: not declared in aac.yaml in assistants (it declares dev, staging, prod)\n  did you mean 'staging' for stagin? Else name some of dev, staging, prod\n");
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

  it('says on stderr, in text and JSON alike, the warnings a plan of the directory says: an aac.yaml above it, a folder that is a definitions directory of its own', async () => {
    writeFile(cwd, 'aac.yaml', 'provider: openai\n');
    mkdirSync(join(cwd, 'solo'));
    const above = 'aac.yaml:1:1: warning: aac.yaml is not read: aac reads the project config at the top of the definitions directory (solo/aac.yaml), not above it, so none of its settings (provider:, endpoint:, namespace:, environments:) applies to this run of solo/\n';
    for (const format of ['text', 'json']) {
      const r = await run(['--dir', 'solo', '--format', format, '--no-color']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(above);
      expect(r.stdout).not.toContain('warning');
    }
    const validated = await runCli(['validate', '--dir', 'solo', '--no-color'], { cwd });
    expect(validated.stdout + validated.stderr).toContain(above);
    writeFile(cwd, 'assistants/support/aac.yaml', 'environments:\n  qa: {}\n');
    writeFile(cwd, 'assistants/support/a.yaml', 'model: gpt-4o\n');
    const nested = await run(['--no-color']);
    expect(nested).toMatchObject({ code: 0, stdout: 'dev\nstaging\nprod\n' });
    expect(nested.stderr).toContain('assistants/support/aac.yaml: warning: assistants/support/ holds its own aac.yaml: it is a definitions directory of its own, whose definition file this run of assistants/ does not read');
    expect(nested.stderr).toContain('hint: run it with --dir assistants/support;');
    // Its own environments are listed by a run of it.
    expect((await run(['--dir', 'assistants/support'])).stdout).toBe('qa\n');
  });

  it('of the whole project (--dir ., no aac.yaml at its top) holding folders with an aac.yaml of their own, refuses as a plan of it does, not with a warning each', async () => {
    writeFile(cwd, 'support/aac.yaml', 'namespace: support\n');
    writeFile(cwd, 'support/a.yaml', 'model: gpt-4o\n');
    writeFile(cwd, 'teams/a/aac.yaml', 'namespace: team-a\n');
    writeFile(cwd, 'teams/a/b.yaml', 'model: gpt-4o\n');
    const said = "support: error: the definitions directory '.' holds support/ and teams/a/, definitions directories of their own (each holds an aac.yaml): read from '.', ";
    const hint = '  hint: pass the definitions directory to plan: --dir support or --dir teams/a\n';
    const listed = await run(['--dir', '.', '--no-color']);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toBe('');
    expect(listed.stderr).toContain(`${said}every other YAML file below '.' is read as a definition too\n${hint}`);
    expect(listed.stderr).not.toMatch(/(support|teams\/a)\/ holds its own aac.yaml/);
    expect(listed.stderr).toContain("Error: the definitions directory '.' holds definitions directories of their own, so its environments cannot be listed\n");
    const validated = await runCli(['validate', '--dir', '.', '--no-color'], { cwd });
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain(said);
    expect(validated.stdout).toContain(hint);
  });
});

describe('aac validate --environments-out', () => {
  it("writes what aac environments prints, once the definitions are valid: every declared environment in aac.yaml's order, or none", async () => {
    writeFile(cwd, 'assistants/aac.yaml', 'environments:\n  prod: {}\n  dev: { namespace: d }\n');
    writeFile(cwd, 'assistants/a.yaml', 'model: gpt-4o\nname: A\n');
    const valid = await runCli(['validate', '--environments-out', 'envs.txt'], { cwd });
    expect(valid.code, valid.stdout).toBe(0);
    expect(readFileSync(join(cwd, 'envs.txt'), 'utf8')).toBe('prod\ndev\n');
    expect(readFileSync(join(cwd, 'envs.txt'), 'utf8')).toBe((await run([])).stdout);

    writeFile(cwd, 'assistants/aac.yaml', 'provider: openai\n');
    expect((await runCli(['validate', '--environments-out', 'none.txt'], { cwd })).code).toBe(0);
    expect(readFileSync(join(cwd, 'none.txt'), 'utf8')).toBe('');

    // Invalid definitions: nothing written, as nothing is to be planned.
    writeFile(cwd, 'assistants/b.yaml', 'model: gpt-4o\ntemperature: 9\n');
    const invalid = await runCli(['validate', '--environments-out', 'bad.txt'], { cwd });
    expect(invalid.code).toBe(1);
    expect(existsSync(join(cwd, 'bad.txt'))).toBe(false);
    const dash = await runCli(['validate', '--environments-out', '-'], { cwd });
    expect([dash.code, dash.stderr]).toEqual([1, expect.stringContaining('aac environments')]);
  });
});

describe("aac environments given terraform workspace's subcommands", () => {
  it('list, show, select, new and delete are told what aac does instead; an environment of that name is listed as any', async () => {
    const said = async (argv: string[]) => {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      return r.stderr;
    };
    const is = (word: string) => `Error: '${word}' is a subcommand of \`terraform workspace\`, and no environment of aac.yaml in assistants\n`;
    expect(await said(['list'])).toBe(`${is('list')}  \`aac environments\`, with no name, lists them\n`);
    expect(await said(['show'])).toBe(`${is('show')}  aac has no current environment: each run names its own, with --env NAME or AAC_ENV\n`);
    expect(await said(['select', 'prod'])).toBe(`${is('select')}  aac selects none: each run names its own, \`--env prod\` (or \`export AAC_ENV=prod\` for this shell)\n`);
    expect(await said(['new', 'qa'])).toBe(`${is('new')}  declare it in aac.yaml, under \`environments:\` (\`qa:\` with its endpoint: and values:)\n`);
    expect(await said(['delete', 'dev'])).toContain(is('delete'));
    // A typo of an environment is still one.
    expect(await said(['prd'])).toContain("did you mean 'prod'?");
    // An environment named like a subcommand is that environment.
    writeFile(cwd, 'assistants/aac.yaml', 'environments:\n  list: { namespace: a }\n  prod: { namespace: b }\n');
    expect((await run(['list'])).stdout).toBe('list\n');
  });
});
