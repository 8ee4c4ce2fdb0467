// V8's settings chosen by the size of the run's work: how far its young generation may grow, and,
// for small work, whether its optimizing compiler runs and how readily it collects the old
// generation; for tiny work, whether its baseline compiler runs.
//
// The young generation. V8 allocates new objects in a young generation of two semi-spaces and
// doubles them (from 1 MB up to 16 MB each on 64-bit) whenever enough of what it allocates
// survives a collection. Reading a plan's data, most of it survives, so a plan of 100 definitions
// grew them to 8 MB and one of 1,000 to the maximum: 32 MB resident, more than three times the
// data of 1,000 definitions and their live copies (10 MB), and ten times that of 100. Held at the
// size start-up left them (2 MB) from the command's start on (cli.ts), they are collected more
// often, each time with as little to copy: paired runs of the bench's plans (Node 20), with the
// other memory changes of the same work, went from 72 to 67 MiB peak RSS at N = 100 and from 129
// to 92 MiB at 1,000, at the same wall and CPU time. Held from the process's start (1 MB) they
// cost start-up 15–20 ms.
// With thousands of resources the young generation is small against the data, and held small it
// costs time and memory: more objects reach the old generation before they die, where only a full
// collection frees them (at 10,000: 5–10 % more CPU, 20–30 MB more peak RSS). So it grows as V8
// would once the work reaches LARGE_WORK, but only to 8 MB semi-spaces (LARGE_WORK_NEW_SPACE_MB):
// at V8's 16 MB every collection of a 10,000-resource plan copied up to 16 MB of survivors, 10–30 ms
// on the main thread while a listing's pages waited to be read; stopped at 8 MB, interleaved runs
// of that plan (2 cores, a loaded machine) peaked at 287–297 MB against 307–325 MB, at the same CPU.
//
// Small work (SMALL_WORK_FLAGS, under LARGE_WORK resources). V8's optimizing compiler (TurboFan)
// compiles a hot function on a thread of its own, into memory the process keeps: in a plan of
// 1,000 definitions it cost more CPU than its code saved and ~8 MiB of peak RSS, and ~1.5 MiB at
// 100 (the functions still run, in V8's interpreter and baseline compiler). And V8 lets the old
// generation grow to tens of MB before its first full collection, so a plan of 1,000 held every
// page of the listing it had read (each page's text is one object of ~0.8 MB, which only a full
// collection frees); optimizing for size, V8 collects the old generation as soon as it passes
// ~8 MB. Interleaved runs of the bench's plans (Node 20, 2 cores, a loaded machine): at 1,000
// definitions peak RSS went from 95–100 MiB to 77–82 and CPU from 490–640 ms to 410–600 (JSON; YAML
// parsed without the parse cache: 97–101 → 78–81 MiB, 870–1,110 → 800–1,060 ms); at 100, 68 → 65–66
// MiB at the same CPU. Work that stops being tiny (SPARKPLUG_WORK) stops optimizing for size as
// its young generation is let grow (youngGrows), and holds the old generation's growth instead
// (holdOldGrowth). From LARGE_WORK on both are V8's defaults again:
// there the optimized code earns its compiles many times over, as it does over an apply's writes
// (writesBegin).
//
// An apply's many writes (MANY_WRITES or more) of small work. Each write allocates a few hundred KB
// that dies once it is answered (its request, its answer, the SDK's and node:http's objects), and
// the ~16 in flight survive each scavenge: held at 1 MB semi-spaces, and shrunk back to them by
// each full collection made while optimizing for size, an apply of 1,000 creates (50 ms, 16 at a
// time) scavenged 270 times (0.66–0.89 s of its main thread, `--trace-gc`) and collected the old
// generation 6 times. So the writes run without optimizing for size, and the young generation
// grows as V8 would until WRITES_NEW_SPACE_MB (checked as each write finishes): 124 scavenges
// (0.37–0.38 s) and 2 full collections; in 6 alternated pairs at a load of 12–16 the client's CPU
// 2.75–3.91 s (median 3.01) against 3.42–3.82 (3.58), lower in 5, peak RSS 86–91 MiB against
// 79–82. Grown to 16 MB: 106 scavenges, no less CPU, 96–99 MiB. At 300 creates large work's
// settings over the writes saved no CPU and cost 19 MiB (4 pairs, load 14).
//
// Tiny work (under SPARKPLUG_WORK resources) also runs without V8's baseline compiler
// (Sparkplug), which compiles a function's bytecode to machine code once it has run a little, into
// code space the process keeps, and compiles in memory from malloc: a plan of 100 definitions ran
// enough of its code often enough to compile ~0.5 MB of it, which a plan of one does not. Without
// it, a plan of 100 definitions (Node 20, medians of 5) peaked at 56.1 MiB instead of 56.5 for
// JSON definitions, and 57.5 instead of 57.8 for block YAML (code space 0.24 MB instead of 0.71),
// at the same CPU time within the noise; a plan of one is unchanged. At 1,000 an earlier measure
// found 20–40 ms more CPU without it, so it comes back before there.
//
// Node takes V8's heap sizes (`--max-semi-space-size`) only on its command line, which a portable
// `#!/usr/bin/env node` bin cannot add to. The flags set here are read by V8 at each decision (the
// growth factor at each growth, the compiler's filter at each function it considers, optimizing
// for size at each limit of the old generation: V8 11–13, Node 20–24), so setting them at run time
// takes effect. (Where a V8 release read one only at start, setting it would change nothing.)
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import type { SetV8Flag } from '../compile-cache.cjs';
import { mallocKeepsFreedMemory } from './malloc-keeps.js';

/** Resources (definitions read, or live resources listed) from which work is large: the young generation may grow, and V8 runs with its defaults otherwise. */
export const LARGE_WORK = 2_000;

/** Resources (as LARGE_WORK counts them) from which V8's baseline compiler runs: below, the work is tiny. */
export const SPARKPLUG_WORK = 500;

/** Writes of one apply from which, when the work is small, the young generation grows during them and V8 stops optimizing for size (writesBegin). */
export const MANY_WRITES = 500;

/** V8's baseline compiler: on by default where Node runs (V8's ENABLE_SPARKPLUG_BY_DEFAULT: x64, arm64 and the others Node ships for). */
const SPARKPLUG = { name: 'sparkplug', tiny: false, defaultValue: true };

/** V8's own growth factor (`node --v8-options`: `--semi-space-growth-factor`, default 2). */
const V8_GROWTH_FACTOR = 2;
const GROWTH_FLAG = 'semi-space-growth-factor';

type FlagValue = number | string | boolean;

/**
 * V8's flags for small work, in the order they are set, each with its value there and V8's default
 * (`node --v8-options`): `--turbo-filter` names the functions TurboFan may optimize (`*` all;
 * `-*`, a negated `*`, none), and `--optimize-for-size` favours memory over speed.
 * `--optimize-for-size` implies `--max-semi-space-size=1` (V8's src/flags/flag-definitions.h,
 * DEFINE_VALUE_IMPLICATION, V8 11–13), which V8 reads only when it makes
 * the heap, so it changes nothing here; but V8 refuses cached code made under other flags, and
 * setting optimize-for-size back does not set the implied flag back: it is listed so that the
 * compile cache sets it back too (0, the heap's own choice), or every run would compile anew.
 */
const TURBO_FILTER = { name: 'turbo-filter', small: '-*', defaultValue: '*' };
const OPTIMIZE_FOR_SIZE = { name: 'optimize-for-size', small: true, defaultValue: false };
const SMALL_WORK_FLAGS: ReadonlyArray<{ name: string; small: FlagValue; defaultValue: FlagValue }> = [
  TURBO_FILTER,
  OPTIMIZE_FOR_SIZE,
  { name: 'max-semi-space-size', small: 1, defaultValue: 0 },
];

/** A flag as setFlagsFromString takes it: a boolean one by its name alone, or with `no-`. */
const flagText = (name: string, value: FlagValue): string => (typeof value === 'boolean' ? `--${value ? '' : 'no-'}${name}` : `--${name}=${value}`);

let setV8Flag: SetV8Flag = (_name, text) => setFlagsFromString(text);

/** Sets `name` to `value` through setV8Flag, with V8's `defaultValue` to set back. */
function setFlag(name: string, value: FlagValue, defaultValue: FlagValue): void {
  setV8Flag(name, flagText(name, value), flagText(name, defaultValue));
}

/** The young generation's size (V8's `new_space` as getHeapSpaceStatistics gives it: both semi-spaces), MB, at which large work stops its growth. */
const LARGE_WORK_NEW_SPACE_MB = 16;
/**
 * The same, MB, to which work that is small but no longer tiny lets it grow, once: twice what it
 * is when a command starts (1 MB semi-spaces), as V8 grew it while the command loaded before small
 * work was told at its start (cli.ts). Held at start-up's size, a plan of 1,000 definitions took
 * 150 ms more CPU and peaked 2.5 MiB higher (more of what it reads reached the old generation).
 */
const SMALL_WORK_NEW_SPACE_MB = 4;
/** The same, MB, to which small work lets it grow during an apply's many writes (MANY_WRITES). */
const WRITES_NEW_SPACE_MB = 8;

/** The young generation's size, MB (both semi-spaces). */
function youngMb(): number {
  return (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) / (1024 * 1024);
}

/** Off until the program allows it (tests call the stages in-process), then small or large, and then large with the young generation's growth stopped. */
let state: 'off' | 'allowed' | 'small' | 'large' | 'large-grown' = 'off';
/** Whether tiny work turned the baseline compiler off (set back once the work is not tiny, or its writes begin). */
let sparkplugOff = false;
/** The young generation's size, MB, at which small work stops the growth it let it have (youngGrows); undefined while it is held. */
let youngGrowsTo: number | undefined;

/**
 * The old generation's growth while small work's young generation is let double (workSize):
 * `--heap-growing-percent` (`node --v8-options`; 0, V8's default, lets V8 choose), the share by
 * which V8 raises the old generation's limit at each full collection. Optimizing for size is off
 * then (youngGrows), and with V8's choice a plan of 1,000 block-YAML definitions parsed afresh (no
 * parse cache) peaked at 75.7 MiB instead of 69.8 (medians of 3, alternated); with 30 %, at 71.4,
 * at the same CPU.
 */
const OLD_GROWTH = { name: 'heap-growing-percent', small: 30, defaultValue: 0 };
let oldGrowthHeld = false;

/** The old generation's limit raised by OLD_GROWTH's small share at each full collection (`held`), or as V8 chooses. */
function holdOldGrowth(held: boolean): void {
  if (held === oldGrowthHeld) return;
  setFlag(OLD_GROWTH.name, held ? OLD_GROWTH.small : OLD_GROWTH.defaultValue, OLD_GROWTH.defaultValue);
  oldGrowthHeld = held;
}

/**
 * Small work lets the young generation grow as V8 would, until it is `toMb` (youngGrown), and stops
 * optimizing for size: V8 then makes every full collection one that reduces memory, which shrinks
 * the young generation back to start-up's 1 MB semi-spaces, where nothing lets it grow again. In
 * a plan of 1,000 block-YAML definitions (parse cache warm) the first full collection, ~100–250 ms
 * after the doubling, undid it for the rest of the run: 80 scavenges of 1 MB and 2 full
 * collections, where it now makes 44–46 and 1.
 */
function youngGrows(toMb: number): void {
  setFlag(OPTIMIZE_FOR_SIZE.name, OPTIMIZE_FOR_SIZE.defaultValue, OPTIMIZE_FOR_SIZE.defaultValue);
  setFlag(GROWTH_FLAG, V8_GROWTH_FACTOR, V8_GROWTH_FACTOR);
  youngGrowsTo = toMb;
}

/** Stops the growth youngGrows let it have, once the young generation has reached its size. */
function youngGrown(): void {
  if (youngGrowsTo === undefined || youngMb() < youngGrowsTo) return;
  setFlag(GROWTH_FLAG, 1, V8_GROWTH_FACTOR);
  youngGrowsTo = undefined;
}

/** The baseline compiler back on, where tiny work turned it off. */
function sparkplugBack(): void {
  if (!sparkplugOff) return;
  setFlag(SPARKPLUG.name, SPARKPLUG.defaultValue, SPARKPLUG.defaultValue);
  sparkplugOff = false;
}

/**
 * Lets `workSize` choose for this process: for a command run as a program only, since it changes
 * the process's V8 settings. `set`: how to change them, when the caller must know (the
 * compile cache, src/compile-cache.cts); V8's setFlagsFromString otherwise.
 */
export function tuneV8ByWork(set?: SetV8Flag): void {
  if (set) setV8Flag = set;
  if (state === 'off') state = 'allowed';
}

/**
 * An apply's `writes` (a count) begin: TurboFan (and Sparkplug) come back, whatever the work's
 * size. Each write passes through the same request and answer code, for seconds (1,000 writes 16
 * at a time: 3 s or more), where optimized code earns its compiles; applies of 1,000 writes met
 * their bound (1.05×) with TurboFan on an idle machine, and without it were not measured there. A
 * few writes never make code hot enough to compile, so this costs a small apply nothing. Small
 * work's MANY_WRITES or more also run without optimizing for size, and its young generation grows
 * until WRITES_NEW_SPACE_MB (checked at each writeFinished).
 */
export function writesBegin(writes: number): void {
  if (state === 'small') setFlag(TURBO_FILTER.name, TURBO_FILTER.defaultValue, TURBO_FILTER.defaultValue);
  sparkplugBack();
  if (state !== 'small' || writes < MANY_WRITES) return;
  holdOldGrowth(false);
  youngGrows(WRITES_NEW_SPACE_MB);
}

/** One of an apply's writes (writesBegin) has finished: the young generation's growth stops once it has reached its size. */
export function writeFinished(): void {
  youngGrown();
}

/**
 * An input whose parse alone takes seconds begins (a definition file of hundreds of KB): the work
 * is large, whatever the count of resources. Counted small, a file of 40,000 keys took 3.9 s of
 * CPU to validate instead of 1.8 (Node 20).
 */
export function largeInput(): void {
  workSize(LARGE_WORK);
}

/**
 * The command's work begins (cli.ts, at the start of a command whose work is counted; the
 * transport, at the first request of any other): V8 runs as for small work until the work is known
 * to be large.
 */
export function workBegins(): void {
  workSize(0);
}

/**
 * Told how many resources a stage of the run handles (definitions found, resources listed so
 * far): below LARGE_WORK SMALL_WORK_FLAGS hold and the young generation stays the size it has,
 * and work first counted below SPARKPLUG_WORK runs without the baseline compiler until a count
 * reaches it, when the young generation may double once (to SMALL_WORK_NEW_SPACE_MB, checked at
 * each count); from LARGE_WORK on V8's defaults come back, malloc keeps the memory it frees
 * (util/malloc-keeps.ts), and the young generation grows as V8 would until it is
 * LARGE_WORK_NEW_SPACE_MB (checked at each count), then holds that size for the rest of the run.
 */
export function workSize(resources: number): void {
  if (state === 'off' || state === 'large-grown') return;
  if (state === 'large') {
    if (youngMb() >= LARGE_WORK_NEW_SPACE_MB) {
      setFlag(GROWTH_FLAG, 1, V8_GROWTH_FACTOR);
      state = 'large-grown';
    }
    return;
  }
  youngGrown();
  if (state === 'small' && sparkplugOff && resources >= SPARKPLUG_WORK && resources < LARGE_WORK) {
    youngGrows(SMALL_WORK_NEW_SPACE_MB);
    holdOldGrowth(true);
  }
  if (resources >= SPARKPLUG_WORK) sparkplugBack();
  if (resources >= LARGE_WORK) {
    youngGrowsTo = undefined;
    holdOldGrowth(false);
    setFlag(GROWTH_FLAG, V8_GROWTH_FACTOR, V8_GROWTH_FACTOR);
    // Set only if small work set them: V8's defaults otherwise.
    if (state === 'small') for (const { name, defaultValue } of SMALL_WORK_FLAGS) setFlag(name, defaultValue, defaultValue);
    mallocKeepsFreedMemory();
    state = 'large';
  } else if (state === 'allowed') {
    setFlag(GROWTH_FLAG, 1, V8_GROWTH_FACTOR);
    for (const { name, small, defaultValue } of SMALL_WORK_FLAGS) setFlag(name, small, defaultValue);
    if (resources < SPARKPLUG_WORK) {
      setFlag(SPARKPLUG.name, SPARKPLUG.tiny, SPARKPLUG.defaultValue);
      sparkplugOff = true;
    }
    state = 'small';
  }
}
