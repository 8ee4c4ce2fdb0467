// `--changed-files` as README and CI feed it: a pipe (`<(git diff …)` in bash), absolute paths
// through a symlinked directory (the Action's `$GITHUB_WORKSPACE/<file>` on a runner whose work
// directory is a symlink), and git's quoted spelling of a non-ASCII name. Each must count the
// change's own files as its own, not as drift made outside aac.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { closeSync, constants, mkdirSync, openSync, readdirSync, readlinkSync, realpathSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, TEST_NAMESPACE } from '../helpers/cli.js';
import { assertBuilt, CLI, processEnv, runChild } from '../helpers/child-cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { makeProject } from '../plan/project.js';

const KEY = 'sk-test-changed-0000000000000000';
const A = { model: 'gpt-4o', name: 'A', instructions: 'You answer.' };
const B = { model: 'gpt-4o', name: 'B', instructions: 'You answer too.' };

/** A project with `a` and `b` applied, both then edited live: a change that touches one leaves the other drift. */
async function editedProject(): Promise<{ cwd: string; env: Record<string, string> }> {
  const emu = await testEmulator({ apiKey: KEY });
  const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
  const cwd = makeProject({ a: A, b: B });
  expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
  for (const r of emu.resources()) emu.mutate(r.id as string, { name: `${r.name as string} (by hand)` });
  return { cwd, env };
}

/** The FIFO at `path` opened for writing (non-blocking) once a reader has it open, looked for every 10 ms: the test's timeout is the only limit. */
async function writerOnceRead(path: string): Promise<number> {
  for (;;) {
    try {
      return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO') throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Whether the process `pid` has the file at `path` open (Linux: its descriptors in /proc). */
function holdsOpen(pid: number, path: string): boolean {
  const fds = `/proc/${pid}/fd`;
  try {
    return readdirSync(fds).some((fd) => {
      try {
        return readlinkSync(join(fds, fd)) === path;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** `drift` of each change of a JSON plan, by key (null where absent). */
function drift(stdout: string): Record<string, boolean | null> {
  const plan = JSON.parse(stdout) as { resource_changes: { key: string; drift?: boolean; actions: string[] }[] };
  return Object.fromEntries(plan.resource_changes.filter((c) => c.actions[0] !== 'no-op').map((c) => [c.key, c.drift ?? null]));
}

describe('--changed-files', () => {
  it('reads a pipe: bash process substitution, as README and the refusal of `-` say', async () => {
    assertBuilt();
    const { cwd, env } = await editedProject();
    // The emulator answers in this process: the child runs alongside it, not in a blocking call.
    const run = await promisify(execFile)(
      'bash',
      ['--norc', '--noprofile', '-c', `"$0" "$1" plan --format json --changed-files <(printf 'assistants/a.yaml\\n')`, process.execPath, CLI],
      { cwd, env: processEnv({ AAC_NAMESPACE: TEST_NAMESPACE, ...env }), timeout: 60_000 },
    );
    expect(run.stderr).not.toMatch(/FIFO|Error/);
    expect(drift(run.stdout)).toEqual({ a: null, b: true });
  });

  it('reads a named FIFO once its writer comes, and a Ctrl-C ends the wait for one', async () => {
    const { cwd, env } = await editedProject();
    const fifo = join(cwd, 'list');
    execFileSync('mkfifo', [fifo]);
    const plan = runChild(['plan', '--format', 'json', '--changed-files', 'list'], { cwd, env, deadlineMs: 60_000 });
    // The writer comes once the CLI is waiting: a non-blocking open for writing fails (ENXIO) until
    // a reader has the FIFO open. A FIFO write with a reader open does not block.
    const fd = await writerOnceRead(fifo);
    writeSync(fd, 'assistants/a.yaml\n');
    closeSync(fd);
    const run = await plan;
    expect(run.code, run.stderr).toBe(0);
    // What was written after the CLI began to wait is its list: a is the change's own, b drift.
    expect(drift(run.stdout)).toEqual({ a: null, b: true });
    // No writer ever: it waits, as `cat` does, and Ctrl-C ends it. Sent once the CLI holds the FIFO
    // open, waiting (by then it handles SIGINT: a signal before that, Node's own handler would end
    // the run with no exit code).
    const waiting = await runChild(['plan', '--changed-files', 'list'], { cwd, env, deadlineMs: 30_000, signal: { name: 'SIGINT', when: (pid) => holdsOpen(pid, realpathSync(fifo)) } });
    expect([waiting.killed, waiting.code]).toEqual([false, 130]);
  });

  it('compares absolute paths through a symlinked directory by their real path', async () => {
    const { cwd, env } = await editedProject();
    const link = join(testDir('aac-link-'), 'workspace');
    symlinkSync(cwd, link);
    writeFileSync(join(cwd, 'changed.txt'), `${join(link, 'assistants/a.yaml')}\n`);
    for (const from of [cwd, link]) {
      const run = await runCli(['plan', '--format', 'json', '--changed-files', 'changed.txt'], { cwd: from, env });
      expect(run.code, run.stderr).toBe(0);
      expect(drift(run.stdout)).toEqual({ a: null, b: true });
    }
    // And the other way: a list through the real path, run in the link.
    writeFileSync(join(cwd, 'changed.txt'), `${join(realpathSync(cwd), 'assistants/a.yaml')}\n`);
    expect(drift((await runCli(['plan', '--format', 'json', '--changed-files', 'changed.txt'], { cwd: link, env })).stdout)).toEqual({ a: null, b: true });
  });

  it('compares a definition file and a directory symlinked inside the definitions directory by their targets', async () => {
    const emu = await testEmulator({ apiKey: KEY });
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
    const cwd = makeProject({ a: A });
    mkdirSync(join(cwd, 'shared'));
    mkdirSync(join(cwd, 'teams'));
    writeFileSync(join(cwd, 'shared/b.yaml'), 'model: gpt-4o\nname: B\n');
    writeFileSync(join(cwd, 'teams/c.yaml'), 'model: gpt-4o\nname: C\n');
    // A file link whose target has another name, and a directory link: neither path says where it leads.
    symlinkSync('../shared/b.yaml', join(cwd, 'assistants/b.yaml'));
    symlinkSync('../teams', join(cwd, 'assistants/team'));
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    for (const r of emu.resources()) emu.mutate(r.id as string, { name: `${r.name as string} (by hand)` });
    // The change edits the targets: b and team/c are its own, a is drift.
    writeFileSync(join(cwd, 'changed.txt'), 'shared/b.yaml\nteams/c.yaml\n');
    const run = await runCli(['plan', '--format', 'json', '--changed-files', 'changed.txt'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(drift(run.stdout)).toEqual({ a: true, b: null, 'team/c': null });
    // Listed by the links' own paths, the same files.
    writeFileSync(join(cwd, 'changed.txt'), 'assistants/b.yaml\nassistants/team/c.yaml\n');
    expect(drift((await runCli(['plan', '--format', 'json', '--changed-files', 'changed.txt'], { cwd, env })).stdout)).toEqual({ a: true, b: null, 'team/c': null });
  });

  it('decodes git\'s quoted spelling of a non-ASCII name', async () => {
    const { cwd, env } = await editedProject();
    writeFileSync(join(cwd, 'assistants/café.yaml'), 'model: gpt-4o\nname: Café\n');
    // What `git diff --name-only` prints with core.quotepath on (git's default).
    writeFileSync(join(cwd, 'changed.txt'), '"assistants/caf\\303\\251.yaml"\nassistants/a.yaml\n');
    const run = await runCli(['plan', '--format', 'json', '--changed-files', 'changed.txt'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(drift(run.stdout)).toEqual({ a: null, b: true, 'café': null });
  });

  it('takes real `git diff --name-only` output of a non-ASCII name, quoted by default', async () => {
    const { cwd, env } = await editedProject();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
    git('init', '-q');
    git('add', 'assistants');
    git('commit', '-qm', 'base');
    writeFileSync(join(cwd, 'assistants/café.yaml'), 'model: gpt-4o\nname: Café\n');
    git('add', 'assistants');
    git('commit', '-qm', 'the change');
    const listed = git('-c', 'core.quotepath=on', 'diff', '--name-only', '--relative', 'HEAD~1', 'HEAD');
    expect(listed).toBe('"assistants/caf\\303\\251.yaml"\n');
    writeFileSync(join(cwd, 'changed.txt'), listed);
    const run = await runCli(['plan', '--format', 'json', '--changed-files', 'changed.txt'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(drift(run.stdout)).toEqual({ a: true, b: true, 'café': null });
  });
});

describe('definitions that read files outside the definitions directory', () => {
  it('validate says so once, naming the directories a workflow filter must add; plan does not repeat it', async () => {
    const emu = await testEmulator({ apiKey: KEY });
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
    const cwd = makeProject({});
    mkdirSync(join(cwd, 'shared/tools'), { recursive: true });
    writeFileSync(join(cwd, 'shared/p.md'), 'Be kind.\n');
    writeFileSync(join(cwd, 'shared/tools/t.yaml'), 'x:\n  type: code_interpreter\n');
    for (const k of ['p', 'q']) {
      writeFileSync(join(cwd, `assistants/${k}.yaml`), `model: gpt-4o\nname: ${k}\ninstructions_file: ../shared/p.md\ntools:\n  - $ref: "../shared/tools/t.yaml#/x"\n`);
    }
    const note = 'Note: definitions read files outside assistants/ (in shared/, shared/tools/): a workflow filtered on `paths: ["assistants/**"]` does not run when only those change';
    const hint = '  add each to the workflow\'s paths: `paths: ["assistants/**", "shared/**", "shared/tools/**"]`';
    for (const args of [['validate'], ['validate', '--format', 'json']]) {
      const run = await runCli(args, { cwd, env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr.split(note)).toHaveLength(2);
      expect(run.stderr).toContain(hint);
      expect(run.stdout).not.toContain('Note:');
    }
    for (const args of [['plan'], ['plan', '--format', 'json']]) {
      const run = await runCli(args, { cwd, env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr + run.stdout).not.toContain('files outside');
    }
    // A link inside the directory that leads out is outside; one that stays in is not.
    mkdirSync(join(cwd, 'assistants/_prompts'));
    writeFileSync(join(cwd, 'assistants/_prompts/own.md'), 'Be brief.\n');
    symlinkSync('../../shared/p.md', join(cwd, 'assistants/_prompts/linked.md'));
    symlinkSync('own.md', join(cwd, 'assistants/_prompts/alias.md'));
    writeFileSync(join(cwd, 'assistants/p.yaml'), 'model: gpt-4o\nname: p\ninstructions_file: _prompts/linked.md\n');
    writeFileSync(join(cwd, 'assistants/q.yaml'), 'model: gpt-4o\nname: q\ninstructions_file: _prompts/alias.md\n');
    const linked = await runCli(['validate'], { cwd, env });
    expect(linked.code, linked.stderr).toBe(0);
    expect(linked.stderr).toContain('Note: definitions read files outside assistants/ (in shared/): ');
    // A file of the working directory itself is named as the file: `"**"` would be every change.
    writeFileSync(join(cwd, 'prompt.md'), 'Be brief.\n');
    writeFileSync(join(cwd, 'assistants/p.yaml'), 'model: gpt-4o\nname: p\ninstructions_file: ../prompt.md\n');
    const atRoot = await runCli(['validate'], { cwd, env });
    expect(atRoot.stderr).toContain('Note: definitions read files outside assistants/ (in prompt.md): ');
    expect(atRoot.stderr).toContain('  add each to the workflow\'s paths: `paths: ["assistants/**", "prompt.md"]`');
    // Nothing outside: no note.
    writeFileSync(join(cwd, 'assistants/p.yaml'), 'model: gpt-4o\nname: p\n');
    writeFileSync(join(cwd, 'assistants/q.yaml'), 'model: gpt-4o\nname: q\n');
    expect((await runCli(['validate'], { cwd, env })).stderr).not.toContain('Note:');
  });
});
