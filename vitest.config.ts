import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files that change what a module or the process holds for the rest of the process, so each
 * runs in a process of its own (vitest's isolation): they mock modules (vi.mock, vi.resetModules),
 * fake timers or spy on globals, set V8 flags, or turn on a module's process-wide switch
 * (rememberCleanTexts in src/util/redact.ts, shareTexts in src/util/shared-text.ts, which the
 * program turns on and never off).
 */
const ISOLATED = [
  'test/apply/vector-store-helper.test.ts',
  'test/backends/http-fetch.test.ts',
  'test/backends/json-in-pieces.test.ts',
  'test/cli/work-begins.test.ts',
  'test/desired/discover-work-size.test.ts',
  'test/desired/large-yaml-positions.test.ts',
  'test/desired/source.test.ts',
  'test/environments/migrate-one-read-cli.test.ts',
  'test/lock/every-host.test.ts',
  'test/lock/lost-lock.test.ts',
  'test/lock/renewal-reads.test.ts',
  'test/lock/tie.test.ts',
  'test/secrets/clean-texts.test.ts',
  'test/util/read-regular.test.ts',
  'test/util/shared-text.test.ts',
  'test/util/v8-by-work.test.ts',
];

export default defineConfig({
  test: {
    setupFiles: ['test/setup/emulator-responses.ts', 'test/setup/property-seed.ts', 'test/setup/after-test.ts'],
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
    projects: [
      // The other files share a worker's process and its loaded modules, file after file: a
      // process of its own and a fresh import of the CLI's modules cost each of ~350 files about
      // a second of CPU. Helpers register their after-test work once (test/helpers/after-test.ts).
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
