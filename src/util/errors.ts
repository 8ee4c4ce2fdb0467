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
