// A file a definition reads that git ignores (an instructions file in .gitignore, a `$ref` into an
// ignored directory) is a warning naming the place, the file, the rule and the fix: git is asked
// once a run, only when a definition reads a file, and a git that cannot answer is a debug note.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

/** A git repository holding `files`, with those in `tracked` committed (added with -f: ignored or not). */
function repo(files: Record<string, string>, tracked: string[] = []): string {
  const root = testDir('aac-git-ignored-');
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'pipe' });
  git('init', '-q');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  if (tracked.length > 0) git('add', '-f', '--', ...tracked);
  return root;
}

const said = (field: string, what: string, rule: string) => `${field} reads ${what}, which git ignores (${rule})`;

it('an instructions_file or a $ref git ignores is a warning at the field, naming the file, the rule and the fix; tracked files are not', async () => {
  const root = repo({
    '.gitignore': 'notes.md\n_local/\n',
    'prompts/.gitignore': '*.draft.md\n',
    'excluded-globally': 'secret-*.md\n',
    'prompts/notes.md': 'local notes\n',
    'prompts/tracked.md': 'committed though ignored\n',
    'prompts/x.draft.md': 'a draft\n',
    'prompts/secret-1.md': 'a secret\n',
    'prompts/info.md': 'excluded in .git/info/exclude\n',
    'assistants/_local/tools.yaml': 'type: code_interpreter\n',
    'assistants/a.yaml': 'model: gpt-4o\ninstructions_file: ../prompts/notes.md\n',
    'assistants/b.yaml': 'model: gpt-4o\ntools:\n  - $ref: _local/tools.yaml\n',
    'assistants/c.yaml': 'model: gpt-4o\ninstructions_file: ../prompts/x.draft.md\n',
    'assistants/d.yaml': 'model: gpt-4o\ninstructions_file: ../prompts/secret-1.md\n',
    'assistants/e.yaml': 'model: gpt-4o\ninstructions_file: ../prompts/info.md\n',
    'assistants/f.yaml': 'model: gpt-4o\ninstructions_file: ../prompts/tracked.md\n',
    'assistants/g.yaml': 'model: gpt-4o\ninstructions_file: ../prompts/notes.md\n',
  }, ['prompts/tracked.md']);
  writeFileSync(join(root, '.git/info/exclude'), '# local\nprompts/info.md\n');
  execFileSync('git', ['-C', root, 'config', 'core.excludesFile', join(root, 'excluded-globally')]);
  // A rule that matches a committed file: git does not ignore it, and neither is it warned of.
  writeFileSync(join(root, 'prompts/.gitignore'), '*.draft.md\ntracked.md\n');
  const r = await runCli(['validate', '--format', 'json'], { cwd: root });
  expect(r.code).toBe(0);
  const warnings = JSON.parse(r.stdout).diagnostics.map((d: { file: string; line: number; column: number; path: string; message: string; hint: string }) => [`${d.file}:${d.line}:${d.column}`, d.path, d.message, d.hint]);
  const tail = ": a clone — CI's checkout — does not have it, so a plan there fails or differs from this one, and its text, which may be a local secret, goes into this plan and the pull request's comment";
  expect(warnings).toEqual([
    ['assistants/a.yaml:2:20', 'instructions_file', `${said('instructions_file', 'prompts/notes.md', '.gitignore:1: `notes.md`')} (1 more definition reads it)${tail}`, 'commit it (`git add -f prompts/notes.md`), or stop ignoring it (.gitignore:1), or name a file the repository holds'],
    ['assistants/b.yaml:3:11', 'tools[0].$ref', `${said("$ref '_local/tools.yaml'", 'assistants/_local/tools.yaml', '.gitignore:2: `_local/`')}${tail}`, 'commit it (`git add -f assistants/_local/tools.yaml`), or stop ignoring it (.gitignore:2), or name a file the repository holds'],
    ['assistants/c.yaml:2:20', 'instructions_file', `${said('instructions_file', 'prompts/x.draft.md', 'prompts/.gitignore:1: `*.draft.md`')}${tail}`, 'commit it (`git add -f prompts/x.draft.md`), or stop ignoring it (prompts/.gitignore:1), or name a file the repository holds'],
    ['assistants/d.yaml:2:20', 'instructions_file', `${said('instructions_file', 'prompts/secret-1.md', 'your core.excludesFile, line 1: `secret-*.md`')}${tail}`, 'commit it (`git add -f prompts/secret-1.md`), or stop ignoring it (your core.excludesFile, line 1), or name a file the repository holds'],
    ['assistants/e.yaml:2:20', 'instructions_file', `${said('instructions_file', 'prompts/info.md', '.git/info/exclude:2: `prompts/info.md`')}${tail}`, 'commit it (`git add -f prompts/info.md`), or stop ignoring it (.git/info/exclude:2), or name a file the repository holds'],
  ]);
});

it('a link to an ignored file and a fragment included by a fragment are warned of; git is asked once a run, only when a file is read, and its failure is a debug note', async () => {
  const root = repo({
    '.gitignore': '.local/\n',
    '.local/p.md': 'mine\n',
    '.local/t.yaml': 'type: code_interpreter\n',
    'assistants/_shared.yaml': 'tool:\n  $ref: ../.local/t.yaml\n',
    'assistants/aac.yaml': 'environments:\n  dev: { namespace: dev }\n  prod: { namespace: prod }\n',
    'assistants/a.yaml': 'model: gpt-4o\ninstructions_file: p.md\n',
    'assistants/b.yaml': 'model: gpt-4o\ntools:\n  - $ref: "_shared.yaml#/tool"\n',
  });
  symlinkSync('../.local/p.md', join(root, 'assistants/p.md'));
  const r = await runCli(['validate', '--debug', '--no-color'], { cwd: root });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`assistants/a.yaml:2:20: warning: ${said('instructions_file', 'assistants/p.md, a symlink to .local/p.md', '.gitignore:1: `.local/`')}:`);
  expect(r.stdout).toContain(`assistants/b.yaml:3:11: warning: ${said("$ref '_shared.yaml#/tool'", '.local/t.yaml (a fragment its fragment includes)', '.gitignore:1: `.local/`')}:`);
  // Two environments, one question: the second load finds every file already asked of.
  expect(r.stderr.match(/git check-ignore/g)).toHaveLength(1);
  // The listing holds the work tree's files (.gitignore, the directory's and its aac.yaml); asked: the two files it does not hold, and the directory.
  expect(r.stderr).toMatch(/git ls-files in .*: 6 files tracked or not ignored, 1 aac.yaml file\n/);
  expect(r.stderr).toMatch(/git check-ignore in .*: 3 paths asked, 2 ignored\n/);
  // Without git: no warning, no failure; --debug says why.
  const without = await runCli(['validate', '--debug'], { cwd: root, env: { PATH: join(root, 'no-bin') } });
  expect(without.code).toBe(0);
  expect(without.stdout).not.toContain('git ignores');
  expect(without.stderr).toMatch(/git check-ignore in .* failed \(git is not installed, or not on PATH\): the definition files, overlays, aac.yaml and the files definitions read are not checked for being ignored by git\n/);
  expect(without.stderr.match(/git check-ignore/g)).toHaveLength(1);
  // One line for the one git process, which says what the question that ran it went without; each
  // other question the listing could not answer says what the run went without, once, not as another git process.
  expect(without.stderr).toMatch(/git ls-files in .* of the whole work tree failed \(git is not installed, or not on PATH\): the other definitions directories of the repository are not checked for sharing this one's namespace\n/);
  expect(without.stderr).toContain("\nwithout git's listing, which failed: every file the run reads is asked of check-ignore\n");
  expect(without.stderr.match(/git ls-files/g)).toHaveLength(1);
  // migrate lists the whole work tree for its loads (one per environment) and checks no other directory's namespace: it says only what it went without.
  const migrated = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses', '--debug'], { cwd: root, env: { PATH: join(root, 'no-bin') } });
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(migrated.stderr).toMatch(/git ls-files in .* failed \(git is not installed, or not on PATH\): every file the run reads is asked of check-ignore\n/);
  expect(migrated.stderr).not.toContain('namespace');
  expect((await runCli(['validate'], { cwd: root, env: { PATH: join(root, 'no-bin') } })).stderr).not.toContain('git');
  // Outside a git work tree: git is not run.
  const plain = testDir('aac-not-git-');
  mkdirSync(join(plain, 'assistants'));
  writeFileSync(join(plain, 'assistants/a.yaml'), 'model: gpt-4o\ninstructions_file: p.md\n');
  writeFileSync(join(plain, 'assistants/p.md'), 'hi\n');
  const none = await runCli(['validate', '--debug'], { cwd: plain });
  expect(none).toEqual({ code: 0, stdout: '1 definition valid.\n', stderr: '' });
});

it('a definition file, an overlay or aac.yaml git ignores is a warning at the file, naming the rule and the fix, in the one git question of the load', async () => {
  const root = repo({
    '.gitignore': '*.local.yaml\nassistants/aac.yaml\nassistants/overlays/prod/b.yaml\n',
    'assistants/aac.yaml': 'environments:\n  prod: { namespace: prod }\n',
    'assistants/a.yaml': 'model: gpt-4o\n',
    'assistants/b.yaml': 'model: gpt-4o\n',
    "assistants/it's $HOME.local.yaml": 'key: mine\nmodel: gpt-4o\n',
    'assistants/overlays/prod/b.yaml': 'model: gpt-4o-mini\n',
    'assistants/tracked.local.yaml': 'model: gpt-4o\n',
  }, ['assistants/tracked.local.yaml']);
  const r = await runCli(['validate', '--format', 'json', '--debug'], { cwd: root });
  expect(r.code).toBe(0);
  const warnings = JSON.parse(r.stdout).diagnostics.map((d: { file: string; path: string; code: string; message: string; hint: string }) => [d.file, d.path, d.code, d.message, d.hint]);
  const clone = "a plan here reads it, but a clone — CI's checkout, a reviewer's — does not have it, and";
  const local = (aacIgnore: string) => `; if it is meant to stay on this machine, keep aac from reading it too: prefix its name with _ or list it in ${aacIgnore}`;
  expect(warnings).toEqual([
    ['assistants/aac.yaml', '', 'git-ignored-file',
      `this project config is ignored by git (.gitignore:2: \`assistants/aac.yaml\`): ${clone} a plan there reads the definitions with the default settings (provider, endpoint, namespace, no environments)`,
      'commit it (`git add -f assistants/aac.yaml`), or stop ignoring it (.gitignore:2)'],
    // A name a shell would split or expand is one quoted word of the command the hint gives.
    ["assistants/it's $HOME.local.yaml", '', 'git-ignored-file',
      `this definition file is ignored by git (.gitignore:1: \`*.local.yaml\`): ${clone} a plan there does not define 'mine': it never creates or updates the assistant (with --prune, deletes it)`,
      `commit it (\`git add -f 'assistants/it'\\''s $HOME.local.yaml'\`), or stop ignoring it (.gitignore:1)${local('assistants/.aacignore')}`],
    ['assistants/overlays/prod/b.yaml', '', 'git-ignored-file',
      `this overlay of 'b' in environment 'prod' is ignored by git (.gitignore:3: \`assistants/overlays/prod/b.yaml\`): ${clone} a plan there for 'prod' makes 'b' as the base definition has it`,
      `commit it (\`git add -f assistants/overlays/prod/b.yaml\`), or stop ignoring it (.gitignore:3)${local('assistants/overlays/prod/.aacignore')}`],
  ]);
  expect(r.stderr.match(/git check-ignore/g)).toHaveLength(1);
  // The listing holds the three files not ignored; asked: the three it does not hold, and the directory.
  expect(r.stderr).toMatch(/git check-ignore in .*: 4 paths asked, 3 ignored\n/);
});

it('a definitions directory git ignores as a whole, or all of whose definition files one rule ignores, is one warning at the directory, naming the rule; a file a definition reads keeps its own, and files a rule ignores only some of one each', async () => {
  const root = repo({
    '.gitignore': 'teams/\n',
    'prompts/.gitignore': 'local.md\n',
    'teams/a/aac.yaml': 'environments:\n  prod: { namespace: prod }\n',
    'teams/a/a.yaml': 'model: gpt-4o\ninstructions_file: ../../prompts/local.md\n',
    'teams/a/b.yaml': 'model: gpt-4o\n',
    'teams/a/c.yaml': 'model: gpt-4o\n',
    'teams/a/overlays/prod/b.yaml': 'model: gpt-4o-mini\n',
    'prompts/local.md': 'here only\n',
  });
  const r = await runCli(['validate', '--dir', 'teams/a', '--env', 'prod', '--format', 'json'], { cwd: root });
  expect(r.code).toBe(0);
  const warnings = JSON.parse(r.stdout).diagnostics.map((d: { file: string; line: number | null; path: string; message: string; hint: string }) => [d.file, d.line, d.path, d.message, d.hint]);
  expect(warnings).toEqual([
    ['teams/a', null, '', "the definitions directory teams/a is ignored by git (.gitignore:1: `teams/`): a plan here reads its 3 definition files, its aac.yaml and 1 overlay, but a clone — CI's checkout, a reviewer's — has none of them, so a plan there defines none of their assistants: it never creates or updates them (with --prune, deletes them)",
      'commit it (`git add -f teams/a`), or stop ignoring it (.gitignore:1)'],
    ['teams/a/a.yaml', 2, 'instructions_file', expect.stringContaining(said('instructions_file', 'prompts/local.md', 'prompts/.gitignore:1: `local.md`')), expect.any(String)],
  ]);
  // A rule that ignores every definition file of the directory, not the directory: one warning at
  // it all the same, counting the aac.yaml it ignores too (not the overlay, below another folder).
  writeFileSync(join(root, '.gitignore'), 'teams/a/*.yaml\n');
  const glob = JSON.parse((await runCli(['validate', '--dir', 'teams/a', '--env', 'prod', '--format', 'json'], { cwd: root })).stdout).diagnostics;
  expect(glob.map((d: { file: string; message: string; hint: string }) => [d.file, d.message, d.hint])).toEqual([
    ['teams/a', "every definition file of the definitions directory teams/a is ignored by git (.gitignore:1: `teams/a/*.yaml`): a plan here reads its 3 definition files and its aac.yaml, but a clone — CI's checkout, a reviewer's — has none of them, so a plan there defines none of their assistants: it never creates or updates them (with --prune, deletes them)",
      'stop ignoring them (.gitignore:1) and commit them (`git add teams/a`)'],
    ['teams/a/a.yaml', expect.stringContaining(said('instructions_file', 'prompts/local.md', 'prompts/.gitignore:1: `local.md`')), expect.any(String)],
  ]);
  // A rule that ignores only some of them: one warning each, as before.
  writeFileSync(join(root, '.gitignore'), 'teams/a/[bc].yaml\n');
  const each = JSON.parse((await runCli(['validate', '--dir', 'teams/a', '--env', 'prod', '--format', 'json'], { cwd: root })).stdout).diagnostics;
  expect(each.map((d: { file: string; message: string }) => [d.file, d.message])).toEqual([
    ['teams/a/a.yaml', expect.stringContaining('instructions_file reads prompts/local.md')],
    ['teams/a/b.yaml', expect.stringMatching(/^this definition file is ignored by git \(\.gitignore:1: `teams\/a\/\[bc\]\.yaml`\)/)],
    ['teams/a/c.yaml', expect.stringMatching(/^this definition file is ignored by git \(\.gitignore:1: `teams\/a\/\[bc\]\.yaml`\)/)],
  ]);
});

/**
 * A PATH whose `git` logs each run's arguments, one line each, to the file returned, then runs
 * the real git (found on this process's PATH) with them.
 */
function loggedGit(): { path: string; log: string } {
  const bin = testDir('aac-git-shim-');
  const log = join(bin, 'git.log');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  writeFileSync(log, '');
  return { path: `${bin}:${process.env.PATH}`, log };
}

it('one git process a run when git ignores none of the files it reads, in the definitions directory or outside it: the listing clears them; check-ignore only for a file it does not hold', async () => {
  const root = repo({
    'assistants/aac.yaml': 'environments:\n  dev: { namespace: dev }\n  prod: { namespace: prod }\n',
    'assistants/a.yaml': 'model: gpt-4o\ninstructions_file: prompts/a.md\n',
    'assistants/b.yaml': 'model: gpt-4o\ninstructions_file: ../prompts/b.md\n',
    'assistants/prompts/a.md': 'hi\n',
    'prompts/b.md': 'shared\n',
    'other/aac.yaml': 'namespace: other\n',
  }, ['assistants/a.yaml', 'assistants/aac.yaml', 'prompts/b.md']);
  const git = loggedGit();
  const runs = () => readFileSync(git.log, 'utf8').split('\n').filter((l) => l !== '').map((l) => l.split(' ')[2]);
  // validate: two environments loaded, the namespace check of other/ made, a file read outside assistants/: one ls-files.
  const validate = await runCli(['validate'], { cwd: root, env: { PATH: git.path } });
  expect(validate.code, validate.stdout).toBe(0);
  expect(runs()).toEqual(['ls-files']);
  // plan: the namespace check before the first request, the ignore check after the walk: one ls-files.
  const emu = await testEmulator({ apiKey: 'sk-test-git-count' });
  writeFileSync(git.log, '');
  const plan = await runCli(['plan', '--env', 'dev'], { cwd: root, env: { PATH: git.path, OPENAI_API_KEY: 'sk-test-git-count', OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined } });
  expect(plan.code, plan.stderr).toBe(0);
  expect(runs()).toEqual(['ls-files']);
  // Untracked and not ignored, the file outside is cleared alike.
  execFileSync('git', ['-C', root, 'rm', '-q', '--cached', 'prompts/b.md'], { env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1' } });
  writeFileSync(git.log, '');
  expect((await runCli(['validate'], { cwd: root, env: { PATH: git.path } })).code).toBe(0);
  expect(runs()).toEqual(['ls-files']);
  // A file git ignores is not listed: check-ignore names its rule, the second process.
  writeFileSync(join(root, '.gitignore'), 'prompts/\n');
  writeFileSync(git.log, '');
  const ignored = await runCli(['validate'], { cwd: root, env: { PATH: git.path } });
  expect(ignored.stdout).toContain('which git ignores (.gitignore:1: `prompts/`)');
  expect(ignored.stdout).toContain('instructions_file reads prompts/b.md, which git ignores');
  expect(runs()).toEqual(['ls-files', 'check-ignore']);
});

it('import and migrate, which check no namespace, list the definitions directory and the directories of the files read outside it, not the repository: one git process', async () => {
  const root = repo({
    'assistants/aac.yaml': 'namespace: team\n',
    'assistants/a.yaml': 'model: gpt-4o\ninstructions_file: ../prompts/a.md\n',
    'prompts/a.md': 'shared\n',
    'unrelated/aac.yaml': 'namespace: other\n',
    'unrelated/notes.md': 'not read\n',
  }, ['assistants/a.yaml', 'prompts/a.md']);
  const git = loggedGit();
  const lines = () => readFileSync(git.log, 'utf8').split('\n').filter((l) => l !== '');
  const asked = ` ls-files -z --cached --others --exclude-standard -- :(literal)assistants :(literal)prompts`;
  const migrate = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: root, env: { PATH: git.path } });
  expect(migrate.code, migrate.stderr).toBe(0);
  expect(lines()).toEqual([`-C ${root}${asked}`]);
  const emu = await testEmulator({ apiKey: 'sk-test-git-import' });
  emu.seed([{ model: 'gpt-4o', name: 'Other' }]);
  writeFileSync(git.log, '');
  const imported = await runCli(['import', '--name', 'Other'], { cwd: root, env: { PATH: git.path, OPENAI_API_KEY: 'sk-test-git-import', OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined } });
  expect(imported.code, imported.stderr).toBe(0);
  expect(lines()).toEqual([`-C ${root}${asked}`]);
});

it("migrate that reads the live state: --debug says each git process in one line, and the whole work tree is listed after the directory's listing only for what that one does not hold, saying why", async () => {
  const root = repo({
    'assistants/aac.yaml': 'namespace: team\n',
    'assistants/a.yaml': 'model: gpt-4o\nname: A\ninstructions_file: ../prompts/a.md\n',
    'prompts/a.md': 'shared\n',
    'unrelated/aac.yaml': 'namespace: other\n',
  });
  const git = loggedGit();
  const runs = () => readFileSync(git.log, 'utf8').split('\n').filter((l) => l !== '');
  const emu = await testEmulator({ apiKey: 'sk-test-git-widen' });
  const env = { PATH: git.path, OPENAI_API_KEY: 'sk-test-git-widen', OPENAI_BASE_URL: emu.url };
  const migrate = (namespace: string | undefined) => runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-drift', '--debug'], { cwd: root, env: { ...env, AAC_NAMESPACE: namespace } });
  const listings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('git ls-files'));
  const directory = `git ls-files in ${root} of assistants/ and prompts/: 3 files tracked or not ignored`;

  // The namespace by AAC_NAMESPACE: its read of the live state asks of the same files, which the
  // directory's listing holds: git is not run again.
  const given = await migrate('team');
  expect(given.code, given.stderr).toBe(0);
  expect(runs()).toEqual([`-C ${root} ls-files -z --cached --others --exclude-standard -- :(literal)assistants :(literal)prompts`]);
  expect(listings(given.stderr)).toEqual([directory]);

  // The namespace by aac.yaml: its check asks for the repository's aac.yaml files, which only the
  // whole work tree holds: a second git process, whose line says why.
  rmSync(join(root, 'agents'), { recursive: true });
  writeFileSync(git.log, '');
  const checked = await migrate(undefined);
  expect(checked.code, checked.stderr).toBe(0);
  expect(runs()).toHaveLength(2);
  expect(listings(checked.stderr)).toEqual([
    directory,
    `git ls-files in ${root} of the whole work tree, widened from the listing of assistants/ and prompts/ as the repository's aac.yaml and aac.yml files are asked for: 4 files tracked or not ignored, 2 aac.yaml files`,
  ]);
});

it('one git process also when the run may look for another directory later or loads more than once: a plan whose namespace --namespace or AAC_NAMESPACE gives, validate with errors in aac.yaml, migrate of environments', async () => {
  const root = repo({
    'teams/hr/aac.yaml': 'namespace: hr\n',
    'teams/hr/hr-payroll.yaml': 'model: gpt-4o\nname: Payroll\n',
    'teams/billing/aac.yaml': 'namespace: billing\nenvironments:\n  dev: { namespace: billing-dev }\n  prod: { namespace: billing-prod }\n',
    'teams/billing/bot.yaml': 'model: gpt-4o\nname: Bot\n',
    // Read by prod alone, outside the directory: the first load (dev's, or the base's) reads no file there.
    'teams/billing/overlays/prod/bot.yaml': 'instructions_file: ../../../../prompts/prod.md\n',
    'prompts/prod.md': 'prod only\n',
  });
  const git = loggedGit();
  const runs = () => readFileSync(git.log, 'utf8').split('\n').filter((l) => l !== '').map((l) => l.split(' ')[2]);
  const emu = await testEmulator({ apiKey: 'sk-test-git-once' });
  const env = { OPENAI_API_KEY: 'sk-test-git-once', OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
  expect((await runCli(['apply', '--yes', '--dir', 'teams/hr'], { cwd: root, env })).code).toBe(0);
  copyFileSync(join(root, 'teams/hr/hr-payroll.yaml'), join(root, 'teams/billing/hr-payroll.yaml'));
  // The namespace given by the run: no namespace check; the create's twin in 'hr' is looked up among the other directories, in the same listing.
  for (const given of [{ argv: ['--namespace', 'billing'], env: {} }, { argv: [], env: { AAC_NAMESPACE: 'billing' } }]) {
    writeFileSync(git.log, '');
    const plan = await runCli(['plan', '--dir', 'teams/billing', '--env', 'dev', '--no-color', ...given.argv], { cwd: root, env: { ...env, ...given.env, PATH: git.path } });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('this file looks like a copy of teams/hr/hr-payroll.yaml; that directory manages it.');
    expect(runs()).toEqual(['ls-files']);
  }
  // validate with an error in aac.yaml checks no namespace, and loads each environment: prod's file outside is in the one listing.
  writeFileSync(join(root, 'teams/billing/aac.yaml'), 'namespace: billing\noptions:\n  concurrency: many\nenvironments:\n  dev: { namespace: billing-dev }\n  prod: { namespace: billing-prod }\n');
  writeFileSync(join(root, '.gitignore'), 'prompts/\n');
  writeFileSync(git.log, '');
  const validate = await runCli(['validate', '--dir', 'teams/billing', '--no-color'], { cwd: root, env: { PATH: git.path } });
  expect(validate.code).toBe(1);
  expect(validate.stdout).toContain('teams/billing/aac.yaml:3:');
  // Ignored, prod's file is not listed: check-ignore names its rule, the one further process.
  expect(validate.stdout).toContain('instructions_file reads prompts/prod.md, which git ignores (.gitignore:1: `prompts/`)');
  expect(runs()).toEqual(['ls-files', 'check-ignore']);
  rmSync(join(root, '.gitignore'));
  writeFileSync(git.log, '');
  expect((await runCli(['validate', '--dir', 'teams/billing'], { cwd: root, env: { PATH: git.path } })).code).toBe(1);
  expect(runs()).toEqual(['ls-files']);
  // migrate loads the base, then each environment: prod's file outside is in the one listing.
  writeFileSync(join(root, 'teams/billing/aac.yaml'), 'namespace: billing\nenvironments:\n  dev: { namespace: billing-dev }\n  prod: { namespace: billing-prod }\n');
  rmSync(join(root, 'teams/billing/hr-payroll.yaml'));
  writeFileSync(git.log, '');
  const migrate = await runCli(['migrate', '--dir', 'teams/billing', '--to', 'openai-agents', '--out', 'agents'], { cwd: root, env: { PATH: git.path } });
  expect(migrate.code, migrate.stderr).toBe(0);
  expect(runs()).toEqual(['ls-files']);
  // Given the credentials, it reads each environment's live state as its plan would (a namespace
  // check included): in the same listing, not one more per environment.
  writeFileSync(git.log, '');
  const live = await runCli(['migrate', '--dir', 'teams/billing', '--to', 'openai-agents', '--out', 'agents-live', '--accept-drift'], { cwd: root, env: { ...env, PATH: git.path } });
  expect(live.code, live.stderr).toBe(0);
  expect(live.stdout).toContain("teams/billing/bot.yaml — in environment 'prod': no live assistant has this definition");
  expect(runs()).toEqual(['ls-files']);
});
