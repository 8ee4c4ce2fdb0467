// Every file aac writes (plan --out, import's definitions, migrate's output, the emulator's
// --state) follows one rule: the path is absent or a regular file. A symlink is refused, never
// followed nor replaced; a directory, FIFO or device is refused; nothing is written; exit 1.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { API_KEY, workspace, type Workspace } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';
import { runChild } from '../helpers/child-cli.js';
import { afterTest, testEmulator } from '../helpers/each-test.js';

const posix = process.platform !== 'win32';

const emulator = () => testEmulator({ apiKey: API_KEY });
function ws(defs: Record<string, Record<string, unknown>> = {}): Workspace {
  const w = workspace(defs);
  afterTest(() => w.cleanup());
  return w;
}

const env = (emu: RunningEmulator) => ({ OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: API_KEY });

/** What the path is now: its kind, and a symlink's target or a file's bytes. */
function snapshot(path: string): string {
  const s = lstatSync(path);
  if (s.isSymbolicLink()) return `link → ${readlinkSync(path)}`;
  if (s.isFile()) return `file ${s.mode.toString(8)} ${readFileSync(path, 'utf8')}`;
  return `${s.isFIFO() ? 'fifo' : s.isDirectory() ? `dir [${readdirSync(path).join(',')}]` : s.isCharacterDevice() ? 'chardev' : 'other'} ${s.mode.toString(8)} ${s.rdev}`;
}

/** A character device (the null device's numbers) in `dir`, or undefined where one cannot be made (not root). */
function makeDevice(dir: string): string | undefined {
  const path = join(dir, 'dev');
  try {
    execFileSync('mknod', [path, 'c', '1', '3'], { stdio: 'ignore' });
    return path;
  } catch {
    return undefined;
  }
}

describe.runIf(posix)('a path aac writes must be absent or a regular file', () => {
  it('plan --out: a FIFO, a symlink, a directory and a device are refused before any request, each left as it was', async () => {
    const emu = await emulator();
    const w = ws({ bot: { model: 'gpt-4o' } });
    const root = w.root;
    execFileSync('mkfifo', [join(root, 'fifo')]);
    writeFileSync(join(root, 'real.json'), 'kept\n');
    symlinkSync('real.json', join(root, 'link.json'));
    mkdirSync(join(root, 'dd'));
    const device = makeDevice(root);
    const cases: Array<[string, string]> = [
      ['fifo', 'cannot write fifo: it is a FIFO, not a regular file; nothing was written'],
      ['link.json', 'cannot write link.json: it is a symbolic link to real.json; aac does not write through symbolic links, so nothing was written'],
      ['dd', 'cannot write dd: it is a directory, not a regular file; nothing was written'],
      ...(device ? [['dev', 'cannot write dev: it is a device, not a regular file; nothing was written'] as [string, string]] : []),
    ];
    for (const [out, message] of cases) {
      const before = snapshot(join(root, out));
      const r = await runCli(['plan', '--out', out], { cwd: root, env: env(emu) });
      expect(r.code, out).toBe(1);
      expect(r.stderr).toContain(`Error: ${message}`);
      expect(snapshot(join(root, out))).toBe(before);
    }
    const link = await runCli(['plan', '--out', 'link.json'], { cwd: root, env: env(emu) });
    expect(link.stderr).toContain('give a path that is not a symbolic link (a new file, or a regular file to replace); only if you mean to replace the file the link points at, pass its own path');
    // The hint never offers the target's path: following it would replace a file never named.
    expect(link.stderr).not.toContain(join(root, 'real.json'));
    expect(readFileSync(join(root, 'real.json'), 'utf8')).toBe('kept\n');
    // Refused before the listing: nothing was asked of the host.
    expect(emu.stats().total).toBe(0);
    // No temporary file is left beside any of them.
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // A regular file is still replaced, atomically, readable by its owner only.
    writeFileSync(join(root, 'plan.json'), 'old');
    const ok = await runCli(['plan', '--out', 'plan.json'], { cwd: root, env: env(emu) });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'plan.json'), 'utf8')).format_version).toMatch(/^1\./);
    const fresh = await runCli(['plan', '--out', 'new.json'], { cwd: root, env: env(emu) });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(statSync(join(root, 'new.json')).mode & 0o777).toBe(0o600);
  });

  it('plan --out, migrate --out, emulator --state: a directory that is missing, not a directory, or not writable is refused before any work', async () => {
    const emu = await emulator();
    const w = ws({ bot: { model: 'gpt-4o' } });
    const root = w.root;
    writeFileSync(join(root, 'file.txt'), 'kept\n');
    mkdirSync(join(root, 'ro'));
    const cases: Array<[string, string]> = [
      ['missing/plan.json', `cannot write missing/plan.json: the directory ${join(root, 'missing')} does not exist; nothing was written`],
      ['file.txt/plan.json', `cannot write file.txt/plan.json: ${join(root, 'file.txt')} is not a directory; nothing was written`],
    ];
    // Root may write anywhere: a read-only directory is only refused to others.
    if (process.getuid?.() !== 0) {
      execFileSync('chmod', ['0555', join(root, 'ro')]);
      afterTest(() => execFileSync('chmod', ['0755', join(root, 'ro')]));
      cases.push(['ro/plan.json', `cannot write ro/plan.json: the directory ${join(root, 'ro')} is not writable; nothing was written`]);
    }
    for (const [out, message] of cases) {
      const r = await runCli(['plan', '--out', out], { cwd: root, env: env(emu) });
      expect(r.code, out).toBe(1);
      expect(r.stderr).toContain(`Error: ${message}`);
      // Not the plan: the refusal came first.
      expect(r.stdout).toBe('');
    }
    // Refused before the listing: nothing was asked of the host.
    expect(emu.stats().total).toBe(0);

    // migrate makes a missing --out, below a directory that can take it; a file on the way is refused at once.
    const migrated = await runCli(['migrate', '--to', 'openai-agents', '--out', 'file.txt/agents'], { cwd: root });
    expect(migrated.code).toBe(1);
    expect(migrated.stderr).toContain(`Error: cannot write file.txt/agents: ${join(root, 'file.txt')} is not a directory; nothing was written`);
    expect(migrated.stderr).not.toContain('no counterpart');
    expect(readFileSync(join(root, 'file.txt'), 'utf8')).toBe('kept\n');
    const made = await runCli(['migrate', '--to', 'openai-agents', '--out', 'new/deeper/agents'], { cwd: root });
    expect(made.code, made.stderr).toBe(0);

    const state = await runChild(['emulator', '--port', '0', '--state', 'missing/state.json'], { cwd: root, deadlineMs: 15_000 });
    expect(state.killed).toBe(false);
    expect(state.code).toBe(1);
    expect(state.stderr).toContain(`the directory ${join(root, 'missing')} does not exist`);
  }, 40_000);

  it('import --force: a definition that is a symlink (read, inside the repository) is not written through, nor replaced', async () => {
    const emu = await emulator();
    const [bot] = emu.seed([{ model: 'gpt-4o', name: 'Bot', created_at: 1 }]);
    const w = ws();
    mkdirSync(join(w.root, 'shared'));
    const pinned = `model: gpt-4o-mini\nid: ${bot!.id as string}\n`;
    writeFileSync(join(w.root, 'shared', 'bot.yaml'), pinned);
    symlinkSync('../shared/bot.yaml', join(w.root, 'assistants', 'bot.yaml'));
    // The file differs from the live assistant (its model): written only with --replace-differing, which is what reaches the write.
    const r = await runCli(['import', '--force', '--replace-differing'], { cwd: w.root, env: env(emu) });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain('Error: cannot write assistants/bot.yaml: it is a symbolic link to ../shared/bot.yaml; aac does not write through symbolic links, so nothing was written');
    expect(r.stderr).toContain('give a path that is not a symbolic link (a new file, or a regular file to replace); only if you mean to replace the file the link points at, pass its own path');
    expect(r.stderr).not.toContain(join(w.root, 'shared', 'bot.yaml'));
    expect(readlinkSync(join(w.root, 'assistants', 'bot.yaml'))).toBe('../shared/bot.yaml');
    expect(readFileSync(join(w.root, 'shared', 'bot.yaml'), 'utf8')).toBe(pinned);
    expect(readdirSync(join(w.root, 'assistants'))).toEqual(['bot.yaml']);
  });

  it('migrate: a symlink or a directory where a definition would go is refused, and no file is written', async () => {
    const w = ws({ bot: { model: 'gpt-4o', name: 'Bot' }, other: { model: 'gpt-4o' } });
    const out = join(w.root, 'agents');
    mkdirSync(out);
    symlinkSync('/etc/hostname', join(out, 'bot.yaml'));
    const link = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--force'], { cwd: w.root });
    expect(link.code).toBe(1);
    expect(link.stderr).toContain('Error: cannot write agents/bot.yaml: it is a symbolic link to /etc/hostname; aac does not write through symbolic links');
    expect(readdirSync(out)).toEqual(['bot.yaml']);

    execFileSync('rm', [join(out, 'bot.yaml')]);
    mkdirSync(join(out, 'bot.yaml'));
    const dir = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--force'], { cwd: w.root });
    expect(dir.code).toBe(1);
    expect(dir.stderr).toContain('Error: cannot write agents/bot.yaml: it is a directory, not a regular file; nothing was written');
    expect(readdirSync(out)).toEqual(['bot.yaml']);
    expect(readdirSync(join(out, 'bot.yaml'))).toEqual([]);
  });

  it('emulator --state: a FIFO is refused at start (never read, never waited on), a symlink too', async () => {
    const w = ws();
    execFileSync('mkfifo', [join(w.root, 'state.json')]);
    const fifo = await runChild(['emulator', '--port', '0', '--state', 'state.json'], { cwd: w.root, deadlineMs: 15_000 });
    expect(fifo.killed).toBe(false);
    expect(fifo.code, fifo.stdout + fifo.stderr).toBe(1);
    expect(fifo.stderr).toContain(`cannot write ${join(w.root, 'state.json')}: it is a FIFO, not a regular file`);
    expect(lstatSync(join(w.root, 'state.json')).isFIFO()).toBe(true);

    writeFileSync(join(w.root, 'real.json'), '{}');
    symlinkSync('real.json', join(w.root, 'link.json'));
    const link = await runChild(['emulator', '--port', '0', '--state', 'link.json'], { cwd: w.root, deadlineMs: 15_000 });
    expect(link.killed).toBe(false);
    expect(link.code).toBe(1);
    expect(link.stderr).toContain(`cannot write ${join(w.root, 'link.json')}: it is a symbolic link to real.json`);
    expect(link.stderr).toContain('give a path that is not a symbolic link');
    expect(link.stderr).not.toContain(join(w.root, 'real.json'));
    expect(readFileSync(join(w.root, 'real.json'), 'utf8')).toBe('{}');
  }, 40_000);
});

describe('a file aac writes where a run on the definitions directory would read it is refused', () => {
  it('plan --out: a .yaml or .yml below the definitions directory (or its aac.yaml) is refused before any request; one runs skip is written', async () => {
    const emu = await emulator();
    const w = ws({ bot: { model: 'gpt-4o' } });
    mkdirSync(join(w.root, 'assistants', 'sub'));
    writeFileSync(join(w.root, 'assistants', '.aacignore'), 'plans/\n');
    const before = () => readdirSync(join(w.root, 'assistants'), { recursive: true }).map(String).sort();
    const files = before();
    for (const [out, message] of [
      ['assistants/plan.yaml', 'assistants/plan.yaml is inside the definitions directory assistants/, where every later run would read it as a definition; nothing was run'],
      ['assistants/sub/PLAN.YML', 'assistants/sub/PLAN.YML is inside the definitions directory assistants/, where every later run would read it as a definition; nothing was run'],
      ['./assistants/../assistants/x.yaml', 'assistants/x.yaml is inside the definitions directory assistants/'],
      ['assistants/aac.yaml', 'assistants/aac.yaml is the project config of the definitions directory assistants/; nothing was run'],
    ]) {
      const r = await runCli(['plan', '--out', out!], { cwd: w.root, env: env(emu) });
      expect(r.code, out).toBe(1);
      expect(r.stderr).toContain(`Error: ${message}`);
      expect(r.stderr).toContain("write it outside assistants/, or name it so runs skip it: starting with '_' or '.', not ending in .yaml or .yml, or matched by assistants/.aacignore");
    }
    expect(emu.stats().total).toBe(0);
    expect(before()).toEqual(files);

    // What discovery skips may hold it: another extension, '_' or '.', an ignored directory, another directory.
    mkdirSync(join(w.root, 'assistants', 'plans'));
    for (const out of ['assistants/plan.json', 'assistants/_plan.yaml', 'assistants/.plan.yaml', 'assistants/plans/p.yaml', 'plan.yaml']) {
      const r = await runCli(['plan', '--out', out], { cwd: w.root, env: env(emu) });
      expect(r.code, `${out}: ${r.stderr}`).toBe(0);
    }
    const after = await runCli(['plan', '--detailed-exitcode'], { cwd: w.root, env: env(emu) });
    expect(after.code, after.stderr).toBe(2);
  });

  it('plan --out: also where another run would read it — the default assistants/, a directory holding aac.yaml — and a saved plan that got there anyway is named as one', async () => {
    const emu = await emulator();
    const w = ws({ bot: { model: 'gpt-4o' } });
    for (const [rel, text] of [['teamA/a.yaml', 'model: gpt-4o\n'], ['teamB/aac.yaml', 'namespace: team-b\n'], ['teamB/sub/c.yaml', 'model: gpt-4o\n']]) {
      mkdirSync(join(w.root, rel!, '..'), { recursive: true });
      writeFileSync(join(w.root, rel!), text!);
    }
    for (const [out, message, fix] of [
      ['assistants/x.yml', 'assistants/x.yml is inside assistants/, a definitions directory (the default --dir), where every run on it would read it as a definition; nothing was run', 'assistants/.aacignore'],
      ['teamB/sub/p.yaml', 'teamB/sub/p.yaml is inside teamB/, a definitions directory (it holds aac.yaml), where every run on it would read it as a definition; nothing was run', 'teamB/.aacignore'],
      ['teamB/aac.yaml', 'teamB/aac.yaml is the project config of teamB/; nothing was run', 'teamB/.aacignore'],
    ]) {
      const r = await runCli(['plan', '--dir', 'teamA', '--out', out!], { cwd: w.root, env: env(emu) });
      expect(r.code, out).toBe(1);
      expect(r.stderr).toContain(`Error: ${message}`);
      expect(r.stderr).toContain(`or matched by ${fix}`);
    }
    expect(emu.stats().total).toBe(0);
    expect(readdirSync(join(w.root, 'assistants'))).toEqual(['bot.yaml']);
    // Where no run is known to read it, it is written; a run of the directory it was copied into names it.
    mkdirSync(join(w.root, 'teamC'));
    const made = await runCli(['plan', '--dir', 'teamA', '--out', 'teamC/x.yml'], { cwd: w.root, env: env(emu) });
    expect(made.code, made.stderr).toBe(0);
    writeFileSync(join(w.root, 'teamC', 'c.yaml'), 'model: gpt-4o\n');
    for (const args of [['validate', '--dir', 'teamC'], ['plan', '--dir', 'teamC']]) {
      const r = await runCli([...args, '--no-color'], { cwd: w.root, env: env(emu) });
      expect(r.code, args.join(' ')).toBe(1);
      const out = r.stdout + r.stderr;
      expect(out).toContain('teamC/x.yml:1:1: error: the file is a plan saved by `aac plan --out` (it has format_version and resource_changes), not a definition; every run on this directory reads it as one');
      expect(out).toContain("hint: move it out of the definitions directory (aac apply reads it from anywhere), or list it in .aacignore at the directory's top");
      expect(out).not.toMatch(/required field|unknown field/);
    }
    writeFileSync(join(w.root, 'teamC', '.aacignore'), 'x.yml\n');
    const ignored = await runCli(['validate', '--dir', 'teamC'], { cwd: w.root });
    expect(ignored.code, ignored.stdout).toBe(0);
    const applied = await runCli(['apply', 'teamC/x.yml', '--dir', 'teamA'], { cwd: w.root, env: env(emu) });
    expect(applied.code, applied.stderr).toBe(0);
  });

  it('migrate --out inside the definitions directory is refused, with a directory beside it to use; a skipped name is fine', async () => {
    const w = ws({ bot: { model: 'gpt-4o', name: 'Bot' } });
    const r = await runCli(['migrate', '--to', 'openai-agents', '--out', 'assistants/agents'], { cwd: w.root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: --out assistants/agents/ is inside the definitions directory assistants/, where every later run would read the new definitions as its own; nothing was written');
    expect(r.stderr).toContain("write them beside it (e.g. --out assistants-openai-agents), or give --out a name runs skip: starting with '_' or '.', or matched by assistants/.aacignore");
    expect(readdirSync(join(w.root, 'assistants'))).toEqual(['bot.yaml']);
    const skipped = await runCli(['migrate', '--to', 'openai-agents', '--out', 'assistants/_agents'], { cwd: w.root });
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(readdirSync(join(w.root, 'assistants', '_agents')).sort()).toEqual(['aac.yaml', 'bot.yaml']);
  });

  it('plan --out onto a file a definition reads (a prompt inside or outside --dir, a \'_\' fragment, through a linked directory) is refused, naming the field; nothing is written', async () => {
    const emu = await emulator();
    const w = ws({ p: { model: 'gpt-4o', name: 'P', instructions_file: 'prompts/p.md' }, o: { model: 'gpt-4o', name: 'O', instructions_file: '../outside/o.md' } });
    mkdirSync(join(w.root, 'assistants', 'prompts'));
    mkdirSync(join(w.root, 'assistants', '_shared'));
    mkdirSync(join(w.root, 'outside'));
    symlinkSync('assistants/prompts', join(w.root, 'linked'));
    writeFileSync(join(w.root, 'assistants', 'prompts', 'p.md'), 'Be helpful.\n');
    writeFileSync(join(w.root, 'outside', 'o.md'), 'Outside prompt.\n');
    writeFileSync(join(w.root, 'assistants', '_shared', 'tools.yaml'), 'lookup:\n  type: code_interpreter\n');
    writeFileSync(join(w.root, 'assistants', 'f.yaml'), "model: gpt-4o\nname: F\ntools:\n  - $ref: '_shared/tools.yaml#/lookup'\n");
    const files = () => ['assistants/prompts/p.md', 'outside/o.md', 'assistants/_shared/tools.yaml'].map((f) => readFileSync(join(w.root, f), 'utf8'));
    const before = files();
    for (const [out, role] of [
      ['assistants/prompts/p.md', 'the instructions_file of assistants/p.yaml (assistants/p.yaml:3:20)'],
      ['linked/p.md', 'the instructions_file of assistants/p.yaml (assistants/p.yaml:3:20)'],
      ['outside/o.md', 'the instructions_file of assistants/o.yaml (assistants/o.yaml:3:20)'],
      ['assistants/_shared/tools.yaml', "the $ref '_shared/tools.yaml#/lookup' of assistants/f.yaml (assistants/f.yaml:4:11)"],
    ]) {
      const r = await runCli(['plan', '--out', out!], { cwd: w.root, env: env(emu) });
      expect(r.code, out).toBe(1);
      expect(r.stderr).toContain(`Error: ${out} is ${role}, which this run read: writing the plan there would replace it; nothing was written`);
      expect(r.stderr).toContain('write the plan elsewhere: e.g. `--out plan.json`');
      expect(r.stdout).toBe('');
    }
    expect(files()).toEqual(before);
    const saved = await runCli(['plan', '--out', 'outside/plan.json'], { cwd: w.root, env: env(emu) });
    expect(saved.code, saved.stderr).toBe(0);
  });

  it('migrate --out onto a file the source reads is refused even with --force, naming the field; a copy of the same bytes is not', async () => {
    const w = ws({ q: { model: 'gpt-4o', name: 'Q', instructions_file: 'prompts/q.md' }, r: { model: 'gpt-4o', name: 'R', instructions_file: '../agents/prompts/q.md' } });
    mkdirSync(join(w.root, 'assistants', 'prompts'));
    mkdirSync(join(w.root, 'agents', 'prompts'), { recursive: true });
    writeFileSync(join(w.root, 'assistants', 'prompts', 'q.md'), 'Q prompt.\n');
    writeFileSync(join(w.root, 'agents', 'prompts', 'q.md'), 'R prompt.\n');
    // q's prompt would be written at agents/prompts/q.md, the file r reads.
    const r = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--force'], { cwd: w.root });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toContain('Error: agents/prompts/q.md is the instructions_file of assistants/r.yaml (assistants/r.yaml:3:20), which this run read: writing a migrated file there would replace it; nothing was written');
    expect(r.stderr).toContain('choose another --out, one that holds none of the files the source definitions read');
    expect(readFileSync(join(w.root, 'agents', 'prompts', 'q.md'), 'utf8')).toBe('R prompt.\n');
    expect(readdirSync(join(w.root, 'agents'))).toEqual(['prompts']);
    // The same text there (r reads q's own prompt): the copy replaces nothing.
    writeFileSync(join(w.root, 'agents', 'prompts', 'q.md'), 'Q prompt.\n');
    const same = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--force'], { cwd: w.root });
    expect(same.code, same.stderr).toBe(0);
  });

  it('migrate refuses --dir inside --out and the same directory (also through a link), before reading a definition', async () => {
    const w = ws();
    // Not even valid YAML: each refusal comes before any definition is read.
    mkdirSync(join(w.root, 'agents', 'assistants'), { recursive: true });
    writeFileSync(join(w.root, 'agents', 'assistants', 'bot.yaml'), 'model: [unclosed\n');
    symlinkSync('agents', join(w.root, 'link'));
    const before = readdirSync(join(w.root, 'agents'));
    const inside = await runCli(['migrate', '--to', 'openai-agents', '--dir', 'agents/assistants', '--out', 'agents'], { cwd: w.root });
    expect(inside.code).toBe(1);
    expect(inside.stderr).toContain(
      'Error: the definitions directory agents/assistants/ is inside --out agents/, where every run on agents/ would read its Assistants definitions as openai-agents definitions; nothing was written',
    );
    expect(inside.stderr).toContain('write the new definitions into a directory that does not hold the source: e.g. --out agents/assistants-openai-agents');
    for (const [dir, out] of [['agents', 'agents/'], ['agents', './link'], ['link/assistants', 'agents/assistants/.']]) {
      const same = await runCli(['migrate', '--to', 'foundry-agents', '--dir', dir!, '--out', out!], { cwd: w.root });
      expect(same.code, `${dir} ${out}`).toBe(1);
      expect(same.stderr).toMatch(/Error: --out \S+ is the definitions directory --dir \S+ itself; nothing was written/);
      expect(same.stderr).toContain('write the new definitions into a directory of their own, beside it: e.g. --out ');
    }
    // Through the link, the source inside --out is refused alike.
    const linked = await runCli(['migrate', '--to', 'openai-agents', '--dir', 'agents/assistants', '--out', 'link'], { cwd: w.root });
    expect(linked.stderr).toContain('is inside --out link/');
    expect(readdirSync(join(w.root, 'agents'))).toEqual(before);
    expect(readdirSync(join(w.root, 'agents', 'assistants'))).toEqual(['bot.yaml']);
    // A source the walk of --out skips overlaps nothing.
    mkdirSync(join(w.root, 'out', '_old'), { recursive: true });
    writeFileSync(join(w.root, 'out', '_old', 'bot.yaml'), 'model: gpt-4o\n');
    const skipped = await runCli(['migrate', '--to', 'openai-agents', '--dir', 'out/_old', '--out', 'out'], { cwd: w.root });
    expect(skipped.code, skipped.stderr).toBe(0);
  });

  // `--out .` from the project root: no run of . reads assistants/ (it has its own aac.yaml), but the
  // new aac.yaml would land at the root, above it, and every run of . would warn about it.
  it('migrate refuses an --out that holds the source as a definitions directory of its own, before reading a definition', async () => {
    const w = ws();
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'provider: openai\nnamespace: team\n');
    writeFileSync(join(w.root, 'assistants', 'bot.yaml'), 'model: [unclosed\n');
    mkdirSync(join(w.root, 'project', 'assistants'), { recursive: true });
    writeFileSync(join(w.root, 'project', 'assistants', 'aac.yml'), 'provider: openai\n');
    const before = readdirSync(w.root).sort();
    for (const [cwd, dir, out, shownOut, shownSrc, own, beside] of [
      [w.root, 'assistants', '.', './', 'assistants/', 'assistants/', 'assistants-openai-agents'],
      [w.root, 'project/assistants/.', 'project', 'project/', 'project/assistants/', 'project/assistants/', 'project/assistants-openai-agents'],
      [join(w.root, 'project', 'assistants'), '.', '..', '../', './', './', '../assistants-openai-agents'],
    ] as const) {
      const r = await runCli(['migrate', '--to', 'openai-agents', '--dir', dir, '--out', out], { cwd });
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr).toContain(
        `Error: the definitions directory ${shownSrc} is inside --out ${shownOut}: the new aac.yaml would be written at ${shownOut === './' ? '' : shownOut}aac.yaml, above the one of ${own}, and every run on ${shownOut} would warn that ${own} is a definitions directory of its own; nothing was written`,
      );
      expect(r.stderr).toContain(`write the new definitions into a directory that does not hold the source: e.g. --out ${beside}`);
    }
    expect(readdirSync(w.root).sort()).toEqual(before);
  });
});

// `-` is the Unix spelling of standard input or output; aac names files only, so wherever it takes
// one `-` is refused with the way to do what it meant, and nothing is written, read or sent.
describe('`-` where aac takes a file or directory by name', () => {
  it('plan --out -, show -, apply -, --changed-files -, migrate --out -: refused with the way, nothing written or sent', async () => {
    const emu = await emulator();
    const w = ws({ bot: { model: 'gpt-4o' } });
    const cases: Array<[string[], string, string]> = [
      [['plan', '--out', '-'], "--out - would name a file called '-'", '--format json'],
      [['plan', '-out=-'], "--out - would name a file called '-'", '--format json'],
      [['show', '-'], "the plan file - would name a file called '-'", 'aac show reads a plan saved by `aac plan --out plan.json`'],
      [['apply', '-'], "the plan file - would name a file called '-'", 'aac apply reads a plan saved by `aac plan --out plan.json`'],
      [['plan', '--changed-files', '-'], "--changed-files - would name a file called '-'", '<(git -c core.quotepath=off diff --name-only'],
      [['migrate', '--to', 'openai-agents', '--out', '-'], "--out - would name a file called '-'", '--out agents'],
    ];
    for (const [argv, message, way] of cases) {
      const r = await runCli(argv, { cwd: w.root, env: env(emu) });
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain(`Error: ${message}: aac reads and writes files by name, never standard input or output`);
      expect(r.stderr).toContain(way);
      expect(r.stderr).toContain("for a file named '-', write ./-");
      expect(readdirSync(w.root), argv.join(' ')).not.toContain('-');
    }
    expect(emu.stats().total).toBe(0);
    // The way it names prints the very document --out saves; ./- is a file named '-'.
    const printed = await runCli(['plan', '--format', 'json'], { cwd: w.root, env: env(emu) });
    const saved = await runCli(['plan', '--out', './-'], { cwd: w.root, env: env(emu) });
    expect(saved.code, saved.stderr).toBe(0);
    const strip = (doc: string) => ({ ...JSON.parse(doc), created_at: null });
    expect(strip(readFileSync(join(w.root, '-'), 'utf8'))).toEqual(strip(printed.stdout));
  });

  // Each a symbolic link, once told to pass the link's own path, which is no answer for a stream.
  it('--out /dev/stdout (and /dev/fd/1, /proc/self/fd/1, standard error\'s) is told the way --out - is, nothing written or sent', async () => {
    const emu = await emulator();
    const w = ws({ bot: { model: 'gpt-4o' } });
    const cases: Array<[string[], string, string]> = [
      [['plan', '--out', '/dev/stdout'], '--out /dev/stdout names standard output', '--format json'],
      [['plan', '--out', '/dev/fd/1'], '--out /dev/fd/1 names standard output', '--format json'],
      [['plan', '--out', '/proc/self/fd/1'], '--out /proc/self/fd/1 names standard output', '--format json'],
      [['plan', '--out', '/dev/stderr'], '--out /dev/stderr names standard error', '--format json'],
      [['plan', '--markdown-out', '/dev/stdout'], '--markdown-out /dev/stdout names standard output', '--format markdown'],
      [['validate', '--environments-out', '/dev/stdout'], '--environments-out /dev/stdout names standard output', 'aac environments'],
      [['migrate', '--to', 'openai-agents', '--out', '/dev/stdout'], '--out /dev/stdout names standard output', '--out agents'],
    ];
    for (const [argv, message, way] of cases) {
      const r = await runCli(argv, { cwd: w.root, env: env(emu) });
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain(`Error: ${message}: aac reads and writes files by name, never standard input or output\n`);
      expect(r.stderr).toContain(way);
      expect(r.stderr).not.toContain('symbolic link');
    }
    expect(emu.stats().total).toBe(0);
  });
});
