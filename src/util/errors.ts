/**
 * An error the user can act on: printed as `Error: <message>` plus the hint, exit code 1, never a
 * stack trace. Anything else that escapes a command is a bug and is reported as one.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
