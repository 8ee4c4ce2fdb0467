// A definitions directory that is a git submodule, built with git itself: a superproject cloned
// without its submodules (what actions/checkout does unless asked) has an empty directory there,
// which must be refused rather than planned as an empty fleet; checked out or not, the directory's
// default namespace is its path in the superproject, never `.` (the submodule's own root, which
// every repository whose definitions sit at its root shares).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { API_KEY, apiEnv } from '../apply/helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

/** git with a fixed identity, local file submodules allowed (git ≥ 2.38.1 refuses them by default), and no user or system config. */
function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'protocol.file.allow=always', '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    stdio: 'pipe',
    env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** A superproject whose `assistants` is a submodule holding faq.yaml at its root, and a clone of it made without submodules. */
function superproject(): { root: string; clone: string } {
  const top = testDir('aac-submodule-');
  const shared = join(top, 'shared');
  mkdirSync(shared);
  git(shared, 'init', '-q');
  writeFileSync(join(shared, 'faq.yaml'), 'model: gpt-4o\nname: FAQ\n');
  git(shared, 'add', '.');
  git(shared, 'commit', '-q', '-m', 'definitions');
  const root = join(top, 'super');
  mkdirSync(root);
  git(root, 'init', '-q');
  git(root, 'submodule', 'add', '-q', shared, 'assistants');
  git(root, 'commit', '-q', '-m', 'the definitions as a submodule');
  git(top, 'clone', '-q', root, 'clone');
  return { root, clone: join(top, 'clone') };
}

describe('a definitions directory that is a git submodule', () => {
  it('not checked out, it is refused before any request, in validate and plan, with the command that checks it out', async () => {
    const emu = await testEmulator({ apiKey: API_KEY });
    const { clone } = superproject();
    expect(readdirSync(join(clone, 'assistants'))).toEqual([]);
    const env = { ...apiEnv(emu.url), AAC_NAMESPACE: undefined };
    for (const argv of [['validate'], ['plan'], ['plan', '--prune', '--allow-empty'], ['plan', '--namespace', 'team-a']]) {
      const r = await runCli([...argv, '--no-color'], { cwd: clone, env });
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr + r.stdout).toContain("the definitions directory 'assistants' is a git submodule that is not checked out: there are no definitions to read");
      expect(r.stderr + r.stdout).toContain('run `git submodule update --init` (in GitHub Actions, set `submodules: true` on actions/checkout');
      expect(r.stdout).not.toContain('No changes');
    }
    // A directory below it (which then does not exist) names the submodule.
    const below = await runCli(['validate', '--dir', 'assistants/team', '--no-color'], { cwd: clone, env });
    expect(below.code).toBe(1);
    expect(below.stderr + below.stdout).toContain("the definitions directory 'assistants/team' is in the git submodule 'assistants' that is not checked out");
    // Import, which makes a --dir that does not exist yet, makes none inside it: the files would
    // sit in the superproject's tree where the submodule's checkout would later land.
    for (const dir of ['assistants', 'assistants/team']) {
      const imported = await runCli(['import', '--dir', dir, '--no-color'], { cwd: clone, env });
      expect(imported.code, dir).toBe(1);
      expect(imported.stderr + imported.stdout).toContain('that is not checked out: there are no definitions to read');
    }
    expect(readdirSync(join(clone, 'assistants'))).toEqual([]);
    expect(emu.stats().total).toBe(0);
  });

  it('its default namespace is its path in the superproject, checked out in place or in a clone', async () => {
    const emu = await testEmulator({ apiKey: API_KEY });
    const { root, clone } = superproject();
    git(clone, 'submodule', 'update', '--init', '-q');
    for (const cwd of [root, clone]) {
      const r = await runCli(['plan', '--format', 'json'], { cwd, env: { ...apiEnv(emu.url), AAC_NAMESPACE: undefined } });
      expect(r.code, r.stderr).toBe(0);
      const plan = JSON.parse(r.stdout) as { target: { namespace: string }; resource_changes: Array<{ key: string }> };
      expect([plan.target.namespace, plan.resource_changes.map((c) => c.key)]).toEqual(['assistants', ['faq']]);
    }
    // Run from inside the submodule, it is the same directory.
    const inside = await runCli(['plan', '--dir', '.', '--format', 'json'], { cwd: join(root, 'assistants'), env: { ...apiEnv(emu.url), AAC_NAMESPACE: undefined } });
    expect(JSON.parse(inside.stdout).target.namespace).toBe('assistants');
  });
});
