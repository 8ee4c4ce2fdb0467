// The default view of a plan, for a terminal: Terraform's layout, so a platform engineer reads it
import { shownEndpoint } from '../backends/http/endpoint.js';
// without a legend. `+` create, `~` update, `-` delete, `!` an orphan left alone.
import { versioned } from '../backends/backend.js';
import type { Plan, PlanChange } from '../model/plan.js';
import { hasChanges } from '../model/plan.js';
import { describeChange, movedNote, type Marker } from './field-diff.js';
import { defaultsText, foldServerDefaults, type ReviewEntry } from './server-defaults.js';
import { wordChange } from './word-diff.js';
import {
  actionWords,
  driftNote,
  likelyMoveNotes,
  unmarkedTwin,
  UNMARKED_TITLE,
  formatValuePair,
  alikePair,
  noChangesDetail,
  painter,
  planLine,
  summaryNotes,
  type Painter,
} from './format.js';
import { formatValue } from '../util/value-text.js';
import { planKind } from './plan-kind.js';
import { sanitize } from '../util/invisible.js';
import { adoptCommand } from './command-line.js';
import { codeSpan } from '../util/code-span.js';
import { ACTIONS_OPENING, NO_CHANGES } from '../plan/printed-view.js';

export interface TextOptions {
  color: boolean;
  /** Terminal columns; long single-line values are folded at twice this. */
  width?: number;
  /**
   * `summary`: one line a change naming the fields it sets or changes, without their values (what
   * a non-interactive apply prints: a fleet of creates would otherwise print every instructions
   * text in full). Default `full`.
   */
  detail?: 'full' | 'summary';
  /** The options that chose the run's target (` --dir ws`: commands/suggest.ts runFlags), repeated by the `aac plan` a note suggests. */
  flags?: string;
}

const DEFAULT_WIDTH = 100;
const DRIFT_TITLE = 'Changed outside aac';
const ENTRY_INDENT = '      ';
const NEST = '    ';

export function renderPlanText(plan: Plan, opts: TextOptions): string {
  const paint = painter(opts.color);
  const limit = Math.max(80, 2 * (opts.width ?? DEFAULT_WIDTH));
  const out: string[] = [];
  // One loop over the changes (10,000 in a plan of 10,000), nearly all no-ops, for the few shown.
  const changed: PlanChange[] = [];
  const orphansKept: PlanChange[] = [];
  for (const c of plan.changes) {
    if (c.action !== 'no-op') changed.push(c);
    if (c.orphan && c.action !== 'delete') orphansKept.push(c);
  }
  // Changes marked drift (`--changed-files`) come last, under a heading of their own; creates beside
  // an unmarked twin before them, under theirs, as applying reverts nothing there.
  const twins = changed.filter((c) => c.drift && unmarkedTwin(c));
  const drift = changed.filter((c) => c.drift && !unmarkedTwin(c));
  const draw = (changes: PlanChange[]) => {
    if (opts.detail === 'summary') {
      for (const change of changes) out.push(header(change, paint, true, versioned(planKind(plan))));
      out.push('');
      return;
    }
    for (const change of changes) {
      out.push(header(change, paint, false, versioned(planKind(plan))));
      for (const entry of foldServerDefaults(change.action, describeChange(change, planKind(plan)))) drawEntry(entry, ENTRY_INDENT, limit, paint, out);
      out.push('');
    }
  };

  const scope = scopeWords(plan.target);
  if (changed.length > 0) {
    out.push(`${ACTIONS_OPENING} ${placeWords(plan.target)}:`, '');
    if (changed.length > drift.length + twins.length) draw(changed.filter((c) => !c.drift));
  }
  if (twins.length > 0) {
    const { one } = planKind(plan).nouns;
    out.push(`${UNMARKED_TITLE}: applying creates a second ${one} beside each unmarked one (see the note below):`, '');
    draw(twins);
  }
  if (drift.length > 0) {
    const { many } = planKind(plan).nouns;
    out.push(
      `${DRIFT_TITLE}: these ${many} differ from definitions the change under review does not touch (they were`,
      'edited outside aac, or an earlier apply did not finish), and applying their definitions reverts that:',
      '',
    );
    draw(drift);
  }
  if (orphansKept.length > 0) {
    for (const c of orphansKept) {
      out.push(
        `  ${paint.yellow('!')} ${sanitize(c.key)} (${sanitize(c.id ?? '')}) is no longer defined; run with --prune to delete it`,
      );
    }
    out.push('');
  }
  const adopt = (old: string) => adoptCommand(plan, old, opts.flags ?? '');
  const moves = likelyMoveNotes(plan.changes, planKind(plan), adopt, (w) => `'${sanitize(w)}'`, sanitize, (w) => codeSpan(sanitize(w)), { environment: plan.target.environment, overlays: plan.overlays });
  if (moves.length > 0) out.push(...moves.map((note) => `  ${paint.yellow('!')} ${note}`), '');
  out.push(hasChanges(plan) ? planLine(plan.summary) : `${NO_CHANGES}${scope === '' ? '' : ` in ${scope}`}. ${noChangesDetail(plan.summary, planKind(plan).nouns)}`);
  out.push(...summaryNotes(plan.summary, plan.prune, plan.targets, plan.legacy, planKind(plan).nouns, plan));
  if (drift.length > 0) out.push(driftNote(drift.length, planKind(plan).nouns, 'the change under review does not touch', 'listed last'));
  return `${out.join('\n')}\n`;
}

/**
 * Where a plan acts, as its header and the apply of a saved one say it: `in environment prod,
 * namespace 'support-prod', on openai (https://api.openai.com/v1)`, `on openai (…)` when neither
 * is set; the endpoint as shownEndpoint prints it (userinfo and query values but `api-version`
 * redacted).
 */
export function placeWords(target: Plan['target']): string {
  const scope = scopeWords(target);
  const where = scope === '' ? '' : `in ${scope}${target.environment === undefined ? '' : ','} `;
  return `${where}on ${sanitize(target.provider)} (${sanitize(shownEndpoint(target.endpoint))})`;
}

/**
 * Whose resources a plan is about, as its header and its `No changes` line both say it:
 * `namespace 'support'`, `environment prod, namespace 'support-prod'`; '' when neither is set. The
 * namespace is always named: two directories planning against one endpoint differ only by it.
 */
function scopeWords({ environment, namespace }: Plan['target']): string {
  const parts = [environment === undefined ? '' : `environment ${sanitize(environment)}`, namespace ? `namespace '${sanitize(namespace)}'` : ''];
  return parts.filter((p) => p !== '').join(', ');
}

/** `listFields`: name the fields a create sets or an update changes after the action. */
function header(change: PlanChange, paint: Painter, listFields: boolean, versionedKind: boolean): string {
  const id = change.id ? ` (${sanitize(change.id)})` : '';
  const marker = change.action === 'create' ? paint.green('+') : change.action === 'delete' ? paint.red('-') : paint.yellow('~');
  const words = listFields && change.action === 'create' ? `create: ${change.changedFields.join(', ')}` : actionWords(change, listFields, versionedKind);
  return `  ${marker} ${sanitize(change.key)}${id} (${words})`;
}

function mark(marker: Marker, paint: Painter): string {
  return marker === '+' ? paint.green('+') : marker === '-' ? paint.red('-') : paint.yellow(marker);
}

function drawEntry(entry: ReviewEntry, indent: string, limit: number, paint: Painter, out: string[]): void {
  const path = sanitize(entry.path);
  switch (entry.kind) {
    case 'defaults':
      // No marker: a note on what the server fills in, as Terraform's `(known after apply)` is.
      out.push(`${indent}${paint.dim(defaultsText(entry, (v) => formatValue(v, limit)))}`);
      return;
    case 'value': {
      const value = formatValue(entry.value, limit);
      // As Terraform shows what goes: the value, then what it becomes.
      const note = entry.note ? ` ${paint.dim(`(${entry.note})`)}` : '';
      if (entry.marker === '-') out.push(`${indent}${mark('-', paint)} ${path} = ${value} → null${note}`);
      else out.push(`${indent}${mark('+', paint)} ${path} = ${value}${note}`);
      return;
    }
    case 'change': {
      const alike = alikePair(entry.before, entry.after, limit);
      if (alike) {
        out.push(`${indent}${mark('~', paint)} ${path}: ${alike.before} → ${alike.after} ${paint.dim(`(${alike.note})`)}`);
        return;
      }
      // Word hunks when they fit; a hunk inside one endless word folds better as the pair below.
      const words = wordChange(entry.before, entry.after);
      if (words && words.lines.every((l) => l.text.length <= limit)) {
        out.push(`${indent}${mark('~', paint)} ${path}: ${words.header}`);
        for (const l of words.lines) {
          const text = `${l.marker} ${sanitize(l.text)}`;
          out.push(`${indent}${NEST}${l.marker === '+' ? paint.green(text) : paint.red(text)}`);
        }
        return;
      }
      const [before, after] = formatValuePair(entry.before, entry.after, limit);
      out.push(`${indent}${mark('~', paint)} ${path}: ${before} → ${after}${entry.note ? ` ${paint.dim(`(${entry.note})`)}` : ''}`);
      return;
    }
    case 'text':
      out.push(`${indent}${mark(entry.marker, paint)} ${path}:${entry.note ? ` ${paint.dim(`(${entry.note})`)}` : ''}`);
      for (const line of entry.lines) {
        const drawn = diffLine(line, paint);
        out.push(drawn === '' ? '' : `${indent}${NEST}${drawn}`);
      }
      return;
    case 'group':
      out.push(`${indent}${mark(entry.marker, paint)} ${path}${entry.label ? `: ${sanitize(entry.label)}` : ':'}${movedNote(entry)}${entry.note ? ` ${paint.dim(`(${entry.note})`)}` : ''}`);
      for (const child of entry.children) drawEntry(child, indent + NEST, limit, paint, out);
      return;
  }
}

/** A unified-diff line with a space after its marker, coloured as `git diff` colours it. */
function diffLine(line: string, paint: Painter): string {
  if (line.startsWith('@@') || line.startsWith('\\')) return paint.dim(line);
  const marker = line[0] === '+' || line[0] === '-' ? line[0] : ' ';
  const body = sanitize(line.slice(1));
  // No trailing blanks after a bare marker: an empty line stays empty.
  const text = body === '' ? marker.trim() : `${marker} ${body}`;
  return marker === '+' ? paint.green(text) : marker === '-' ? paint.red(text) : paint.dim(text);
}
