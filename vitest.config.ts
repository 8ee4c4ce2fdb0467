import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test folders whose files share their worker's process and loaded modules (vitest's `isolate: false`),
 * file after file: a process and a fresh import of the CLI's modules cost each file about half a
 * second of CPU, and under load most of vitest's import time is workers waiting for the modules it
 * serves them. On test/plan, test/render and test/import (67 files, one run each, alternated, on a
 * machine loaded 30 to 36): 220 s of CPU and 642 s of import isolated, 94 s and 157 s shared. A file
 * shares only if it leaves its process as it found it: what it mocks, fakes or spies on (timers,
 * globals, process.env, a backend it registers) is put back after each test, in afterEach or a
 * `finally`, even when the test fails; a file that cannot put back what it changed goes in
 * OWN_PROCESS. On test/environments (39 files, back to back, a machine loaded 17 to 24): 127 s of
 * CPU and 367 s of import isolated, 63 s and 316 s shared. Shared across the whole suite, the
 * workers once grew to ~3 GB each and outlived the run; without test/github and OWN_PROCESS, in
 * runs of 48 to 80 files, a worker's heap after a garbage collection levelled off under 180 MB.
 * Helpers register their after-test work once (test/helpers/after-test.ts).
 */
const SHARED = ['test/apply', 'test/backends', 'test/cli', 'test/desired', 'test/emulator', 'test/environments', 'test/helpers', 'test/import', 'test/lock', 'test/model', 'test/output-schemas', 'test/ownership', 'test/plan', 'test/render', 'test/seam', 'test/secrets', 'test/util'].map((folder) => `${folder}/**/*.test.ts`);

/**
 * Files of the SHARED folders that keep a process of their own: what they change outlasts them.
 * vi.mock replaces a module for every later importer of the process, and a module another file
 * loaded first is not replaced for this one; V8's flags and the program's process-wide switches
 * (shareTexts, rememberCleanTexts, tuneV8ByWork) are never turned back.
 */
const OWN_PROCESS = [
  'test/backends/http-fetch.test.ts', // V8 flag --expose-gc
  'test/cli/work-begins.test.ts', // vi.mock
  'test/desired/discover-work-size.test.ts', // vi.mock
  'test/emulator/warm.test.ts', // asserts what a warm compiles: the validators must start uncompiled
  'test/environments/migrate-one-read-cli.test.ts', // vi.mock
  'test/secrets/clean-texts.test.ts', // rememberCleanTexts
  'test/util/read-regular.test.ts', // vi.mock of node:fs
  'test/util/shared-text.test.ts', // shareTexts, vi.resetModules, V8 flag --expose-gc
  'test/util/v8-by-work.test.ts', // tuneV8ByWork and V8 flags
];

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
      { extends: true, test: { name: 'shared', include: SHARED, exclude: OWN_PROCESS, isolate: false } },
      // The folders not in SHARED (test/github, test/bench), and new ones until they are added.
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: SHARED } },
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS } },
    ],
  },
});
