// A plan as one pull-request comment: the summary line first, where a reviewer sees it without
// clicking, then what disappears (deletes, by name, model and key) and the run's warnings, then one collapsed section per
// assistant with its changes as a ```diff block, and apart from those the assistants that differ
// from definitions the pull request does not touch (drift: merging reverts it). A comment has a
// hard size limit, and a plan split over several comments is a plan nobody reads in order, so this
// view shrinks itself instead: first the largest diffs are cut short, then, if even that is too
// much, only the names and the counts are left, with where to find the rest. A change made alike
// to more than a few (a fleet-wide edit: the same fields from the same values to the same values)
// is one section, open, its diff once and the keys it applies to listed after it, so the value that
// changes is what the comment shows first, however large the fleet.
import { versioned, type ResourceKind } from '../backends/backend.js';
import { valueAt } from '../model/json.js';
import type { Plan, PlanChange } from '../model/plan.js';
import { hasChanges } from '../model/plan.js';
import { describeChange, movedNote } from './field-diff.js';
import { defaultsText, foldServerDefaults, type ReviewEntry } from './server-defaults.js';
import { wordChange } from './word-diff.js';
import {
  actionWords,
  driftNote,
  foldLine,
  formatValuePair,
  alikePair,
  noChangesDetail,
  planLine,
  oldVersions,
  summaryNotes,
  pruneAdvice,
  likelyMoveNotes,
  unmarkedTwin,
  UNMARKED_TITLE,
  pinPlace,
  type PinPlace,
  unmarkedWords,
} from './format.js';
import { plural } from '../util/words.js';
import { formatCount, formatValue } from '../util/value-text.js';
import { planKind } from './plan-kind.js';
import { sanitize } from '../util/invisible.js';
import { GITHUB_COMMENT_LIMIT } from '../util/github.js';
import type { Diagnostic, RunWarning } from '../model/diagnostic.js';
import { diagnosticLines, runWarningLines, sameElsewhere, sameText, warningPlaces } from './diagnostics.js';
import { groupAlike, wrapped } from './alike.js';
import { yamlLine } from '../yaml/snippet.js';
import { adoptCommand } from './command-line.js';
import { codeSpan } from '../util/code-span.js';
import { NO_CHANGES } from '../plan/printed-view.js';

const VALUE_LIMIT = 500;
const LINE_LIMIT = 1_000;
const NEST = '  ';

export interface MarkdownOptions {
  /** The most the whole output may measure (default GITHUB_COMMENT_LIMIT). */
  maxChars?: number;
  /** How output is measured against maxChars: characters by default (a comment's limit), bytes for a job summary. */
  measure?: (text: string) => number;
  /** The options that chose the run's target (` --dir ws`: commands/suggest.ts runFlags), repeated by the `aac plan` a cut plan or a note suggests. */
  flags?: string;
  /**
   * The run's warnings (aac.yaml's, the definitions', the plan's: pipeline.ts planFromContext),
   * listed after the deletes with their places, so that a reviewer who reads only the comment sees
   * them; none for a saved plan shown again (a plan file keeps no warnings).
   */
  warnings?: readonly Diagnostic[];
  /**
   * The run's warnings of what it was given rather than of a file (RunWarning: a --target glob
   * that is also a key), listed first among `warnings`, as stderr says them.
   */
  runWarnings?: readonly RunWarning[];
}

interface Section {
  /** `<details><summary>…</summary>` and what stays however small the section gets. */
  head: string[];
  /** The diff, one part a field (its lines, long lines already folded), in order. */
  parts: Part[];
  /** The characters of every part's lines, each with its line break. */
  bodyChars: number;
  /** The change's line where its section is not drawn (nameLine, groupNameLine). */
  name: string;
  /** A group's keys (alike changes), in code spans, drawn after the diff and cut before it; none for one change. */
  keys: string[];
}

/** Changes one section shows: one change, or more than ALIKE_APART alike (groupChanges), and their diff entries. */
interface Unit {
  changes: [PlanChange, ...PlanChange[]];
  entries: ReviewEntry[];
}

/** The diff lines of one field (`path`), and their size with line breaks. */
interface Part {
  path: string;
  lines: string[];
  chars: number;
}

/**
 * A field's diff this size or smaller (a scalar's `-` and `+` line, a short value's) is never cut:
 * cutting it would hide the change itself (a temperature edit), and it costs little. Past the
 * budget, only larger ones are cut, each to its changed lines first.
 */
const SMALL_PART = 400;

export function renderPlanMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  const maxChars = opts.maxChars ?? GITHUB_COMMENT_LIMIT;
  const measure = opts.measure ?? ((text: string) => text.length);
  const changed = plan.changes.filter((c) => c.action !== 'no-op');
  // Changes marked drift (`--changed-files`) are shown in their own section; creates beside an
  // unmarked twin in another, as merging reverts nothing there.
  const twins = changed.filter((c) => c.drift && unmarkedTwin(c));
  const drift = changed.filter((c) => c.drift && !unmarkedTwin(c));
  const own = changed.filter((c) => !c.drift);
  const deletes = changed.filter((c) => c.action === 'delete');
  const kind = planKind(plan);
  const warnings = warningEntries(opts.runWarnings ?? [], opts.warnings ?? []);
  const warningCount = (opts.runWarnings?.length ?? 0) + (opts.warnings?.length ?? 0);
  const retired = versionLines(changed);
  const top = [
    ...summaryBlock(plan, drift.length, opts.flags ?? ''),
    ...deletesBlock(deletes.map((c) => deleteLine(c, kind)), kind.nouns),
    ...versionsBlock(retired, plan.summary.delete_versions),
    ...warningsBlock(warnings, warningCount),
  ];
  const ownUnits = groupChanges(own, kind);
  const driftUnits = groupChanges(drift, kind);
  const sections = ownUnits.map((u) => section(u, kind, drift));
  const driftSections = driftUnits.map((u) => section(u, kind, drift));
  const twinSections = twins.map((c) => section(alone(c, kind), kind, drift, { environment: plan.target.environment, overlays: plan.overlays }));
  const orphans = orphanBlock(plan.changes.filter((c) => c.orphan && c.action !== 'delete'), kind.nouns);
  // Said once, before the sections, when any diff is cut: where the whole plan is.
  const cutNote = [`Diffs longer than the room of one comment are cut (their changed lines first); ${wholePlan(opts.flags ?? '')}`, ''];
  const all = [...sections, ...twinSections, ...driftSections];
  /**
   * The first `drawn` sections (in the order shown) with their diffs cut to `cap` (drawSection;
   * 1 keeps only the small parts), and the others by name after them.
   */
  const compose = (cap: number, drawn = all.length) => {
    const draw = (list: Section[], from: number, head: string[]) => {
      const shown = list.slice(0, Math.max(0, drawn - from));
      return shown.length === 0 ? [] : [...head, ...shown.flatMap((s) => drawSection(s, cap))];
    };
    const rest = all.slice(drawn);
    return join([
      ...top,
      ...(rest.length > 0 || all.some((s) => s.bodyChars > cap) ? cutNote : []),
      ...draw(sections, 0, []),
      ...draw(twinSections, sections.length, twinHead(kind.nouns)),
      ...draw(driftSections, sections.length + twinSections.length, driftHead(kind.nouns)),
      ...(rest.length > 0 ? [`${formatCount(rest.length)} more ${plural(rest.length, 'change', 'changes')}, by name only:`, '', ...rest.map((s) => s.name), ''] : []),
      ...orphans,
    ]);
  };

  const largest = Math.max(0, ...all.map((s) => s.bodyChars));
  const full = compose(largest);
  if (measure(full) <= maxChars) return full;
  const fits = (text: string) => measure(text) <= maxChars;
  // The largest cap on each diff's size that fits: only diffs above it are cut, the largest first;
  // the small parts of every diff come with any cap above 0, so 1 is the first that shows them.
  if (fits(compose(1))) return compose(largestFitting(largest, (cap) => fits(compose(cap))));
  // When not even the small parts of every diff fit, the first sections are drawn with theirs, as
  // many as fit, and the others named in a line each: a reviewer reads whole changes at the top,
  // where one cut shared by all had shown no diff at all, and the comment grows with its room.
  if (fits(compose(1, 1))) return compose(1, largestFitting(all.length, (drawn) => fits(compose(1, drawn))));
  // The names by risk (byRisk), a group's line where its first change is, each with how many
  // changes marked drift it names.
  const unitOf = new Map([...ownUnits, ...driftUnits].flatMap((u) => u.changes.map((c) => [c, u] as const)));
  const marked = (changes: readonly PlanChange[]) => changes.filter((c) => drift.includes(c)).length;
  const names = byRisk(changed).flatMap((c): NameLine[] => {
    if (c.action === 'delete') return [];
    const unit = unitOf.get(c);
    if (unit === undefined || unit.changes.length === 1) return [{ line: nameLine(c, kind, drift), drift: marked([c]) }];
    return unit.changes[0] === c ? [{ line: groupNameLine(unit, kind, drift), drift: marked(unit.changes) }] : [];
  });
  return namesAndCounts(plan, drift.length, { retired, warnings, warningCount, names }, measure(full), { maxChars, measure, flags: opts.flags ?? '' });
}

/**
 * `changes` as their sections show them, in their order: more than ALIKE_APART alike (the same
 * action in the same words, and the same diff entries: every field path with the same values
 * before and after, alike.ts groupAlike) are one unit where the first of them is; every other
 * change, and every delete (each is a loss, named on its own), a unit alone. The entries are the
 * plan's values, already redacted (a secret's place shows `[redacted]` in each), so a group's one
 * diff shows what each of its changes shows.
 */
function groupChanges(changes: readonly PlanChange[], kind: ResourceKind): Unit[] {
  const entries = new Map(changes.map((c) => [c, alone(c, kind).entries]));
  const alike = (c: PlanChange) => (c.action === 'delete' ? undefined : JSON.stringify([c.action, actionWords(c, true, versioned(kind)), entries.get(c)]));
  return groupAlike(changes, alike).map((group) => {
    const [first, ...more] = group as [PlanChange, ...PlanChange[]];
    return { changes: [first, ...more], entries: entries.get(first)! };
  });
}

/** One change as its own unit. */
function alone(change: PlanChange, kind: ResourceKind): Unit {
  return { changes: [change], entries: foldServerDefaults(change.action, describeChange(change, kind)) };
}

/** The largest n from 0 to `most` that `fits` accepts (0 when it accepts none), for a `fits` that accepts every n below one it accepts. */
function largestFitting(most: number, fits: (n: number) => boolean): number {
  let lo = 0;
  let hi = most;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Where the lines a cut diff does not show are: what a reviewer on GitHub can open, or run. */
function wholePlan(flags: string): string {
  return `this job’s summary and its plan artifact have the whole plan, as ${code(`aac plan${flags}`)} shows it.`;
}

/**
 * The lines as the output, where no HTML comment can open: aac writes none, and one in text that is
 * not aac's (a live description, a key) would hide what follows on GitHub or pose as a marker that
 * the Action finds its sections of the comment by (`<!-- aac-apply -->`, `<!-- aac-env:NAME -->`).
 * Its `<` is shown as sanitize shows what is not text, `\u003c`. Every output passes here, so the
 * size is measured with it.
 */
function join(lines: string[]): string {
  return `${withoutHtmlComments(lines.join('\n').trimEnd())}\n`;
}

/** `text` with every `<!--` shown as `\u003c!--` (see join): for markdown that quotes text not aac's. */
export function withoutHtmlComments(text: string): string {
  return text.replace(/<!--/g, '\\u003c!--');
}

const DRIFT_TITLE = 'Changed outside aac: merging reverts these';
/** After the name of a change that reverts drift, where a cut-down comment lists names (nameNote). */
const DRIFT_MARK = 'changed outside aac';
const driftHead = ({ many }: Nouns): string[] => [
  `### ${DRIFT_TITLE}`,
  '',
  `These ${many} differ from definitions that this pull request does not change: they were edited ` +
    'outside aac (in a dashboard, by another tool) or an earlier apply did not finish. Merging applies ' +
    'their definitions again, which reverts those edits.',
  '',
];

/** Before the creates that would repeat a live resource with no marker (unmarkedTwin), which the pull request does not change. */
const twinHead = ({ one, many }: Nouns): string[] => [
  `### ${UNMARKED_TITLE}: merging creates a second ${one}`,
  '',
  `The definitions of these ${many}, which this pull request does not change, match a live ${one} that carries ` +
    `no aac marker: it was made outside aac, or its marker was removed in a dashboard or by another tool, which aac cannot tell apart. Merging reverts nothing here: it ` +
    `creates a second ${one} beside that one. To take it over instead, pin it with \`id:\` as each says.`,
  '',
];

type Nouns = ResourceKind['nouns'];

/** `Assistant`, for the start of a line. */
const capital = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)}`;

/**
 * The summary line, its notes and the target; `flags` as MarkdownOptions' (repeated by a note's
 * `aac plan`); `driftShown`, where the drift note sends the reader (the drift section, where there is one).
 */
function summaryBlock(plan: Plan, driftCount: number, flags: string, driftShown = `see *${DRIFT_TITLE}*`): string[] {
  const { summary } = plan;
  const { nouns } = planKind(plan);
  const first = hasChanges(plan) ? `**${planLine(summary)}**` : `**${NO_CHANGES}.** ${noChangesDetail(summary, nouns)}`;
  const notes = summaryNotes(summary, plan.prune, plan.targets, plan.legacy, nouns, plan, code, code, pruneAdvice(code));
  if (driftCount > 0) notes.push(driftNote(driftCount, nouns, 'this pull request does not change', driftShown));
  const lines = [first, ''];
  if (notes.length > 0) lines.push(notes.join(' '), '');
  // A create that repeats an orphan (a rename without `moved_from:`): said where the reviewer starts.
  for (const note of likelyMoveNotes(plan.changes, planKind(plan), (old) => adoptCommand(plan, old, flags), code, code, code, { environment: plan.target.environment, overlays: plan.overlays })) lines.push(`> **Note:** ${note}`, '');
  const environment = plan.target.environment === undefined ? '' : `environment ${code(plan.target.environment)}, `;
  lines.push(`Target: ${environment}namespace ${code(plan.target.namespace)}, ${code(plan.target.provider)} at ${code(plan.target.endpoint)}`, '');
  return lines;
}

/** `- `old/bot` — name `Old`, model `gpt-4o`, id `asst_…``: what disappears, as the reviewer knows it. */
function deleteLine(change: PlanChange, kind: ResourceKind): string {
  const before = change.before ?? undefined;
  const shownName = valueAt(before, kind.paths.name);
  const shownModel = valueAt(before, kind.paths.model);
  const name = typeof shownName === 'string' && shownName !== '' ? code(shownName) : '(no name)';
  const model = typeof shownModel === 'string' ? code(shownModel) : '(unknown)';
  return `- ${code(change.key)} — name ${name}, model ${model}, id ${code(change.id ?? '')}${versioned(kind) ? ', with all its versions' : ''}`;
}

function deletesBlock(lines: string[], nouns: Nouns, total = lines.length): string[] {
  if (total === 0) return [];
  return [
    `**⚠️ Applying this plan deletes ${formatCount(total)} ${plural(total, nouns.one, nouns.many)}:**`,
    '',
    ...lines,
    '',
  ];
}

/**
 * `- `billing` (`billing-support`): versions `1, 2``: the old versions each update deletes under
 * `retain_versions:` (PlanChange.deleteVersions), which go without --prune, so they are called out
 * beside the deletes rather than only in a collapsed section's title.
 */
function versionLines(changed: readonly PlanChange[]): string[] {
  return changed.flatMap((c) => {
    const old = c.deleteVersions ?? [];
    if (old.length === 0) return [];
    return [`- ${code(c.key)} (${code(c.id ?? '')}): ${plural(old.length, 'version', 'versions')} ${code(old.join(', '))}${unmarkedWords(c.deleteUnmarked ?? [], old.length, code)}`];
  });
}

/** `**⚠️ Applying this plan deletes 3 old versions** …` and `lines` (versionLines), of `total` old versions. */
function versionsBlock(lines: string[], total: number): string[] {
  if (total === 0) return [];
  return [`**⚠️ Applying this plan deletes ${oldVersions(total)}** (\`retain_versions\` in aac.yaml, with or without prune):`, '', ...lines, ''];
}

/**
 * An entry of the comment's warnings: one warning's lines as `aac validate` prints them
 * (`file:line:col: warning: message [field]`, its hint below), and `more`, the others said alike
 * (diagnostics.ts sameText: all but the place) when they are more than ALIKE_APART, listed by place after it.
 */
interface WarningEntry {
  lines: string[];
  more: Diagnostic[];
}

/** Places of one warning up to this many are listed in the text block, after its first warning; more are in a collapsed section of their own. */
const PLACES_OPEN = 10;

/**
 * The warnings as entries: the run's (`run`), then the diagnostics in their order, more than
 * ALIKE_APART said alike one entry where its first is.
 */
function warningEntries(run: readonly RunWarning[], warnings: readonly Diagnostic[]): WarningEntry[] {
  const fold = (lines: string[]) => lines.map((line) => foldLine(line, LINE_LIMIT));
  return [
    ...run.map((w) => ({ lines: fold(runWarningLines(w)), more: [] })),
    ...groupAlike(warnings, sameText).map(([first, ...more]) => ({ lines: fold(diagnosticLines(first!, { color: false })), more })),
  ];
}

/**
 * `**⚠️ 2 warnings:**` (of `total`) and the `entries` in text blocks, where nothing in them is
 * markdown: each one's lines, then for one said alike in many places how many more (`the same in
 * 37 more places (code)`) and each of them with its field, in the block when they are few (PLACES_OPEN), else in a
 * collapsed `<details>` after it, so the comment stays short and every file stays findable.
 */
function warningsBlock(entries: readonly WarningEntry[], total: number): string[] {
  if (total === 0) return [];
  const out = [`**⚠️ ${formatCount(total)} ${plural(total, 'warning', 'warnings')}:**`, ''];
  const block = (lines: string[]) => (lines.length === 0 ? [] : [`${fenceFor(lines)}text`, ...lines, fenceFor(lines), '']);
  let open: string[] = [];
  for (const { lines, more } of entries) {
    open.push(...lines);
    if (more.length === 0) continue;
    if (more.length <= PLACES_OPEN) {
      open.push(`  ${sameElsewhere(more)}:`, ...warningPlaces(more, '    '));
      continue;
    }
    open.push(`  ${sameElsewhere(more)}: listed below`);
    out.push(...block(open), `<details><summary>${sameElsewhere(more)}</summary>`, '', ...block(warningPlaces(more, '')), '</details>', '');
    open = [];
  }
  return [...out, ...block(open)];
}

/** The run's warnings of what it was given (RunWarning) as a plan's comment lists them (warningsBlock), for another command's summary: [] for none. */
export function runWarningsBlock(run: readonly RunWarning[]): string[] {
  return warningsBlock(warningEntries(run, []), run.length);
}

/** The entry that stands for `rest`, the warnings a cut list leaves out (`all`: every one): how many, and where they all are. */
function moreWarnings(rest: readonly WarningEntry[], all: boolean): WarningEntry {
  const n = rest.reduce((sum, e) => sum + 1 + e.more.length, 0);
  const what = all ? `${plural(n, 'It does', 'They do')} not fit in this comment` : `…and ${formatCount(n)} more ${plural(n, 'warning', 'warnings')}`;
  return { lines: [`${what} (aac plan prints every one)`], more: [] };
}

function section(unit: Unit, kind: ResourceKind, drift: readonly PlanChange[], pin: PinPlace = {}): Section {
  const [change] = unit.changes;
  const parts = unit.entries.map((entry): Part => {
    const lines: string[] = [];
    drawEntry(entry, '', lines);
    return { path: sanitize(entry.path), lines, chars: size(lines) };
  });
  const bodyChars = parts.reduce((n, p) => n + p.chars, 0);
  if (unit.changes.length > 1) {
    const keys = unit.changes.map((c) => code(c.key));
    const head = `${marker(change)} ${formatCount(keys.length)} ${kind.nouns.many}: the same change — ${actionWords(change, true, versioned(kind), htmlCode, htmlCode)}`;
    return { head: [`<details open><summary>${head}</summary>`, ''], parts, bodyChars: bodyChars + size(keyLines(keys, keys.length)), name: groupNameLine(unit, kind, drift), keys };
  }
  const twin = unmarkedTwin(change) ? change.likelyUnmarked : undefined;
  const where = twin !== undefined
    ? [`New ${kind.nouns.one} beside ${code(twin)}, which carries no marker: pin it with ${code(yamlLine('id', twin))}${pinPlace(change, pin, code, code)} to take it over instead`]
    : [change.id ? `${capital(kind.nouns.one)} ${code(change.id)}` : `New ${kind.nouns.one}`, ...(change.file ? [`defined in ${code(change.file)}`] : [])];
  return {
    head: [
      `<details><summary>${marker(change)} ${htmlCode(change.key)} — ${actionWords(change, true, versioned(kind), htmlCode, htmlCode)}</summary>`,
      '',
      where.join(', '),
      '',
    ],
    parts,
    bodyChars,
    name: nameLine(change, kind, drift),
    keys: [],
  };
}

/**
 * A group's keys after its diff: `To each of:` and the first `shown` of `keys` (at least one),
 * then `…and N more` for the others, wrapped (alike.ts) as one paragraph.
 */
function keyLines(keys: readonly string[], shown: number): string[] {
  const n = Math.max(1, shown);
  const rest = keys.length - n;
  return ['To each of:', ...wrapped([...keys.slice(0, n), ...(rest > 0 ? [`…and ${formatCount(rest)} more`] : [])], ''), ''];
}

/** Lines' characters, each with its line break. */
function size(lines: readonly string[]): number {
  return lines.reduce((n, line) => n + line.length + 1, 0);
}

function marker(change: PlanChange): string {
  return change.action === 'create' ? '+' : change.action === 'delete' ? '-' : '~';
}

/**
 * A section with its diff cut to about `cap` characters (at least 1), and a note naming what was
 * cut (where the whole plan is, the note before the sections says). Small parts (SMALL_PART) stay
 * whole whatever `cap` is; the larger ones share what is left of `cap`, in order, each showing
 * its changed lines before its context, and none shown as a header alone (it would read as no change).
 */
function drawSection(s: Section, cap: number): string[] {
  let room = cap;
  for (const p of s.parts) if (p.chars <= SMALL_PART) room -= p.chars;
  const kept: string[] = [];
  const cutFrom: Array<{ path: string; lines: number }> = [];
  for (const p of s.parts) {
    const shown = p.chars <= SMALL_PART || p.chars <= room ? p.lines : cutPart(p.lines, room);
    if (p.chars > SMALL_PART) room -= size(shown);
    kept.push(...shown);
    if (shown.length < p.lines.length) cutFrom.push({ path: p.path, lines: p.lines.length - shown.length });
  }
  const out = [...s.head];
  if (kept.length > 0) {
    const fence = fenceFor(kept);
    out.push(`${fence}diff`, ...kept, fence, '');
  }
  // A group's keys take what room the diff leaves, the first of them at least.
  if (s.keys.length > 0) {
    const fits = (n: number) => size(keyLines(s.keys, n)) <= room;
    out.push(...keyLines(s.keys, fits(s.keys.length) ? s.keys.length : largestFitting(s.keys.length - 1, fits)));
  }
  if (cutFrom.length > 0) {
    const cut = cutFrom.reduce((n, c) => n + c.lines, 0);
    const of = cutFrom.map((c) => code(c.path)).join(', ');
    out.push(`… ${formatCount(cut)} ${kept.length > 0 ? 'more ' : ''}${plural(cut, 'line', 'lines')} of ${of} not shown.`, '');
  }
  out.push('</details>', '');
  return out;
}

/**
 * The lines of one part that fit `room`: its first line (the field), its hunk headers and changed
 * (`-`/`+`) lines first, in order, then its context lines as room is left; in their own order.
 * None when not even one changed line fits (a header alone would read as no change).
 */
function cutPart(lines: readonly string[], room: number): string[] {
  const changed = (line: string, i: number) => i === 0 || line.startsWith('@@') || line.startsWith('+') || line.startsWith('-');
  const take = new Set<number>();
  let used = 0;
  for (const pass of [true, false]) {
    lines.forEach((line, i) => {
      if (take.has(i) || changed(line, i) !== pass || used + line.length + 1 > room) return;
      take.add(i);
      used += line.length + 1;
    });
    if (pass && !lines.some((line, i) => i > 0 && take.has(i) && (line.startsWith('+') || line.startsWith('-')))) return [];
  }
  return lines.filter((_, i) => take.has(i));
}

/**
 * Entries as diff lines: the marker in the first column (so GitHub colours the line), nesting
 * after it. A changed value is a `-`/`+` pair; a removed value shows what goes.
 */
function drawEntry(entry: ReviewEntry, indent: string, out: string[]): void {
  const path = sanitize(entry.path);
  const line = (m: string, text: string) => out.push(foldLine(`${m} ${indent}${text}`, LINE_LIMIT));
  switch (entry.kind) {
    case 'defaults':
      // A blank in the first column: what the server fills in is no change the author makes.
      line(' ', defaultsText(entry, (v) => formatValue(v, VALUE_LIMIT)));
      return;
    case 'value':
      line(entry.marker, `${path} = ${formatValue(entry.value, VALUE_LIMIT)}${entry.note ? ` (${entry.note})` : ''}`);
      return;
    case 'change': {
      const { before, after } = entry;
      const alike = alikePair(before, after, VALUE_LIMIT);
      if (alike) {
        line('-', `${path} = ${alike.before}`);
        line('+', `${path} = ${alike.after} (${alike.note})`);
        return;
      }
      const words = wordChange(before, after);
      if (words) {
        // A blank in the first column: the header line is not itself a change.
        line(' ', `${path}: ${words.header}`);
        for (const l of words.lines) line(l.marker, `${NEST}${sanitize(l.text)}`);
        return;
      }
      const [was, becomes] = formatValuePair(before, after, VALUE_LIMIT);
      line('-', `${path} = ${was}`);
      line('+', `${path} = ${becomes}${entry.note ? ` (${entry.note})` : ''}`);
      return;
    }
    case 'text':
      line(entry.marker === '~' ? ' ' : entry.marker, `${path}:${entry.note ? ` (${entry.note})` : ''}`);
      for (const l of entry.lines) {
        if (l.startsWith('@@') || l.startsWith('\\')) out.push(l);
        else if (l.length === 1) out.push(l.trim()); // an empty line of text: no trailing blanks
        else line(l[0] === '+' || l[0] === '-' ? l[0] : ' ', `${NEST}${sanitize(l.slice(1))}`);
      }
      return;
    case 'group':
      line(entry.marker === '~' ? ' ' : entry.marker, `${path}:${entry.label ? ` ${sanitize(entry.label)}` : ''}${movedNote(entry)}${entry.note ? ` (${entry.note})` : ''}`);
      for (const child of entry.children) drawEntry(child, indent + NEST, out);
      return;
  }
}

function orphanBlock(orphans: PlanChange[], nouns: Nouns): string[] {
  if (orphans.length === 0) return [];
  const n = orphans.length;
  return [
    `<details><summary>! ${n} orphaned ${plural(n, nouns.one, nouns.many)}: no longer defined, not deleted</summary>`,
    '',
    `To delete ${plural(n, 'it', 'them')}, ${pruneAdvice(code)}.`,
    '',
    ...orphans.map((c) => `- ${code(c.key)} (${code(c.id ?? '')})`),
    '',
    '</details>',
    '',
  ];
}

/**
 * What is left when even every diff cut to nothing does not fit: the summary line with its notes
 * and target, the deletes, the old versions deleted, the warnings, a note on what was cut, the counts and the name of every
 * changed resource; each list cut with `…and N more` only when it has to be, and what matters less
 * given up first (names, warnings, the counts, the note's length) so that deletes are the last to go.
 * The names give way to their count (`- …and N more`), never to nothing, so the room the deletes
 * take leaves that line; the summary's drift note says how many of the names it marks are listed
 * and how many are not (driftWhere); where not even the count fits, the note sends the reader to
 * `aac plan` alone.
 */
function namesAndCounts(
  plan: Plan,
  driftCount: number,
  { retired, warnings, warningCount, names }: { retired: string[]; warnings: WarningEntry[]; warningCount: number; names: NameLine[] },
  fullSize: number,
  { maxChars, measure, flags }: { maxChars: number; measure: (text: string) => number; flags: string },
): string {
  const s = plan.summary;
  const kind = planKind(plan);
  const rows: Array<[string, number]> = [
    ['To create', s.create],
    ['To modify', s.update],
    ['To delete', s.delete],
    ['Unchanged', s.unchanged],
  ];
  if (s.delete_versions > 0) rows.splice(3, 0, ['Old versions to delete', s.delete_versions]);
  if (!plan.prune && s.orphans > 0) rows.push(['Orphaned, not deleted', s.orphans]);
  if (s.unmanaged > 0) rows.push(['Unmanaged, ignored', s.unmanaged]);
  if (s.other_namespaces > 0) rows.push(['Managed by other namespaces', s.other_namespaces]);
  const run = code(`aac plan${flags}`);
  // No drift section here: the names listed carry the mark, and the full plan has the section.
  const summaryOf = (n: readonly NameLine[]) => summaryBlock(plan, driftCount, flags, driftWhere(driftCount, n.reduce((sum, name) => sum + name.drift, 0), run));
  const unlisted = summaryBlock(plan, driftCount, flags, `${run} shows every one`);
  const fullNote = [
    `The full plan (${formatCount(fullSize)} characters) does not fit in one comment ` +
      `(${formatCount(maxChars)} at most), so only the names and the counts are shown. To see every change, run ` +
      `${run} locally, or open this job’s summary or its plan artifact.`,
    '',
  ];
  const shortNote = [`Cut to fit one comment (${formatCount(maxChars)} characters at most): run ${run} to see every change.`, ''];
  const table = [`| ${capital(kind.nouns.many)} | Count |`, '| --- | ---: |', ...rows.map(([label, n]) => `| ${label} | ${n} |`), ''];
  const changed = plan.changes.filter((c) => c.action !== 'no-op');
  const deletes = changed.filter((c) => c.action === 'delete').map((c) => deleteLine(c, kind));
  // The warnings' heading never stands alone: where none of them fits, their count and where to read them do.
  const moreOf = (rest: readonly WarningEntry[]) => moreWarnings(rest, rest.length === warnings.length);
  const noneShown = warnings.length === 0 ? [] : [moreOf(warnings)];
  // The least the names are: their count, where none of them fits.
  const counted = names.length === 0 ? [] : [namesMore(names)];
  const compose = (d: string[], n: NameLine[], note: string[], withTable: boolean, w: WarningEntry[] = noneShown, v: string[] = []) =>
    join([
      ...summaryOf(n),
      ...deletesBlock(d, kind.nouns, deletes.length),
      ...versionsBlock(v, s.delete_versions),
      ...warningsBlock(w, warningCount),
      ...note,
      ...(n.length > 0 ? ['Changes:', '', ...n.map((name) => name.line), ''] : []),
      ...(withTable ? table : []),
    ]);
  const fits = (text: string) => measure(text) <= maxChars;
  // Deletes first: what disappears matters most. The note and the counts table give way (the note
  // to one line) whenever that shows more deletes: all of them, or, when they outgrow the room
  // anyway, as many as the least beside them leaves room for, cut to `…and N more`. Then as many
  // old versions' lines, as many warnings, then as many names as still fit.
  // longestPrefix gives back the very list when all of it fits.
  const lean = longestPrefix(deletes, (d) => fits(compose(d, counted, shortNote, false)), andMore);
  const roomy = longestPrefix(deletes, (d) => fits(compose(d, counted, fullNote, true)), andMore);
  const shownDeletes = roomy === deletes ? roomy : lean;
  const note = fits(compose(shownDeletes, counted, fullNote, false)) ? fullNote : shortNote;
  const withTable = fits(compose(shownDeletes, counted, note, true));
  const shownVersions = retired.length === 0 ? [] : longestPrefix(retired, (v) => fits(compose(shownDeletes, counted, note, withTable, [], v)), andMore);
  const shownWarnings = warnings.length === 0 ? [] : longestPrefix(warnings, (w) => fits(compose(shownDeletes, counted, note, withTable, w, shownVersions)), moreOf);
  const shownNames = longestPrefix(names, (n) => fits(compose(shownDeletes, n, note, withTable, shownWarnings, shownVersions)), namesMore);
  // The summary line with its notes and target stays to the last, the deletes and the names' count as long as any fits.
  const tries = [
    compose(shownDeletes, shownNames, note, withTable, shownWarnings, shownVersions),
    compose(shownDeletes, counted, note, withTable, noneShown, shownVersions),
    compose(shownDeletes, counted, note, withTable),
    compose(lean, counted, shortNote, false),
    join(unlisted),
    join(unlisted.slice(0, 1)),
  ];
  return tries.find(fits) ?? tries[tries.length - 1]!;
}

/**
 * Where a change's name stands in the names-only list, lowest first: an update that reverts a
 * change made outside aac (drift) before other updates, and those before creates, so what a
 * reviewer must not miss is what still fits when the list is cut. Deletes are listed apart, before
 * it (deletesBlock); the plan has no replacement (ActionKind: create, update, delete), so none
 * ranks between.
 */
function riskRank(change: PlanChange): number {
  if (change.action === 'update') return change.drift ? 0 : 1;
  return 2;
}

/** `changes` ordered by riskRank, in the plan's order (by key) within each rank: the sort is stable. */
function byRisk(changes: readonly PlanChange[]): PlanChange[] {
  return [...changes].sort((a, b) => riskRank(a) - riskRank(b));
}

/** `- ~ `support/billing` — update: temperature`: a change by its name and what it does, with nameNote. */
function nameLine(change: PlanChange, kind: ResourceKind, drift: readonly PlanChange[]): string {
  return `- ${marker(change)} ${code(change.key)} — ${actionWords(change, true, versioned(kind), code, code)}${nameNote(change, drift)}`;
}

/**
 * `- ~ 2,900 agents: the same change — update: metadata (`team01/bot001` … `team29/bot100`)`: a
 * group (groupChanges) by its count, what its changes do, its first and last key, with nameNote.
 */
function groupNameLine({ changes }: Unit, kind: ResourceKind, drift: readonly PlanChange[]): string {
  const [first] = changes;
  const ends = `${code(first.key)} … ${code(changes.at(-1)!.key)}`;
  return `- ${marker(first)} ${formatCount(changes.length)} ${kind.nouns.many}: the same change — ${actionWords(first, true, versioned(kind), code, code)} (${ends})${nameNote(first, drift)}`;
}

/** After a changed resource's name: drift, or a second one beside an unmarked twin; '' for neither. */
function nameNote(change: PlanChange, drift: readonly PlanChange[]): string {
  if (unmarkedTwin(change)) return ` (a second one beside ${code(change.likelyUnmarked ?? '')}, which carries no marker)`;
  return drift.includes(change) ? ` (${DRIFT_MARK})` : '';
}

/** `- …and 3 more`, for the items a cut list leaves out. */
const andMore = (rest: readonly unknown[]) => `- …and ${formatCount(rest.length)} more`;

/** A line of the names-only list (nameLine, groupNameLine) and how many changes marked drift it names (0 for none, a group's count for a group). */
interface NameLine {
  line: string;
  drift: number;
}

/** andMore for the names-only list: it names no change, so it marks none. */
const namesMore = (rest: readonly NameLine[]): NameLine => ({ line: andMore(rest), drift: 0 });

/**
 * Where a cut-down comment's drift note sends the reader, for `count` changes marked drift of which
 * the names listed below name `shown`: to the marked names when all are listed; else how many are
 * listed and how many not; always to `run` (`aac plan` with the run's flags, as code) for every one.
 */
function driftWhere(count: number, shown: number, run: string): string {
  const every = `; ${run} shows every one`;
  if (shown >= count) return `${plural(count, 'its name is', 'their names are')} marked *${DRIFT_MARK}* below${every}`;
  if (shown === 0) return `${plural(count, 'its name is', 'their names are')} not shown, for want of room${every}`;
  return `${formatCount(shown)} of their names ${plural(shown, 'is', 'are')} marked *${DRIFT_MARK}* below, ${formatCount(count - shown)} not shown for want of room${every}`;
}

/** The longest head of `lines` (plus the item `more` makes of the others, `…and N more`, when cut) that `fits` accepts. */
function longestPrefix<T>(lines: T[], fits: (lines: T[]) => boolean, more: (rest: T[]) => T): T[] {
  const head = (n: number) => (n === lines.length ? lines : [...lines.slice(0, n), more(lines.slice(n))]);
  if (fits(head(lines.length))) return lines;
  return head(largestFitting(lines.length - 1, (n) => fits(head(n))));
}

/** A fence longer than any run of backticks in the content, so no content line can close it. */
export function fenceFor(lines: string[]): string {
  let longest = 0;
  for (const line of lines) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * `s` (sanitized) as a markdown code span, its fence one backtick longer than any run of backticks
 * in it and padded with a space when it starts or ends with one, so that nothing in it can close it.
 */
export function code(s: string): string {
  return codeSpan(sanitize(s));
}

/**
 * `<code>…</code>` of `s` (sanitized, HTML escaped): code inside HTML such as `<summary>`, where a
 * markdown code span is not one. GitHub links no `@mention` or `#N` in code, and a key, an id or a
 * name there is text aac does not write (a live marker's key is anyone's with access to the host).
 */
function htmlCode(s: string): string {
  return `<code>${sanitize(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code>`;
}
