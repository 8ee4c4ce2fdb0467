import { beforeEach, describe, expect, it, vi } from 'vitest';

// V8's settings are the process's: the test process's are left alone, and what aac asks of V8 is
// what is checked (whether V8 honours it is the bench's to measure).
const setFlagsFromString = vi.fn();
/** The young generation's size V8 reports, MB (both semi-spaces). */
let newSpaceMb = 4;
const getHeapSpaceStatistics = () => [{ space_name: 'old_space', space_size: 64 * 2 ** 20 }, { space_name: 'new_space', space_size: newSpaceMb * 2 ** 20 }];
vi.mock('node:v8', async (original) => ({ ...(await original<typeof import('node:v8')>()), setFlagsFromString, getHeapSpaceStatistics }));

async function policy() {
  vi.resetModules();
  return import('../../src/util/v8-by-work.js');
}

/** What small work sets, in order, after the young generation's hold. */
const SMALL = [['--turbo-filter=-*'], ['--optimize-for-size'], ['--max-semi-space-size=1']];
/** What large work sets back after small work. */
const DEFAULTS = [['--turbo-filter=*'], ['--no-optimize-for-size'], ['--max-semi-space-size=0']];

describe("V8's settings chosen by the size of the work", () => {
  beforeEach(() => {
    setFlagsFromString.mockClear();
    newSpaceMb = 4;
  });

  it('changes nothing unless the program allowed it (the stages also run inside tests and other programs)', async () => {
    const { workSize, LARGE_WORK } = await policy();
    workSize(10);
    workSize(LARGE_WORK);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it('holds the young generation and turns TurboFan off and optimizing for size on for small work, once; from LARGE_WORK resources on, V8 as it would be, for good', async () => {
    const { tuneV8ByWork, workSize, LARGE_WORK, SPARKPLUG_WORK } = await policy();
    tuneV8ByWork();
    workSize(SPARKPLUG_WORK);
    workSize(LARGE_WORK - 1);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1'], ...SMALL]);
    workSize(LARGE_WORK);
    workSize(5);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1'], ...SMALL, ['--semi-space-growth-factor=2'], ...DEFAULTS]);
  });

  it('turns the baseline compiler off for tiny work, and on again once a count reaches SPARKPLUG_WORK (once) or the work is large', async () => {
    const { tuneV8ByWork, workSize, LARGE_WORK, SPARKPLUG_WORK } = await policy();
    tuneV8ByWork();
    workSize(100);
    workSize(SPARKPLUG_WORK - 1);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1'], ...SMALL, ['--no-sparkplug']]);
    workSize(SPARKPLUG_WORK);
    workSize(SPARKPLUG_WORK + 1);
    workSize(5);
    // No longer tiny: the baseline compiler back, and the young generation may double once, without
    // optimizing for size (at 4 MB already here, so the next count holds it).
    expect(setFlagsFromString.mock.calls.slice(5)).toEqual([['--no-optimize-for-size'], ['--semi-space-growth-factor=2'], ['--heap-growing-percent=30'], ['--sparkplug'], ['--semi-space-growth-factor=1']]);
    setFlagsFromString.mockClear();
    await policy().then(({ tuneV8ByWork: tune, workSize: size }) => {
      tune();
      size(1);
      size(LARGE_WORK);
    });
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1'], ...SMALL, ['--no-sparkplug'], ['--sparkplug'], ['--semi-space-growth-factor=2'], ...DEFAULTS]);
  });

  it('lets the young generation of work that stops being tiny double once, to 4 MB, then holds it there; no longer optimizing for size, whose full collections would shrink it back', async () => {
    const { tuneV8ByWork, workSize, SPARKPLUG_WORK } = await policy();
    tuneV8ByWork();
    newSpaceMb = 2;
    workSize(0);
    setFlagsFromString.mockClear();
    workSize(SPARKPLUG_WORK);
    expect(setFlagsFromString.mock.calls).toEqual([['--no-optimize-for-size'], ['--semi-space-growth-factor=2'], ['--heap-growing-percent=30'], ['--sparkplug']]);
    setFlagsFromString.mockClear();
    // Not grown yet: it may still grow.
    workSize(SPARKPLUG_WORK + 100);
    expect(setFlagsFromString).not.toHaveBeenCalled();
    newSpaceMb = 4;
    workSize(SPARKPLUG_WORK + 200);
    workSize(SPARKPLUG_WORK + 300);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1']]);
    // Work first counted past tiny never held the young generation below start-up's size: nothing to grow.
    setFlagsFromString.mockClear();
    await policy().then(({ tuneV8ByWork: tune, workSize: size }) => {
      tune();
      size(SPARKPLUG_WORK);
      size(SPARKPLUG_WORK + 1);
    });
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1'], ...SMALL]);
  });

  it("holds the old generation's growth while that young generation doubles without optimizing for size, and lets V8 choose it again for large work and for many writes", async () => {
    const oldGrowth = () => setFlagsFromString.mock.calls.filter(([text]) => String(text).startsWith('--heap-growing-percent'));
    const { tuneV8ByWork, workSize, LARGE_WORK, SPARKPLUG_WORK } = await policy();
    tuneV8ByWork();
    workSize(0);
    workSize(SPARKPLUG_WORK);
    expect(oldGrowth()).toEqual([['--heap-growing-percent=30']]);
    setFlagsFromString.mockClear();
    workSize(LARGE_WORK);
    expect(oldGrowth()).toEqual([['--heap-growing-percent=0']]);
    const writes = await policy();
    writes.tuneV8ByWork();
    writes.workSize(0);
    writes.workSize(SPARKPLUG_WORK);
    setFlagsFromString.mockClear();
    writes.writesBegin(writes.MANY_WRITES);
    expect(setFlagsFromString.mock.calls).toEqual([['--turbo-filter=*'], ['--heap-growing-percent=0'], ['--no-optimize-for-size'], ['--semi-space-growth-factor=2']]);
  });

  it('tells the compile cache each flag it sets, with the text that sets V8\'s default back', async () => {
    const { tuneV8ByWork, workSize, LARGE_WORK } = await policy();
    const set = vi.fn();
    tuneV8ByWork(set);
    workSize(1);
    workSize(LARGE_WORK);
    expect(set.mock.calls.slice(0, 5)).toEqual([
      ['semi-space-growth-factor', '--semi-space-growth-factor=1', '--semi-space-growth-factor=2'],
      ['turbo-filter', '--turbo-filter=-*', '--turbo-filter=*'],
      ['optimize-for-size', '--optimize-for-size', '--no-optimize-for-size'],
      ['max-semi-space-size', '--max-semi-space-size=1', '--max-semi-space-size=0'],
      ['sparkplug', '--no-sparkplug', '--sparkplug'],
    ]);
    expect(set.mock.calls.slice(5).map(([, text, back]) => text === back)).toEqual([true, true, true, true, true]);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it('holds it from the work\'s beginning (the first request), before anything is counted', async () => {
    const { tuneV8ByWork, workBegins, workSize, LARGE_WORK } = await policy();
    workBegins();
    expect(setFlagsFromString).not.toHaveBeenCalled();
    tuneV8ByWork();
    workBegins();
    workBegins();
    workSize(LARGE_WORK);
    workBegins();
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1'], ...SMALL, ['--no-sparkplug'], ['--sparkplug'], ['--semi-space-growth-factor=2'], ...DEFAULTS]);
  });

  it("turns TurboFan and the baseline compiler back on for an apply's writes, only where small work turned them off", async () => {
    const { tuneV8ByWork, workSize, writesBegin, LARGE_WORK } = await policy();
    writesBegin(1);
    expect(setFlagsFromString).not.toHaveBeenCalled();
    tuneV8ByWork();
    workSize(10);
    setFlagsFromString.mockClear();
    writesBegin(1);
    expect(setFlagsFromString.mock.calls).toEqual([['--turbo-filter=*'], ['--sparkplug']]);
    workSize(LARGE_WORK);
    setFlagsFromString.mockClear();
    writesBegin(1);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it("lets small work's young generation grow to 8 MB over an apply's many writes, without optimizing for size", async () => {
    const { tuneV8ByWork, workSize, writesBegin, writeFinished, MANY_WRITES } = await policy();
    tuneV8ByWork();
    workSize(10);
    setFlagsFromString.mockClear();
    newSpaceMb = 2;
    writesBegin(MANY_WRITES);
    expect(setFlagsFromString.mock.calls).toEqual([['--turbo-filter=*'], ['--sparkplug'], ['--no-optimize-for-size'], ['--semi-space-growth-factor=2']]);
    setFlagsFromString.mockClear();
    newSpaceMb = 4;
    writeFinished();
    expect(setFlagsFromString).not.toHaveBeenCalled();
    newSpaceMb = 8;
    writeFinished();
    newSpaceMb = 16;
    writeFinished();
    workSize(MANY_WRITES);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1']]);
  });

  it('leaves the young generation held over fewer writes, and large work as it is over many', async () => {
    const { tuneV8ByWork, workSize, writesBegin, writeFinished, LARGE_WORK, MANY_WRITES, SPARKPLUG_WORK } = await policy();
    tuneV8ByWork();
    workSize(SPARKPLUG_WORK);
    workSize(SPARKPLUG_WORK + 1);
    setFlagsFromString.mockClear();
    writesBegin(MANY_WRITES - 1);
    newSpaceMb = 32;
    writeFinished();
    expect(setFlagsFromString.mock.calls).toEqual([['--turbo-filter=*']]);
    setFlagsFromString.mockClear();
    await policy().then(({ tuneV8ByWork: tune, workSize: size, writesBegin: begin, writeFinished: finished }) => {
      tune();
      size(LARGE_WORK);
      setFlagsFromString.mockClear();
      begin(MANY_WRITES);
      finished();
    });
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it('counts an input whose parse takes seconds as large work, whatever the count', async () => {
    const { tuneV8ByWork, workSize, largeInput } = await policy();
    tuneV8ByWork();
    workSize(1);
    largeInput();
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1'], ...SMALL, ['--no-sparkplug'], ['--sparkplug'], ['--semi-space-growth-factor=2'], ...DEFAULTS]);
  });

  it('never holds it nor sets small work\'s flags when the first count is already large', async () => {
    const { tuneV8ByWork, workSize } = await policy();
    tuneV8ByWork();
    workSize(10_000);
    workSize(1);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=2']]);
  });

  it('stops the growth of large work at 8 MB semi-spaces, once, for good', async () => {
    const { tuneV8ByWork, workSize, LARGE_WORK } = await policy();
    tuneV8ByWork();
    workSize(LARGE_WORK);
    newSpaceMb = 8;
    workSize(LARGE_WORK + 100);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=2']]);
    newSpaceMb = 16;
    workSize(LARGE_WORK + 200);
    newSpaceMb = 32;
    workSize(LARGE_WORK + 300);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=2'], ['--semi-space-growth-factor=1']]);
  });
});
