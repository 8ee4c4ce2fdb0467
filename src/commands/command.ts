import type { ColorStream } from '../util/color.js';
import type { ProviderName } from '../model/config.js';
import type { LockWaits } from '../lock/lock.js';
import type { SignalDocument } from '../render/interrupted.js';

/** Everything a command touches outside itself, so tests can run the CLI in-process. */
export interface CliIO {
  stdout: { write(text: string): void } & ColorStream;
  stderr: { write(text: string): void } & ColorStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * True when stdout is a regular file (`aac … > FILE`; fstat of descriptor 1): a CI runner, which
   * reads workflow commands from the job's pipes, never reads it. False for a terminal or a pipe.
   */
  stdoutIsFile: boolean;
  /** True when a person can answer a prompt: stdin and stderr, where questions are asked, are terminals. */
  interactive: boolean;
  /** Asks one question on stderr, the answer read from stdin; only called when `interactive`. A signal ends it: throws `signal.reason`. */
  prompt(question: string): Promise<string>;
  /**
   * Aborted on the first SIGINT, SIGTERM or SIGHUP once `finishOnInterrupt` was called, with an
   * `Interrupted` as its reason: the command stops starting new work and finishes what is in
   * flight. Before that call an interrupt ends the process at once ("interrupted", exit 128 + the
   * signal's number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP). Either way a command hears
   * a signal that came while it was busy at its point of no return (pointOfNoReturn).
   */
  signal: AbortSignal;
  /**
   * From now on the first interrupt aborts `signal` instead of ending the process (printing
   * `Received SIGINT: <notice>` unless the notice is ''); a second SIGINT or SIGTERM still ends it
   * (a repeated SIGHUP does not: a closed terminal sends it more than once). Called again, the
   * notice is replaced (apply's, once every action is sent).
   */
  finishOnInterrupt(notice: string): void;
  /**
   * From now until the returned function is called, `tell` says what quitting at once (a second
   * interrupt) would leave behind — a line such as `the lock … is left: …`, or undefined for
   * nothing now — printed under `aac: interrupted` before the process ends. Called inside the
   * signal's handler, synchronously: it may only read what the command keeps (no I/O, no await).
   */
  leftOnQuit(tell: () => string | undefined): () => void;
  /**
   * Told when the process quits at once for a signal (the first before `finishOnInterrupt`, or a
   * second), inside the signal's handler, synchronously, once stderr has said `aac: interrupted`
   * and `left`, the lines of what the run leaves (leftOnQuit's): main writes the `--format json`
   * document and apply's job summary there (cli/signal-document.ts). The last one given is told.
   */
  onQuit(hear: (signal: NodeJS.Signals, left: readonly string[]) => void): void;
  /**
   * What a signal that ends the run leaves from now (render/interrupted.ts SignalDocument; main
   * sets the command's first): under `--format json`, stdout's document; for `aac apply` with a
   * GitHub job summary, the summary (cli/signal-document.ts). Nothing otherwise.
   */
  documentOnSignal(kind: SignalDocument): void;
  /**
   * Shorter waits, for a test that runs commands in-process: the CLI never sets it, and every run
   * has the product's (RunWaits).
   */
  waits?: RunWaits;
}

/**
 * Waits a run makes that change no request it sends, only when: `lock`, the lock's (lock.ts
 * LOCK_WAITS); `settleMs`, how long after its last create an apply re-reads for a concurrent
 * apply's copies (apply/settle.ts CREATED_AT_RESOLUTION_MS: a rival made later falls in a later
 * second; a test whose run has no rival needs no such wait).
 */
export interface RunWaits {
  lock: LockWaits;
  settleMs: number;
}

export type OutputFormat = 'text' | 'json' | 'markdown';

export interface GlobalOptions {
  /** Definitions directory, resolved against the working directory. */
  dir: string;
  /** Set when --dir was not given, so `dir` is the default's: a saved plan may then name its own (apply). */
  dirDefaulted?: true;
  format: OutputFormat;
  /** `--provider`, overriding aac.yaml. */
  provider?: ProviderName;
  debug: boolean;
  /** Colour on stdout (text format only); see `useColor` for the rules. */
  color: boolean;
  /** Colour on stderr, decided for that stream on its own. */
  stderrColor: boolean;
}

export type OptionValue = string | boolean | string[] | undefined;

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Shown in --help, e.g. 'FILE'. */
  arg?: string;
  description: string;
  /**
   * The only values a string option takes (an enumerated flag: `--to`, `--lock`): any other is
   * refused before the command runs, with "did you mean" for a typo of one (commands/choices.ts
   * refuseUnknownChoices); a command reads the value with `chosen`, typed by them. A getter where the list is the registry's, read when the line is parsed.
   */
  choices?: readonly string[];
}

export interface CommandContext {
  io: CliIO;
  global: GlobalOptions;
  options: Record<string, OptionValue>;
  positionals: string[];
  /** By option name, the Terraform spelling that gave it as typed (`concurrency` → `-parallelism`); absent when none did. */
  spelled?: Readonly<Record<string, string>>;
  /**
   * Where the run's warnings go (reading.ts writeWarning: an endpoint variable that overrides
   * `endpoint:`, AAC_NAMESPACE that overrides `namespace:`, …) when not on `io.stderr`: a plan made
   * for its answer alone (migrate-live.ts), its stderr dropped, still says them on the command's.
   * Absent: `io.stderr`.
   */
  warnings?: CliIO['stderr'];
}

/**
 * The option `name` as a message about its value names it: as typed when a Terraform spelling gave
 * it (`-parallelism (aac's --concurrency)`), so the user finds the word they wrote; else `--name`.
 */
export function optionAsTyped(ctx: Pick<CommandContext, 'spelled'>, name: string): string {
  const typed = ctx.spelled?.[name];
  return typed === undefined ? `--${name}` : `${typed} (aac's --${name})`;
}

export interface Command {
  name: string;
  summary: string;
  /** e.g. `aac plan [options]`. */
  usage: string;
  /** Longer help text after the usage line (plain text, may be empty). */
  description: string;
  options: Record<string, OptionSpec>;
  /** Maximum positional arguments. */
  maxPositionals: number;
  /** The `--format` values it has; default text and json (COMMAND_FORMATS). */
  formats?: readonly OutputFormat[];
  /** False for a command that refuses `--provider` (its help then does not offer it); default true. */
  takesProvider?: false;
  /** True for a command whose `--provider` may name several providers, joined by commas (`aac emulator`); each is checked. */
  providerList?: true;
  run(ctx: CommandContext): Promise<number>;
}

/** What `--format` takes on a command that does not say: only plan and show draw markdown. */
export const COMMAND_FORMATS: readonly OutputFormat[] = ['text', 'json'];
