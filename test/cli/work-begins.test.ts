// V8 runs as for small work from the start of a command whose work is counted (definitions read,
// resources listed), before the command is loaded, not from its first request: loading it made V8
// grow its young generation, which small work's settings then found grown (util/v8-by-work.ts).
// The emulator serves for as long as it runs and show draws a saved plan of any size: neither
// counts anything, so neither is told. What aac tells V8's policy is checked, not V8.
import { describe, expect, it, vi } from 'vitest';
import { cleanupTrees, writeTree } from '../desired/helpers.js';

/** What the program told the policy, in order: `begins`, and each work size. */
const told: string[] = [];
vi.mock('../../src/util/v8-by-work.js', async (original) => {
  const real = await original<typeof import('../../src/util/v8-by-work.js')>();
  return { ...real, workBegins: () => told.push('begins'), workSize: (n: number) => told.push(`size ${n}`) };
});

const { runCli } = await import('../helpers/cli.js');

describe('when a command tells V8 its work begins', () => {
  it('validate, which makes no request, is small work from its start, before its definitions are counted', async () => {
    told.length = 0;
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n' });
    try {
      const run = await runCli(['validate'], { cwd: root });
      expect(run.code).toBe(0);
      expect(told).toEqual(['begins', 'size 1']);
    } finally {
      cleanupTrees();
    }
  });

  it('show and the emulator, which count nothing, never say it', async () => {
    told.length = 0;
    const root = writeTree({ 'plan.json': '{}\n' });
    try {
      expect((await runCli(['show', 'plan.json'], { cwd: root })).code).toBe(1);
      expect((await runCli(['emulator', '--port', 'x'], { cwd: root })).code).toBe(1);
      expect(told).toEqual([]);
    } finally {
      cleanupTrees();
    }
  });
});
