// The suite's own temporary directory. What the tests make in the system's temporary directory,
// and what the aac processes they start keep there (its compile cache and parse cache,
// `aac-compile-cache-<uid>` and `aac-parse-cache-<uid>` in TMPDIR: src/compile-cache.cts), goes
// in a directory of this run's, removed when the run ends: a developer's cache had grown to
// ~500 MB of code for the tests' copies and builds of aac. It is TMPDIR before the workers start,
// which inherit it; the processes a test starts get it through processEnv (helpers/child-cli.ts).
// A run ended by a signal cannot remove its own: the next run on the host removes those whose
// process is gone. What the tests left in it besides the caches fails the run, named: a test
// removes what it makes (helpers/each-test.ts testDir).
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** The caches aac keeps in TMPDIR (src/compile-cache.cts ownDirectory). */
const CACHES = /^aac-(compile|parse)-cache-/;

export default function temporaryDirectory(): () => void {
  const parent = tmpdir();
  const before = process.env.TMPDIR;
  // By host as well as process: another host's run (a container sharing the directory) has pids of its own.
  const prefix = `aac-test-run-${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}-`;
  // Vitest runs a global setup for the root and again for each project with files to run
  // (vitest.config.ts `projects`), and tears them down in another order than it set them up: the
  // first makes the run's directory and the others take it as it is. A directory each, one inside
  // the other, had one removed with another still in it (a run of test/environments, in two
  // projects, failed for what it "left").
  if (basename(parent).startsWith(`${prefix}${process.pid}-`)) return () => undefined;
  removeAbandoned(parent, prefix);
  const dir = mkdtempSync(join(parent, `${prefix}${process.pid}-`));
  // Others may pass through it, as through the system's own: a test run as root reads its trees as
  // the user nobody (desired/helpers.ts asUnprivileged), which mkdtemp's 0700 kept out.
  chmodSync(dir, 0o755);
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    const left = readdirSync(dir).filter((name) => !CACHES.test(name));
    rmSync(dir, { recursive: true, force: true });
    if (left.length === 0) return;
    // Vitest reports an error of its teardown but does not fail the run for it.
    process.exitCode = 1;
    throw new Error(`the tests left these in the temporary directory (removed now): ${left.join(', ')}; a test removes what it makes (test/helpers/each-test.ts testDir)`);
  };
}

/** Removes the directories of runs on this host (`prefix<pid>-…` in `parent`) whose process is gone: runs ended by a signal. */
function removeAbandoned(parent: string, prefix: string): void {
  for (const name of readdirSync(parent)) {
    const pid = name.startsWith(prefix) ? Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]) : NaN;
    if (Number.isInteger(pid) && !alive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: another user's process.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
