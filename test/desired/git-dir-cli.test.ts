// A definitions directory in git's own files (`--dir .git/x`, a symlink into `.git`, a
// submodule's or a worktree's git directory, a git directory kept elsewhere) is refused before
// anything is read or sent, by every command, with the code a file read from there gets; so is
// a directory or file aac would write there (migrate's and plan's --out, the emulator's --state).
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-git-dir';
const WHY = "the definitions directory is in git's own files (in IN), which are never part of a definition: they may hold the checkout's credentials";
const HINT = '  point --dir at the directory of the repository that holds the definition files (by default assistants/)\n';

/** A git directory's shape (HEAD, objects/, refs/) at `dir`, with a definition in `dir/x`. */
function gitDirectory(dir: string, linked = false): void {
  mkdirSync(join(dir, 'x'), { recursive: true });
  writeFileSync(join(dir, 'HEAD'), 'ref: refs/heads/main\n');
  if (linked) writeFileSync(join(dir, 'commondir'), '../..\n');
  else for (const sub of ['objects', 'refs']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'x/a.yaml'), 'model: gpt-4o\n');
}

it('a --dir in .git, through a symlink, or in a git directory of another name is refused (path-in-git-dir), before any request', async () => {
  const emu = await testEmulator({ apiKey: KEY });
  const root = testDir('aac-git-dir-');
  gitDirectory(join(root, '.git'));
  writeFileSync(join(root, '.git/config'), '[core]\n\tbare = false\n');
  gitDirectory(join(root, '.git/modules/sub'));
  symlinkSync('.git/x', join(root, 'defs'));
  // `git init --separate-git-dir`, a bare repository: a git directory by what it holds.
  gitDirectory(join(root, 'elsewhere/repo'));
  // A linked worktree's git directory, kept in a main one of another name.
  gitDirectory(join(root, 'elsewhere/repo/worktrees/wt'), true);
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url };
  const cases: Array<[string, string]> = [
    ['.git/x', '.git'],
    ['.GIT/x', '.git'],
    ['.git/modules/sub/x', '.git/modules/sub'],
    ['defs', '.git'],
    ['.git/new', '.git'],
    ['elsewhere/repo/x', 'elsewhere/repo'],
    ['elsewhere/repo/worktrees/wt/x', 'elsewhere/repo/worktrees/wt'],
  ];
  for (const [dir, inside] of cases) {
    if (dir === '.GIT/x' && !existsSync(join(root, '.GIT'))) continue; // case-sensitive file system: no such directory
    // Every command reads --dir through one check: each is run on two of the cases.
    for (const argv of dir === '.git/x' || dir === '.git/new' ? [['validate'], ['plan'], ['import'], ['environments']] : [['validate']]) {
      const r = await runCli([...argv, '--dir', dir, '--no-color'], { cwd: root, env });
      expect(r.code, `${argv[0]} --dir ${dir}`).toBe(1);
      expect(r.stderr, `${argv[0]} --dir ${dir}`).toBe(`Error: ${dir}: ${WHY.replace('IN', inside)}\n${HINT}`);
    }
  }
  expect(existsSync(join(root, '.git/new'))).toBe(false);
  const json = await runCli(['validate', '--dir', '.git/x', '--format', 'json'], { cwd: root });
  expect(JSON.parse(json.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'path-in-git-dir', file: '.git/x', line: null })]);
  expect(emu.stats().byRoute).toEqual({});
  // What looks like a git directory only in part (a HEAD file alone) is a directory like any other.
  writeFileSync(join(root, 'elsewhere/HEAD'), 'x\n');
  mkdirSync(join(root, 'elsewhere/defs'));
  writeFileSync(join(root, 'elsewhere/defs/a.yaml'), 'model: gpt-4o\n');
  expect((await runCli(['validate', '--dir', 'elsewhere/defs'], { cwd: root })).stdout).toBe('1 definition valid.\n');
});

it("migrate's --out, plan's --out and the emulator's --state in git's own files are refused (path-in-git-dir) before anything is read, sent or written", async () => {
  const emu = await testEmulator({ apiKey: KEY });
  const root = testDir('aac-git-dir-out-');
  gitDirectory(join(root, '.git'));
  writeFileSync(join(root, '.git/config'), '[core]\n\tbare = false\n');
  mkdirSync(join(root, 'assistants'));
  writeFileSync(join(root, 'assistants/a.yaml'), 'model: gpt-4o\n');
  symlinkSync('.git', join(root, 'meta'));
  gitDirectory(join(root, 'elsewhere/repo'));
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url };
  const why = (inside: string) => `--out is in git's own files (in ${inside}), where aac writes nothing: they are not part of any commit, and a file written there may replace one of git's own (.git/config, which may hold the checkout's credentials); nothing was written`;
  for (const [out, inside] of [['.git/agents', '.git'], ['meta/new/agents', '.git'], ['elsewhere/repo/agents', 'elsewhere/repo']]) {
    const r = await runCli(['migrate', '--to', 'openai-agents', '--out', out!, '--no-color'], { cwd: root });
    expect(r, out).toEqual({ code: 1, stdout: '', stderr: `Error: ${out}: ${why(inside!)}\n  write the new definitions into a directory of the repository: e.g. \`--out assistants-openai-agents\`\n` });
  }
  for (const out of ['.git/config', '.git/plan.json']) {
    const r = await runCli(['plan', '--out', out, '--no-color'], { cwd: root, env });
    expect(r, out).toEqual({ code: 1, stdout: '', stderr: `Error: ${out}: ${why('.git')}\n  save the plan outside git's own files: e.g. \`--out plan.json\`\n` });
  }
  // The emulator writes its --state on every change: refused before it listens (it would print its URL).
  for (const state of ['.git/state.json', 'meta/state.json']) {
    const r = await runCli(['emulator', '--state', state, '--no-color'], { cwd: root });
    expect(r, state).toEqual({ code: 1, stdout: '', stderr: `Error: ${state}: ${why('.git').replace('--out', '--state')}\n  keep the emulator's state outside git's own files: e.g. \`--state emulator-state.json\`\n` });
  }
  expect(existsSync(join(root, '.git/state.json'))).toBe(false);
  expect(existsSync(join(root, '.git/agents'))).toBe(false);
  expect(existsSync(join(root, '.git/new'))).toBe(false);
  expect(existsSync(join(root, 'elsewhere/repo/agents'))).toBe(false);
  expect(existsSync(join(root, '.git/plan.json'))).toBe(false);
  expect(readFileSync(join(root, '.git/config'), 'utf8')).toBe('[core]\n\tbare = false\n');
  expect(emu.stats().byRoute).toEqual({});
  // Beside it, a directory like any other.
  expect((await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: root })).code).toBe(0);
});
