import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test folders whose files share their worker's process and loaded modules (vitest's
 * `isolate: false`), file after file: a process and a fresh import of the CLI's modules cost each
 * file about half a second of CPU, and under load most of vitest's import time is workers waiting
 * for the modules it serves them. On test/plan, test/render and test/import (67 files, one run
 * each, alternated, on a machine loaded 30 to 36): 220 s of CPU and 642 s of import isolated,
 * 94 s and 157 s shared. Only folders none of whose files mock modules, fake timers, spy on or
 * stub globals, write process.env, change directory, register a backend or turn on a module's
 * process-wide switch (rememberCleanTexts, shareTexts, tuneV8ByWork, allowParseCache) by calling
 * it themselves; a file that does goes in another folder or `exclude`s here. Not every folder:
 * shared across the whole suite, the workers grew to ~3 GB each and outlived the run.
 * Helpers register their after-test work once (test/helpers/after-test.ts).
 */
const SHARED = ['test/plan/**/*.test.ts', 'test/render/**/*.test.ts', 'test/import/**/*.test.ts', 'test/model/**/*.test.ts'];

export default defineConfig({
  test: {
    // fast-check is not loaded here: the property tests take it, and its fixed seed, from
    // test/helpers/fast-check.ts (a setup file loads it for every file, ~60 ms of CPU each).
    setupFiles: ['test/setup/emulator-responses.ts', 'test/setup/after-test.ts'],
    globalSetup: ['test/setup/fresh-bundle.ts', 'test/setup/temporary-directory.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most tests wait: on the processes they start, on the emulator's injected latency, on a lock.
    // Vitest's default (one worker fewer than the cores) is one worker on a 2-core machine, which
    // left a core idle most of the suite: 10.4 min there against 6.3 min with two workers. Two
    // still leave them waiting: a whole run took 585 s of CPU in 1,153 s on two cores (under
    // load), so a 2-core machine ran three: test/lock took 104 s against 131 s with two,
    // test/ownership 134 s against 143 s, with the same CPU (alternated, on a loaded machine).
    // Three still wait more than they compute: test/environments (39 files) took 152 and 244 s
    // with three workers, 96 and 199 s with five, for 87 and 102 s of CPU against 86 and 113
    // (alternated twice on a machine loaded 11 to 20), so a machine of up to six cores runs five.
    maxWorkers: Math.max(5, availableParallelism() - 1),
    // Environment variables a test sets with vi.stubEnv are the process's again after it.
    unstubEnvs: true,
    projects: [
      { extends: true, test: { name: 'shared', include: SHARED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: SHARED } },
    ],
  },
});
