// A run's failure as aac reports it (cli.ts reportError): its code, its message and hint with the
// run's credentials redacted, the located problems behind it and the warnings it carries; and the
// `--format json` error document made of it. One description, for the report and for the document
// and job summary a signal that quits the run leaves meanwhile (render/interrupted.ts), so they
// never differ.
import { withoutCredentials } from '../backends/registry.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { FailureCode, OtherFailureCode } from '../model/diagnostic-codes.js';
import { apartFromFix, carriedWarnings, UserError, type CarriedWarning } from '../util/errors.js';
import { errorJson } from './diagnostics.js';

/**
 * The BackendError kinds (backends/backend.ts BackendErrorKind) the run's configuration causes, so
 * the same run fails the same way until it changes: no endpoint or credentials (`config`), the
 * credentials refused (`auth`: 401/403, which the sources give one meaning, a key refused or
 * lacking a permission), an API the host no longer serves (`retired`). They are `config-error`;
 * every other failure of the host is `api-error`, which a retry may get past.
 */
const CONFIGURATION_KINDS: ReadonlySet<string> = new Set(['config', 'auth', 'retired']);

/** A failure as reported: every text in it without the run's credentials (withoutCredentials). */
export interface Failure {
  /** False for a bug (not a UserError nor a BackendError): said as an internal error. */
  known: boolean;
  /** True for a UserError: aac refused (bad input, a stale plan, a lock held), where the host or a bug failed. */
  refused: boolean;
  /** The failure's code: a UserError's own, `config-error` or `api-error` for the host, `internal-error` for a bug. */
  code: FailureCode | OtherFailureCode;
  /** The message as `Error: …` says it (a host's known fix taken out of it, said as the hint). */
  message: string;
  hint?: string;
  /** `message` as the error document says it: `internal error: …` for a bug. */
  shown: string;
  /** The located problems behind it (UserError.diagnostics). */
  diagnostics: readonly Diagnostic[];
  /** True when `diagnostics` is the failure itself, one place in a file (UserError.located). */
  located: boolean;
  /** The warnings it carries (util/errors.ts carryWarnings), when described. */
  warnings: readonly CarriedWarning[];
  /** A bug's stack trace (printed with AAC_STACK=1): its first line is the message, as thrown. */
  stack?: string;
}

/** `err` described as reported, redacted for the variables of `env` (the run's). */
export function failureOf(err: unknown, env: Record<string, string | undefined>): Failure {
  const known = err instanceof UserError || (err instanceof Error && err.name === 'BackendError');
  // A host's error whose fix is known ends with it (BackendError details.fix): said as its hint, once.
  const fix = known && !(err instanceof UserError) ? (err as { details?: { fix?: string } }).details?.fix : undefined;
  const whole = err instanceof Error ? err.message : String(err);
  const said = apartFromFix(whole, fix);
  // A message may quote data — a key, a file name, a did-you-mean — that holds a credential the
  // run was given: its value is never printed.
  const message = withoutCredentials(said, env);
  const rawHint = err instanceof UserError ? err.hint : said === whole ? undefined : fix;
  const code: Failure['code'] = !known ? 'internal-error' : err instanceof UserError ? err.code : CONFIGURATION_KINDS.has((err as { kind?: string }).kind ?? '') ? 'config-error' : 'api-error';
  return {
    known,
    refused: err instanceof UserError,
    code,
    message,
    ...(rawHint === undefined ? {} : { hint: withoutCredentials(rawHint, env) }),
    shown: known ? message : `internal error: ${message}`,
    diagnostics: err instanceof UserError ? withoutCredentials(err.diagnostics, env) : [],
    located: err instanceof UserError && err.located,
    warnings: withoutCredentials(carriedWarnings(err), env),
    ...(!known && err instanceof Error && err.stack !== undefined ? { stack: withoutCredentials(err.stack, env) } : {}),
  };
}

/** The `--format json` error document of `failure` (errorJson), `more` warnings after those it carries. */
export function failureJson(failure: Failure, more: readonly CarriedWarning[] = []): string {
  const { code, shown, hint } = failure;
  return errorJson(failure.located ? undefined : { code, message: shown, ...(hint === undefined ? {} : { hint }) }, failure.diagnostics, [...failure.warnings, ...more]);
}
