// How large V8 lets its young generation grow, chosen by the size of the run's work.
//
// V8 allocates new objects in a young generation of two semi-spaces and doubles them (from 1 MB up
// to 16 MB each on 64-bit) whenever enough of what it allocates survives a collection. Reading a
// plan's data, most of it survives, so a plan of 100 definitions grew them to 8 MB and one of
// 1,000 to the maximum: 32 MB resident, more than three times the data of 1,000 definitions and
// their live copies (10 MB), and ten times that of 100. Held at the size start-up left them (2 MB)
// from the command's first request on, they are collected more often, each time with as little to
// copy: paired runs of the bench's plans (Node 20), with the other memory changes of the same
// work, went from 72 to 67 MiB peak RSS at N = 100 and from 129 to 92 MiB at 1,000, at the same
// wall and CPU time. Held from the process's start (1 MB) they cost start-up 15–20 ms.
// With thousands of resources the young generation is small against the data, and held small it
// costs time and memory: more objects reach the old generation before they die, where only a full
// collection frees them (at 10,000: 5–10 % more CPU, 20–30 MB more peak RSS). So it grows as V8
// would once the work reaches LARGE_WORK, but only to 8 MB semi-spaces (LARGE_WORK_NEW_SPACE_MB):
// at V8's 16 MB every collection of a 10,000-resource plan copied up to 16 MB of survivors, 10–30 ms
// on the main thread while a listing's pages waited to be read; stopped at 8 MB, interleaved runs
// of that plan (2 cores, a loaded machine) peaked at 287–297 MB against 307–325 MB, at the same CPU.
//
// Node takes V8's heap sizes (`--max-semi-space-size`) only on its command line, which a portable
// `#!/usr/bin/env node` bin cannot add to; the growth factor is read at each growth, so setting it
// at run time takes effect. (Where a V8 release holds the factor at 2 or more, this changes nothing.)
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import type { SetV8Flag } from '../compile-cache.cjs';

/** Resources (definitions read, or live resources listed) from which the young generation may grow. */
export const LARGE_WORK = 2_000;

/** V8's own growth factor (`node --v8-options`: `--semi-space-growth-factor`, default 2). */
const V8_GROWTH_FACTOR = 2;
const GROWTH_FLAG = 'semi-space-growth-factor';

let setV8Flag: SetV8Flag = (name, value) => setFlagsFromString(`--${name}=${value}`);

/** The young generation's size (V8's `new_space` as getHeapSpaceStatistics gives it: both semi-spaces), MB, at which large work stops its growth. */
const LARGE_WORK_NEW_SPACE_MB = 16;

/** Off until the program allows it (tests call the stages in-process), then held or grown, and then held again. */
let state: 'off' | 'allowed' | 'held' | 'grown' | 'grown-enough' = 'off';

/**
 * Lets `workSize` choose for this process: for a command run as a program only, since it changes
 * the process's V8 settings. `setFlag`: how to change them, when the caller must know (the
 * compile cache, src/compile-cache.cts); V8's setFlagsFromString otherwise.
 */
export function sizeYoungGenerationByWork(setFlag?: SetV8Flag): void {
  if (setFlag) setV8Flag = setFlag;
  if (state === 'off') state = 'allowed';
}

/** The command's work begins (its first request): the young generation keeps its size until the work is known to be large. */
export function workBegins(): void {
  workSize(0);
}

/**
 * Told how many resources a stage of the run handles (definitions found, resources listed so
 * far): below LARGE_WORK the young generation stays the size it has, from LARGE_WORK on it grows
 * as V8 would until it is LARGE_WORK_NEW_SPACE_MB (checked at each count), then holds that size
 * for the rest of the run.
 */
export function workSize(resources: number): void {
  if (state === 'off' || state === 'grown-enough') return;
  if (state === 'grown') {
    const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (young && young.space_size >= LARGE_WORK_NEW_SPACE_MB * 1024 * 1024) {
      setV8Flag(GROWTH_FLAG, 1, V8_GROWTH_FACTOR);
      state = 'grown-enough';
    }
    return;
  }
  if (resources >= LARGE_WORK) {
    setV8Flag(GROWTH_FLAG, V8_GROWTH_FACTOR, V8_GROWTH_FACTOR);
    state = 'grown';
  } else if (state === 'allowed') {
    setV8Flag(GROWTH_FLAG, 1, V8_GROWTH_FACTOR);
    state = 'held';
  }
}
