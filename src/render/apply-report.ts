// How an apply's outcomes are shown: one line per action, the closing line, the JSON document and
// the GitHub job summary. Pure functions of the report, so every format says the same thing.
import type { ActionKind } from '../model/plan.js';
import type { ResourceKind } from '../backends/backend.js';
import { oldVersions, painter, type Painter } from './format.js';
import { plural } from '../util/words.js';
import { sanitize } from '../util/invisible.js';
import { BARE_NEXT, errorText, STOP_CAUSE, type ActionOutcome, type ApplyReport, type NextCommands, type Stop } from '../apply/outcome.js';
import type { MarkdownRoom } from '../util/github.js';
import { code, fenceFor, runWarningsBlock, withoutHtmlComments } from './markdown.js';
import { ALIKE_APART, alikeGroups, wrapped } from './alike.js';
import { codeSpan } from '../util/code-span.js';
import { apartFromFix, type CarriedWarning } from '../util/errors.js';
import type { RunWarning } from '../model/diagnostic.js';
import type { Failure } from './failure.js';

/**
 * 1.1 added `summary.unreachable`; 1.2 `outcomes[].deleted_versions` and `summary.deleted_versions`;
 * 1.3 `summary.stopped` (why apply stopped starting actions: the host unreachable or the
 * credentials refused) and `outcomes[].fix` (what to change before running again); 1.4
 * `summary.cancelled` (the confirmation was answered no: nothing was applied); 1.5 the outcome
 * status `unknown` and `summary.unknown` (a write sent whose answer was lost and could not be
 * checked: it may have been made), `summary.modified_with_old_versions_left` (a failed update
 * whose new version was made now counts in `modified` too), and `outcomes[].version` (the version
 * a create or update made); 1.6 the stop cause `lock-removed` (the run's lock was removed by
 * someone else, so no more writes were started); 1.7 `outcomes[].existed` (true for a create whose
 * resource existed already: its version was added to it, e.g. made by a concurrent apply of this
 * namespace with another definition); 1.8 `applied_already` and `summary.applied_already` (a
 * saved plan applied again: its changes an earlier apply of it made already, not made again); 1.9
 * `outcomes[].gone_versions` and `summary.gone_versions` (old versions to delete found gone already,
 * deleted by another run: before, they were counted in `deleted_versions`); 1.10 `warnings`
 * (what is to know of the run beside its outcomes: `lock-left`, the run's lock it could not remove);
 * 1.11 `outcomes[].copies_differ` (a create beside live copies of its key that differ: their ids
 * and the `id:` choice to make, which the next plan refuses the key without); 1.12 the stop cause
 * `permission` (403: the host took the credentials and did not allow a request; `credentials` is
 * now only their refusal, 401).
 * The document's JSON Schema, schema/output/apply-report.schema.json, says each bump too (test/output-schemas).
 */
const APPLY_FORMAT_VERSION = '1.12';

const PLAIN = painter(false);
const SYMBOL: Record<ActionKind, string> = { create: '+', update: '~', delete: '-', 'no-op': ' ' };
const DONE: Record<ActionKind, string> = { create: 'created', update: 'modified', delete: 'deleted', 'no-op': 'unchanged' };
const COLOUR: Record<ActionKind, keyof Painter> = { create: 'green', update: 'yellow', delete: 'red', 'no-op': 'dim' };

/**
 * What an action did, as a line (`modified billing-support (version 7)`) and the job summary's
 * table, whose own column holds the id (`withId` false: `modified (version 7)`), say it; `q` shows
 * what is the host's (an id, the versions): as it is in text, in code in markdown.
 */
function doneWords(o: ActionOutcome, withId = true, q: (text: string) => string = sanitize): string {
  const id = o.id && withId ? ` ${q(o.id)}` : '';
  // The old versions deleted, then those found gone already (deleted by another run since the plan).
  const versions = ([[o.deletedVersions ?? [], 'deleted'], [o.goneVersions ?? [], 'already gone']] as const)
    .filter(([list]) => list.length > 0)
    .map(([list, how]) => `old ${plural(list.length, 'version', 'versions')} ${list.map(q).join(', ')} ${how}`)
    .join('; ');
  // An update that only let old versions go (retain_versions) made nothing: it is not "modified".
  if (o.action === 'update' && o.version === undefined && versions !== '') return `${versions}${id ? ` from${id}` : ''}`;
  const made = o.version !== undefined ? ` (version ${q(o.version)}${o.existed ? ` — ${o.existed}` : ''})` : '';
  // Kept, not made by this run: its warning says how it met the other apply.
  if (o.concurrent) return `created by a concurrent apply:${id}${made}`;
  return `${DONE[o.action]}${id}${made}${versions !== '' ? `; ${versions}` : ''}`;
}

/**
 * `+ support/billing: created asst_…`, `~ billing: modified billing-support (version 7); old
 * version 5 deleted`, `! faq (asst_…): create failed: …` (without the fix the error ends with,
 * which the report's next steps say: failedWhy), with the warnings indented below it.
 */
export function outcomeLines(o: ActionOutcome, paint: Painter = PLAIN): string[] {
  const key = sanitize(o.key);
  const id = o.id ? sanitize(o.id) : null;
  const on = id ? ` (${id})` : '';
  // A failure's fix is said once, in the report's next steps (nextSteps), not in its line as it happens.
  const error = sanitize(o.status === 'failed' ? failedWhy(o) : o.error ?? '');
  let head: string;
  if (o.status === 'ok') head = paint[COLOUR[o.action]](`${SYMBOL[o.action]} ${key}: ${doneWords(o)}`);
  else if (o.status === 'failed') head = paint.red(`! ${key}${on}: ${o.action} failed: ${error}`);
  else if (o.status === 'unknown') head = paint.red(`? ${key}${on}: ${o.action} outcome unknown: ${error}`);
  else head = `. ${key}${on}: ${o.action} skipped (${error})`;
  return [head, ...o.warnings.map((w) => paint.yellow(`    warning: ${sanitize(w)}`))];
}

/** Every action of the plan was made: nothing failed, was refused or was left undone. */
export function succeeded(r: ApplyReport): boolean {
  return r.failed === 0 && r.skipped === 0 && r.unknown === 0;
}

/** Whether the actions skipped are ones left undone (interrupted, apply stopped), not ones refused. */
function leftUndone(r: ApplyReport): boolean {
  return r.interrupted || r.stopped !== null;
}

/**
 * `Apply complete: 1 created, 2 modified, 0 deleted.`, `Apply failed: …, 1 failed.`, or
 * `Apply stopped: …, 1 outcome unknown, 3 not started.` when the host could not be reached or refused the
 * credentials (a write sent whose answer was lost and not read back is of unknown outcome); old versions deleted
 * (`retain_versions:`) follow the resources deleted (`0 deleted, 2 old versions deleted`).
 */
export function closingLine(r: ApplyReport): string {
  const partly = r.modifiedPartly > 0 ? ` (${r.modifiedPartly} with old versions left to delete)` : '';
  const counts = [`${r.created} created`, `${r.modified} modified${partly}`, `${r.deleted} deleted`];
  if (r.deletedVersions > 0) counts.push(`${oldVersions(r.deletedVersions)} deleted`);
  if (r.goneVersions > 0) counts.push(`${oldVersions(r.goneVersions)} already gone`);
  if (r.concurrent > 0) counts.push(`${r.concurrent} created by a concurrent apply`);
  if (r.failed > 0) counts.push(`${r.failed} failed`);
  if (r.unknown > 0) counts.push(`${r.unknown} outcome unknown`);
  if (r.skipped > 0) counts.push(leftUndone(r) ? `${r.skipped} not started` : `${r.skipped} skipped`);
  const verdict = r.interrupted ? 'Apply interrupted' : r.stopped !== null ? 'Apply stopped' : r.failed + r.skipped + r.unknown > 0 ? 'Apply failed' : 'Apply complete';
  return `${verdict}: ${counts.join(', ')}.`;
}

/** What an earlier apply of the same saved plan had made, which this one did not make again (ApplyReport.appliedAlready); null when nothing. */
function alreadyLine(r: ApplyReport): string | null {
  const n = r.appliedAlready.length;
  return n === 0 ? null : `${n} more ${plural(n, 'change', 'changes')} of the plan ${plural(n, 'was', 'were')} applied already, by an earlier run of it, and not made again.`;
}

/**
 * Why an apply stopped starting actions, once: the host's error, shown by `q` (as it is in text, in
 * code in markdown), without its fix, which fixLine says on a line of its own (errors.ts apartFromFix).
 */
function stoppedLine(r: ApplyReport, q: (text: string) => string = sanitize): string | null {
  return r.stopped === null ? null : `Stopped, as ${STOP_CAUSE[r.stopped.cause]}: ${q(apartFromFix(r.stopped.error, r.stopped.fix))}`;
}

/** `To fix: …`, what to change before running again, as its own line under the stop (`bold` its label); null when waiting is the cure. */
function fixLine(r: ApplyReport, q: (text: string) => string = sanitize, bold = (label: string) => label): string | null {
  return r.stopped?.fix === undefined ? null : `${bold('To fix:')} ${q(r.stopped.fix)}`;
}

/**
 * A failed outcome's error without the fix it ends with, when it has one: the next steps list
 * each such fix under "would be refused the same way until…" (nextSteps), so a reader meets it
 * once (errors.ts apartFromFix). The JSON document keeps the error whole, beside its `fix`.
 */
const failedWhy = (o: ActionOutcome) => apartFromFix(o.error ?? '', o.fix);

/** The commands to run after an apply that did not finish. */
const finish = (next: NextCommands) => `run ${codeSpan(next.plan)} to see what is left, and ${codeSpan(next.apply)} again to finish`;
/** The same for a saved plan (NextCommands.saved): the plan applied again, which makes only what it has left. */
const finishSaved = (next: NextCommands) =>
  next.saved === 'github-actions' ? 're-run this job ("Re-run failed jobs"): it applies the same reviewed plan again' : `run ${codeSpan(next.apply)} again`;
const RESUMES = "it makes only the plan's changes not made yet, and is refused if anything else changed since";
/** When running again can get past a stop. */
const ONCE: Record<Stop['cause'], string> = {
  unreachable: 'once the host can be reached',
  credentials: 'once the host takes the credentials',
  // The stop's fix (JSON `fix`) says which credentials; the error above, what was not allowed.
  permission: 'once the credentials have the permission the host did not allow',
  'lock-removed': 'once no other run is applying this namespace',
};
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What to do after an apply that did not finish, as every view says it (nextSteps). */
interface NextSteps {
  /** The failures running again would meet again (each with its `fix`), and the sentence that leads their list; none: no lead. */
  refused: ActionOutcome[];
  lead: string | null;
  /** The last sentence: run plan and apply again (once a stop is over). */
  last: string;
}

/**
 * What to do after an apply that did not finish, saying only what is true of this report: what
 * each failure that would be refused again needs changed first (its `fix`), what a stop waits
 * for, and that running again converges only where nothing would be refused again. Null when it
 * finished. Of a saved plan (NextCommands.saved), running again is applying that plan again, and
 * a fix (a change to the definitions) needs a new plan, reviewed: never an unreviewed fresh apply.
 */
function nextSteps(r: ApplyReport, next: NextCommands): NextSteps | null {
  if (succeeded(r)) return null;
  const FINISH = next.saved ? finishSaved(next) : finish(next);
  const refused = r.outcomes.filter((o) => o.status === 'failed' && o.fix !== undefined);
  const stop = r.stopped;
  // A stop's error, said above, names what to check (the credentials' variables).
  const once = stop === null ? null : ONCE[stop.cause];
  const converges = next.saved ? RESUMES : 'it converges from any partial state';
  if (refused.length === 0) return { refused, lead: null, last: `${capital(once ? `${once}, ${FINISH}` : FINISH)}: ${converges}.` };
  const again = next.saved === 'github-actions' ? 'Re-running this job' : `Running ${codeSpan(next.apply)} again`;
  const afterFix = next.saved === 'github-actions'
    ? 'Then change the definitions in a pull request: its reviewed plan is applied on merge (or run the apply workflow with replan).'
    : `Then make a new plan with ${codeSpan(next.plan)}, review it, and apply that.`;
  return {
    refused,
    lead: `${again} would be refused the same way until ${refused.length === 1 ? 'this is' : 'these are'} changed:`,
    last: next.saved ? afterFix : `Then${once ? `, ${once},` : ''} ${FINISH}.`,
  };
}

/** The next steps as lines, each refused action drawn by `item`, at most `max` of them, with `gap` around their list. */
function nextStepLines(steps: NextSteps | null, item: (o: ActionOutcome) => string, { gap, max }: { gap: string[]; max: number }): string[] {
  if (steps === null) return [];
  if (steps.lead === null) return [steps.last];
  const more = steps.refused.length - max;
  const items = [...steps.refused.slice(0, max).map(item), ...(more > 0 ? [`…and ${more} more; the job log lists every one.`] : [])];
  return [steps.lead, ...gap, ...items, ...gap, steps.last];
}

/**
 * The closing line, then what failed with the API's message and, after an interrupt, what was not
 * done. `next`: the commands it suggests (commands/suggest.ts nextCommands).
 */
export function summaryText(r: ApplyReport, paint: Painter = PLAIN, next: NextCommands = BARE_NEXT): string {
  const lines = [succeeded(r) ? closingLine(r) : paint.red(closingLine(r))];
  const already = alreadyLine(r);
  if (already) lines.push(already);
  const stopped = stoppedLine(r);
  if (stopped) lines.push(paint.red(stopped));
  const fix = fixLine(r);
  if (fix) lines.push(fix);
  const withId = (o: ActionOutcome) => `${sanitize(o.key)}${o.id ? ` (${sanitize(o.id)})` : ''}`;
  const error = (o: ActionOutcome) => o.error ?? '';
  const failed = r.outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) lines.push('', 'Failed:', ...alikeLines(failed, failedWhy, withId));
  const unknown = r.outcomes.filter((o) => o.status === 'unknown');
  if (unknown.length > 0) lines.push('', 'Outcome unknown:', ...alikeLines(unknown, error, withId));
  const skipped = r.outcomes.filter((o) => o.status === 'skipped');
  if (skipped.length > 0) lines.push('', leftUndone(r) ? 'Not done:' : 'Skipped:', ...alikeLines(skipped, error, (o) => sanitize(o.key)));
  if (r.settled.length > 0) {
    lines.push('', 'Concurrent applies:', ...r.settled.map((n) => `  ${sanitize(n)}`));
  }
  const steps = nextSteps(r, next);
  if (steps !== null) lines.push('', ...(steps.lead === null ? [] : [steps.lead, ...alikeLines(steps.refused, (o) => o.fix!, (o) => sanitize(o.key))]), steps.last);
  return `${lines.join('\n')}\n`;
}

const ACTIONS: Record<ActionKind, string> = { create: 'creates', update: 'updates', delete: 'deletes', 'no-op': 'no-ops' };

/**
 * The summary's list of `outcomes` (in their order), each said by `why` (its error, or its fix):
 * `  + support/billing (asst_…): why` a line each, except that more than ALIKE_APART of one action
 * said alike are one line, `  + 42 creates, each: why`, with every key (`key`, their id left to the
 * lines above and the JSON report) listed below it, wrapped (alike.ts).
 */
function alikeLines(outcomes: readonly ActionOutcome[], why: (o: ActionOutcome) => string, key: (o: ActionOutcome) => string): string[] {
  const lines: string[] = [];
  for (const group of alikeGroups(outcomes, (o) => `${o.action}\n${why(o)}`)) {
    const [first] = group as [ActionOutcome];
    const said = sanitize(why(first));
    if (group.length <= ALIKE_APART) {
      lines.push(...group.map((o) => `  ${SYMBOL[o.action]} ${key(o)}: ${said}`));
      continue;
    }
    lines.push(`  ${SYMBOL[first.action]} ${group.length} ${ACTIONS[first.action]}, each: ${said}`, ...wrapped(group.map((o) => sanitize(o.key)), '      '));
  }
  return lines;
}

/**
 * The `--format json` document of an apply: its outcomes and counts. `cancelled`: the question
 * was answered no, so nothing was applied (the report is empty), which stdout still says as JSON.
 * `warnings`: the run's own, beside its outcomes (a lock it could not remove), as said on stderr.
 */
export function applyJson(r: ApplyReport, { cancelled = false, next = BARE_NEXT, warnings = [] }: { cancelled?: boolean; next?: NextCommands; warnings?: readonly CarriedWarning[] } = {}): string {
  const doc = {
    format_version: APPLY_FORMAT_VERSION,
    // 1.10: the run's own warnings, beside its outcomes' (`lock-left`: its lock it could not remove); [] when none.
    warnings: warnings.map((w) => ({ code: w.code, message: w.message })),
    outcomes: r.outcomes.map((o) => ({
      key: o.key,
      id: o.id,
      action: o.action,
      status: o.status,
      // Whole, with the "run apply again" the text says once for all (ActionOutcome.again).
      error: errorText(o, next),
      warnings: o.warnings,
      // 1.3: what to change before running again, for a failure that would be refused again; absent otherwise.
      ...(o.fix ? { fix: o.fix } : {}),
      // 1.2: the old versions an update deleted (`retain_versions:`), as a plan's delete_versions; absent otherwise.
      ...(o.deletedVersions?.length ? { deleted_versions: o.deletedVersions } : {}),
      // 1.9: the old versions it was to delete that were found gone already (not in deleted_versions); absent when none.
      ...(o.goneVersions?.length ? { gone_versions: o.goneVersions } : {}),
      // 1.5: the version a create or update made (Foundry agents), as the host numbered it; absent otherwise.
      ...(o.version !== undefined ? { version: o.version } : {}),
      // 1.7: a create whose resource existed already (its version was added to it).
      ...(o.existed ? { existed: true } : {}),
      // 1.11: a create beside live copies of its key that differ, none deleted: their ids, and the choice to make.
      ...(o.copiesDiffer ? { copies_differ: { others: o.copiesDiffer.others, fix: o.copiesDiffer.fix } } : {}),
    })),
    // 1.8: a saved plan's changes that an earlier apply of it made already, not made again.
    applied_already: r.appliedAlready.map((c) => ({ key: c.key, id: c.id, action: c.action })),
    summary: {
      created: r.created,
      // 1.5: creates found made, as planned, by a concurrent apply, or whose own copy was deleted as the extra one (not in `created`).
      created_by_concurrent_apply: r.concurrent,
      modified: r.modified,
      // 1.5: of `modified`, the updates that made their new version and then failed deleting old versions (counted in `failed` too), or whose delete of one is of unknown outcome (in `unknown` too).
      modified_with_old_versions_left: r.modifiedPartly,
      deleted: r.deleted,
      deleted_versions: r.deletedVersions,
      // 1.9: old versions to delete that were found gone already, deleted by another run (not in deleted_versions).
      gone_versions: r.goneVersions,
      // 1.8: how many changes applied_already lists.
      applied_already: r.appliedAlready.length,
      failed: r.failed,
      skipped: r.skipped,
      // 1.5: writes sent whose answer was lost and could not be checked (status `unknown`): they may have been made.
      unknown: r.unknown,
      interrupted: r.interrupted,
      // 1.4: the confirmation was answered no; nothing was applied.
      cancelled,
      // 1.1's reading, kept: the error when the host could not be reached, else null (a stop for refused credentials included).
      unreachable: r.stopped?.cause === 'unreachable' ? r.stopped.error : null,
      // 1.3: why apply stopped starting actions, or null.
      stopped: r.stopped === null ? null : { cause: r.stopped.cause, error: r.stopped.error, fix: r.stopped.fix ?? null },
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The job summary lists at most this many rows (a table to read, not the log), fewer when they do not fit its room. */
const MAX_ROWS = 300;

/**
 * Text that is not aac's (a key, an id, a version, the host's message, a warning or fix quoting
 * them) in markdown: on one line, in a code span (markdown.ts code: sanitized, its fence longer
 * than any run of backticks in it), where nothing formats, links or pings (`*`, `_`, `<b>`,
 * `@team`, `#12`) and `&`, `<` and `>` show as they are; no `<!--` (markdown.ts withoutHtmlComments),
 * which a search for the Action's markers (`<!-- aac-apply -->`) would find in the raw text.
 */
function inlineCode(text: string): string {
  return withoutHtmlComments(code(text.replace(/\r?\n/g, ' ')));
}

/**
 * inlineCode for a table cell. GitHub Flavored Markdown splits a row at every `|` not escaped as
 * `\|`, inside a code span too, and shows the `\|` as `|` there (the spec's Tables extension:
 * "include a pipe in a cell's content by escaping it, including inside other inline spans"); an
 * entity is not decoded in a code span, so nothing else is escaped. A backslash pair is an escape
 * too: an odd run of them before a `|` would escape the escape and split the cell, so such a run
 * gets one more, and shows one backslash more than the text holds.
 */
function cellCode(text: string): string {
  return inlineCode(text).replace(/(\\*)\|/g, (_, run: string) => `${run}${run.length % 2 === 1 ? '\\' : ''}\\|`);
}

/** What needs a reader's attention first, so the row cap never hides a failure. */
function attention(o: ActionOutcome): number {
  return o.status === 'failed' || o.status === 'unknown' ? 0 : o.status === 'skipped' ? 1 : o.warnings.length > 0 ? 2 : 3;
}

/**
 * `**⚠️ 1 key needs `id:` to choose among copies that differ; the next plan refuses it until then:**`
 * and each create that stands beside live copies of its key that differ (ActionOutcome.copiesDiffer),
 * by key, with its warning: the apply went through, so nothing else in the summary says a person
 * must act, and a row's note is read only by one who reads the table. At most MAX_ROWS, as the steps.
 */
function copiesBlock(r: ApplyReport): string[] {
  const torn = r.outcomes.filter((o) => o.copiesDiffer !== undefined);
  const n = torn.length;
  if (n === 0) return [];
  const more = n - MAX_ROWS;
  return [
    `**⚠️ ${n} ${plural(n, 'key needs', 'keys need')} \`id:\` to choose among copies that differ; the next plan refuses ${plural(n, 'it', 'them')} until then:**`,
    '',
    ...torn.slice(0, MAX_ROWS).map((o) => `- ${inlineCode(o.key)}: ${inlineCode(o.copiesDiffer!.warning)}`),
    ...(more > 0 ? [`…and ${more} more; the job log lists every one.`] : []),
    '',
  ];
}

/**
 * The job summary: the closing line, the run's `warnings` (applyJson's) and `runWarnings` (of what
 * it was given: a `--target` glob that is also a key, listed as a plan's comment lists them), then
 * a stop with its fix on a line of its own, then the keys whose copies differ (copiesBlock), then
 * a table of outcomes, its column named by the kind's noun (`nouns.one`), with as many rows as fit
 * `room` (a failed write may quote a long answer), then what to do next, as the text says it.
 * `next`: as summaryText's.
 */
export function applyMarkdown(
  r: ApplyReport,
  nouns: ResourceKind['nouns'],
  room: MarkdownRoom,
  { next = BARE_NEXT, warnings = [], runWarnings = [] }: { next?: NextCommands; warnings?: readonly CarriedWarning[]; runWarnings?: readonly RunWarning[] } = {},
): string {
  const ordered = [...r.outcomes].sort((a, b) => attention(a) - attention(b));
  const stopped = stoppedLine(r, inlineCode);
  // The stop's fix (which credentials, what to give them) is what a reader acts on: not left inside the error's text.
  const said = fixLine(r, inlineCode, (label) => `**${label}**`);
  const fix = said === null ? [] : [said, ''];
  const already = alreadyLine(r);
  // A lock left behind refuses the namespace's next runs until it expires: said under the closing line, whatever else happened.
  const left = warnings.flatMap((w) => [`**⚠️ Warning:** ${inlineCode(w.message)}`, '']);
  const head = [`### aac apply`, '', `**${closingLine(r)}**`, '', ...left, ...runWarningsBlock(runWarnings), ...(already ? [already, ''] : []), ...(stopped ? [stopped, '', ...fix] : []), ...copiesBlock(r)];
  const table = [`| | ${nouns.one} | id | result |`, '|---|---|---|---|'];
  const moreLines = (more: number) => (more > 0 ? ['', `…and ${more} more; the job log lists every action.`] : []);
  // The sentences are aac's own, with commands in code spans; a key and a fix (which quotes what is not aac's) in code.
  const steps = nextStepLines(nextSteps(r, next), (o) => `- ${codeSpan(SYMBOL[o.action])} ${inlineCode(o.key)}: ${inlineCode(o.fix!)}`, { gap: [''], max: MAX_ROWS });
  const tail = steps.length > 0 ? ['', ...steps] : [];
  // Lines are joined by '\n' and the text ends with one: each line measures itself and one more.
  const size = (lines: string[]) => lines.reduce((n, line) => n + room.measure(line) + 1, 0);
  let used = size([...head, ...table, ...moreLines(r.outcomes.length), ...tail]);
  const rows: string[] = [];
  for (const o of ordered.slice(0, MAX_ROWS)) {
    const error = o.error ? cellCode(o.error) : '';
    const result =
      o.status === 'ok' ? doneWords(o, false, cellCode) : o.status === 'failed' ? `**failed**: ${cellCode(failedWhy(o))}` : o.status === 'unknown' ? `**outcome unknown**: ${error}` : `skipped: ${error}`;
    const notes = o.warnings.map((w) => `<br>⚠️ ${cellCode(w)}`).join('');
    const row = `| ${codeSpan(SYMBOL[o.action])} | ${cellCode(o.key)} | ${o.id ? cellCode(o.id) : ''} | ${result}${notes} |`;
    used += size([row]);
    if (used > room.maxChars) break;
    rows.push(row);
  }
  return [...head, ...(rows.length > 0 ? [...table, ...rows] : []), ...moreLines(r.outcomes.length - rows.length), ...tail, ''].join('\n');
}

/**
 * The job summary of an apply that ended in an error, before any write (a refusal, the host not
 * reached, bad input): `### aac apply`, a line a reader (and the Action, which shows it on the pull
 * request) finds the failure's stable code in — `**⛔ Refused (`plan-stale`)**` for a refusal (a
 * UserError, util/errors.ts FailureCode), `**❌ Failed (`api-error`)**` otherwise; a failure that
 * is one place in a file, by that place's code — then the message as stderr has it (`shown`), in a
 * text block no line of it can close, and with no HTML comment opening (it quotes keys and live
 * text), then the hint as `**To fix:**` and a code span on a line of its own. `f` is redacted
 * (failureOf).
 */
export function applyFailureMarkdown(f: Failure): string {
  const located = f.located ? f.diagnostics[0]?.code : undefined;
  const lines = withoutHtmlComments(`Error: ${f.shown}`).split('\n');
  const fence = fenceFor(lines);
  const code = codeSpan(located ?? f.code);
  const verdict = f.refused ? `⛔ Refused (${code})` : `❌ Failed (${code})`;
  // The hint is what a reader acts on: its own line, as a stop's fix is in the report's summary.
  const fix = f.hint ? [`**To fix:** ${inlineCode(f.hint)}`, ''] : [];
  return [`### aac apply`, '', `**${verdict}**`, '', `${fence}text`, ...lines, fence, '', ...fix].join('\n');
}
