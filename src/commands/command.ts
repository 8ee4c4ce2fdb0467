import type { ColorStream } from '../cli/color.js';
import type { ProviderName } from '../model/config.js';

/** Everything a command touches outside itself, so tests can run the CLI in-process. */
export interface CliIO {
  stdout: { write(text: string): void } & ColorStream;
  stderr: { write(text: string): void } & ColorStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when a person can answer a prompt. */
  interactive: boolean;
  /** Asks one question on the terminal; only called when `interactive`. */
  prompt(question: string): Promise<string>;
  /** Aborted on the first SIGINT/SIGTERM: commands stop starting new work and finish what is in flight. */
  signal: AbortSignal;
}

export type OutputFormat = 'text' | 'json' | 'markdown';

export interface GlobalOptions {
  /** Definitions directory, resolved against the working directory. */
  dir: string;
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
}

export interface CommandContext {
  io: CliIO;
  global: GlobalOptions;
  options: Record<string, OptionValue>;
  positionals: string[];
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
  run(ctx: CommandContext): Promise<number>;
}
