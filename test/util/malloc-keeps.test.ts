// Large work asks glibc's malloc to keep the memory it frees (src/util/malloc-keeps.ts). Checked in
// a process of its own, where malloc's thresholds are still their first values, by the page faults
// of a 2 MiB buffer written, freed and written again: taken afresh, each use faults on each of its
// 512 pages; kept, the second use finds its pages already there. The call is made where the work
// is counted (src/util/v8-by-work.ts workSize), from LARGE_WORK resources on: a count below it
// leaves malloc as it was, one at it keeps.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LARGE_WORK } from '../../src/util/v8-by-work.js';

const onGlibc = process.platform === 'linux' && Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);

/** The module at `path` (below src/util/), with what it imports, as JavaScript a child process can run. */
const moduleCode = (path: string) => buildSync({ entryPoints: [fileURLToPath(new URL(`../../src/util/${path}`, import.meta.url))], bundle: true, format: 'esm', platform: 'node', write: false }).outputFiles[0]!.text;

/**
 * The page faults of each of two uses of a 2 MiB buffer from malloc, in a fresh process, after
 * `first` ran with the exports of the module at `path` in scope as `m` (none: nothing first).
 */
function faultsOfTwoUses(first?: { path: string; run: string }): [number, number] {
  const script = `
    const faults = () => process.resourceUsage().minorPageFault;
    // Freed once a collection finds it dead, by a sweep that may finish after the collection.
    const settle = async () => { gc(); await new Promise((r) => setTimeout(r, 50)); };
    const use = async () => {
      const before = faults();
      let b = Buffer.allocUnsafeSlow(2 * 1024 * 1024);
      b.fill(1);
      b = undefined;
      const n = faults() - before;
      await settle();
      return n;
    };
    ${first === undefined ? '' : `const m = await import('data:text/javascript,' + encodeURIComponent(${JSON.stringify(moduleCode(first.path))})); ${first.run}; await settle();`}
    console.log(JSON.stringify([await use(), await use()]));`;
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as [number, number];
}

describe.runIf(onGlibc)('malloc keeps what it frees once large work asks', () => {
  it('a buffer freed and taken again faults on none of its pages the second time, where without the call it faults on all of them again', () => {
    const [, plainSecond] = faultsOfTwoUses();
    const [keptFirst, keptSecond] = faultsOfTwoUses({ path: 'malloc-keeps.ts', run: 'm.mallocKeepsFreedMemory()' });
    expect(plainSecond).toBeGreaterThanOrEqual(400);
    expect(keptFirst).toBeGreaterThanOrEqual(400);
    expect(keptSecond).toBeLessThan(32);
  });

  it('work counted at LARGE_WORK resources asks it, as a command does (its work begun, then counted); one resource fewer does not', () => {
    const counted = (resources: number) => faultsOfTwoUses({ path: 'v8-by-work.ts', run: `m.tuneV8ByWork(); m.workBegins(); m.workSize(${resources})` });
    const [, belowSecond] = counted(LARGE_WORK - 1);
    const [largeFirst, largeSecond] = counted(LARGE_WORK);
    expect(belowSecond).toBeGreaterThanOrEqual(400);
    expect(largeFirst).toBeGreaterThanOrEqual(400);
    expect(largeSecond).toBeLessThan(32);
  });
});
