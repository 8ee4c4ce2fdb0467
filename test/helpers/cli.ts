// Runs the CLI in-process with captured output, a chosen environment and working directory.
import { main } from '../../src/cli.js';
import type { ColorStream } from '../../src/util/color.js';
import { encodeMarker } from '../../src/model/marker.js';
import type { CliIO, CommandContext, RunWaits } from '../../src/commands/command.js';

/**
 * The waits of every in-process run unless a test says otherwise (RunOptions.waits), where a
 * user's run waits seconds (RunWaits): a run waiting for a lock looks every 100 ms, a failed
 * release's deletes are 10 ms apart (doubling), and an apply that created re-reads for concurrent
 * copies at once. What is sent is the same; only the pauses between are shorter. The settle wait
 * only matters to concurrent applies creating the same keys: test/ownership/concurrent-apply.test.ts
 * runs them as processes, which have the product's waits (child-cli.ts).
 */
export const TEST_WAITS: RunWaits = { lock: { pollMs: 100, releaseFirstMs: 10 }, settleMs: 0 };

/**
 * The limit of a test that runs aac in-process end to end, several commands one after another
 * (import → migrate → apply → plan against emulators): vitest's 30 s default was a timing bound
 * in effect. Such a test neither spawns processes nor waits a fixed time: it computes, a few
 * seconds of CPU — migrate-e2e's fleet 7.3 s (its import 2.2, the apply of 31 agents 2.7),
 * one-project-endpoint's rehearsal 2.9 s — much of it its worker's one-time work (the CLI's
 * modules loaded, each emulator dialect's schemas compiled on its first request: ~1.1 s for
 * foundry-agents' operations). On a machine whose two cores are shared with other work its wall
 * time is ten times that and more: 25 to 77 s at a load of 10 to 16. This limit, far beyond any
 * such run, stops only one that would never end.
 */
export const END_TO_END = { timeout: 240_000 };

/** The namespace every in-process run uses unless a test says otherwise. */
export const TEST_NAMESPACE = 'test';
/** The metadata key of TEST_NAMESPACE's marker. */
export const TEST_MARKER = Object.keys(encodeMarker({ namespace: TEST_NAMESPACE, key: '' }))[0]!;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /**
   * Pretend a person is at a terminal: stdin and both streams are terminals (without colour unless
   * `tty`); `answers` are given to prompts in order, whose questions go to stderr as on a terminal.
   */
  interactive?: boolean;
  answers?: string[];
  /** Answers prompts instead of `answers`: e.g. one that holds a run at its question until the test says. */
  prompt?: (question: string) => Promise<string>;
  tty?: boolean;
  /** stdout is a regular file, as `aac … > FILE` gives it; else it is a pipe or a terminal. */
  stdoutIsFile?: boolean;
  /** Per-stream terminal properties, over `tty`. */
  streams?: { stdout?: ColorStream; stderr?: ColorStream };
  signal?: AbortSignal;
  /** Told each write to stderr as it is made: for a test that waits on what a run says while it runs. */
  onStderr?: (text: string) => void;
  /** Told each write to stdout as it is made: for a test that reads what a running command printed (the emulator's URL). */
  onStdout?: (text: string) => void;
  /** TEST_WAITS unless given. */
  waits?: RunWaits;
}

export async function runCli(argv: string[], opts: RunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const answers = [...(opts.answers ?? [])];
  // A terminal without colours, unless the test asks for a colour one (`tty`).
  const terminal: ColorStream = opts.tty ? { isTTY: true } : opts.interactive ? { isTTY: true, hasColors: () => false } : { isTTY: false };
  const io: CliIO = {
    stdout: { write: (t) => void ((stdout += t), opts.onStdout?.(t)), ...terminal, ...opts.streams?.stdout },
    stderr: { write: (t) => void ((stderr += t), opts.onStderr?.(t)), ...terminal, ...opts.streams?.stderr },
    // A clean environment: nothing from the developer's shell leaks into a test. Test directories
    // live outside any git repository, where aac has no default namespace, so one is set; a test
    // of the namespace rules passes AAC_NAMESPACE: undefined.
    env: { PATH: process.env.PATH, AAC_NAMESPACE: TEST_NAMESPACE, ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    stdoutIsFile: opts.stdoutIsFile ?? false,
    interactive: opts.interactive ?? false,
    prompt: async (q) => {
      stderr += q;
      return opts.prompt ? opts.prompt(q) : (answers.shift() ?? '');
    },
    signal: opts.signal ?? new AbortController().signal,
    finishOnInterrupt: () => undefined,
    leftOnQuit: () => () => undefined,
    onQuit: () => undefined,
    documentOnSignal: () => undefined,
    waits: opts.waits ?? TEST_WAITS,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/**
 * A command's context as a caller that fills it itself has it (no command line: a command's `run`
 * called directly), with `options` as given, text format and the openai provider in `dir`, and
 * everything the command writes, to either stream, in `printed()`. `signal`: the run's (default:
 * one that never aborts).
 */
export function commandContext(options: CommandContext['options'], dir: string, signal = new AbortController().signal): { ctx: CommandContext; printed: () => string } {
  let printed = '';
  const write = (t: string) => void (printed += t);
  const ctx: CommandContext = {
    io: {
      stdout: { write }, stderr: { write }, env: {}, cwd: dir, stdoutIsFile: false, interactive: false, prompt: async () => '',
      signal, finishOnInterrupt: () => undefined, leftOnQuit: () => () => undefined, onQuit: () => undefined, documentOnSignal: () => undefined,
    },
    global: { dir, format: 'text', provider: 'openai', debug: false, color: false, stderrColor: false },
    options,
    positionals: [],
  };
  return { ctx, printed: () => printed };
}
