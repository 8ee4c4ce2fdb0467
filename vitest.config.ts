import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // fast-check is not loaded here: the property tests take it, and its fixed seed, from
    // test/helpers/fast-check.ts (a setup file loads it for every file, ~60 ms of CPU each).
    setupFiles: ['test/setup/emulator-responses.ts', 'test/setup/after-test.ts'],
    globalSetup: ['test/setup/fresh-bundle.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most tests wait: on the processes they start, on the emulator's injected latency, on a lock.
    // Vitest's default (one worker fewer than the cores) is one worker on a 2-core machine, which
    // left a core idle most of the suite: 10.4 min there against 6.3 min with two workers.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Environment variables a test sets with vi.stubEnv are the process's again after it.
    unstubEnvs: true,
  },
});
