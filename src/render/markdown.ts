// A plan as one pull-request comment: the summary line first, where a reviewer sees it without
// clicking, then one collapsed section per assistant with its changes as a ```diff block. A comment
// has a hard size limit, and a plan split over several comments is a plan nobody reads in order,
// so this view shrinks itself instead: first the largest diffs are cut short, then, if even that is
// too much, only the counts are left, with where to find the rest.
import type { Plan, PlanChange } from '../model/plan.js';
import { hasChanges } from '../plan/build.js';
import { describeChange, type DiffEntry } from './field-diff.js';
import {
  actionWords,
  foldLine,
  formatCount,
  formatValue,
  formatValuePair,
  noChangesDetail,
  plural,
  planLine,
  sanitize,
  summaryNotes,
} from './format.js';

/** GitHub's limit for an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;
const VALUE_LIMIT = 500;
const LINE_LIMIT = 1_000;
const NEST = '  ';

export interface MarkdownOptions {
  maxChars?: number;
}

interface Section {
  /** `<details><summary>…</summary>` and what stays however small the section gets. */
  head: string[];
  /** The diff, one string per line, long lines already folded. */
  body: string[];
  bodyChars: number;
}

export function renderPlanMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  const maxChars = opts.maxChars ?? GITHUB_COMMENT_LIMIT;
  const top = summaryBlock(plan);
  const sections = plan.changes.filter((c) => c.action !== 'no-op').map(section);
  const orphans = orphanBlock(plan.changes.filter((c) => c.orphan && c.action !== 'delete'));
  const compose = (cap: number) =>
    `${[...top, ...sections.flatMap((s) => drawSection(s, cap)), ...orphans].join('\n').trimEnd()}\n`;

  const largest = Math.max(0, ...sections.map((s) => s.bodyChars));
  const full = compose(largest);
  if (full.length <= maxChars) return full;
  if (compose(0).length > maxChars) return countsOnly(plan, full.length, maxChars);
  // The largest cap on each diff's size that fits: only diffs above it are cut, the largest first.
  let lo = 0;
  let hi = largest;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (compose(mid).length <= maxChars) lo = mid;
    else hi = mid - 1;
  }
  return compose(lo);
}

function summaryBlock(plan: Plan): string[] {
  const { summary } = plan;
  const first = hasChanges(plan) ? `**${planLine(summary)}**` : `**No changes.** ${noChangesDetail(summary)}`;
  const notes = summaryNotes(summary, plan.prune, plan.targets);
  const lines = [first, ''];
  if (notes.length > 0) lines.push(notes.join(' '), '');
  lines.push(`Target: ${code(plan.target.provider)} at ${code(plan.target.endpoint)}`, '');
  return lines;
}

function section(change: PlanChange): Section {
  const where = [change.id ? `Assistant ${code(change.id)}` : 'New assistant'];
  if (change.file) where.push(`defined in ${code(change.file)}`);
  const body: string[] = [];
  for (const entry of describeChange(change)) drawEntry(entry, '', body);
  return {
    head: [
      `<details><summary>${escapeHtml(`${marker(change)} ${sanitize(change.key)} — ${actionWords(change, true)}`)}</summary>`,
      '',
      where.join(', '),
      '',
    ],
    body,
    bodyChars: body.reduce((n, line) => n + line.length + 1, 0),
  };
}

function marker(change: PlanChange): string {
  return change.action === 'create' ? '+' : change.action === 'delete' ? '-' : '~';
}

/** A section with its diff cut to about `cap` characters, and a note of how many lines were cut. */
function drawSection(s: Section, cap: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of s.body) {
    if (used + line.length + 1 > cap) break;
    kept.push(line);
    used += line.length + 1;
  }
  const out = [...s.head];
  if (kept.length > 0) {
    const fence = fenceFor(kept);
    out.push(`${fence}diff`, ...kept, fence, '');
  }
  const cut = s.body.length - kept.length;
  if (cut > 0) {
    out.push(`… ${formatCount(cut)} more ${plural(cut, 'line', 'lines')} not shown; run \`aac plan\` to see them all.`, '');
  }
  out.push('</details>', '');
  return out;
}

/**
 * Entries as diff lines: the marker in the first column (so GitHub colours the line), nesting
 * after it. A changed value is a `-`/`+` pair; a removed value shows what goes.
 */
function drawEntry(entry: DiffEntry, indent: string, out: string[]): void {
  const path = sanitize(entry.path);
  const line = (m: string, text: string) => out.push(foldLine(`${m} ${indent}${text}`, LINE_LIMIT));
  switch (entry.kind) {
    case 'value':
      line(entry.marker, `${path} = ${formatValue(entry.value, VALUE_LIMIT)}`);
      return;
    case 'change': {
      const [before, after] = formatValuePair(entry.before, entry.after, VALUE_LIMIT);
      line('-', `${path} = ${before}`);
      line('+', `${path} = ${after}`);
      return;
    }
    case 'text':
      line(entry.marker === '~' ? ' ' : entry.marker, `${path}:`);
      for (const l of entry.lines) {
        if (l.startsWith('@@') || l.startsWith('\\')) out.push(l);
        else if (l.length === 1) out.push(l.trim()); // an empty line of text: no trailing blanks
        else line(l[0] === '+' || l[0] === '-' ? l[0] : ' ', `${NEST}${sanitize(l.slice(1))}`);
      }
      return;
    case 'group':
      line(entry.marker === '~' ? ' ' : entry.marker, `${path}:${entry.label ? ` ${sanitize(entry.label)}` : ''}`);
      for (const child of entry.children) drawEntry(child, indent + NEST, out);
      return;
  }
}

function orphanBlock(orphans: PlanChange[]): string[] {
  if (orphans.length === 0) return [];
  const n = orphans.length;
  return [
    `<details><summary>! ${n} orphaned ${plural(n, 'assistant', 'assistants')}: no longer defined, not deleted</summary>`,
    '',
    ...orphans.map((c) => `- ${code(c.key)} (${code(c.id ?? '')}): run with \`--prune\` to delete it`),
    '',
    '</details>',
    '',
  ];
}

function countsOnly(plan: Plan, fullChars: number, maxChars: number): string {
  const s = plan.summary;
  const rows: Array<[string, number]> = [
    ['To create', s.create],
    ['To modify', s.update],
    ['To delete', s.delete],
    ['Unchanged', s.unchanged],
  ];
  if (!plan.prune && s.orphans > 0) rows.push(['Orphaned, not deleted', s.orphans]);
  if (s.unmanaged > 0) rows.push(['Unmanaged, ignored', s.unmanaged]);
  return [
    ...summaryBlock(plan),
    `The full plan (${formatCount(fullChars)} characters) does not fit in one comment ` +
      `(${formatCount(maxChars)} at most), so only the counts are shown. To see every change, run ` +
      '`aac plan` locally, or open this job’s summary or its `aac plan --format json` artifact.',
    '',
    '| Assistants | Count |',
    '| --- | ---: |',
    ...rows.map(([label, n]) => `| ${label} | ${n} |`),
  ].join('\n') + '\n';
}

/** A fence longer than any run of backticks in the content, so no content line can close it. */
function fenceFor(lines: string[]): string {
  let longest = 0;
  for (const line of lines) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function code(s: string): string {
  const text = sanitize(s);
  const ticks = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
