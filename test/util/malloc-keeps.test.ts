// Large work asks glibc's malloc to keep the memory it frees (src/util/malloc-keeps.ts). Checked in
// a process of its own, where malloc's thresholds are still their first values, by the page faults
// of a 2 MiB buffer written, freed and written again: taken afresh, each use faults on each of its
// 512 pages; kept, the second use finds its pages already there.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

const onGlibc = process.platform === 'linux' && Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);

/** The module as JavaScript a child process can run. */
const moduleCode = transformSync(readFileSync(new URL('../../src/util/malloc-keeps.ts', import.meta.url), 'utf8'), { loader: 'ts', format: 'esm' }).code;

/** The page faults of each of two uses of a 2 MiB buffer from malloc, in a fresh process, after the module's call when `keep`. */
function faultsOfTwoUses(keep: boolean): [number, number] {
  const script = `
    const { mallocKeepsFreedMemory } = await import('data:text/javascript,' + encodeURIComponent(${JSON.stringify(moduleCode)}));
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
    if (${keep}) { mallocKeepsFreedMemory(); await settle(); }
    console.log(JSON.stringify([await use(), await use()]));`;
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as [number, number];
}

describe.runIf(onGlibc)('malloc keeps what it frees once large work asks', () => {
  it('a buffer freed and taken again faults on none of its pages the second time, where without the call it faults on all of them again', () => {
    const [, plainSecond] = faultsOfTwoUses(false);
    const [keptFirst, keptSecond] = faultsOfTwoUses(true);
    expect(plainSecond).toBeGreaterThanOrEqual(400);
    expect(keptFirst).toBeGreaterThanOrEqual(400);
    expect(keptSecond).toBeLessThan(32);
  });
});
