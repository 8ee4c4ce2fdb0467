// One rule for every file aac reads: symlinks followed only inside the repository, only regular
// files read, never skipped silently; invisible characters refused in names.
import { execFileSync } from 'node:child_process';
import { realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/index.js';
import { discoverDefinitionFiles } from '../../src/desired/discover.js';
import { readBounded } from '../../src/desired/file-access.js';
import { loadDefinitions } from '../../src/desired/index.js';
import { repoRoot } from '../../src/desired/repo-root.js';
import { runCli } from '../helpers/cli.js';
import { brief, cleanupTrees, errors, writeTree } from './helpers.js';

afterAll(cleanupTrees);

const loadAt = (root: string) => loadDefinitions(join(root, 'assistants'), { cwd: root, provider: 'openai' });
const posix = process.platform !== 'win32';

describe('symlinks', () => {
  it('follows a symlinked sub-directory that stays inside the repository: its assistants are loaded, not orphans', async () => {
    const root = writeTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'assistants/a.yaml': 'model: m\n', 'shared/b.yaml': 'model: m\n', 'shared/deep/c.yaml': 'model: m\n' });
    symlinkSync(join(root, 'shared'), join(root, 'assistants', 'team'));
    const r = await loadAt(root);
    expect(errors(r)).toEqual([]);
    expect(r.definitions.map((a) => a.key)).toEqual(['a', 'team/b', 'team/deep/c']);
  });

  it('refuses a symlinked sub-directory that leaves the repository, naming it, and never skips it silently', async () => {
    const outside = writeTree({ 'assistants/secret.yaml': 'model: m\n' });
    const root = writeTree({ '.git/HEAD': 'x', 'assistants/a.yaml': 'model: m\n' });
    symlinkSync(join(outside, 'assistants'), join(root, 'assistants', 'team'));
    const r = await loadAt(root);
    expect(errors(r).map((d) => `${d.location.file} ${d.code}`)).toEqual(['assistants/team path-outside-repository']);
    expect(errors(r)[0]!.message).toBe(`the symlinked directory is not followed: it leads to ${realpathSync(join(outside, 'assistants'))}, outside the git repository ${root}`);
    expect(r.definitions.map((a) => a.key)).toEqual(['a']);
  });

  it('refuses a symlink back into a directory it sits in (a loop) instead of walking forever', async () => {
    const root = writeTree({ 'assistants/sub/a.yaml': 'model: m\n' });
    symlinkSync(join(root, 'assistants'), join(root, 'assistants', 'sub', 'up'));
    const r = await loadAt(root);
    expect(errors(r).map((d) => `${d.location.file} ${d.code}`)).toEqual(['assistants/sub/up symlink-loop']);
  });

  // `ln -s .. assistants/loop` was followed once: assistants/loop/assistants/a.yaml read a second
  // time, and the loop reported only one level down, at assistants/loop/assistants/loop.
  it.each([
    ['the folder above the definitions directory', '..', (root: string) => root],
    ['the definitions directory itself', '.', (root: string) => join(root, 'assistants')],
    ['a folder two above it', '../..', (root: string) => join(root, 'assistants', '..', '..')],
  ])('refuses a symlink to %s at the link itself, naming where it points, and reads nothing through it', async (_name, to, real) => {
    const base = writeTree({ 'project/.git/HEAD': 'ref: refs/heads/main\n', 'project/assistants/a.yaml': 'model: gpt-4o\n' });
    const root = join(base, 'project');
    symlinkSync(to, join(root, 'assistants', 'loop'));
    const r = await runCli(['validate', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(1);
    const found = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; code: string; message: string }> };
    const said = found.diagnostics.map((d) => `${d.file} ${d.code}`);
    // Two above leaves the repository: refused as outside it, still at the link.
    expect(said).toEqual([to === '../..' ? 'assistants/loop path-outside-repository' : 'assistants/loop symlink-loop']);
    if (to !== '../..') expect(found.diagnostics[0]!.message).toBe(`the symlinked directory is not followed: it leads to ${realpathSync(real(root))}, a directory it is inside (a loop)`);
    expect(r.stdout + r.stderr).not.toContain('assistants/loop/');
  });

  it('refuses a definition file that is a symlink to a file outside the repository, as instructions_file is', async () => {
    const outside = writeTree({ 'leak.yaml': 'model: m\ninstructions: top secret\n' });
    const root = writeTree({ '.git/HEAD': 'x' });
    symlinkSync(join(outside, 'leak.yaml'), join(root, 'assistants', 'leak.yaml'));
    const r = await loadAt(root);
    expect(brief(r)).toEqual(['1:1 path-outside-repository ']);
    expect(r.definitions).toEqual([]);
  });

  it('follows a definition symlink inside the repository', async () => {
    const root = writeTree({ 'assistants/real.yaml': 'model: m\n' });
    symlinkSync(join(root, 'assistants', 'real.yaml'), join(root, 'assistants', 'alias.yaml'));
    const r = await loadAt(root);
    expect(errors(r)).toEqual([]);
    expect(r.definitions.map((a) => a.key)).toEqual(['alias', 'real']);
  });

  it('applies the same rule to aac.yaml', async () => {
    const outside = writeTree({ 'aac.yaml': 'provider: foundry\n' });
    const root = writeTree({ '.git/HEAD': 'x' });
    symlinkSync(join(outside, 'aac.yaml'), join(root, 'assistants', 'aac.yaml'));
    const r = await loadProjectConfig(join(root, 'assistants'), { cwd: root });
    expect(r.diagnostics.map((d) => `${d.location.file} ${d.code}`)).toEqual(['assistants/aac.yaml path-outside-repository']);
    expect(r.config.provider).toBe('openai');
  });
});

describe('a file as the directory walk found it (read without resolving its path again)', () => {
  it('is known by its real path only when it is a plain file in a directory inside the repository', async () => {
    const root = writeTree({ '.git/HEAD': 'x', 'assistants/a.yaml': 'model: m\n', 'assistants/sub/b.yaml': 'model: m\n', 'shared/c.yaml': 'model: m\n' });
    symlinkSync(join(root, 'shared', 'c.yaml'), join(root, 'assistants', 'c.yaml'));
    const dir = join(root, 'assistants');
    const { files } = await discoverDefinitionFiles(dir, repoRoot(dir));
    const real = realpathSync(dir);
    expect(files.map((f) => [f.rel, f.real])).toEqual([['a.yaml', join(real, 'a.yaml')], ['c.yaml', undefined], ['sub/b.yaml', join(real, 'sub', 'b.yaml')]]);
  });

  it.runIf(posix)('resolves it again when it became a symlink since the walk, and refuses one that leaves the repository', async () => {
    const outside = writeTree({ 'leak.yaml': 'model: m\ninstructions: top secret\n' });
    const root = writeTree({ '.git/HEAD': 'x', 'assistants/a.yaml': 'model: m\n' });
    const dir = join(root, 'assistants');
    const boundary = repoRoot(dir);
    const [a] = (await discoverDefinitionFiles(dir, boundary)).files;
    rmSync(a!.path);
    symlinkSync(join(outside, 'leak.yaml'), a!.path);
    const got = readBounded(a!.path, boundary, 1024, a!.real);
    expect('code' in got && got.code).toBe('path-outside-repository');
  });

  it('refuses every file of a definitions directory that is a symlink out of the repository', async () => {
    const outside = writeTree({ 'assistants/secret.yaml': 'model: m\n' });
    const root = writeTree({ '.git/HEAD': 'x' });
    rmSync(join(root, 'assistants'), { recursive: true });
    symlinkSync(join(outside, 'assistants'), join(root, 'assistants'));
    const r = await loadAt(root);
    expect(brief(r)).toEqual(['1:1 path-outside-repository ']);
    expect(r.definitions).toEqual([]);
  });
});

describe('only regular files', () => {
  it.runIf(posix)('refuses a FIFO named like a definition instead of waiting for a writer', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
    execFileSync('mkfifo', [join(root, 'assistants', 'x.yaml')]);
    const r = await loadAt(root);
    expect(brief(r)).toEqual(['1:1 not-a-file ']);
    expect(errors(r)[0]!.message).toBe('cannot read the file: it is a FIFO, not a regular file');
    expect(errors(r)[0]!.hint).toBe('aac reads only regular files; move it out of the definitions directory');
    expect(r.definitions.map((a) => a.key)).toEqual(['a']);
  });

  it('refuses a directory as instructions_file, with the fix for the field, not for the definitions directory', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: m\ninstructions_file: _prompts\n', 'assistants/_prompts/p.md': 'Hi.\n' });
    const r = await loadAt(root);
    expect(brief(r)).toEqual(['2:20 not-a-file instructions_file']);
    expect(errors(r)[0]!.message).toBe("cannot read instructions_file '_prompts': it is a directory, not a regular file");
    expect(errors(r)[0]!.hint).toBe('aac reads only regular files: point instructions_file at a prompt file');
  });

  it.runIf(posix)('refuses a FIFO as instructions_file and as aac.yaml', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: m\ninstructions_file: p.md\n' });
    execFileSync('mkfifo', [join(root, 'assistants', 'p.md')]);
    execFileSync('mkfifo', [join(root, 'assistants', 'aac.yaml')]);
    expect(brief(await loadAt(root))).toEqual(['2:20 not-a-file instructions_file']);
    const config = await loadProjectConfig(join(root, 'assistants'), { cwd: root });
    expect(config.diagnostics.map((d) => d.code)).toEqual(['not-a-file']);
  });

  it('refuses a file over the limit before reading it, by its size', async () => {
    const root = writeTree({});
    // Sparse: 600 MB that takes no disk and, read whole, would take 600 MB of memory.
    writeFileSync(join(root, 'assistants', 'huge.yaml'), '');
    execFileSync(process.execPath, ['-e', `require('fs').truncateSync(${JSON.stringify(join(root, 'assistants', 'huge.yaml'))}, 600 * 1024 * 1024)`]);
    const r = await loadAt(root);
    expect(brief(r)).toEqual(['1:1 file-too-large ']);
    expect(errors(r)[0]!.message).toBe('cannot read the file: it is 629145600 bytes; at most 8388608 are read');
  });
});

describe('invisible characters', () => {
  it('refuses a file name holding a zero-width space or a right-to-left override', async () => {
    const root = writeTree({ 'assistants/support\u200b.yaml': 'model: m\n', 'assistants/a\u202etxt.yaml': 'model: m\n', 'assistants/ok.yaml': 'model: m\n' });
    const r = await loadAt(root);
    expect(errors(r).map((d) => d.code)).toEqual(['invalid-file-name', 'invalid-file-name']);
    expect(errors(r).map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringContaining('U+200B'), expect.stringContaining('U+202E')]));
    expect(r.definitions.map((a) => a.key)).toEqual(['ok']);
  });

  it('refuses the files of a directory whose name holds one', async () => {
    const root = writeTree({ 'assistants/te\u200bam/a.yaml': 'model: m\n', 'assistants/ok.yaml': 'model: m\n' });
    const r = await loadAt(root);
    expect(errors(r).map((d) => `${d.location.file} ${d.code}`)).toEqual(['assistants/te\u200bam/a.yaml invalid-file-name']);
    expect(r.definitions.map((a) => a.key)).toEqual(['ok']);
  });

  it('refuses an explicit key holding one, escaped in the message', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: m\nkey: "support\\u200b"\n' });
    const r = await loadAt(root);
    expect(brief(r)).toEqual(['2:6 invalid-key key']);
    expect(errors(r)[0]!.message).toBe("the key 'support\\u200b' is not valid: it holds the invisible character U+200B, which makes it read as another key");
  });

  it('refuses an instructions_file whose name holds one', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: m\ninstructions_file: "p\\u200d.md"\n', 'assistants/p\u200d.md': 'hi' });
    expect(brief(await loadAt(root))).toEqual(['2:20 invalid-file-name instructions_file']);
  });
});

describe('duplicate keys in linear time', () => {
  // The YAML library's own check compares every key with every other: 40,000 keys took 16 s on an
  // idle 2-core machine, so 100,000 take ~100 s, while the linear check's whole load takes 2–3 s
  // idle and 10 s under a load of 8. The timeout sits between the two with room on both sides.
  it('finds a repeated key among 100,000 and says where, without the quadratic check', async () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `  k${i}: v`).join('\n');
    const root = writeTree({ 'assistants/a.yaml': `model: m\nx-many:\n${many}\n  k17: again\nname: a\nname: b\n` });
    const r = await loadAt(root);
    expect(brief(r)).toEqual(['100003:3 duplicate-key x-many', '100005:1 duplicate-key ']);
    expect(errors(r)[0]!.message).toBe("the key 'k17' appears more than once in the same mapping (first at line 20, column 3)");
  }, 60_000);

  it('keeps merge keys, and keys that only look alike, apart', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: m\nx-a: &a { t: 1 }\nx-b: &b { u: 1 }\nmetadata:\n  <<: *a\n  <<: *b\n  "1": x\n  2: y\n  "true": z\n' });
    const r = await loadAt(root);
    expect(errors(r).filter((d) => d.code === 'duplicate-key')).toEqual([]);
  });
});
