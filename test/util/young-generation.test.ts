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
  return import('../../src/util/young-generation.js');
}

describe('the young generation sized by the work', () => {
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

  it('holds it for small work, once, and lets it grow as V8 would from LARGE_WORK resources on, for good', async () => {
    const { sizeYoungGenerationByWork, workSize, LARGE_WORK } = await policy();
    sizeYoungGenerationByWork();
    workSize(100);
    workSize(LARGE_WORK - 1);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1']]);
    workSize(LARGE_WORK);
    workSize(5);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1'], ['--semi-space-growth-factor=2']]);
  });

  it('holds it from the work\'s beginning (the first request), before anything is counted', async () => {
    const { sizeYoungGenerationByWork, workBegins, workSize, LARGE_WORK } = await policy();
    workBegins();
    expect(setFlagsFromString).not.toHaveBeenCalled();
    sizeYoungGenerationByWork();
    workBegins();
    workBegins();
    workSize(LARGE_WORK);
    workBegins();
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=1'], ['--semi-space-growth-factor=2']]);
  });

  it('never holds it when the first count is already large', async () => {
    const { sizeYoungGenerationByWork, workSize } = await policy();
    sizeYoungGenerationByWork();
    workSize(10_000);
    workSize(1);
    expect(setFlagsFromString.mock.calls).toEqual([['--semi-space-growth-factor=2']]);
  });

  it('stops the growth of large work at 8 MB semi-spaces, once, for good', async () => {
    const { sizeYoungGenerationByWork, workSize, LARGE_WORK } = await policy();
    sizeYoungGenerationByWork();
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
