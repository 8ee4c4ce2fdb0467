// V8's compiled code for the CLI's own files, kept on disk between runs. Compiling JavaScript is
// most of what a small command does on its main thread: in a plan of 100 YAML definitions (Node
// 20, counted with callgrind) a quarter of the main thread's instructions went to parsing the
// bundle and compiling its functions on first call. With the code V8 compiled in an earlier run of
// the same command, that thread ran a quarter fewer instructions.
//
// Node 22.1+ has a compile cache of its own (module.enableCompileCache), but it cannot serve aac:
// V8 accepts cached code only under the flags it was made with, and aac changes flags during a
// run (util/v8-by-work.ts), so Node's cache, written at exit under the changed flags, was
// refused at every next start. This one writes each file's code under the flags that file was
// compiled with, on every Node version, through vm.Script's `cachedData`.
//
// The code is made at exit, after the run, so it holds every function the run compiled, not only
// the ones compiled before the first line ran. Each command has its own: a plan runs other code
// than an import, and V8 deserializes a whole cache when it loads it. A first run may compile
// less than the command usually does: a plan over an empty directory left 560 KB of code for the
// bundle where a plan of definitions leaves 630 KB, and a plan of 100 YAML definitions taking it
// ran 800 million instructions on its main thread instead of 658 (Node 20, callgrind). So the next
// runs write the code again when theirs is larger, up to RUNS_THAT_ADD runs in all; after that a
// run only reads it (making it costs 8–20 ms).
//
// Where: `aac-compile-cache-<uid>` in the system's temporary directory (TMPDIR), made readable
// and writable by its owner only, and used only while it is a directory of this user that no one
// else can write to: cached code runs as the user's own. NODE_DISABLE_COMPILE_CACHE=1 (Node's own
// switch) turns it off. Anything that fails on the way (a full disk, a read-only directory, a file
// V8 refuses) leaves the run compiling as if there were no cache, and says nothing.
//
// Pruned: a file is named by its aac file's folder, so an installation that is gone (a deleted
// clone, an npx cache cleared, a CI workspace) leaves its files behind, as do old builds in other
// folders; a developer's directory grew to 338 MB of test clones. A run that reads a file marks it
// used (its modification time, at most once a day), and a run that writes files removes the files
// of the cache's own naming that no run used for UNUSED_DAYS days, at most once a day (the
// PRUNED file's modification time): listing a directory that tests' installations had grown to
// 1,585 files took ~40–50 ms at the exit of every run that wrote. The folder itself cannot be
// checked, as the name holds only its hash. Writing is rare (a command's first RUNS_THAT_ADD runs
// of a build under each set of V8 flags), so the runs that only read never list the directory.
import { createHash } from 'node:crypto';
import { type BigIntStats, closeSync, fstatSync, futimesSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import nodeModule = require('node:module');
import { tmpdir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { cachedDataVersionTag, getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/**
 * Sets a V8 flag for the rest of the process: `text` as setFlagsFromString takes it (`--name=value`,
 * `--name`, `--no-name`); `defaultText` sets V8's own value back.
 */
export type SetV8Flag = (name: string, text: string, defaultText: string) => void;

/** How many successful runs of a command write its code: the first, and the next ones when they compiled more. */
export const RUNS_THAT_ADD = 3;

/** After how many days without a run reading or writing it a cache file is removed (by the next run that writes one). */
const UNUSED_DAYS = 7;
const DAY_MS = 86_400_000;

/** The file whose modification time says when the directory was last pruned (pruneUnused): not of OWN_FILE's naming, so never pruned itself. */
const PRUNED = 'pruned';

/**
 * The names this cache gives its files (`plan.cli.js.<folder>.<flags>.<key>.cache`, see useCompileCache)
 * and its writes in progress (`….cache.<pid>.tmp`, left by a run killed while writing): only
 * these are ever pruned.
 */
const OWN_FILE = /^[a-z][a-z-]{0,31}\.[^/\\]+\.[0-9a-f]{8}\.[0-9a-f]{32}\.cache(?:\.\d+\.tmp)?$/;

/**
 * A cache file: V8's code, then one byte, the number of runs that wrote it (1 to RUNS_THAT_ADD).
 * Anything else (a file of another layout, or cut short) V8 refuses, and it is written anew.
 * The code comes first so that it starts where the file's buffer does, aligned: V8 copies code it
 * is given at an address not a multiple of 8 before reading it (its AlignedCachedData), and with
 * the count first it copied the CLI's ~0.9 MB at every start (~230 page faults more, measured
 * alone: 736 against 504 for the compile).
 */
interface Stored {
  runs: number;
  code: Buffer;
}

const storedIn = (bytes: Buffer): Stored => ({ runs: bytes.at(-1) ?? 0, code: bytes.subarray(0, -1) });
const fileOf = ({ runs, code }: Stored): Buffer => Buffer.concat([code, Buffer.from([runs])]);

interface Compiled {
  script: Script;
  /** Where its code goes. */
  path: string;
  /** How the names of the cache's other files for the same command and file begin: their code is of no more use. */
  earlier: string;
  /** The V8 flags this process had changed when the file was compiled (name → the text that set it). */
  flags: ReadonlyMap<string, string>;
  /** What the file held, when V8 took it. */
  taken?: Stored;
}

/** What loads a CommonJS file into its module (node:module's `Module._extensions[extension]`). */
type LoadFile = (module: ModuleInstance, filename: string) => void;

/** Node's `Module` with the members a CommonJS file is read and run through (node:module; the hooks v8-compile-cache and others use). */
interface ModuleInternals {
  /** The text Node puts around a file's code to make it a function: `(function (exports, require, module, __filename, __dirname) { `, `\n});`. */
  wrapper: readonly [string, string];
  /** What every `require` calls, a built-in module's included (lib/internal/modules/cjs/loader.js). */
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: ModuleInstance, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
  _extensions: Record<string, LoadFile>;
}
interface ModuleInstance {
  exports: unknown;
  require(id: string): unknown;
}

/**
 * A buffer of `size` bytes in memory V8 maps for it, and unmaps when the buffer dies, rather than
 * memory from malloc: a resizable ArrayBuffer (ES2024, V8 11.1 on: Node 20), whose pages V8
 * reserves and commits itself. For the two large buffers every start reads and soon lets go, the
 * CLI's text (~0.95 MB) and its cached code (~1.6 MB). glibc's malloc serves a request of 128 KiB
 * or more with a mapping of its own, but each such mapping freed raises that threshold to its size
 * (and the threshold for giving memory back to twice that): once these two were freed, every
 * buffer under 1.6 MB of the rest of the run (the socket's reads, a page's body, the definition
 * files) came from malloc's heap, which keeps the pages it has touched. A plan of 100 JSON
 * definitions (Node 20, medians of 5) ended with 54.3 MiB resident instead of 56.0, and peaked at
 * 56.6 instead of 57.2; a plan of one at 52.3 instead of 52.9.
 */
function mappedBuffer(size: number): Buffer {
  // ES2023's lib, which this project compiles against, does not know the constructor's options.
  const Resizable = ArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => ArrayBuffer;
  return Buffer.from(new Resizable(size, { maxByteLength: size }), 0, size);
}

/**
 * The file's code as Node wraps it, read into one buffer: `head`, the file's bytes, `tail`. V8
 * compiles a string of one piece; the file's text joined to the wrapper (Module.wrap) was copied
 * whole once more to make one, and hashing the text copied it again as UTF-8: for the CLI's ~1 MB,
 * memory written for the first time, which on a machine slow to hand out pages was a few ms each.
 * Returns the buffer, where the file's bytes are in it, and the file's status as read.
 */
function readWrapped(filename: string, head: string, tail: string): { wrapped: Buffer; body: Buffer; stats: BigIntStats } {
  const fd = openSync(filename, 'r');
  try {
    const stats = fstatSync(fd, { bigint: true });
    const size = Number(stats.size);
    const start = Buffer.byteLength(head);
    const wrapped = mappedBuffer(start + size + Buffer.byteLength(tail));
    wrapped.write(head, 0);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, wrapped, start + got, size - got, got);
      // Shorter than it was when asked (written meanwhile): the file as read.
      if (n === 0) break;
      got += n;
    }
    const end = start + got + wrapped.write(tail, start + got);
    return { wrapped: wrapped.subarray(0, end), body: wrapped.subarray(start, start + got), stats };
  } finally {
    closeSync(fd);
  }
}

/**
 * What names a file of the build `build` as it was read. Its size and times too: a file changed
 * after the build (edited in place, or another build's file copied over it) has another
 * modification or change time, where V8 itself would take code made for another text of the same
 * length. Installed from npm, whose packages give every file one fixed modification time, a file
 * written again has a new change time.
 */
function fileOfBuild(build: string, stats: BigIntStats): string {
  return `${build}\0${stats.size}\0${stats.mtimeNs}\0${stats.ctimeNs}`;
}

/**
 * The file's bytes, or undefined when there is none (or it cannot be read). A file last marked
 * used more than a day before `now` (ms since the epoch) is marked used again: its modification
 * time set to `now`, which keeps it from the prune (pruneUnused).
 */
function readCache(path: string, now: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stats = fstatSync(fd);
    if (stats.mtimeMs < now - DAY_MS) futimesSync(fd, now / 1000, now / 1000);
    const bytes = mappedBuffer(stats.size);
    let got = 0;
    for (let n; got < bytes.length && (n = readSync(fd, bytes, got, bytes.length - got, got)) > 0;) got += n;
    return bytes.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Removes from the cache directory `dir` the files of the cache's own naming (OWN_FILE) not
 * marked used (modification time) in the UNUSED_DAYS days before `now` (ms since the epoch): the
 * code of installations gone and of builds no longer run. Done once a day at most: not when the
 * directory's PRUNED file was written in the day before `now`, which it then writes. Anything else
 * there is never touched; a file that cannot be read or removed is left.
 */
function pruneUnused(dir: string, now: number): void {
  const stamp = join(dir, PRUNED);
  try {
    if (lstatSync(stamp).mtimeMs > now - DAY_MS) return;
  } catch {
    // Never pruned: pruned now.
  }
  try {
    const fd = openSync(stamp, 'w', 0o600);
    try {
      futimesSync(fd, now / 1000, now / 1000);
    } finally {
      closeSync(fd);
    }
    for (const name of readdirSync(dir)) {
      if (!OWN_FILE.test(name)) continue;
      const path = join(dir, name);
      try {
        const info = lstatSync(path);
        if (info.isFile() && info.mtimeMs < now - UNUSED_DAYS * DAY_MS) rmSync(path, { force: true });
      } catch {
        // Removed meanwhile by another run: nothing to do.
      }
    }
  } catch {
    // The directory cannot be listed: nothing is pruned.
  }
}

/**
 * A cache directory of aac's, `<name>-<uid>` in the system's temporary directory, made if missing;
 * undefined unless it is this user's alone. The compile cache's, and the parsed definitions'
 * (src/desired/parse-cache.ts).
 */
export function ownDirectory(name: 'aac-compile-cache' | 'aac-parse-cache'): string | undefined {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `${name}-${uid ?? 'user'}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    const info = lstatSync(dir);
    // Windows has no uids; its temporary directory is the user's own.
    const mine = uid === undefined || (info.uid === uid && (info.mode & 0o022) === 0);
    return info.isDirectory() && mine ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all: a concurrent run reads the old file or the new one, never half of one. The files named `earlier…` are removed. */
function writeAtomically(path: string, data: Buffer, earlier: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    for (const other of readdirSync(dirname(path))) {
      if (other.startsWith(earlier) && other.endsWith('.cache') && other !== basename(path)) rmSync(join(dirname(path), other), { force: true });
    }
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** The V8 flags this process has changed: by name, the text that set it last and the text that sets V8's default back. */
type ChangedFlags = Map<string, { text: string; defaultText: string }>;

/**
 * Sets each flag of `changed` as `flags` has it (name → the text that sets it), or to V8's default
 * where `flags` has none: in one call, as V8 works out what the flags imply at each.
 */
function setFlags(changed: ChangedFlags, flags: ReadonlyMap<string, string>): void {
  if (changed.size > 0) setFlagsFromString([...changed].map(([name, { defaultText }]) => flags.get(name) ?? defaultText).join(' '));
}

/**
 * The young generation's free room, bytes, below which a built-in module's load under V8's default
 * flags (builtinsUnderDefaults) is preceded by a collection of it: more than the most a load was
 * seen to allocate there (Node 20, each required alone: node:https with node:tls ~360 KB,
 * node:crypto 160, node:http 145, node:child_process with node:net and node:dgram 100).
 */
const ROOM_FOR_A_BUILTIN = 512 * 1024;
/**
 * What the filler allocates between two looks at the free room: arrays of 512 elements (4 KB with
 * V8's 8-byte pointers, 2 KB with compressed ones, young-generation objects well under its 128 KB
 * large-object size), 16 at a time; and where it holds the last one (stored where V8 cannot see it
 * unused). Never more than twice ROOM_FOR_A_BUILTIN in all.
 */
const FILLER_ELEMENTS = 512;
const FILLER_BATCH = 16;
const FILLER_BATCHES = (2 * ROOM_FOR_A_BUILTIN) / (FILLER_BATCH * FILLER_ELEMENTS * 8);
const filler: unknown[] = [];

/** Bytes free in V8's young generation (`new_space` as getHeapSpaceStatistics gives it). */
const youngFree = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_available_size ?? ROOM_FOR_A_BUILTIN;

/**
 * Has V8 collect its young generation now, under the run's flags, when less than
 * ROOM_FOR_A_BUILTIN is free in it: objects that die at once are allocated until the free room
 * grows back. A collection that falls inside a built-in module's load happens under V8's default
 * flags, where the young generation may grow (`--semi-space-growth-factor` 2) though the run holds
 * it (util/v8-by-work.ts sets it to 1): in plans of 100 definitions, the load of
 * node:child_process, begun with 66–114 KB free, doubled it to 4 MB in some runs and not in
 * others, as the build's allocations fell, and the plan's peak RSS moved by ~1.5 MiB with it. With
 * the room made before, the load allocates in it and no collection falls inside.
 */
function roomForBuiltin(): void {
  let free = youngFree();
  if (free >= ROOM_FOR_A_BUILTIN) return;
  for (let batch = 0; batch < FILLER_BATCHES; batch++) {
    for (let i = 0; i < FILLER_BATCH; i++) filler[0] = new Array(FILLER_ELEMENTS);
    const now = youngFree();
    if (now > free) break;
    free = now;
  }
  filler.length = 0;
}

/**
 * Has each built-in module not loaded yet (node:http, node:child_process, node:fs/promises and the
 * internal modules they load) required under V8's default flags, and the run's flags set again
 * after. Node's built-in modules come with code V8 compiled when Node was built, which V8, as for
 * any cached code, takes only under the flags it was made with: once a run had changed one
 * (util/v8-by-work.ts), every built-in module it then required was parsed and compiled from its
 * source, and its code made anew. Counted with callgrind (Node 20), a process requiring node:http
 * and node:https ran 164 million instructions instead of 113 after a flag was set, and `aac plan`
 * ran 283–289 million from its start to its first request instead of 324–332. Internal modules Node
 * loads on its own, outside `require` (a web stream's class on first use, `util.parseArgs`), are
 * not covered. Under the defaults V8 may also grow its young generation, which the run's flags may
 * hold: room is made in it first (roomForBuiltin).
 */
function builtinsUnderDefaults(changed: ChangedFlags): void {
  const Module = nodeModule as unknown as ModuleInternals;
  const load = Module._load;
  // Node's list of what it has loaded (`NativeModule http`): process.moduleLoadList, which @types/node does not declare.
  const loaded = (process as unknown as { moduleLoadList: readonly string[] }).moduleLoadList;
  Module._load = function (this: unknown, request, parent, isMain) {
    if (changed.size === 0 || !nodeModule.isBuiltin(request) || loaded.includes(`NativeModule ${request.replace(/^node:/, '')}`)) return load.call(this, request, parent, isMain);
    const run = new Map([...changed].map(([name, { text }]) => [name, text]));
    roomForBuiltin();
    setFlags(changed, new Map());
    try {
      return load.call(this, request, parent, isMain);
    } finally {
      setFlags(changed, run);
    }
  };
}

/**
 * Compiles the CommonJS files below the `roots` (the CLI's bundle and the packages beside it, the
 * validators generated at build time) from the code earlier runs of this command left, and
 * leaves theirs at exit where there was none or, in its first RUNS_THAT_ADD runs, where theirs is
 * larger. Every file below them must be CommonJS (`.cjs`, or `.js` where package.json says so):
 * they are run as such without Node's check.
 * `build`: the build's id (dist/bin/build-id, a hash of every file below the roots, written by
 * scripts/bundle.mjs): with it, a file's code is named by the build and the file's size and times
 * instead of a hash of its text, which cost a plan of 100 definitions a tenth of its main thread's
 * instructions (56 of 514 million, callgrind, Node 20: the CLI's files are ~4 MB).
 * Returns how to set a V8 flag so that cached code stays valid: set through it, the code of each
 * file is written under the flags the file was compiled with, and Node's built-in modules required
 * later take Node's own code (builtinsUnderDefaults). Without a usable cache directory, or with
 * NODE_DISABLE_COMPILE_CACHE set, files compile as usual.
 */
export function useCompileCache(roots: readonly string[], build?: string): SetV8Flag {
  const changed: ChangedFlags = new Map();
  const setV8Flag: SetV8Flag = (name, text, defaultText) => {
    setFlagsFromString(text);
    changed.set(name, { text, defaultText });
  };
  builtinsUnderDefaults(changed);
  const dir = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : ownDirectory('aac-compile-cache');
  if (dir === undefined) return setV8Flag;

  const command = /^[a-z][a-z-]{0,31}$/.test(process.argv[2] ?? '') ? process.argv[2]! : 'other';
  const toWrite: Compiled[] = [];
  const Module = nodeModule as unknown as ModuleInternals;
  const now = Date.now();
  const below = roots.map((root) => root + sep);
  const [head, tail] = Module.wrapper;
  const cached = (load: LoadFile): LoadFile => function (this: unknown, module, filename) {
    if (!below.some((root) => filename.startsWith(root))) return load.call(this, module, filename);
    const { wrapped, body, stats } = readWrapped(filename, head, tail);
    // V8's tag of its version, the CPU's features and its flags now, which its code is made under.
    const tag = cachedDataVersionTag();
    const key = createHash('sha256')
      .update(`${process.version}\0${process.arch}\0${tag}\0`)
      .update(build === undefined ? body : fileOfBuild(build, stats))
      .digest('hex')
      .slice(0, 32);
    // Named by the file's folder too: two installations of aac (two projects, two versions) each
    // keep their own, where each run of one removed the other's and the next run of the other
    // compiled everything again. And by V8's tag: a plan of 100 definitions loads the validators
    // under other flags than a plan of 10,000 (util/v8-by-work.ts), and each removed the other's
    // code, so that a run of either size after one of the other wrote it again at exit. A new
    // version of the file in the same place, under the same tag, replaces the old.
    const earlier = `${command}.${basename(filename)}.${createHash('sha256').update(dirname(filename)).digest('hex').slice(0, 8)}.${tag.toString(16).padStart(8, '0')}.`;
    const path = join(dir, `${earlier}${key}.cache`);
    const bytes = readCache(path, now);
    const stored = bytes && storedIn(bytes);
    // No importModuleDynamically: Node 20 drops it from code taken from cachedData, so a dynamic
    // import() in these files fails always, not only from the second run (they require instead).
    const script = new Script(wrapped.toString('utf8'), { filename, cachedData: stored?.code });
    const taken = stored && !script.cachedDataRejected ? stored : undefined;
    if (taken === undefined || taken.runs < RUNS_THAT_ADD) {
      toWrite.push({ script, path, earlier, flags: new Map([...changed].map(([name, { text }]) => [name, text])), taken });
    }
    // What Node passes a CommonJS file (lib/internal/modules/helpers.js, makeRequireFunction).
    const requireHere = Object.assign((id: string) => module.require(id), {
      resolve: (request: string, options?: unknown) => Module._resolveFilename(request, module, false, options),
      main: require.main,
      extensions: Module._extensions,
      cache: Module._cache,
    });
    const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    run.call(module.exports, module.exports, requireHere, module, filename, dirname(filename));
  };
  // Node 20 loads `.cjs` files with the `.js` loader; a version with one of its own is served too.
  for (const extension of ['.js', '.cjs']) {
    const load = Module._extensions[extension];
    if (load) Module._extensions[extension] = cached(load);
  }
  // Only a run that did its work (exit code 0, or 2 for a plan with changes) leaves its code: one
  // stopped by an error early on compiled little of what the command runs.
  process.once('exit', (code) => {
    if (code !== 0 && code !== 2) return;
    for (const { script, path, earlier, flags, taken } of toWrite) {
      setFlags(changed, flags);
      const made = script.createCachedData();
      // Counted even when it adds nothing, so that the command's later runs stop making it.
      const code = taken === undefined || made.length > taken.code.length ? made : taken.code;
      writeAtomically(path, fileOf({ runs: (taken?.runs ?? 0) + 1, code }), earlier);
    }
    if (toWrite.length > 0) pruneUnused(dir, now);
  });
  return setV8Flag;
}
