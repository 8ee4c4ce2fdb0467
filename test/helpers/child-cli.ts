// Runs the built CLI as a child process, as a user or CI does: what package.json's `bin` names (the
// bundle), with real signals, real worker threads, and its peak memory. `npm test` builds it first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliFile } from '../../src/util/package.js';
import { TEST_NAMESPACE } from './cli.js';

const RSS = fileURLToPath(new URL('./report-rss.cjs', import.meta.url));

/** The program `aac` runs once installed (package.json's `bin.aac`), as an absolute path. */
export const CLI = fileURLToPath(cliFile());

/** Throws when the CLI has not been built (tests that spawn it call this first). */
export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does) first`);
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory in MB. */
  maxRssMb: number;
  /** True when the child had to be killed at the deadline: it did not finish. */
  killed: boolean;
}

export interface ChildOptions {
  cwd: string;
  env?: Record<string, string>;
  /** The child is killed (and `killed` set) if it has not exited this many ms after it started. */
  deadlineMs: number;
  /**
   * Sends this signal once stderr or stdout matches `when`, or once `when` (a function, asked
   * every 10 ms) says so, or once the CLI handles the signal (`'handled'`: before that, Node's
   * own handler ends the process by the signal, with no exit code; a timer after the spawn cannot
   * know when start-up ends on a loaded machine), or at once if absent…
   */
  signal?: { name: NodeJS.Signals; when?: RegExp | (() => boolean) | 'handled'; afterMs?: number; again?: boolean };
  /** Modules preloaded with --import (e.g. ./report-packages.mjs). */
  imports?: string[];
}

export function runChild(args: string[], opts: ChildOptions): Promise<ChildResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', RSS, ...(opts.imports ?? []).flatMap((m) => ['--import', m]), CLI, ...args], {
      cwd: opts.cwd,
      // As runCli: the test directories are outside git, where aac has no default namespace.
      env: { PATH: process.env.PATH, AAC_NAMESPACE: TEST_NAMESPACE, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    let sent = false;
    const deadline = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, opts.deadlineMs);
    const maybeSignal = () => {
      const s = opts.signal;
      if (!s || sent) return;
      if (typeof s.when === 'function') {
        if (!s.when()) return void setTimeout(maybeSignal, 10);
      } else if (s.when === 'handled') {
        if (!stderr.includes(`\nhandles=${s.name}\n`)) return;
      } else if (s.when && !s.when.test(stdout + stderr)) {
        return;
      }
      sent = true;
      setTimeout(() => {
        child.kill(s.name);
        if (s.again) setTimeout(() => child.kill(s.name), 100);
      }, s.afterMs ?? 0);
    };
    child.stdout.on('data', (d: Buffer) => ((stdout += d), maybeSignal()));
    child.stderr.on('data', (d: Buffer) => ((stderr += d), maybeSignal()));
    maybeSignal();
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(deadline);
      const rss = /max-rss-kb=(\d+)/.exec(stderr);
      resolve({ code, stdout, stderr: stderr.replace(/\nmax-rss-kb=\d+\n/, '').replace(/\nhandles=SIG[A-Z]+\n/g, ''), maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, killed });
    });
  });
}
