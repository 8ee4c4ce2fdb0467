// Two different strings that print the same: `Café` written precomposed (NFC, U+00E9) and
// decomposed (NFD, `e` + U+0301), a no-break space for a space, a zero-width or bidi character,
// a blank at the end of a line. A plan that shows such a change as `"Café" → "Café"` shows
// nothing a reviewer can check, so the views show the code points that differ as `\u{…}` and
// say what kind of difference it is. Shared by the plan views and apply's warnings about what the
// API stored (a host that normalizes what it stores makes exactly this difference).
import { sanitize } from './invisible.js';
import { FOLD_CONTEXT, foldText } from './value-text.js';

/** What prints as nothing: Unicode's Default_Ignorable_Code_Point (zero-width characters, bidi controls, BOM, soft hyphen, variation selectors, CGJ). */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * Printable ASCII (no line break): composed already, with nothing that prints as nothing and no
 * space separator but the space. Keys and names mostly are, and reading them is ~10× quicker.
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** How a string reads: canonical equivalents composed alike, nothing for what prints as nothing, a space for every space separator, no blanks at the ends of lines. Two strings print alike when their readings are equal. */
export function reading(s: string): string {
  if (PRINTABLE_ASCII.test(s)) return s.endsWith(' ') ? s.trimEnd() : s;
  return s.normalize('NFC').replace(IGNORABLE, '').replace(/\p{Zs}/gu, ' ').replace(/[ \t]+$/gm, '');
}

/** Said beside a value or lines drawn by `revealDifference`. */
export const ESCAPES_NOTE = 'the code points that differ are shown as \\u{…}';

/** Whether `a` and `b` differ but print the same (see `reading`). */
export function printsAlike(a: string, b: string): boolean {
  return a !== b && reading(a) === reading(b);
}

/** The kind of difference between two strings that print alike, for a note beside them: `differs only in Unicode normalization (NFC → NFD)`. */
export function alikeNote(a: string, b: string): string {
  if (a.normalize('NFC') === b.normalize('NFC')) return `differs only in Unicode normalization (${form(a)} → ${form(b)})`;
  if (a.replace(IGNORABLE, '') === b.replace(IGNORABLE, '')) return 'differs only in invisible characters';
  if (a.replace(/\p{Zs}/gu, ' ').replace(/[ \t]+$/gm, '') === b.replace(/\p{Zs}/gu, ' ').replace(/[ \t]+$/gm, '')) return 'differs only in blanks';
  return 'differs only in characters that print alike';
}

function form(s: string): string {
  if (s === s.normalize('NFC')) return 'NFC';
  return s === s.normalize('NFD') ? 'NFD' : 'mixed';
}

/** A stretch of a string as drawn: `text` as it is, or code points written as `\u{…}`. */
export interface Stretch {
  text: string;
  escaped: boolean;
}

/**
 * Each string cut into stretches: what both share at the start and at the end as it is, and in
 * between every code point that is not printable ASCII — and a blank that ends a line — as
 * `\u{…}` (hex), so `Caf\u{e9}` and `Cafe\u{301}` read differently. Callers quote or escape the
 * plain stretches as they draw other text.
 */
export function revealDifference(a: string, b: string): [Stretch[], Stretch[]] {
  const x = [...a];
  const y = [...b];
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  // A combining mark at the edge of the difference goes with the character it modifies.
  while (head > 0 && (isMark(x[head]) || isMark(y[head]))) head--;
  while (tail > 0 && isMark(x[x.length - tail])) tail--;
  const side = (cps: string[]): Stretch[] => {
    const middle = cps.slice(head, cps.length - tail);
    const rest = cps.slice(cps.length - tail).join('');
    const out: Stretch[] = [{ text: cps.slice(0, head).join(''), escaped: false }];
    // Whether each blank of the middle is followed only by blanks up to the end of its line.
    const endsLine: boolean[] = [];
    let atEnd = /^[ \t]*(\n|$)/.test(rest);
    for (let i = middle.length - 1; i >= 0; i--) {
      const c = middle[i]!;
      endsLine[i] = atEnd && (c === ' ' || c === '\t');
      atEnd = c === '\n' || endsLine[i]!;
    }
    middle.forEach((c, i) => {
      const plain = /^[\x21-\x7e]$/.test(c) || (c === ' ' && !endsLine[i]) || c === '\n';
      const last = out[out.length - 1]!;
      const text = plain ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`;
      if (last.escaped === !plain) last.text += text;
      else out.push({ text, escaped: !plain });
    });
    out.push({ text: rest, escaped: false });
    return out.filter((s) => s.text !== '');
  };
  return [side(x), side(y)];
}

function isMark(c: string | undefined): boolean {
  return c !== undefined && /^\p{M}$/u.test(c);
}

/**
 * Two strings that print alike as the plan draws a value — JSON-quoted, control and invisible
 * characters escaped — with the code points that differ as `\u{…}` and, past `limit`
 * characters, folded around the first of them (as formatValue folds).
 */
export function formatAlikePair(a: string, b: string, limit: number): [string, string] {
  const [x, y] = revealDifference(a, b);
  const quote = (stretches: Stretch[]) => {
    let first = -1;
    let text = '';
    for (const s of stretches) {
      if (s.escaped && first < 0) first = text.length;
      text += s.escaped ? s.text : sanitize(JSON.stringify(s.text).slice(1, -1));
    }
    return { text, first };
  };
  const qa = quote(x);
  const qb = quote(y);
  const start = Math.max(0, Math.min(...[qa.first, qb.first].filter((n) => n >= 0)) - FOLD_CONTEXT);
  return [qa, qb].map((q) => {
    const shown = foldText(q.text, limit, q.text.length > limit ? start : 0);
    return `"${shown.prefix}${shown.text}${shown.suffix}"`;
  }) as [string, string];
}
/** The stretches as one line of plain text, for views that print text unquoted (diff lines, word hunks). */
export function revealedText(stretches: readonly Stretch[]): string {
  return stretches.map((s) => s.text).join('');
}
