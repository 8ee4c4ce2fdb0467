// The parsed definitions `aac` keeps between runs (src/desired/parse-cache.ts): a file parsed
// cleanly as YAML is not parsed again while its bytes are the same, the next run's messages and
// plan are what a run without it gives, and an edit, a value JSON cannot carry, a file of the cache
// that is not what it wrote, another build's file, or AAC_DISABLE_PARSE_CACHE leave the run parsing;
// and what it leaves in the temporary directory stays bounded.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { runChild } from '../helpers/child-cli.js';
import { testDir } from '../helpers/each-test.js';

const REPORT_PACKAGES = fileURLToPath(new URL('../helpers/report-packages.mjs', import.meta.url));
const REPORT_FS_ORDER = fileURLToPath(new URL('../helpers/report-fs-order.mjs', import.meta.url));
const cacheDir = (tmp: string) => join(tmp, `aac-parse-cache-${process.getuid?.() ?? 'user'}`);
const cacheFiles = (tmp: string) => (existsSync(cacheDir(tmp)) ? readdirSync(cacheDir(tmp)).sort() : []);
/** A cache file's lines, `<sha256> <value as JSON>`: the index of where their values are follows them, and the file ends with where that index starts (16 hex digits). */
const linesOf = (path: string) => {
  const text = readFileSync(path, 'utf8');
  return text.slice(0, Number.parseInt(text.slice(-17, -1), 16)).split('\n').filter(Boolean);
};

const GOOD = 'model: gpt-4o\nname: Support\ninstructions: |\n  Answer briefly.\n';
const OTHER = 'model: gpt-4o\nname: Billing\ntemperature: 0.5\n';

/** A definitions directory with `files`, and `aac validate` of it with TMPDIR `tmp`: its result and whether it loaded the YAML parser. */
function project(files: Record<string, string>) {
  const dir = testDir('aac-parse-cache-defs-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const tmp = testDir('aac-tmp-');
  const validate = async (env: Record<string, string> = {}) => {
    const r = await runChild(['validate', '--dir', dir, '--format', 'json'], { cwd: dir, env: { TMPDIR: tmp, ...env }, deadlineMs: 60_000, imports: [REPORT_PACKAGES] });
    const packages = /\npackages=([^\n]*)\n/.exec(r.stderr)![1]!.split(',');
    return { code: r.code, stdout: r.stdout, parsed: packages.includes('yaml') };
  };
  return { dir, tmp, validate };
}

describe('the parse cache', () => {
  it('is left by a run, and the next run takes the values from it without parsing, with the same result', async () => {
    const { tmp, validate } = project({ 'a.yaml': GOOD, 'b.yaml': OTHER });
    const first = await validate();
    expect([first.code, first.parsed]).toEqual([0, true]);
    expect(statSync(cacheDir(tmp)).mode & 0o777).toBe(0o700);
    const [file] = cacheFiles(tmp);
    expect(cacheFiles(tmp)).toEqual([expect.stringMatching(/^[0-9a-f]{16}\.[0-9a-f]{16}\.parsed$/)]);
    expect(statSync(join(cacheDir(tmp), file!)).mode & 0o777).toBe(0o600);
    // A line a file: its sha256, then its value.
    expect(linesOf(join(cacheDir(tmp), file!)).map((l) => JSON.parse(l.slice(65)))).toEqual(
      expect.arrayContaining([{ model: 'gpt-4o', name: 'Support', instructions: 'Answer briefly.\n' }, { model: 'gpt-4o', name: 'Billing', temperature: 0.5 }]),
    );
    const second = await validate();
    expect(second).toEqual({ ...first, parsed: false });
  }, 60_000);

  it('takes each value from its own line, read in any order, one longer than a read of the file too', async () => {
    // Over a megabyte of values in all, the file is read a piece at a time (src/desired/parse-cache.ts).
    const text = (i: number, kb: number) => `model: gpt-4o\nname: Assistant ${i}\ninstructions: |\n${`  Part ${i} of the answer.\n`.repeat((kb * 1024) / 26)}`;
    const files = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`a${i}.yaml`, text(i, 180)]));
    // Instructions are capped well under a megabyte; a function's parameters are not.
    const properties = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`field_${i}`, { type: 'string', description: `The value of field ${i} of the record, as the customer gave it.` }]));
    const long = `model: gpt-4o\nname: Long\ntools:\n  - type: function\n    function:\n      name: lookup\n      parameters: ${JSON.stringify({ type: 'object', properties })}\n`;
    expect(long.length).toBeGreaterThan(2 ** 20);
    const { dir, tmp, validate } = project({ ...files, 'long.yaml': long });
    expect((await validate()).parsed).toBe(true);
    // Renamed, the files are read in the other order, not the one their lines were written in.
    for (let i = 0; i < 8; i++) renameSync(join(dir, `a${i}.yaml`), join(dir, `z${7 - i}.yaml`));
    expect((await validate()).parsed).toBe(false);
    // What a plan makes of the values taken from the cache is what it makes of the files parsed.
    const emu = await startEmulator();
    try {
      const plan = async (env: Record<string, string>) => {
        const r = await runChild(['plan', '--dir', dir, '--format', 'json'], { cwd: dir, env: { TMPDIR: tmp, OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-test', AAC_NAMESPACE: 'cache-order', ...env }, deadlineMs: 60_000 });
        expect(r.code, r.stderr).toBe(0);
        return (JSON.parse(r.stdout) as { resource_changes: Array<{ after: unknown }> }).resource_changes;
      };
      const [cached, parsed] = [await plan({}), await plan({ AAC_DISABLE_PARSE_CACHE: '1' })];
      expect(cached).toHaveLength(9);
      expect(cached).toEqual(parsed);
    } finally {
      await emu.close();
    }
  }, 90_000);

  it("is opened once the definitions directory is walked, in an environment too (its overlays' read opens it)", async () => {
    // Its index is read in one go: before the walk, it held the listing's first request back (docs/performance.md, session 46).
    const dir = testDir('aac-parse-cache-order-');
    for (const [rel, text] of Object.entries({ 'aac.yaml': 'namespace: team\nenvironments:\n  prod: {}\n', 'a.yaml': GOOD, 'zz/deep/b.yaml': OTHER, 'overlays/prod/a.yaml': 'temperature: 0.2\n' })) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const tmp = testDir('aac-tmp-');
    for (const env of [[], ['--env', 'prod']]) {
      // The first run finds no file, the second the first's: each opens it after the walk.
      for (const run of ['cold', 'warm']) {
        const r = await runChild(['validate', '--dir', dir, ...env], { cwd: dir, env: { TMPDIR: tmp }, deadlineMs: 60_000, imports: [REPORT_FS_ORDER] });
        expect(r.code, r.stderr).toBe(0);
        const events = JSON.parse(/\nfs-order=([^\n]*)\n/.exec(r.stderr)![1]!) as string[];
        const walked = events.lastIndexOf(`readdir ${join(dir, 'zz/deep')}`);
        expect([env, run, walked >= 0 && events.indexOf('cache') > walked]).toEqual([env, run, true]);
        if (env.length > 0) expect(events.indexOf(`readdir ${join(dir, 'overlays/prod')}`)).toBeGreaterThan(walked);
      }
    }
  }, 60_000);

  it('parses an edited file again, and locates what is wrong in it from the file as it is', async () => {
    const { dir, tmp, validate } = project({ 'a.yaml': GOOD, 'b.yaml': OTHER });
    expect((await validate()).code).toBe(0);
    // Still clean YAML, so cached by the next run; the schema error needs its line and column.
    writeFileSync(join(dir, 'b.yaml'), 'model: gpt-4o\n\nname: Billing\ntemperature: 7\n');
    const edited = await validate();
    expect([edited.code, edited.parsed]).toEqual([1, true]);
    // The next run takes the edited value from the cache (and parses the file again only to locate the error).
    const again = await validate();
    expect(again.stdout).toBe(edited.stdout);
    const lines = linesOf(join(cacheDir(tmp), cacheFiles(tmp)[0]!));
    expect(lines.map((l) => JSON.parse(l.slice(65)).temperature)).toEqual(expect.arrayContaining([7]));
    expect(JSON.parse(again.stdout).diagnostics).toEqual([expect.objectContaining({ file: 'b.yaml', line: 4, column: 14, path: 'temperature' })]);
    // A YAML mistake is never cached: each run parses the file and says it.
    writeFileSync(join(dir, 'b.yaml'), 'model: gpt-4o\nname: [Billing\n');
    const broken = await validate();
    expect((await validate())).toEqual(broken);
    expect(broken).toMatchObject({ code: 1, parsed: true });
  }, 60_000);

  it('does not keep a value JSON cannot carry exactly: the next run says the same about it', async () => {
    const { validate } = project({ 'a.yaml': 'model: gpt-4o\nname: Inf\ntemperature: .inf\nmetadata:\n  n: "1"\n' });
    const first = await validate();
    expect(first.code).toBe(1);
    const second = await validate();
    expect(second).toEqual(first);
  }, 60_000);

  it('parses as if it had none when its file is not one it wrote, and writes it anew', async () => {
    const { tmp, validate } = project({ 'a.yaml': GOOD });
    const first = await validate();
    const file = join(cacheDir(tmp), cacheFiles(tmp)[0]!);
    const digest = readFileSync(file, 'utf8').slice(0, 64);
    for (const text of ['not a cache\n', `${digest} {"model": "gpt-4o", "name": \n`, `${digest} ["a list"]\n`]) {
      writeFileSync(file, text);
      expect(await validate()).toEqual(first);
      expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64} \{"model":"gpt-4o","name":"Support"/);
    }
  }, 60_000);

  it("keeps one file a definitions directory, replacing another build's, not another directory's unless unwritten for a month", async () => {
    const { dir, tmp, validate } = project({ 'a.yaml': GOOD });
    await validate();
    const [scope] = cacheFiles(tmp)[0]!.split('.');
    const otherBuild = `${scope}.${'0'.repeat(16)}.parsed`;
    const otherDirectory = `${'0'.repeat(16)}.${'0'.repeat(16)}.parsed`;
    const unused = `${'1'.repeat(16)}.${'0'.repeat(16)}.parsed`;
    for (const f of [otherBuild, otherDirectory, unused]) writeFileSync(join(cacheDir(tmp), f), `${'0'.repeat(64)} {}\n`);
    // Written 31 days ago: its directory may be gone.
    const monthAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    utimesSync(join(cacheDir(tmp), unused), monthAgo, monthAgo);
    // A run writes when it read a file the cache did not hold.
    writeFileSync(join(dir, 'a.yaml'), OTHER);
    await validate();
    const files = cacheFiles(tmp);
    expect(files).toHaveLength(2);
    expect(files).toContain(otherDirectory);
    expect(files).not.toContain(otherBuild);
    // The edited file's value replaced the old one's line.
    const ours = linesOf(join(cacheDir(tmp), files.find((f) => f !== otherDirectory)!));
    expect(ours.map((l) => JSON.parse(l.slice(65)))).toEqual([{ model: 'gpt-4o', name: 'Billing', temperature: 0.5 }]);
  }, 60_000);

  it("removes a killed run's half-written file once unwritten for a day, not a run's still being written nor a file not its own", async () => {
    const { dir, tmp, validate } = project({ 'a.yaml': GOOD });
    await validate();
    const ours = cacheFiles(tmp)[0]!;
    // A run killed while it wrote (SIGKILL, a crash) left its new file; another run is writing one now.
    const killed = `${ours}.4242.tmp`;
    const writing = `${ours}.4343.tmp`;
    const notOurs = 'notes.tmp';
    for (const f of [killed, writing, notOurs]) writeFileSync(join(cacheDir(tmp), f), `${'0'.repeat(64)} {}\n`);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    for (const f of [killed, notOurs]) utimesSync(join(cacheDir(tmp), f), twoDaysAgo, twoDaysAgo);
    // A run that reads every file and holds them all writes nothing, and so removes nothing.
    await validate();
    expect(cacheFiles(tmp)).toEqual([ours, killed, writing, notOurs].sort());
    // A run writes when it read a file the cache did not hold.
    writeFileSync(join(dir, 'a.yaml'), OTHER);
    await validate();
    expect(cacheFiles(tmp)).toEqual([ours, writing, notOurs].sort());
  }, 60_000);

  it('is not used from a directory others can write to, nor when AAC_DISABLE_PARSE_CACHE is set', async () => {
    const shared = project({ 'a.yaml': GOOD });
    mkdirSync(cacheDir(shared.tmp));
    chmodSync(cacheDir(shared.tmp), 0o777);
    await shared.validate();
    expect(cacheFiles(shared.tmp)).toEqual([]);
    expect((await shared.validate()).parsed).toBe(true);

    const off = project({ 'a.yaml': GOOD });
    await off.validate({ AAC_DISABLE_PARSE_CACHE: '1' });
    expect(existsSync(cacheDir(off.tmp))).toBe(false);
  }, 60_000);
});

describe('the parse cache and the credentials the run holds', () => {
  const KEY = 'sk-test-SECRETKEY12345';
  const LEAK = `model: gpt-4o\nname: leak\nmetadata:\n  note: "${KEY}"\n`;
  const holding = (tmp: string) => cacheFiles(tmp).filter((f) => readFileSync(join(cacheDir(tmp), f), 'utf8').includes(KEY));

  it('keeps no file whose value holds one, and drops the line a run without it kept', async () => {
    // Any key is taken: the second run's differs.
    const emu = await startEmulator();
    try {
      const { dir, tmp } = project({ 'a.yaml': GOOD, 'leak.yaml': LEAK });
      writeFileSync(join(dir, 'aac.yaml'), 'namespace: cache-leak\n');
      const plan = (key: string) => runChild(['plan', '--dir', dir, '--format', 'json'], { cwd: dir, env: { TMPDIR: tmp, OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: key }, deadlineMs: 60_000 });
      const refused = await plan(KEY);
      expect(refused.stderr).toContain('metadata.note holds the value of OPENAI_API_KEY');
      expect(refused.code).toBe(1);
      // The clean file is kept; the one holding the key is not.
      expect(cacheFiles(tmp)).toHaveLength(1);
      expect(holding(tmp)).toEqual([]);

      // A run that does not hold the key (another key, too short to look for) keeps the file; the
      // next run that holds it drops the line.
      const other = await plan('dummy');
      expect(other.code).toBe(0);
      expect(holding(tmp)).toHaveLength(1);
      expect((await plan(KEY)).code).toBe(1);
      expect(holding(tmp)).toEqual([]);
      const lines = linesOf(join(cacheDir(tmp), cacheFiles(tmp)[0]!));
      expect(lines.map((l) => JSON.parse(l.slice(65)).name)).toEqual(['Support']);
    } finally {
      await emu.close();
    }
  }, 90_000);
});
