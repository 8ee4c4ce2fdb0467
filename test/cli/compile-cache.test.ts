// The compiled code `aac` keeps between runs (src/compile-cache.cts): made by a run, taken by the
// next runs of the same command (V8 refuses code made under other flags, and aac changes some during
// a run), made again by its next runs when they compiled more, never taken from a directory
// someone else can write to.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_NAMESPACE, makeFleet } from '../../src/bench/fixtures.js';
import { CLI, runChild } from '../helpers/child-cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const cacheDir = (tmp: string) => join(tmp, `aac-compile-cache-${process.getuid?.() ?? 'user'}`);
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
/** Each file's identity: a file written again (renamed over) has a new inode. */
const identities = (dir: string) => Object.fromEntries(files(dir).map((f) => [f, statSync(join(dir, f)).ino]));

/** `aac plan` of a few YAML definitions (`plan`), or of another directory (`planOf`), or another command of them (`run`), with TMPDIR `tmp`. */
async function plans(tmp: string) {
  const work = testDir('aac-compile-cache-');
  // YAML, so the run loads the YAML parser's own file after aac changed V8's flags.
  const fleet = makeFleet(work, 3, 0, 'yaml');
  const emu = await testEmulator();
  emu.seed(fleet.live);
  // Without the parse cache, which would spare the next runs the YAML parser.
  const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-compile-cache', AAC_NAMESPACE: BENCH_NAMESPACE, TMPDIR: tmp, AAC_DISABLE_PARSE_CACHE: '1' };
  const run = (args: string[], dir = fleet.dir) => runChild([...args, '--dir', dir], { cwd: work, env, deadlineMs: 60_000 });
  const planOf = (dir: string) => run(['plan'], dir);
  return { plan: () => planOf(fleet.dir), planOf, run, work };
}

async function planTwice(tmp: string) {
  const { plan, run } = await plans(tmp);
  return { plan, run, first: await plan() };
}

/** How many runs wrote each cache file (its last byte), by file. */
const runsOf = (dir: string) => Object.fromEntries(files(dir).map((f) => [f, readFileSync(join(dir, f)).at(-1)]));

describe('the compile cache', () => {
  it('serves files that import nothing dynamically: Node 20 gives code from the cache no import() callback', () => {
    const bin = dirname(CLI);
    const files = ['cli.js', ...['packages', join('..', 'validators')].flatMap((d) => readdirSync(join(bin, d)).map((f) => join(d, f)))];
    // A call, not a word in a string or comment: `import(` after neither a name, a dot nor a quote.
    const calls = files.flatMap((f) => [...readFileSync(join(bin, f), 'utf8').matchAll(/(?:^|[^\w$.'"`])import\(\s*\S{0,40}/gm)].map((m) => `${f}: ${m[0].trim()}`));
    expect(calls).toEqual([]);
  });

  it('is left by a run, one file per command and file compiled, taken by the next runs, and only read from the fourth run on', async () => {
    const tmp = testDir('aac-tmp-');
    const { plan, first } = await planTwice(tmp);
    expect(first.code).toBe(0);
    const dir = cacheDir(tmp);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const made = files(dir);
    // The bundle, the YAML parser beside it, and the assistant's validator generated at build time (dist/validators/).
    expect(made).toEqual([
      expect.stringMatching(/^plan\.assistant\.schema\.cjs\.[0-9a-f]{8}\.[0-9a-f]{8}\.[0-9a-f]{32}\.cache$/),
      expect.stringMatching(/^plan\.cli\.js\.[0-9a-f]{8}\.[0-9a-f]{8}\.[0-9a-f]{32}\.cache$/),
      expect.stringMatching(/^plan\.yaml\.cjs\.[0-9a-f]{8}\.[0-9a-f]{8}\.[0-9a-f]{32}\.cache$/),
      // When it was last pruned.
      'pruned',
    ]);
    const counts = () => Object.values(runsOf(dir)).slice(0, 3);
    expect(counts()).toEqual([1, 1, 1]);

    // Taken, and counted: V8 refuses code made under flags other than the ones it is loaded under
    // (a refused file is made again from the start, counted 1).
    for (const runs of [2, 3]) {
      const next = await plan();
      expect([next.code, next.stdout]).toEqual([0, first.stdout]);
      expect(counts()).toEqual([runs, runs, runs]);
    }
    const before = identities(dir);
    const fourth = await plan();
    expect([fourth.code, fourth.stdout]).toEqual([0, first.stdout]);
    expect(identities(dir)).toEqual(before);
  });

  it('is pruned by a run that writes, once a day at most: files of its naming unused for 7 days go, the ones in use and anything else stay', async () => {
    const tmp = testDir('aac-tmp-');
    const { plan, run, first } = await planTwice(tmp);
    expect(first.code).toBe(0);
    for (let i = 0; i < 2; i++) expect((await plan()).code).toBe(0);
    const dir = cacheDir(tmp);
    const ours = files(dir).filter((f) => f !== 'pruned');
    const daysAgo = (days: number) => (Date.now() - days * 86_400_000) / 1000;
    const usedWithin = (f: string, ms: number) => Date.now() - statSync(join(dir, f)).mtimeMs < ms;
    // Last used 30 days ago: a fourth run only reads them, and marks them used.
    for (const f of ours) utimesSync(join(dir, f), daysAgo(30), daysAgo(30));
    expect((await plan()).code).toBe(0);
    for (const f of ours) expect(usedWithin(f, 3_600_000)).toBe(true);

    // Another installation's (a folder since deleted), unused for 8 days, and a write it left half done.
    const gone = ['plan.cli.js.0badf00d.0123456789abcdef0123456789abcdef.cache', 'import.yaml.cjs.0badf00d.0123456789abcdef0123456789abcdef.cache.4242.tmp'];
    // Another installation's, used 6 days ago; and files that are not the cache's, however old.
    const recent = 'plan.cli.js.1234abcd.fedcba9876543210fedcba9876543210.cache';
    const foreign = ['notes.txt', 'plan.cli.js.cache', 'plan.cli.js.0badf00d.0123456789ABCDEF0123456789ABCDEF.cache'];
    for (const f of [...gone, recent, ...foreign]) writeFileSync(join(dir, f), 'x');
    for (const f of [...gone, ...foreign]) utimesSync(join(dir, f), daysAgo(8), daysAgo(8));
    utimesSync(join(dir, recent), daysAgo(6), daysAgo(6));

    // A first `aac validate` writes its own code, and prunes, the last prune (the first plan's) a day ago.
    utimesSync(join(dir, 'pruned'), daysAgo(1.01), daysAgo(1.01));
    expect((await run(['validate'])).code).toBe(0);
    const validates = files(dir).filter((f) => f.startsWith('validate.'));
    expect(validates.length).toBeGreaterThan(0);
    expect(files(dir)).toEqual([...ours, ...validates, 'pruned', recent, ...foreign].sort());
    expect(usedWithin('pruned', 3_600_000)).toBe(true);

    // The second writes its code again, and does not prune: the last prune was today.
    const later = 'plan.cli.js.0badf00d.0123abcd.0123456789abcdef0123456789abcdef.cache';
    writeFileSync(join(dir, later), 'x');
    utimesSync(join(dir, later), daysAgo(8), daysAgo(8));
    expect((await run(['validate'])).code).toBe(0);
    expect(runsOf(dir)[validates[0]!]).toBe(2);
    expect(files(dir)).toContain(later);
  });

  it('keeps the code of a later run that compiled more than the first', async () => {
    const tmp = testDir('aac-tmp-');
    const { plan, planOf, work } = await plans(tmp);
    // A first plan over an empty directory compiles no loader, checks or diff of definitions.
    const empty = join(work, 'empty');
    mkdirSync(empty);
    expect((await planOf(empty)).code).toBe(0);
    const dir = cacheDir(tmp);
    const cli = files(dir).find((f) => f.startsWith('plan.cli.js.'))!;
    const size = () => readFileSync(join(dir, cli)).length;
    const thin = size();
    expect((await plan()).code).toBe(0);
    expect(runsOf(dir)[cli]).toBe(2);
    expect(size()).toBeGreaterThan(thin);
    // A run that compiled less still holds what it took (and what it compiled beside): never less, counted.
    const full = size();
    expect((await planOf(empty)).code).toBe(0);
    expect(runsOf(dir)[cli]).toBe(3);
    expect(size()).toBeGreaterThanOrEqual(full);
  });

  it("replaces the code of an earlier version of a file, not another installation's, nor the file's under other V8 flags", async () => {
    const tmp = testDir('aac-tmp-');
    const { plan } = await planTwice(tmp);
    const dir = cacheDir(tmp);
    const cli = files(dir).find((f) => f.startsWith('plan.cli.js.'))!;
    // plan.cli.js.<folder>.<V8's tag>.<content>.cache
    const [, , , folder, tag] = cli.split('.');
    const other = (hex: string) => (hex === '0'.repeat(8) ? '1'.repeat(8) : '0'.repeat(8));
    const earlier = `plan.cli.js.${folder}.${tag}.${'0'.repeat(32)}.cache`;
    const elsewhere = `plan.cli.js.${other(folder!)}.${tag}.${'0'.repeat(32)}.cache`;
    // A run that loads it after changing other flags (a plan of thousands of definitions loads the validators so).
    const otherFlags = `plan.cli.js.${folder}.${other(tag!)}.${'0'.repeat(32)}.cache`;
    for (const f of [earlier, elsewhere, otherFlags]) writeFileSync(join(dir, f), 'code');
    // The next run writes the file again (it is the second).
    expect((await plan()).code).toBe(0);
    expect(files(dir)).toContain(cli);
    expect(files(dir)).toContain(elsewhere);
    expect(files(dir)).toContain(otherFlags);
    expect(files(dir)).not.toContain(earlier);
  });

  it('takes no code for a file changed after the build, even one of the same length (which V8 itself would take)', () => {
    // An installation of its own, so that its files can be edited.
    const root = testDir('aac-install-');
    const dist = dirname(dirname(CLI));
    for (const part of ['bin', 'validators']) cpSync(join(dist, part), join(root, 'dist', part), { recursive: true });
    for (const part of ['package.json', 'schema']) cpSync(join(dirname(dist), part), join(root, part), { recursive: true });
    const work = testDir('aac-compile-cache-');
    writeFileSync(join(work, 'a.yaml'), 'model: gpt-4o\n');
    const tmp = testDir('aac-tmp-');
    // Its packages are the project's (an installation has them in its own node_modules).
    const env = { PATH: process.env.PATH, TMPDIR: tmp, NODE_PATH: join(dirname(dist), 'node_modules') };
    const validate = () => spawnSync(process.execPath, [join(root, 'dist', 'bin', 'aac.js'), 'validate', '--dir', work], { env, encoding: 'utf8' });
    expect(validate().stdout).toBe('1 definition valid.\n');
    expect(files(cacheDir(tmp))).toContainEqual(expect.stringMatching(/^validate\.cli\.js\./));

    const bundle = join(root, 'dist', 'bin', 'cli.js');
    const text = readFileSync(bundle, 'utf8');
    const edited = text.replace('"definitions")} valid${where}.', '"definitions")} VALID${where}.');
    expect(edited).not.toBe(text);
    writeFileSync(bundle, edited);
    expect(validate().stdout).toBe('1 definition VALID.\n');
  });

  it('replaces a file V8 refuses, and the run does as it would without one', async () => {
    const tmp = testDir('aac-tmp-');
    const { plan, first } = await planTwice(tmp);
    const dir = cacheDir(tmp);
    const cli = files(dir).find((f) => f.startsWith('plan.cli.js.'))!;
    writeFileSync(join(dir, cli), 'not code');
    const second = await plan();
    expect([second.code, second.stdout, second.stderr]).toEqual([0, first.stdout, first.stderr]);
    expect(readFileSync(join(dir, cli)).length).toBeGreaterThan(1000);
  });

  it("has a built-in module required after a flag changed take Node's own compiled code, and leaves the flag as the run set it", () => {
    // Which built-in modules V8 compiled from their source, as Node's own tests read it (--expose-internals).
    const probe = (setFlag: string) => [
      "const { internalBinding } = require('internal/test/binding');",
      `const root = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'aac-builtins-'));`,
      setFlag,
      "require('node:http');",
      // Compiles only while the flag the run set holds.
      "let natives = true; try { new Function('f', 'return %GetOptimizationStatus(f)'); } catch { natives = false; }",
      "const fromSource = internalBinding('builtins').getCacheUsage().compiledWithoutCache;",
      "console.log(JSON.stringify({ fromSource: ['http', '_http_client'].filter((id) => fromSource.has(id)), natives }));",
    ].join('\n');
    const run = (setFlag: string) => {
      const child = spawnSync(process.execPath, ['--expose-internals', '-e', probe(setFlag)], { env: { PATH: process.env.PATH, TMPDIR: testDir('aac-tmp-') }, encoding: 'utf8' });
      expect(child.status, child.stderr).toBe(0);
      return JSON.parse(child.stdout) as { fromSource: string[]; natives: boolean };
    };
    const flag = "'allow-natives-syntax', '--allow-natives-syntax', '--no-allow-natives-syntax'";
    // Set as V8 takes it: what is required after compiles from source (so this Node has code to take).
    expect(run(`require('node:v8').setFlagsFromString(${flag.split(', ')[1]});`)).toEqual({ fromSource: ['http', '_http_client'], natives: true });
    const cache = JSON.stringify(join(dirname(CLI), 'compile-cache.cjs'));
    expect(run(`require(${cache}).useCompileCache([root])(${flag});`)).toEqual({ fromSource: [], natives: true });
  });

  it("makes room in V8's young generation before a built-in module loads under V8's defaults, so that no collection falls inside the load, where the young generation could grow", () => {
    // The young generation's free room when node:child_process begins to load (read from inside the
    // load: the hook is installed before the cache's, so it runs under the defaults the cache sets),
    // after the run held the young generation's size and then left less than 64 KB of it free.
    const probe = (setFlag: string) => [
      "const v8 = require('node:v8');",
      "const Module = require('node:module');",
      "const free = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_available_size;",
      `const root = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'aac-builtins-'));`,
      'const load = Module._load;',
      'let inside;',
      "Module._load = function (request, parent, isMain) { if (request === 'node:child_process') inside = free(); return load.call(this, request, parent, isMain); };",
      setFlag,
      'const sink = [];',
      'while (free() > 64 * 1024) sink[0] = new Array(512);',
      'const before = free();',
      "require('node:child_process');",
      'console.log(JSON.stringify({ before, inside }));',
    ].join('\n');
    const run = (setFlag: string) => {
      const child = spawnSync(process.execPath, ['-e', probe(setFlag)], { env: { PATH: process.env.PATH, TMPDIR: testDir('aac-tmp-') }, encoding: 'utf8' });
      expect(child.status, child.stderr).toBe(0);
      return JSON.parse(child.stdout) as { before: number; inside: number };
    };
    const flag = "'semi-space-growth-factor', '--semi-space-growth-factor=1', '--semi-space-growth-factor=2'";
    // Set as V8 takes it, the load begins with what little was left: a collection falls inside it.
    const bare = run(`require('node:v8').setFlagsFromString(${flag.split(', ')[1]});`);
    expect(bare.before).toBeLessThan(64 * 1024);
    expect(bare.inside).toBeLessThanOrEqual(bare.before);
    // Through the cache: collected first, under the run's flags, with more room than node:https's load
    // (with node:tls, the largest measured: ~360 KB) allocates.
    const cache = JSON.stringify(join(dirname(CLI), 'compile-cache.cjs'));
    const made = run(`require(${cache}).useCompileCache([root])(${flag});`);
    expect(made.before).toBeLessThan(64 * 1024);
    expect(made.inside).toBeGreaterThan(400 * 1024);
  });

  it('is not used from a directory others can write to, nor when NODE_DISABLE_COMPILE_CACHE is set', async () => {
    const shared = testDir('aac-tmp-');
    mkdirSync(cacheDir(shared));
    chmodSync(cacheDir(shared), 0o777);
    const { first } = await planTwice(shared);
    expect(first.code).toBe(0);
    expect(files(cacheDir(shared))).toEqual([]);

    const off = testDir('aac-tmp-');
    const work = testDir('aac-compile-cache-');
    writeFileSync(join(work, 'a.yaml'), 'model: gpt-4o\n');
    const validate = await runChild(['validate', '--dir', work], { cwd: work, env: { TMPDIR: off, NODE_DISABLE_COMPILE_CACHE: '1' }, deadlineMs: 60_000 });
    expect(validate.code).toBe(0);
    expect(existsSync(cacheDir(off))).toBe(false);
  });
});
