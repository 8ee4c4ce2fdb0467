// Multi-line text (instructions above all) compared line by line, as a unified diff with context:
// a one-word edit in a 300-line prompt should read as one line changed, not as two walls of text.
import { diffLib } from './diff-lib.js';
import { alikeNote, ESCAPES_NOTE, printsAlike, revealDifference, revealedText } from '../util/look-alike.js';

const NO_NEWLINE = '\\ No newline at end of file';

/** One line of a line diff: unchanged (' '), removed ('-') or added ('+'); `noNewline` on a last line without its newline, where that is part of the difference. */
interface LineOp {
  op: ' ' | '-' | '+';
  line: string;
  noNewline?: true;
}

/**
 * The hunks of a unified diff from `before` to `after`: `@@ -a,b +c,d @@` headers, then lines
 * starting with ' ' (context), '-' or '+'. `\ No newline at end of file` is kept only when the two
 * sides differ in their final newline, the one case where it is the difference. Empty when equal.
 * Each change is placed as git's diff places it among repeated lines (slid).
 */
export function unifiedLineDiff(before: string, after: string, opts: { context?: number } = {}): string[] {
  if (before === after) return [];
  const newlineDiffers = before.endsWith('\n') !== after.endsWith('\n') && before !== '' && after !== '';
  const old = sideLines(before, newlineDiffers);
  const now = sideLines(after, newlineDiffers);
  const changes = diffLib().diffArrays(old, now, { maxEditLength: MAX_EDITS, comparator: (a, b) => a.line === b.line && a.noNewline === b.noNewline });
  if (!changes) return rewrite(before, after);
  const ops = changes.flatMap((c) => c.value.map((l): LineOp => ({ ...l, op: c.added ? '+' : c.removed ? '-' : ' ' })));
  return hunks(slid(ops), opts.context ?? 3);
}

/** A side's lines as diff items; its last marked `noNewline` when it has none and the other side has one. */
function sideLines(text: string, newlineDiffers: boolean): Array<Omit<LineOp, 'op'>> {
  if (text === '') return [];
  const lines: Array<Omit<LineOp, 'op'>> = textLines(text).map((line) => ({ line }));
  if (newlineDiffers && !text.endsWith('\n')) lines[lines.length - 1]!.noNewline = true;
  return lines;
}

/**
 * `ops` with each run of only removed or only added lines that stands alone (unchanged lines on
 * both sides) slid through the unchanged lines that repeat it onto the nearest other change it can
 * reach, as git's diff slides them (xdiff's xdl_change_compact): among identical lines, the
 * shortest diff may put an edited line's `+` at the edit and its `-` at the end of the run, a
 * change nobody made, where git shows one changed line. Sliding keeps both texts: an unchanged
 * line and a changed one of the same text swap roles. Each change then lists its removed lines
 * before its added ones.
 */
function slid(ops: LineOp[]): LineOp[] {
  const out = ops.map((o) => ({ ...o }));
  const same = (i: number, j: number) => out[i]!.line === out[j]!.line && out[i]!.noNewline === out[j]!.noNewline;
  const unchanged = (i: number) => i >= 0 && i < out.length && out[i]!.op === ' ';
  const relabel = (from: number, to: number, op: LineOp['op']) => {
    for (let i = from; i < to; i++) out[i]!.op = op;
  };
  for (let s = 0; s < out.length; ) {
    if (out[s]!.op === ' ') {
      s++;
      continue;
    }
    const op = out[s]!.op;
    let e = s;
    while (e < out.length && out[e]!.op === op) e++;
    if ((s > 0 && !unchanged(s - 1)) || (e < out.length && !unchanged(e))) {
      s = e;
      continue;
    }
    let down = 0;
    while (unchanged(e + down) && same(e + down, s + down)) down++;
    let up = 0;
    while (unchanged(s - up - 1) && same(s - up - 1, e - up - 1)) up++;
    const reachesDown = e + down < out.length && !unchanged(e + down);
    const reachesUp = s - up > 0 && !unchanged(s - up - 1);
    if (reachesUp && (!reachesDown || up <= down)) {
      relabel(e - up, e, ' ');
      relabel(s - up, s - up + (e - s), op);
    } else if (reachesDown) {
      relabel(s, s + down, ' ');
      relabel(e, e + down, op);
    }
    s = e + (reachesDown && !(reachesUp && up <= down) ? down : 0);
  }
  // Removed lines before added ones within each change.
  for (let s = 0; s < out.length; ) {
    if (out[s]!.op === ' ') {
      s++;
      continue;
    }
    let e = s;
    while (e < out.length && out[e]!.op !== ' ') e++;
    out.splice(s, e - s, ...out.slice(s, e).filter((o) => o.op === '-'), ...out.slice(s, e).filter((o) => o.op === '+'));
    s = e;
  }
  return out;
}

/** The unified diff of `ops`: each change with `context` unchanged lines around it, changes closer than twice that in one hunk. */
function hunks(ops: readonly LineOp[], context: number): string[] {
  const numbers: Array<{ old: number; now: number }> = [];
  let old = 1;
  let now = 1;
  for (const o of ops) {
    numbers.push({ old, now });
    if (o.op !== '+') old++;
    if (o.op !== '-') now++;
  }
  const changed = ops.flatMap((o, i) => (o.op === ' ' ? [] : [i]));
  const out: string[] = [];
  for (let k = 0; k < changed.length; ) {
    const from = Math.max(0, changed[k]! - context);
    let last = changed[k]!;
    while (k + 1 < changed.length && changed[k + 1]! - last <= 2 * context + 1) last = changed[++k]!;
    k++;
    const to = Math.min(ops.length, last + context + 1);
    const range = ops.slice(from, to);
    const oldLines = range.filter((o) => o.op !== '+').length;
    const newLines = range.filter((o) => o.op !== '-').length;
    // Unified diff numbers an empty side from the line before it (`-0,0`).
    out.push(`@@ -${numbers[from]!.old - (oldLines === 0 ? 1 : 0)},${oldLines} +${numbers[from]!.now - (newLines === 0 ? 1 : 0)},${newLines} @@`);
    for (const o of range) {
      out.push(`${o.op}${o.line}`);
      if (o.noNewline) out.push(NO_NEWLINE);
    }
  }
  return out;
}

/**
 * A unified diff's lines with each removed line that prints like the added line in its place (a
 * run of `-` lines followed by as many `+` lines) drawn with the code points that differ as
 * `\u{…}`, and a note saying so; the lines unchanged and no note when there is none.
 */
export function revealAlikeLines(lines: readonly string[]): { lines: string[]; note?: string } {
  const out = [...lines];
  const notes: string[] = [];
  for (let i = 0; i < out.length; ) {
    let removed = i;
    while (removed < out.length && out[removed]![0] === '-') removed++;
    let added = removed;
    while (added < out.length && out[added]![0] === '+') added++;
    const n = removed - i;
    if (n > 0 && added - removed === n) {
      for (let k = 0; k < n; k++) {
        const was = out[i + k]!.slice(1);
        const becomes = out[removed + k]!.slice(1);
        if (!printsAlike(was, becomes)) continue;
        const [x, y] = revealDifference(was, becomes);
        out[i + k] = `-${revealedText(x)}`;
        out[removed + k] = `+${revealedText(y)}`;
        notes.push(alikeNote(was, becomes));
      }
    }
    i = Math.max(added, i + 1);
  }
  if (notes.length === 0) return { lines: out };
  const what = notes.length === 1 ? `a changed line ${notes[0]}` : `${notes.length} changed lines differ only in characters that print alike`;
  return { lines: out, note: `${what}; ${ESCAPES_NOTE}` };
}

// Myers' diff slows down with the square of the edits (4,000 rewritten lines take seconds); a
// change that large reads as a rewrite anyway, so past this it is shown as one.
const MAX_EDITS = 1_000;

function rewrite(before: string, after: string): string[] {
  const old = before === '' ? [] : textLines(before);
  const now = after === '' ? [] : textLines(after);
  return [
    `@@ -${old.length === 0 ? 0 : 1},${old.length} +${now.length === 0 ? 0 : 1},${now.length} @@`,
    ...old.map((l) => `-${l}`),
    ...now.map((l) => `+${l}`),
  ];
}

/** The lines of a text, without the empty last one a trailing newline would give. */
export function textLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
