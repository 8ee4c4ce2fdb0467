// What helper modules do after every test (close what it started, check what it left): each
// registers it here once, and test/setup/after-test.ts, a setup file, runs it after each test.
// A helper that called vitest's afterEach itself would add the hook to the first test file that
// imports it alone in the folders whose test files run without isolation (vitest.config.ts SHARED:
// `isolate: false` keeps imported modules between the files of a worker), whereas vitest runs a setup file again for every test
// file. Free of imports: every test file loads it.

const hooks: Array<() => unknown> = [];

/** `hook` runs after every test from now on, whatever the test's outcome; awaited. */
export function afterEveryTest(hook: () => unknown): void {
  hooks.push(hook);
}

/**
 * The setup file's afterEach: the hooks in reverse order of registration (as vitest runs its own
 * after-hooks: a helper's check before the cleanup of a helper it imports), each even when one
 * before it threw; then the first error thrown, if any.
 */
export async function runAfterEveryTest(): Promise<void> {
  const errors: unknown[] = [];
  for (const hook of [...hooks].reverse()) {
    try {
      await hook();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors[0];
}
