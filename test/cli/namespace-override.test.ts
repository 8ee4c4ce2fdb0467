// `--namespace` and AAC_NAMESPACE win over `namespace:` in aac.yaml, as documented; when they
// differ, every command that reads and writes a namespace's resources says so once on stderr,
// naming which one wins, both namespaces and where the written one is. A prune that the variable
// alone sends into another namespace is refused before any request: a variable left in a shell
// from another team's directory must not delete that team's assistants. The CLI in-process
// against an emulator on loopback, two teams' directories on one account.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { writeFile } from '../environments/helpers.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-namespace-override-00000000000';
let emu: RunningEmulator;
let cwd: string;

const aac = (argv: string[], env: Record<string, string | undefined> = {}) => runCli(argv, { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined, ...env } });
const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('Warning:'));
/** A stderr of one warning and its hint, as aac prints them. */
const warned = (message: string, hint: string) => `Warning: ${message}\n  ${hint}\n`;
const names = () => emu.resources().map((a) => a.name).sort();

beforeEach(async () => {
  emu = await testEmulator({ apiKey: KEY });
  cwd = testDir('aac-namespace-override-');
  writeFile(cwd, 'a/aac.yaml', 'namespace: team-a\n');
  writeFile(cwd, 'a/support.yaml', 'model: gpt-4o\nname: A support\n');
  writeFile(cwd, 'a/billing.yaml', 'model: gpt-4o\nname: A billing\n');
  writeFile(cwd, 'b/aac.yaml', '# team b\nnamespace: team-b\n');
  writeFile(cwd, 'b/cafe.yaml', 'model: gpt-4o\nname: B cafe\n');
  const applied = await aac(['apply', '--dir', 'a', '--yes']);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stderr).toBe('');
});

describe('AAC_NAMESPACE over a different namespace: in aac.yaml', () => {
  it('refuses a prune before any request, and deletes nothing', async () => {
    const before = emu.stats().total;
    for (const argv of [['plan', '--dir', 'b', '--prune'], ['apply', '--dir', 'b', '--prune', '--yes']]) {
      const run = await aac(argv, { AAC_NAMESPACE: 'team-a' });
      expect(run.code, run.stdout).toBe(1);
      expect(run.stderr).toContain("AAC_NAMESPACE (team-a) overrides namespace: team-b (b/aac.yaml:2:12), and --prune would delete the assistants of that namespace this directory does not define; nothing was run");
      expect(run.stderr).toContain('pass --namespace team-a to prune that namespace on purpose, or unset AAC_NAMESPACE');
    }
    expect(emu.stats().total).toBe(before);
    expect(names()).toEqual(['A billing', 'A support']);
  });

  it('is used without --prune, and said once on stderr with where the written one is', async () => {
    const plan = await aac(['plan', '--dir', 'b', '--format', 'json'], { AAC_NAMESPACE: 'team-a' });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toBe(warned(
      'AAC_NAMESPACE (team-a) overrides namespace: team-b (b/aac.yaml:2:12)',
      "the variable wins: this run reads and writes the assistants of 'team-a'; unset AAC_NAMESPACE to work in the namespace b/aac.yaml names",
    ));
    expect(JSON.parse(plan.stdout).target.namespace).toBe('team-a');
  });

  it('says nothing when the two are the same namespace, or aac.yaml writes none', async () => {
    expect((await aac(['plan', '--dir', 'b'], { AAC_NAMESPACE: 'team-b' })).stderr).toBe('');
    writeFile(cwd, 'b/aac.yaml', '# team b\n');
    const unpinned = await aac(['plan', '--dir', 'b', '--prune'], { AAC_NAMESPACE: 'team-c' });
    expect(unpinned.code, unpinned.stderr).toBe(0);
    expect(unpinned.stderr).toBe('');
  });

  it("names the environment whose namespace: it overrides", async () => {
    writeFile(cwd, 'b/aac.yaml', ['namespace: team-b', 'environments:', '  dev: {}', '  prod:', '    namespace: team-b-prod', ''].join('\n'));
    const prod = await aac(['plan', '--dir', 'b', '--env', 'prod'], { AAC_NAMESPACE: 'team-b' });
    expect(prod.code, prod.stderr).toBe(0);
    expect(warnings(prod.stderr)).toEqual(["Warning: AAC_NAMESPACE (team-b) overrides namespace: team-b-prod of environment 'prod' (b/aac.yaml:5:16)"]);
    expect((await aac(['plan', '--dir', 'b', '--env', 'dev'], { AAC_NAMESPACE: 'team-b' })).stderr).toBe('');
  });
});

describe('--namespace over a different namespace: in aac.yaml', () => {
  it('is said on stderr, and prunes where it says: the flag is typed for the run', async () => {
    const plan = await aac(['plan', '--dir', 'b', '--namespace', 'team-a', '--prune']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toBe(warned(
      '--namespace team-a overrides namespace: team-b (b/aac.yaml:2:12)',
      "the flag wins: this run reads and writes the assistants of 'team-a', not those of 'team-b'",
    ));
    expect(plan.stdout).toMatch(/Plan: 1 to create, 0 to modify, 2 to delete/);
    const unlock = await aac(['force-unlock', 'asst_nolock', '--dir', 'b', '--namespace', 'team-a', '--yes']);
    expect(warnings(unlock.stderr)).toEqual(['Warning: --namespace team-a overrides namespace: team-b (b/aac.yaml:2:12)']);
  });
});

describe('--namespace or AAC_NAMESPACE that differs from namespace: in aac.yaml only in case', () => {
  // Namespaces are case-sensitive: 'TEAM-A' is another namespace, whose apply would create every assistant of a/ a second time.
  it('is refused before any request, on every command that says an override, and nothing is created', async () => {
    const before = emu.stats().total;
    const runs: Array<[string[], Record<string, string>, string]> = [
      [['plan', '--dir', 'a', '--namespace', 'TEAM-A'], {}, '--namespace TEAM-A'],
      [['apply', '--dir', 'a', '--namespace', 'Team-A', '--yes'], {}, '--namespace Team-A'],
      [['apply', '--dir', 'a', '--yes'], { AAC_NAMESPACE: 'TEAM-a' }, 'AAC_NAMESPACE (TEAM-a)'],
      [['force-unlock', 'asst_nolock', '--dir', 'a', '--namespace', 'TEAM-A', '--yes'], {}, '--namespace TEAM-A'],
    ];
    for (const [argv, env, by] of runs) {
      const run = await aac(argv, env);
      expect(run.code, run.stdout).toBe(1);
      const given = argv.includes('--namespace') ? argv[argv.indexOf('--namespace') + 1]! : env.AAC_NAMESPACE!;
      expect(run.stderr).toContain(`Error: ${by} differs from namespace: team-a (a/aac.yaml:1:12) only in case, and namespaces are case-sensitive: this run would read and write the assistants of another namespace, '${given}', and create a second copy of each; nothing was run`);
      expect(run.stderr).toContain(`${'AAC_NAMESPACE' in env ? 'unset AAC_NAMESPACE' : 'leave out --namespace'} (or give team-a) to work in the namespace a/aac.yaml names; to move this directory to '${given}' on purpose, set \`namespace: ${given}\` in a/aac.yaml and plan with --adopt-namespace team-a`);
    }
    expect(emu.stats().total).toBe(before);
    expect(names()).toEqual(['A billing', 'A support']);
    // The same namespace, or one that differs by more than case, is the override it always was.
    expect((await aac(['plan', '--dir', 'a', '--namespace', 'team-a'])).stderr).toBe('');
    expect(warnings((await aac(['plan', '--dir', 'a', '--namespace', 'TEAM-B'])).stderr)).toEqual(['Warning: --namespace TEAM-B overrides namespace: team-a (a/aac.yaml:1:12)']);
  });
});
