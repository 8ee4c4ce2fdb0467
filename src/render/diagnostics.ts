// Diagnostics for people (`file:line:col: error: message [path]`, the compiler convention editors
// and terminals link) and for programs (the versioned JSON document of `aac validate --format json`).
import { placeText, type Diagnostic, type RunWarning } from '../model/diagnostic.js';
import { painter, type Painter } from './format.js';
import { plural } from '../util/words.js';
import { sanitize } from '../util/invisible.js';
import type { CarriedWarning } from '../util/errors.js';
import type { FailureCode, OtherFailureCode } from '../model/diagnostic-codes.js';
import { formatCount } from '../util/value-text.js';
import { groupAlike, wrapped } from './alike.js';
import { PATH_SHOWN, shortened } from '../yaml/path-text.js';

/**
 * Readers accept any 1.x; a change that breaks them bumps the major. The document's JSON Schema,
 * schema/output/diagnostics.schema.json, says each bump too (test/output-schemas).
 */
export const DIAGNOSTICS_FORMAT_VERSION = '1.1';

function counts(diags: readonly Diagnostic[]): { errors: number; warnings: number } {
  const errors = diags.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diags.length - errors };
}

/** A warning of the run (RunWarning) as `Warning: message`, its hint on an indented line below: as stderr and a plan's comment say it. */
export function runWarningLines(w: RunWarning): string[] {
  return [`Warning: ${sanitize(w.message)}`, `  ${sanitize(w.hint)}`];
}

/** One diagnostic as `file:line:col: warning: message [path]`, its hint on an indented line below. */
export function diagnosticLines(d: Diagnostic, opts: { color: boolean }): string[] {
  const p = painter(opts.color);
  const severity = d.severity === 'error' ? p.red('error') : p.yellow('warning');
  const path = d.path ? ` ${p.dim(`[${shownPath(d.path)}]`)}` : '';
  const lines = [`${sanitize(placeText(d.location))}: ${severity}: ${sanitize(d.message)}${path}`];
  if (d.hint) lines.push(`  ${p.dim('hint:')} ${sanitize(d.hint)}`);
  return lines;
}

/**
 * One line per diagnostic, its hint indented below, then `2 errors, 1 warning.`; '' for none. One
 * problem in more than ALIKE_APART places (sameText: all its text but the place the same, one
 * mistake copied into a fleet of files) is said once, whole at its first place, with the places
 * after it listed below: an error's first few (morePlaces), a warning's every one with its field
 * (morePlacesOfWarning). Each is still counted. `--format json` keeps one entry a place.
 */
export function renderDiagnosticsText(diags: Diagnostic[], opts: { color: boolean }): string {
  if (diags.length === 0) return '';
  const p = painter(opts.color);
  const lines = groupAlike(diags, sameText).flatMap(([first, ...more]) => [
    ...diagnosticLines(first!, opts),
    ...(first!.severity === 'warning' ? morePlacesOfWarning(more, p) : morePlaces(more, p)),
  ]);
  const { errors, warnings } = counts(diags);
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} ${plural(errors, 'error', 'errors')}`);
  if (warnings > 0) parts.push(`${warnings} ${plural(warnings, 'warning', 'warnings')}`);
  lines.push(`${parts.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

/**
 * What makes problems in different places one entry of a list of them: all that the text says of
 * them but the place (severity, code, message, hint), so that an entry hides no word the others
 * say: a hint naming the file's own value (windows-name's `key: "a:b"` to keep the key), a message
 * naming its own model, are read at each place. An error's field is part of it, as its other
 * places are listed without theirs (morePlaces); a warning's are listed with theirs (warningPlaces).
 */
export function sameText(d: Diagnostic): string {
  return JSON.stringify([d.severity, d.code, d.severity === 'error' ? d.path : null, d.message, d.hint ?? null]);
}

/** `the same in 12 more places (empty-metadata-value)`: what follows the first of a warning said alike (sameText), `more` after it. */
export function sameElsewhere(more: readonly Diagnostic[]): string {
  return `the same in ${formatCount(more.length)} more ${plural(more.length, 'place', 'places')} (${sanitize(more[0]!.code)})`;
}

/** Each diagnostic's place and field, `agents/b.yaml:3:5 [metadata.team]`, wrapped (alike.ts) after `indent`: every one, so each file stays findable. */
export function warningPlaces(diags: readonly Diagnostic[], indent: string): string[] {
  return wrapped(diags.map((d) => `${sanitize(placeText(d.location))}${d.path ? ` [${shownPath(d.path)}]` : ''}`), indent);
}

/** A diagnostic's field path as a line shows it: cut after PATH_SHOWN characters, whatever made it (yaml/path-text.ts formatPath cuts each long key already). */
function shownPath(path: string): string {
  return sanitize(shortened(path, PATH_SHOWN));
}

/** `  the same in 12 more places (code):` and every place (warningPlaces); none for none. */
function morePlacesOfWarning(more: readonly Diagnostic[], p: Painter): string[] {
  if (more.length === 0) return [];
  return [`  ${p.dim(`${sameElsewhere(more)}:`)}`, ...warningPlaces(more, '    ')];
}

/** How many places after the first of one mistake are listed by name; the others are counted. */
const PLACES_SHOWN = 5;

/**
 * `  the same in 2,999 more places:`, the first PLACES_SHOWN of `more` a line each
 * (`    agents/b.yaml:3:1`), then `    …and 2,994 more (--format json lists every one)`; none for none.
 */
function morePlaces(more: readonly Diagnostic[], p: Painter): string[] {
  if (more.length === 0) return [];
  const shown = more.slice(0, PLACES_SHOWN).map((d) => `    ${sanitize(placeText(d.location))}`);
  const rest = more.length - shown.length;
  return [
    `  ${p.dim(`the same in ${formatCount(more.length)} more ${plural(more.length, 'place', 'places')}:`)}`,
    ...shown,
    ...(rest > 0 ? [`    ${p.dim(`…and ${formatCount(rest)} more (--format json lists every one)`)}`] : []),
  ];
}

/**
 * One diagnostic as the JSON document holds it. Its texts quote what is not aac's (a YAML key, a
 * file name, a value): escaped as the text output prints them (util/invisible.ts sanitize), since
 * JSON leaves a right-to-left override and the C1 controls as they are, and a job that posts them
 * must not pass on a reordered line. A JSON reader gets the escape as text (`\u202e`, six
 * characters), as it does from import's and migrate's reports.
 */
function diagnosticJson(d: Diagnostic) {
  return {
    severity: d.severity,
    code: d.code,
    file: sanitize(d.location.file),
    // A directory has neither (README: as a failure's).
    line: d.location.line ?? null,
    column: d.location.column ?? null,
    path: sanitize(d.path),
    message: sanitize(d.message),
    hint: d.hint === undefined ? null : sanitize(d.hint),
  };
}

/**
 * What a validation covered: the definitions found (`found`, valid or not) and those valid in every
 * environment checked (`valid`), as validate's closing line counts them (`1 of 2 definitions
 * valid`), and the provider they were checked for; `definitions` null when a failure came first,
 * and `provider` null as well when that is not one provider asked for (see `aac validate`).
 */
export interface Checked {
  definitions: { found: number; valid: number } | null;
  provider: string | null;
}

/** The `--format json` document: stable field names, flat locations, counts for quick checks. */
export function diagnosticsJson(diags: readonly Diagnostic[], checked: Checked): object {
  const { errors, warnings } = counts(diags);
  return {
    format_version: DIAGNOSTICS_FORMAT_VERSION,
    valid: errors === 0,
    error_count: errors,
    warning_count: warnings,
    diagnostics: diags.map(diagnosticJson),
    // 1.0's one count, kept for its readers: the valid ones, which the name did not say.
    definitions: checked.definitions?.valid ?? null,
    definition_count: checked.definitions?.found ?? null,
    valid_definition_count: checked.definitions?.valid ?? null,
    provider: checked.provider,
  };
}

/**
 * A failed command under `--format json` (as `terraform -json`): the same document as validate's,
 * `valid: false`, the located problems behind the failure first, then the failure itself with
 * `file`, `line` and `column` null. `code` is a FailureCode (util/errors.ts: `error` for bad input,
 * a refusal's own, `config-error`, `api-error` for the host, `internal-error` for a bug). No `failure`: the failure is one place in a file, the one
 * diagnostic in `diags` (UserError.at). `carried`: the warnings the failure carries (util/errors.ts
 * carryWarnings), unplaced as the failure is, before it.
 */
export function errorJson(failure: { code: FailureCode | OtherFailureCode; message: string; hint?: string } | undefined, diags: readonly Diagnostic[], carried: readonly CarriedWarning[] = []): string {
  // The keys of validate's document, so a reader of it needs no second shape; nothing was counted.
  const doc = diagnosticsJson(diags, { definitions: null, provider: null }) as { diagnostics: object[] };
  const { errors, warnings } = counts(diags);
  const unplaced = { file: null, line: null, column: null, path: '' };
  const notes = carried.map((w) => ({ severity: 'warning', code: w.code, ...unplaced, message: w.message, hint: null }));
  const entries = failure ? [{ severity: 'error', code: failure.code, ...unplaced, message: failure.message, hint: failure.hint ?? null }] : [];
  return `${JSON.stringify({ ...doc, valid: false, error_count: errors + entries.length, warning_count: warnings + notes.length, diagnostics: [...doc.diagnostics, ...notes, ...entries] }, null, 2)}\n`;
}
