import { constants as osConstants } from 'node:os';
import { placeText, type Diagnostic } from '../model/diagnostic.js';
import { sanitize } from './invisible.js';
import { orList } from './words.js';
import type { CarriedWarningCode, FailureCode } from '../model/diagnostic-codes.js';

/**
 * The stable `code` of a failure in `--format json`'s error document (README "Errors under
 * --format json"), and of a refused apply in its job summary: what a pipeline branches on.
 * `error`: bad input, the default. A saved plan refused: `plan-stale` (the definitions or live
 * resources changed since it was made), `plan-applied` (already applied: the live state is its
 * result), `plan-other-dir` (applied from another definitions directory than its own),
 * `plan-other-namespace`, `plan-other-provider`, `plan-other-environment`, `plan-other-endpoint`
 * (this run points at another host: an endpoint variable, or aac.yaml's endpoint changed),
 * `plan-foreign` (it names resources of another namespace), `plan-edited` (a part of it is not what
 * its definitions and the live state give, or its parts disagree with each other), `plan-option` (an option it was not made with).
 * `locked`: another run holds the namespace's lock. `confirmation-needed`: apply without --yes
 * and no terminal to ask on. Not a UserError's: `config-error` (no endpoint or credentials, the
 * credentials refused, a retired API), `api-error` (the host), `internal-error` (a bug). Located problems have their own codes (Diagnostic).
 */
export type { FailureCode };

/**
 * `message` without its closing `; <fix>` or `: <fix>` clause, for a view that says `fix` on a line
 * of its own (`To fix: …`, an error's hint, apply's next steps), so that a reader meets it once:
 * the transport ends an error whose fix it knows with it (http/transport.ts, BackendError
 * `details.fix`), after a semicolon, or after a colon where the clause before it leads to the fix
 * (an api-version refused: `…aac sent 2024-05-01 (from options.api_version in aac.yaml): set …`).
 * `message` whole when it ends neither way, or when there is no fix.
 */
export function apartFromFix(message: string, fix: string | undefined): string {
  if (fix === undefined) return message;
  const tail = ['; ', ': '].map((lead) => `${lead}${fix}`).find((t) => message.endsWith(t) && message.length > t.length);
  return tail === undefined ? message : message.slice(0, -tail.length);
}

/**
 * `err`, a failure that came before a command's first write (apply's point of no return), made to
 * say so as its early refusals do (a lock held, a question unanswered, a stale plan's "nothing was
 * applied"): `; nothing was changed` after its first line's clause (`…; nothing was changed:`
 * where that line heads a list), before the host's known fix that ends a BackendError's message
 * (`details.fix`, which the report takes out as the hint: apartFromFix), so a reader learns that
 * running again is safe. Changed in place (its identity carries its warnings, its located
 * diagnostics and its code), and only a UserError or BackendError that does not say it already
 * (in its message, or a UserError's hint);
 * a bug, or an `Interrupted` (which says what it left), is left as it is. Returns `err`.
 */
export function saidUnchanged(err: unknown): unknown {
  if (!(err instanceof UserError || (err instanceof Error && err.name === 'BackendError'))) return err;
  if (/nothing was (changed|applied)/.test(`${err.message}\n${err instanceof UserError ? err.hint ?? '' : ''}`)) return err;
  const fix = err instanceof UserError ? undefined : (err as { details?: { fix?: string } }).details?.fix;
  const [first, ...rest] = err.message.split('\n');
  const said = apartFromFix(first!, fix);
  const tail = first!.slice(said.length);
  const line = said.endsWith(':') ? `${said.slice(0, -1)}; nothing was changed:${tail}` : `${said}; nothing was changed${tail}`;
  err.message = [line, ...rest].join('\n');
  return err;
}

/**
 * An error the user can act on: printed as `Error: <message>` plus the hint, exit code 1, never a
 * stack trace. Anything else that escapes a command is a bug and is reported as one.
 *
 * `message` is one line, or an array of lines (a heading and a list); the hint is one line. Each
 * is made safe here, once for every output (text, JSON, annotations): a key, a path or a server's
 * text inside it can never start a line of its own (invisible.ts `sanitize`).
 */
export class UserError extends Error {
  readonly hint?: string;
  /** True when `diagnostics` is this error itself, one place in a file (see UserError.at): --format json says it once, located. */
  readonly located: boolean = false;

  constructor(
    message: string | readonly string[],
    hint?: string,
    /** The located problems behind it (invalid definitions), for `--format json`'s error document. */
    readonly diagnostics: readonly Diagnostic[] = [],
    readonly code: FailureCode = 'error',
  ) {
    super(typeof message === 'string' ? sanitize(message) : message.map(sanitize).join('\n'));
    this.name = 'UserError';
    if (hint !== undefined) this.hint = sanitize(hint);
  }

  /**
   * The error about one place in a file, `d` (an error diagnostic, with its hint): printed as
   * `file:line:column: message` like a diagnostic, and in `--format json` as `d` alone, with the
   * place in its `file`, `line` and `column` and the message without it. `code`: the failure's, as
   * the constructor's (`plan-edited` for a saved plan whose parts disagree).
   */
  static at(d: Diagnostic & { hint: string }, code: FailureCode = 'error'): UserError {
    const safe = { ...d, message: sanitize(d.message), hint: sanitize(d.hint) };
    const err = new UserError(`${placeText(d.location)}: ${d.message}`, d.hint, [safe], code);
    (err as { located: boolean }).located = true;
    return err;
  }
}

/**
 * One UserError for `errors` (each about one place: UserError.at), so that a run says every such
 * problem at once and fixing one does not reveal the next: the one itself when alone, else
 * `heading` (how many, and of what) and each error's `file:line:column: message` with its hint
 * below it, `hint` closing; every diagnostic kept for --format json's error document.
 */
export function allAtOnce(errors: readonly UserError[], heading: string, hint: string): UserError {
  if (errors.length === 1) return errors[0]!;
  return new UserError([heading, ...errors.flatMap((e) => [`  ${e.message}`, `    ${e.hint!}`])], hint, errors.flatMap((e) => e.diagnostics));
}

/**
 * A warning about no one place in a file that a failure carries to `--format json`'s error document
 * (README "Errors under --format json"), and a finished apply to its report's `warnings`, said on
 * stderr already when it happened: `lock-left`, a lock object of the run's own it could not remove
 * (lock/lock.ts OwnLock.drop).
 */
export interface CarriedWarning {
  code: CarriedWarningCode;
  message: string;
}

/** By failure: the warnings it carries (carryWarnings). Weak: an error is never kept alive by them. */
const carried = new WeakMap<object, CarriedWarning[]>();

/** Adds `warnings` to those `err` carries to the error document; `err` not an object (a thrown string) carries none. */
export function carryWarnings(err: unknown, warnings: readonly CarriedWarning[]): void {
  if (warnings.length === 0 || typeof err !== 'object' || err === null) return;
  carried.set(err, [...(carried.get(err) ?? []), ...warnings]);
}

/** The warnings `err` carries (carryWarnings), in the order they were said; none for most failures. */
export function carriedWarnings(err: unknown): readonly CarriedWarning[] {
  return typeof err === 'object' && err !== null ? carried.get(err) ?? [] : [];
}

/**
 * A run ended by a signal before it wrote anything (a question unanswered, a plan not applied):
 * printed as `aac: interrupted (SIGINT)`, exit 128 + the signal's number, the shell's convention
 * (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP). The reason `CliIO.signal` is aborted with.
 * `left`: what the run wrote all the same, each as a clause said on stderr already
 * (`stopped once the files were written: …`), for the `interrupted` error document's message.
 */
export class Interrupted extends Error {
  readonly exitCode: number;
  constructor(
    readonly signal: NodeJS.Signals,
    readonly left: readonly string[] = [],
  ) {
    super(`interrupted (${signal})`);
    this.name = 'Interrupted';
    this.exitCode = signalExitCode(signal);
  }
}

/**
 * The signals that stop a run (cli.ts handles them), each as a command's help names it. SIGHUP is
 * a closed terminal or a dropped SSH session: handled as SIGTERM is, so an apply that loses its
 * terminal still finishes its writes and removes its lock.
 */
const STOP_SIGNAL_WORDS: ReadonlyArray<readonly [NodeJS.Signals, string]> = [['SIGINT', 'SIGINT (Ctrl-C)'], ['SIGTERM', 'SIGTERM'], ['SIGHUP', 'SIGHUP']];

/** The signals that stop a run, which cli.ts handles. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = STOP_SIGNAL_WORDS.map(([signal]) => signal);

/** `SIGINT (Ctrl-C), SIGTERM or SIGHUP`: the signals that stop a run, for a command's help. */
export const STOP_SIGNALS_WORDS = orList(STOP_SIGNAL_WORDS.map(([, words]) => words));

/**
 * `130, 143 or 129 when interrupted by SIGINT (Ctrl-C), SIGTERM or SIGHUP`: a command's help words
 * for the exit status of a run a signal stopped, each code signalExitCode's (Interrupted).
 */
export const INTERRUPTED_EXIT = `${orList(STOP_SIGNAL_WORDS.map(([signal]) => String(signalExitCode(signal))))} when interrupted by ${STOP_SIGNALS_WORDS}`;

/** 128 + the signal's number (os.constants.signals): how a shell reports a process a signal ended. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 0);
}
