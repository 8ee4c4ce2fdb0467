// Multi-line text (instructions above all) compared line by line, as a unified diff with context:
// a one-word edit in a 300-line prompt should read as one line changed, not as two walls of text.
import { diffLib } from './diff-lib.js';
import { alikeNote, ESCAPES_NOTE, printsAlike, revealDifference, revealedText } from '../util/look-alike.js';

const NO_NEWLINE = '\\ No newline at end of file';

/**
 * The hunks of a unified diff from `before` to `after`: `@@ -a,b +c,d @@` headers, then lines
 * starting with ' ' (context), '-' or '+'. `\ No newline at end of file` is kept only when the two
 * sides differ in their final newline, the one case where it is the difference. Empty when equal.
 */
export function unifiedLineDiff(before: string, after: string, opts: { context?: number } = {}): string[] {
  if (before === after) return [];
  const patch = diffLib().structuredPatch('', '', before, after, undefined, undefined, {
    context: opts.context ?? 3,
    maxEditLength: MAX_EDITS,
  });
  if (!patch) return rewrite(before, after);
  const newlineDiffers = before.endsWith('\n') !== after.endsWith('\n') && before !== '' && after !== '';
  const out: string[] = [];
  for (const hunk of patch.hunks) {
    // Unified diff numbers an empty side from the line before it (`-0,0`); jsdiff leaves it at 1.
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    out.push(`@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) {
      if (line === NO_NEWLINE && !newlineDiffers) continue;
      out.push(line);
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
