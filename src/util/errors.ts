import { constants as osConstants } from 'node:os';
import type { Diagnostic } from '../model/diagnostic.js';

/**
 * An error the user can act on: printed as `Error: <message>` plus the hint, exit code 1, never a
 * stack trace. Anything else that escapes a command is a bug and is reported as one.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** The located problems behind it (invalid definitions), for `--format json`'s error document. */
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * A run ended by a signal before it wrote anything (a question unanswered, a plan not applied):
 * printed as `aac: interrupted (SIGINT)`, exit 128 + the signal's number, the shell's convention
 * (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP). The reason `CliIO.signal` is aborted with.
 */
export class Interrupted extends Error {
  readonly exitCode: number;
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted (${signal})`);
    this.name = 'Interrupted';
    this.exitCode = signalExitCode(signal);
  }
}

/** 128 + the signal's number (os.constants.signals): how a shell reports a process a signal ended. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 0);
}
