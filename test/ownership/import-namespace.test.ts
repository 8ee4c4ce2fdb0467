// `aac import --namespace NAME` (or AAC_NAMESPACE) records the namespace in the directory's
// aac.yaml with the definition files, all or nothing, so the next plan without the flag plans in
// the same scope. Over loopback HTTP against the emulator.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { API_KEY, apiEnv, writeCount } from '../apply/helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

let emu: RunningEmulator;
let cwd: string;
beforeEach(async () => {
  emu = await testEmulator({ apiKey: API_KEY });
  cwd = testDir('aac-import-ns-');
  emu.seed([{ model: 'gpt-4o', name: 'FAQ', created_at: 1_700_000_000 }]);
});

/** Runs aac with no namespace from the environment unless `env` sets one. */
const aac = (argv: string[], env: Record<string, string | undefined> = {}) =>
  runCli(argv, { cwd, env: { ...apiEnv(emu.url), AAC_NAMESPACE: undefined, ...env } });
const config = () => readFileSync(join(cwd, 'team-a/aac.yaml'), 'utf8');

describe('aac import records the namespace it adopted into', () => {
  it('--namespace team-a creates aac.yaml; the next plan without the flag shows only the adoption; apply; clean plan', async () => {
    const imported = await aac(['import', '--dir', 'team-a', '--namespace', 'team-a']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Recorded the namespace in team-a/aac.yaml (created): namespace: team-a');
    expect(config()).toBe('namespace: team-a\n');

    const plan = await aac(['plan', '--dir', 'team-a', '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    const doc = JSON.parse(plan.stdout) as { target: { namespace: string }; resource_changes: Array<{ key: string; adopt: boolean; actions: string[]; body: object }> };
    expect(doc.target.namespace).toBe('team-a');
    // Only the adoption: the metadata (where apply adds the marker) is the one field sent.
    expect(doc.resource_changes.map((c) => [c.key, c.actions, c.adopt, c.body])).toEqual([['faq', ['update'], true, { metadata: {} }]]);

    expect((await aac(['apply', '--yes', '--dir', 'team-a'])).code).toBe(0);
    expect(emu.resources()[0]!.metadata).toEqual({ 'aac@team-a': 'faq' });
    expect((await aac(['plan', '--detailed-exitcode', '--dir', 'team-a'])).code).toBe(0);
  });

  it('AAC_NAMESPACE adds the line to an existing aac.yaml, keeping every other byte, comments included', async () => {
    mkdirSync(join(cwd, 'team-a'));
    const before = '# Team A\'s assistants\noptions:\n  concurrency: 2   # be gentle\n# end';
    writeFileSync(join(cwd, 'team-a/aac.yaml'), before);
    const imported = await aac(['import', '--dir', 'team-a', '--format', 'json'], { AAC_NAMESPACE: 'team-a' });
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).namespace_file).toEqual({ file: 'team-a/aac.yaml', created: false });
    expect(config()).toBe(`${before}\nnamespace: team-a\n`);
    expect((await aac(['plan', '--dir', 'team-a'])).stdout).toContain('Plan: 0 to create, 1 to modify, 0 to delete, 0 unchanged.');
  });

  // A Windows editor's file: its byte order mark stays, and the added line ends as its lines do.
  it.each([
    ['a byte order mark and CRLF line breaks', '\uFEFF# Team A\r\noptions:\r\n  concurrency: 2\r\n', '\uFEFF# Team A\r\noptions:\r\n  concurrency: 2\r\nnamespace: team-a\r\n'],
    ['CRLF and no final line break', 'options:\r\n  concurrency: 2', 'options:\r\n  concurrency: 2\r\nnamespace: team-a\r\n'],
    ['a byte order mark and LF', '\uFEFFoptions:\n  concurrency: 2\n', '\uFEFFoptions:\n  concurrency: 2\nnamespace: team-a\n'],
  ])('keeps %s of an existing aac.yaml as found', async (_name, before, after) => {
    mkdirSync(join(cwd, 'team-a'));
    writeFileSync(join(cwd, 'team-a/aac.yaml'), before);
    const imported = await aac(['import', '--dir', 'team-a'], { AAC_NAMESPACE: 'team-a' });
    expect(imported.code, imported.stderr).toBe(0);
    expect(config()).toBe(after);
    expect((await aac(['plan', '--dir', 'team-a'])).stdout).toContain('Plan: 0 to create, 1 to modify, 0 to delete, 0 unchanged.');
  });

  it('a namespace YAML would read as another type is quoted, and plans in that namespace', async () => {
    expect((await aac(['import', '--dir', 'team-a', '--namespace', '1.0'])).code).toBe(0);
    expect(config()).toBe('namespace: "1.0"\n');
    expect((await aac(['apply', '--yes', '--dir', 'team-a'])).code).toBe(0);
    expect(emu.resources()[0]!.metadata).toEqual({ 'aac@1.0': 'faq' });
  });

  it('refuses, writing nothing, when aac.yaml names another namespace', async () => {
    mkdirSync(join(cwd, 'team-a'));
    writeFileSync(join(cwd, 'team-a/aac.yaml'), '# the team\nnamespace: team-b\n');
    const writes = writeCount(emu);
    const refused = await aac(['import', '--dir', 'team-a', '--namespace', 'team-a']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Error: team-a/aac.yaml:2:12: team-a/aac.yaml names the namespace 'team-b', but --namespace says 'team-a'; nothing was written");
    const json = await aac(['import', '--dir', 'team-a', '--namespace', 'team-a', '--format', 'json']);
    expect(JSON.parse(json.stdout).diagnostics).toContainEqual(expect.objectContaining({ file: 'team-a/aac.yaml', line: 2, column: 12, path: 'namespace', code: 'setting-conflict' }));
    expect(readdirSync(join(cwd, 'team-a'))).toEqual(['aac.yaml']);
    expect(config()).toBe('# the team\nnamespace: team-b\n');
    expect(writeCount(emu)).toBe(writes);
  });

  // With nothing left to import (the resource already has its file), the run wrote nothing and so
  // recorded nothing, and went on in the flag's namespace: exit 0, its skip telling to adopt the
  // resource with `aac apply … --namespace team-a`, into a namespace the directory's aac.yaml does
  // not give. The conflict is the run's, not the write's.
  it('refuses an aac.yaml namespace that --namespace contradicts when nothing is left to import, too', async () => {
    mkdirSync(join(cwd, 'team-a'));
    writeFileSync(join(cwd, 'team-a/aac.yaml'), 'namespace: team-b\n');
    writeFileSync(join(cwd, 'team-a/faq.yaml'), `id: ${emu.resources()[0]!.id}\nmodel: gpt-4o\nname: FAQ\n`);
    for (const argv of [[], ['--dry-run'], ['--format', 'json']]) {
      const refused = await aac(['import', '--dir', 'team-a', '--namespace', 'team-a', ...argv]);
      expect(refused.code, refused.stdout).toBe(1);
      expect(refused.stderr).toContain("Error: team-a/aac.yaml:1:12: team-a/aac.yaml names the namespace 'team-b', but --namespace says 'team-a'; nothing was written");
      expect(refused.stdout).not.toContain('--namespace team-a');
    }
    expect(readdirSync(join(cwd, 'team-a')).sort()).toEqual(['aac.yaml', 'faq.yaml']);
    // Without the flag the same directory imports as before: the skip, in aac.yaml's namespace.
    const plain = await aac(['import', '--dir', 'team-a']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('already defined in team-a/faq.yaml');
  });

  it('an environment\'s namespace that --namespace contradicts is named where that environment writes it', async () => {
    mkdirSync(join(cwd, 'team-a'));
    writeFileSync(join(cwd, 'team-a/aac.yaml'), 'environments:\n  prod:\n    namespace: team-p\n');
    const refused = await aac(['import', '--dir', 'team-a', '--env', 'prod', '--namespace', 'team-a']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Error: team-a/aac.yaml:3:16: team-a/aac.yaml names the namespace 'team-p' for environment 'prod', but --namespace says 'team-a'; nothing was written");
    expect(readdirSync(join(cwd, 'team-a'))).toEqual(['aac.yaml']);
  });

  it('a flow-mapping aac.yaml is not rewritten: refused with the line to add by hand', async () => {
    mkdirSync(join(cwd, 'team-a'));
    writeFileSync(join(cwd, 'team-a/aac.yaml'), '{options: {concurrency: 2}}\n');
    const refused = await aac(['import', '--dir', 'team-a', '--namespace', 'team-a']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot add the namespace to team-a/aac.yaml without rewriting it; nothing was written');
    expect(refused.stderr).toContain('namespace: team-a');
    // The import to run again reaches the same directory and namespace.
    expect(refused.stderr).toContain('then run `aac import --dir team-a --namespace team-a` again');
    expect(readdirSync(join(cwd, 'team-a'))).toEqual(['aac.yaml']);
  });

  it('--provider is recorded beside the namespace; a provider aac.yaml already names needs no line, another one is refused', async () => {
    const imported = await aac(['import', '--dir', 'team-a', '--namespace', 'team-a', '--provider', 'openai', '--format', 'json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).config_file).toEqual({ file: 'team-a/aac.yaml', created: true, recorded: { namespace: 'team-a', provider: 'openai' } });
    expect(config()).toBe('namespace: team-a\nprovider: openai\n');

    rmSync(join(cwd, 'team-a'), { recursive: true });
    mkdirSync(join(cwd, 'team-a'));
    writeFileSync(join(cwd, 'team-a/aac.yaml'), 'provider: openai\n');
    const same = await aac(['import', '--dir', 'team-a', '--provider', 'openai'], { AAC_NAMESPACE: 'team-a' });
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('Recorded the namespace in team-a/aac.yaml: namespace: team-a');
    expect(config()).toBe('provider: openai\nnamespace: team-a\n');

    rmSync(join(cwd, 'team-a'), { recursive: true });
    mkdirSync(join(cwd, 'team-a'));
    writeFileSync(join(cwd, 'team-a/aac.yaml'), 'provider: portkey\n');
    const writes = writeCount(emu);
    const refused = await aac(['import', '--dir', 'team-a', '--namespace', 'team-a', '--provider', 'openai']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Error: team-a/aac.yaml:1:11: team-a/aac.yaml names the provider 'portkey', but --provider says 'openai'; nothing was written");
    expect(readdirSync(join(cwd, 'team-a'))).toEqual(['aac.yaml']);
    expect(config()).toBe('provider: portkey\n');
    expect(writeCount(emu)).toBe(writes);
  });

  // A directory without `namespace:` plans in its path's namespace: recording another would move its
  // definitions out of the scope their live resources are managed in, and the next plan would
  // create each a second time.
  it('refuses, writing nothing, to record a namespace that would move the directory\'s managed definitions out of theirs', async () => {
    execFileSync('git', ['-C', cwd, 'init', '-q'], { env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'pipe' });
    mkdirSync(join(cwd, 'team-a'));
    writeFileSync(join(cwd, 'team-a/bot.yaml'), 'model: gpt-4o\nname: Bot\n');
    expect((await aac(['apply', '--yes', '--dir', 'team-a'])).code).toBe(0);
    emu.seed([{ model: 'gpt-4o', name: 'Newbie', created_at: 1_700_000_001 }]);
    const writes = writeCount(emu);
    for (const dryRun of [['--dry-run'], []]) {
      const refused = await aac(['import', '--dir', 'team-a', '--namespace', 'team-b', ...dryRun]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("Error: team-a/ plans in the namespace 'team-a' (its path: no aac.yaml names one), where 1 of its definitions is managed ('bot'); recording --namespace 'team-b' in team-a/aac.yaml would move it to 'team-b', and the next plan would create it a second time; nothing was written");
    }
    expect(readdirSync(join(cwd, 'team-a'))).toEqual(['bot.yaml']);
    expect(writeCount(emu)).toBe(writes);
    // In the directory's own namespace, the import goes ahead and records nothing.
    const own = await aac(['import', '--dir', 'team-a']);
    expect(own.code, own.stderr).toBe(0);
    expect(readdirSync(join(cwd, 'team-a')).sort()).toEqual(['bot.yaml', 'faq.yaml', 'newbie.yaml']);
  });

  it('a namespace from aac.yaml, or a dry run, writes no aac.yaml line', async () => {
    const dry = await aac(['import', '--dir', 'team-a', '--namespace', 'team-a', '--dry-run']);
    expect(dry.stdout).toContain('Would record the namespace in team-a/aac.yaml (created): namespace: team-a');
    expect(existsSync(join(cwd, 'team-a'))).toBe(false);
    mkdirSync(join(cwd, 'team-a'));
    writeFileSync(join(cwd, 'team-a/aac.yaml'), 'namespace: team-a\n');
    const same = await aac(['import', '--dir', 'team-a', '--namespace', 'team-a']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).not.toContain('Recorded the namespace');
    expect(config()).toBe('namespace: team-a\n');
  });
});
