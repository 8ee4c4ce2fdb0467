// `aac validate` end to end through the CLI: output formats, exit codes, annotations, examples.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../src/desired/index.js';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

const repo = fileURLToPath(new URL('../../', import.meta.url));

const BAD = { 'assistants/a.yaml': 'model: gpt-4o\ntemprature: 0.5\n', 'assistants/b.yaml': 'model: gpt-4o\n' };

describe('aac validate', () => {
  it('prints file:line:col, the message, the path and the hint; exit 1', async () => {
    const root = writeTree(BAD);
    const r = await runCli(['validate'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "assistants/a.yaml:2:1: error: unknown field 'temprature' in the definition [temprature]\n" +
        "  hint: did you mean 'temperature'?\n" +
        '1 error.\n' +
        '1 of 2 definitions valid; fix the errors above.\n',
    );
  });

  it('says how many definitions are valid; exit 0', async () => {
    const root = writeTree({ 'defs/x.yaml': 'model: m\n', 'defs/y/z.yml': 'model: m\n' });
    const r = await runCli(['validate', '--dir', 'defs'], { cwd: root });
    expect(r).toEqual({ code: 0, stdout: '2 definitions valid.\n', stderr: '' });
  });

  it('prints a versioned JSON document with --format json', async () => {
    const root = writeTree(BAD);
    const r = await runCli(['validate', '--format', 'json'], { cwd: root, env: { GITHUB_ACTIONS: 'true' } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      format_version: '1.1',
      valid: false,
      error_count: 1,
      warning_count: 0,
      // Found and valid, as the closing line says `1 of 2 definitions valid`; `definitions` is 1.0's name for the valid ones.
      definition_count: 2,
      valid_definition_count: 1,
      definitions: 1,
      provider: 'openai',
      diagnostics: [
        { severity: 'error', code: 'unknown-field', file: 'assistants/a.yaml', line: 2, column: 1, path: 'temprature', message: "unknown field 'temprature' in the definition", hint: "did you mean 'temperature'?" },
      ],
    });
  });

  it('adds GitHub annotations when GITHUB_ACTIONS=true', async () => {
    const root = writeTree(BAD);
    const r = await runCli(['validate'], { cwd: root, env: { GITHUB_ACTIONS: 'true' } });
    expect(r.stderr).toContain('::error file=assistants/a.yaml,line=2,col=1,');
    const plain = await runCli(['validate'], { cwd: root });
    expect(plain.stderr).not.toContain('::error');
  });

  it('colours only when asked for a terminal, and respects NO_COLOR', async () => {
    const root = writeTree(BAD);
    expect((await runCli(['validate'], { cwd: root, tty: true })).stdout).toContain('\x1b[31merror');
    expect((await runCli(['validate'], { cwd: root, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\x1b[');
  });

  it('uses the provider from aac.yaml, and --provider over it', async () => {
    const root = writeTree({ 'assistants/aac.yaml': 'provider: foundry\n', 'assistants/a.yaml': 'model: m\ntools: [{type: azure_ai_search}]\ntool_resources: {azure_ai_search: {indexes: [{index_name: docs}]}}\n' });
    expect((await runCli(['validate'], { cwd: root })).code).toBe(0);
    const r = await runCli(['validate', '--provider', 'openai'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("tool type 'azure_ai_search' needs --provider foundry");
  });

  // `provider` is the provider the definitions were checked for, and only one that was asked for:
  // the default standing in for one aac.yaml could not give is not reported as if it were chosen.
  it('--format json names the provider asked for, and null where none was: an unknown one, an unreadable aac.yaml, environments that differ', async () => {
    const providerOf = async (config: string, argv: string[] = []) => {
      const root = writeTree({ 'assistants/aac.yaml': config, 'assistants/a.yaml': 'model: gpt-4o\n' });
      const r = await runCli(['validate', '--format', 'json', ...argv], { cwd: root });
      return JSON.parse(r.stdout).provider as string | null;
    };
    expect(await providerOf('provider: nope\n')).toBeNull();
    expect(await providerOf('provider: nope\n', ['--provider', 'zerobot'])).toBe('zerobot');
    expect(await providerOf('provider: [nope\n')).toBeNull();
    expect(await providerOf('- provider: foundry\n')).toBeNull();
    expect(await providerOf('provider: foundry\n')).toBe('foundry');
    expect(await providerOf('namespace: t\n')).toBe('openai');
    const envs = (dev: string, top = '') => `${top}environments:\n  dev: {provider: ${dev}}\n  prod: {namespace: p}\n`;
    expect(await providerOf(envs('nope', 'provider: foundry\n'))).toBeNull();
    expect(await providerOf(envs('nope', 'provider: foundry\n'), ['--env', 'dev'])).toBeNull();
    expect(await providerOf(envs('nope', 'provider: foundry\n'), ['--env', 'prod'])).toBe('foundry');
    expect(await providerOf(envs('openai', 'provider: nope\n'), ['--env', 'prod'])).toBeNull();
    expect(await providerOf(envs('openai', 'provider: foundry\n'))).toBeNull();
    expect(await providerOf(envs('openai', 'provider: foundry\n'), ['--env', 'dev'])).toBe('openai');
    expect(await providerOf(envs('openai'))).toBe('openai');
  });

  it('refuses --format markdown, as the help and README say (text or json)', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
    const r = await runCli(['validate', '--format', 'markdown'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error: aac validate takes --format text or json, not 'markdown'\n.*`aac plan` and `aac show` draw it/);
  });

  it('exits 1 with a hint for a missing directory', async () => {
    const r = await runCli(['validate', '--dir', 'nope'], { cwd: writeTree({}) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: the definitions directory 'nope' does not exist\n  create it with one YAML file per assistant, or point --dir at yours\n");
  });

  it('run from inside a definitions directory, the hint says to pass --dir . (definitions in folders, or an aac.yaml)', async () => {
    const root = writeTree({ 'assistants/team/bot.yaml': 'model: gpt-4o\n' });
    const inside = join(root, 'assistants');
    const r = await runCli(['validate'], { cwd: inside });
    expect(r.code).toBe(1);
    // None at its top, only one folder down: that folder is named, as what it may be.
    expect(r.stderr).toBe("Error: the definitions directory 'assistants' does not exist\n  create it with one YAML file per assistant, or point --dir at yours (the working directory holds no definitions at its top, only in team/ one folder down: if team/ is the definitions directory, pass --dir team; if the working directory is, with its definitions in folders, pass --dir .)\n");
    writeFileSync(join(inside, 'bot.yaml'), 'model: gpt-4o\n');
    expect((await runCli(['validate'], { cwd: inside })).stderr).toContain('(the working directory holds definitions: if it is the definitions directory, pass --dir .)');
    writeFileSync(join(inside, 'aac.yaml'), 'namespace: team\n');
    expect((await runCli(['plan'], { cwd: inside })).stderr).toContain('(the working directory holds an aac.yaml: if it is the definitions directory, pass --dir .)');
    expect((await runCli(['validate', '--dir', '.'], { cwd: inside })).code).toBe(0);
  });

  it('run from a folder of a definitions directory (cd assistants/support), the hint is --dir .., not --dir ., which reads the folder alone without aac.yaml', async () => {
    const root = writeTree({ 'assistants/aac.yaml': 'namespace: team\n', 'assistants/support/bot.yaml': 'model: gpt-4o\n' });
    const folder = join(root, 'assistants', 'support');
    const r = await runCli(['validate'], { cwd: folder });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: the definitions directory 'assistants' does not exist\n  create it with one YAML file per assistant, or point --dir at yours (the working directory holds definitions, and ../aac.yaml above them: it is likely a folder of that definitions directory, which a run reads whole: pass --dir ..)\n");
    // As the hint says: the whole directory, its keys with the folder's name.
    const whole = await runCli(['validate', '--dir', '..'], { cwd: folder });
    expect([whole.code, whole.stdout]).toEqual([0, '1 definition valid.\n']);
  });

  it('in git with no aac.yaml, a folder below assistants/ is told the --dir of assistants/, where --dir . would plan its folder in another default namespace (its path)', async () => {
    const root = writeTree({ 'assistants/support/eu/bot.yaml': 'model: gpt-4o\n' });
    mkdirSync(join(root, '.git'));
    const said = (up: string) => `Error: the definitions directory 'assistants' does not exist\n  create it with one YAML file per assistant, or point --dir at yours (the working directory holds definitions, inside ${up} (assistants/, the default definitions directory): it is likely a folder of that definitions directory, which a run reads whole: pass --dir ${up})\n`;
    expect((await runCli(['validate'], { cwd: join(root, 'assistants', 'support', 'eu') })).stderr).toBe(said('../..'));
    writeFileSync(join(root, 'assistants', 'support', 'top.yaml'), 'model: gpt-4o\n');
    expect((await runCli(['validate'], { cwd: join(root, 'assistants', 'support') })).stderr).toBe(said('..'));
    // A folder of another name, with no aac.yaml above, may be a definitions directory of its own.
    const other = writeTree({ 'agents/support/bot.yaml': 'model: gpt-4o\n' });
    mkdirSync(join(other, '.git'));
    expect((await runCli(['validate'], { cwd: join(other, 'agents', 'support') })).stderr).toContain('(the working directory holds definitions: if it is the definitions directory, pass --dir .)');
  });

  it('--dir . where it holds assistants/ (the whole project) warns, naming --dir assistants; an error when assistants/ holds its own aac.yaml', async () => {
    const root = writeTree({ 'assistants/team/bot.yaml': 'model: gpt-4o\n', 'assistants/b.yaml': 'model: gpt-4o\n' });
    const said = (count: string, what: string, from: string, file: string) => `the definitions directory '${from}' holds ${file}/, ${what}: read from '${from}', its ${count} than a run of ${file}/ gives them (${file}/b.yaml is 'assistants/b', not 'b'), so what was planned from ${file}/ is created again under those keys (and --prune deletes the old), and every other YAML file below '${from}' is read as a definition too`;
    const r = await runCli(['validate', '--dir', '.', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).diagnostics).toEqual([{
      severity: 'warning', code: 'holds-definitions-dir', file: 'assistants', line: null, column: null, path: '',
      message: said('2 files take other keys', 'the default definitions directory', '.', 'assistants'),
      hint: "if assistants/ holds the definitions, pass --dir assistants (or leave --dir out: it is the default); if '.' is the definitions directory, add aac.yaml at its top",
    }]);
    // From below the repository's root, which is the whole project as well.
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'docs'));
    const below = await runCli(['validate', '--dir', '..', '--no-color'], { cwd: join(root, 'docs') });
    expect(below.stdout).toContain(`../assistants: warning: ${said('2 files take other keys', 'the default definitions directory', '..', '../assistants')}\n  hint: if ../assistants/ holds the definitions, pass --dir ../assistants; if '..' is the definitions directory, add aac.yaml at its top\n`);
    // Its own aac.yaml says it is a definitions directory of its own: an error, said once.
    writeFileSync(join(root, 'assistants/aac.yaml'), 'namespace: team\n');
    const own = await runCli(['validate', '--dir', '.', '--no-color'], { cwd: root });
    expect(own.code).toBe(1);
    expect(own.stdout).toContain(`assistants: error: ${said('2 files take other keys', 'a definitions directory of its own (it holds aac.yaml)', '.', 'assistants')}\n  hint: if assistants/ holds the definitions, pass --dir assistants (or leave --dir out: it is the default)\n`);
    expect(own.stdout).not.toContain('aac reads one aac.yaml');
    expect(own.stdout).toMatch(/^1 error\./m);
    // An aac.yaml at the top says '.' is meant; a --dir that is neither the working directory nor the repository's root is not the whole project.
    writeFileSync(join(root, 'aac.yaml'), 'namespace: all\n');
    rmSync(join(root, 'assistants/aac.yaml'));
    expect(await runCli(['validate', '--dir', '.'], { cwd: root })).toEqual({ code: 0, stdout: '2 definitions valid.\n', stderr: '' });
    rmSync(join(root, 'aac.yaml'));
    mkdirSync(join(root, 'infra/assistants'), { recursive: true });
    writeFileSync(join(root, 'infra/assistants/c.yaml'), 'model: gpt-4o\n');
    expect((await runCli(['validate', '--dir', 'infra'], { cwd: root })).stdout).toBe('1 definition valid.\n');
  });

  it('--dir . over the project names its definitions directories by their aac.yaml, whatever their names, and names each --dir to pass', async () => {
    const root = writeTree({
      'teams/a/aac.yaml': 'namespace: a\n', 'teams/a/bot.yaml': 'model: gpt-4o\n', 'teams/a/sub/aac.yaml': 'namespace: x\n',
      'support/aac.yaml': 'namespace: s\n', 'support/helper.yaml': 'model: gpt-4o\n', 'support/faq.yaml': 'model: gpt-4o\n',
    });
    const r = await runCli(['validate', '--dir', '.', '--no-color'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("support: error: the definitions directory '.' holds support/ and teams/a/, definitions directories of their own (each holds an aac.yaml): read from '.', their 3 files take other keys than a run of their own directory gives them (support/faq.yaml is 'support/faq', not 'faq'), so what was planned from them is created again under those keys (and --prune deletes the old), and every other YAML file below '.' is read as a definition too\n  hint: pass the definitions directory to plan: --dir support or --dir teams/a\n");
    // Their own aac.yaml files are said by this error; one inside another is that one's own run's to say.
    expect(r.stdout).not.toContain('support/aac.yaml: error');
    expect(r.stdout).not.toContain('teams/a/aac.yaml: error');
    expect(r.stdout).not.toContain('teams/a/sub/aac.yaml');
    // One, under any name: the --dir to pass is its own.
    rmSync(join(root, 'support'), { recursive: true });
    const one = await runCli(['validate', '--dir', '.', '--no-color'], { cwd: root });
    expect(one.stdout).toContain("teams/a: error: the definitions directory '.' holds teams/a/, a definitions directory of its own (it holds aac.yaml): read from '.', its file takes another key than a run of teams/a/ gives it (teams/a/bot.yaml is 'teams/a/bot', not 'bot'), so what was planned from teams/a/ is created again under that key");
    expect(one.stdout).toContain('  hint: if teams/a/ holds the definitions, pass --dir teams/a\n');
  });

  it('--dir . over the project: the keys are those each read gives, a `key:` kept both ways, not guessed from paths', async () => {
    const root = writeTree({
      'assistants/aac.yaml': 'namespace: team\nenvironments:\n  prod: {}\n',
      'assistants/a.yaml': 'key: alpha\nmodel: gpt-4o\n',
      'assistants/team/b.yaml': 'model: gpt-4o\n',
    });
    const r = await runCli(['validate', '--dir', '.', '--no-color'], { cwd: root });
    expect(r.code).toBe(1);
    // The example is the file whose key changes, not the first one: a.yaml is 'alpha' read from either.
    expect(r.stdout).toContain("assistants: error: the definitions directory '.' holds assistants/, a definitions directory of its own (it holds aac.yaml): read from '.', its file takes another key than a run of assistants/ gives it (assistants/team/b.yaml is 'assistants/team/b', not 'team/b'), so what was planned from assistants/ is created again under that key (and --prune deletes the old), and every other YAML file below '.' is read as a definition too\n");
    // Every file writes its key: none changes, and the warning says only what else is read.
    writeFileSync(join(root, 'assistants/team/b.yaml'), 'key: bravo\nmodel: gpt-4o\n');
    const kept = await runCli(['validate', '--dir', '.', '--no-color'], { cwd: root });
    expect(kept.stdout).toContain("read from '.', its files keep the keys a run of assistants/ gives them (each writes its `key:`), but every other YAML file below '.' is read as a definition too\n");
  });

  it("a --dir that does not exist, run from above the definitions (migrate's `classic/` beside a new one): the folders that hold definitions or an aac.yaml are named", async () => {
    const root = writeTree({ 'classic/a1.yaml': 'model: gpt-4o\n', 'classic/aac.yaml': 'provider: foundry\n', 'docs/readme.md': '# no yaml\n' });
    const r = await runCli(['validate', '--dir', 'newfa'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('(the working directory holds no definitions at its top, only in classic/ one folder down: if classic/ is the definitions directory, pass --dir classic;');
    expect(r.stderr).not.toContain('holds definitions:');
    // Only folders of definitions (or an aac.yaml) are named: not another tool's YAML, not one a run skips.
    const bot = 'model: gpt-4o\n';
    const many = writeTree({
      'a/x.yaml': bot, 'b/x.yaml': 'name: b\ndefinition: { kind: prompt, model: gpt-4o }\n', 'c/x.yml': `x-base: &b { temperature: 1 }\n${bot}`, 'd/aac.yaml': 'namespace: d\n', '.hidden/x.yaml': bot, '_drafts/x.yaml': bot,
      'k8s/svc.yaml': 'apiVersion: v1\nkind: Service\n', 'docs/mkdocs.yml': 'site_name: docs\nname: x\n', 'empty/x.yaml': '', 'docker-compose.yml': 'services: {}\n', 'list/x.yaml': '- model: gpt-4o\n',
    });
    const more = await runCli(['validate', '--dir', 'newfa'], { cwd: many });
    expect(more.stderr).toContain('(the working directory holds no definitions at its top, only in a/, b/, c/ and 1 more one folder down: if one of them is the definitions directory, pass it (--dir a);');
    // None at all: no hint of where they are.
    rmSync(join(many, 'a'), { recursive: true });
    for (const dir of ['b', 'c', 'd']) rmSync(join(many, dir), { recursive: true });
    expect((await runCli(['validate', '--dir', 'newfa'], { cwd: many })).stderr).toBe("Error: the definitions directory 'newfa' does not exist\n  create it with one YAML file per assistant, or point --dir at yours\n");
  });
});

describe('the examples in assistants/', () => {
  const dir = join(repo, 'assistants');
  const yamlFiles = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? yamlFiles(join(d, n)) : /\.ya?ml$/.test(n) ? [join(d, n)] : []));

  it('all load and validate under the default provider', async () => {
    const r = await loadDefinitions(dir, { cwd: repo, provider: 'openai' });
    expect(r.diagnostics).toEqual([]);
    expect(r.definitions.map((a) => a.key)).toEqual(['data/analyst', 'engineering/release-notes', 'hr/benefits', 'support/billing']);
    const cli = await runCli(['validate'], { cwd: repo });
    expect(cli).toEqual({ code: 0, stdout: '4 definitions valid.\n', stderr: '' });
  });

  it('cover file_search, a strict function, json_schema with an instructions file, and code_interpreter', async () => {
    const r = await loadDefinitions(dir, { cwd: repo, provider: 'openai' });
    const by = Object.fromEntries(r.definitions.map((a) => [a.key, a]));
    expect(by['hr/benefits']!.spec.tools).toEqual([{ type: 'file_search', file_search: { max_num_results: 8 } }]);
    expect(JSON.stringify(by['support/billing']!.spec.tools)).toContain('"strict":true');
    expect(by['engineering/release-notes']!.instructionsFile).toBe('assistants/prompts/release-notes.md');
    expect(by['engineering/release-notes']!.spec.instructions).toContain('release notes');
    expect(by['engineering/release-notes']!.spec.response_format).toMatchObject({ type: 'json_schema' });
    expect(by['data/analyst']!.spec.tools).toEqual([{ type: 'code_interpreter' }]);
  });

  it('each start with a yaml-language-server line pointing at the schema', () => {
    for (const f of yamlFiles(dir)) {
      const first = readFileSync(f, 'utf8').split('\n')[0]!;
      const m = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
      expect(m, relative(repo, f)).not.toBeNull();
      expect(resolve(dirname(f), m![1]!)).toBe(join(repo, 'schema', 'assistant.schema.json'));
      expect(existsSync(resolve(dirname(f), m![1]!))).toBe(true);
    }
  });
});
