// Runs the built CLI as a child process, as a user or CI does: what package.json's `bin` names (the
// bundle), with real signals, real worker threads, and its peak memory. `npm test` builds it first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliFile } from '../../src/util/package.js';
import { END_WITH_VARIABLE } from '../../src/emulator/end-with.js';
import { TEST_NAMESPACE } from './cli.js';

const RSS = fileURLToPath(new URL('./report-rss.cjs', import.meta.url));

/** The program `aac` runs once installed (package.json's `bin.aac`), as an absolute path. */
export const CLI = fileURLToPath(cliFile());

/**
 * The environment of a process a test starts: nothing of the developer's shell but PATH, and
 * TMPDIR, the suite's temporary directory (test/setup/temporary-directory.ts), where aac keeps its
 * caches; and AAC_EMULATOR_END_WITH_PID, this worker's id, so that an `aac emulator` it starts,
 * directly or in the background of an Action's step, ends with the worker even when the worker is
 * killed (a timeout) before its clean-up runs; `env` over them.
 */
export function processEnv(env: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, [END_WITH_VARIABLE]: String(process.pid), ...env };
}

/** Throws when the CLI has not been built (tests that spawn it call this first). */
export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does) first`);
}

/**
 * A child's deadline that only stops one that would never end (a FIFO opened blocking holds a
 * thread no signal reaches; a server that never answers): far beyond any run of the tests. On a
 * machine whose cores are busy with other work a run's wall time is many times its CPU: the
 * 40,000-key validate (~3.5 s of CPU) was killed at a 25 s deadline once, and took 78 s on one
 * core shared five ways; package-layout's five `--version` runs took 29.7 s against a 30 s limit.
 */
export const NEVER_ENDS_MS = 180_000;

/** The limit of a test whose children each have NEVER_ENDS_MS: one killed there, and the rest of the test (its other runs, each far quicker) with room to spare. */
export const CHILDREN_TEST_MS = NEVER_ENDS_MS + 60_000;

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
   * every 10 ms with the CLI's pid) says so, or once the CLI handles the signal (`'handled'`: before that, Node's
   * own handler ends the process by the signal, with no exit code; a timer after the spawn cannot
   * know when start-up ends on a loaded machine), or at once if absent…
   * `'hang-up'` (with `terminal`) closes the terminal instead, as closing its window does: the
   * kernel sends the CLI SIGHUP and its reads and writes fail. `again`: the same signal once more:
   * `0`, at once, the two heard in one turn of the CLI's event loop (sent by the CLI to itself,
   * signal-self.mjs, which SIGUSR2 cues: two sent from here at once may reach it as one, the kernel
   * merging a signal pending twice); or, given as `{ when, afterMs }`, `afterMs` after stdout or
   * stderr first matches `when` once the first was sent (a line the CLI prints as it handles the
   * first, such as quitAgain's: a wait after it is one load can only lengthen, never shorten).
   */
  signal?: { name: NodeJS.Signals | 'hang-up'; when?: RegExp | ((pid: number) => boolean) | 'handled'; afterMs?: number; again?: 0 | { when: RegExp; afterMs: number } };
  /**
   * Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal does:
   * stdin and stdout are terminals, so it asks its questions; stderr is merged into stdout, and
   * line ends are given as \n. After a hang-up the result has no code (the terminal is gone):
   * it is returned once the CLI has exited.
   */
  terminal?: boolean;
  /** With `terminal`: the CLI's stdout goes to this file instead, as `aac … > FILE` sends it. */
  stdoutTo?: string;
  /** With `terminal`: types `text` once the terminal shows `when` (a question). */
  answer?: { when: RegExp; text: string };
  /** Modules preloaded with --import (e.g. ./report-packages.mjs). */
  imports?: string[];
  /** Told what stdout and stderr hold so far each time either gets more (a test that acts on a line as the CLI prints it). */
  onOutput?: (output: { stdout: string; stderr: string }) => void;
}

/** Whether util-linux `script`, which `terminal` runs the CLI through, is installed. */
export const HAS_TERMINAL = spawnSync('script', ['--version']).status === 0;

const quote = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;

const SIGNAL_SELF = fileURLToPath(new URL('./signal-self.mjs', import.meta.url));

/**
 * runChild's `again` for a second `name` that the CLI takes as a person's asking to quit now, not
 * as the first delivered twice: once the CLI said it heard the first (report-rss.cjs `heard=`),
 * then past the same-delivery window (src/cli.ts SAME_DELIVERY_MS, 250 ms), with room for a timer
 * that fires early by the event loop's cached clock.
 */
export const quitAgain = (name: NodeJS.Signals): { when: RegExp; afterMs: number } => ({ when: new RegExp(`\nheard=${name}\n`), afterMs: 400 });

export function runChild(args: string[], opts: ChildOptions): Promise<ChildResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    // Twice at once: the CLI sends the two itself, cued by SIGUSR2 (signal-self.mjs).
    const together = opts.signal?.again === 0 && opts.signal.name !== 'hang-up' ? opts.signal.name : undefined;
    const imports = [...(opts.imports ?? []), ...(together ? [SIGNAL_SELF] : [])];
    const node = [process.execPath, '--require', RSS, ...imports.flatMap((m) => ['--import', m]), CLI, ...args];
    // As runCli: the test directories are outside git, where aac has no default namespace.
    const env = { ...processEnv({ AAC_NAMESPACE: TEST_NAMESPACE, ...opts.env }), ...(together ? { SIGNAL_SELF: JSON.stringify({ signal: together, on: 'signal', match: 'SIGUSR2', times: 2 }) } : {}) };
    // On a terminal the shell script starts says which process the CLI is, then becomes it: the
    // CLI leads the terminal's session, as a login shell's command does, and gets its hang-up.
    const child = opts.terminal
      ? spawn('script', ['-qec', `echo aac-pid=$$; exec ${node.map(quote).join(' ')}${opts.stdoutTo === undefined ? '' : ` > ${quote(opts.stdoutTo)}`}`, '/dev/null'], { cwd: opts.cwd, env: { ...env, SHELL: '/bin/sh' }, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(node[0]!, node.slice(1), { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    let sent = false;
    let sentAgain = false;
    let answered = false;
    const cliPid = (): number | undefined => {
      if (!opts.terminal) return child.pid;
      const m = /aac-pid=(\d+)/.exec(stdout);
      return m ? Number(m[1]) : undefined;
    };
    const deadline = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
      const pid = cliPid();
      if (opts.terminal && pid !== undefined) process.kill(pid, 'SIGKILL');
    }, opts.deadlineMs);
    const send = (name: NodeJS.Signals | 'hang-up') => {
      if (name === 'hang-up') return void child.kill('SIGKILL');
      const pid = cliPid();
      if (pid !== undefined) process.kill(pid, name);
    };
    const maybeSignal = () => {
      const s = opts.signal;
      if (!s || sent) return;
      if (typeof s.when === 'function') {
        const pid = cliPid();
        if (pid === undefined || !s.when(pid)) return void setTimeout(maybeSignal, 10);
      } else if (s.when === 'handled') {
        if (!(stderr + stdout).replace(/\r\n/g, '\n').includes(`\nhandles=${s.name}\n`)) return;
      } else if (s.when && !s.when.test(stdout + stderr)) {
        return;
      }
      sent = true;
      setTimeout(() => {
        send(together ? 'SIGUSR2' : s.name);
        firstSent = true;
        maybeAgain();
      }, s.afterMs ?? 0);
    };
    // `again` given as a line to wait for: looked for on each output once the first signal was sent.
    let firstSent = false;
    const maybeAgain = () => {
      const again = opts.signal?.again;
      if (typeof again !== 'object' || !firstSent || sentAgain || !again.when.test(stdout + stderr)) return;
      sentAgain = true;
      setTimeout(() => send(opts.signal!.name), again.afterMs);
    };
    const maybeAnswer = () => {
      if (!opts.answer || answered || !opts.answer.when.test(stdout)) return;
      answered = true;
      child.stdin?.write(opts.answer.text);
    };
    const told = () => opts.onOutput?.({ stdout, stderr });
    child.stdout.on('data', (d: Buffer) => ((stdout += d), maybeSignal(), maybeAgain(), maybeAnswer(), told()));
    child.stderr.on('data', (d: Buffer) => ((stderr += d), maybeSignal(), maybeAgain(), told()));
    maybeSignal();
    child.on('error', reject);
    child.on('close', (code) => {
      const done = () => {
        clearTimeout(deadline);
        const clean = (text: string) => (opts.terminal ? text.replace(/\r\n/g, '\n').replace(/^aac-pid=\d+\n/, '') : text);
        const out = clean(stdout);
        const err = clean(stderr);
        const rss = /max-rss-kb=(\d+)/.exec(out + err);
        const quiet = (text: string) => text.replace(/\nmax-rss-kb=\d+\n/, '').replace(/\n(?:handles|heard)=SIG[A-Z]+\n/g, '');
        resolve({ code: opts.signal?.name === 'hang-up' ? null : code, stdout: opts.terminal ? quiet(out) : out, stderr: quiet(err), maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, killed });
      };
      // A closed terminal ends `script` at once; the CLI goes on until it has finished.
      const pid = cliPid();
      if (!opts.terminal || killed || pid === undefined) return done();
      const wait = () => (alive(pid) ? setTimeout(wait, 20) : done());
      wait();
    });
    // Held open: `script` ends when its input does.
    if (opts.terminal) child.on('close', () => child.stdin?.destroy());
  });
}

/** Whether the process runs still: not gone, and not a zombie its new parent has yet to reap. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
