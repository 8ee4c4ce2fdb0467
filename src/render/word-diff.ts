// A change inside one long line of text (a single-line prompt, a description) as word hunks, the
// way `git diff --word-diff=plain` marks them: only the changed words and a few words around them,
// so a one-word edit in a 600-character line is on screen instead of two full lines that a code
// block does not wrap.
import { diffLib } from './diff-lib.js';
import { formatCount } from '../util/value-text.js';
import { printsAlike, revealDifference, revealedText } from '../util/look-alike.js';

/** One place where the line changed: the same stretch of text before and after, words marked. */
export interface WordHunk {
  /** The stretch as it was, removed words as `[-words-]`; `…` where the line goes on. */
  before: string;
  /** The stretch as it becomes, added words as `{+words+}`. */
  after: string;
  /** Whether words in it were replaced by words that print alike (shown with `\u{…}`). */
  alike?: boolean;
}

/** Unchanged words kept on each side of a change. */
const CONTEXT_WORDS = 6;
// Myers' diff is quadratic in the edits; a line rewritten past this reads as a rewrite anyway.
const MAX_EDITS = 1_000;

/** `alike`: a removal replaced by words that print alike, drawn with their differing code points escaped. */
type Segment = { kind: 'same' | 'del' | 'ins'; text: string; alike?: boolean };

/**
 * The hunks of a word diff from `before` to `after` (strings without newlines), each with up to
 * `context` unchanged words either side; unchanged stretches longer than twice that separate
 * hunks. Returns null when the two differ in more than a thousand places (show them whole).
 */
export function wordHunks(before: string, after: string, context = CONTEXT_WORDS): WordHunk[] | null {
  const parts = diffLib().diffWordsWithSpace(before, after, { maxEditLength: MAX_EDITS });
  if (!parts) return null;
  const segments: Segment[] = parts.map((p) => ({ kind: p.added ? 'ins' : p.removed ? 'del' : 'same', text: p.value }));
  // Words replaced by words that print alike (`Café` NFC → NFD) show the code points that differ.
  segments.forEach((s, i) => {
    const next = segments[i + 1];
    if (s.kind !== 'del' || next?.kind !== 'ins' || !printsAlike(s.text, next.text)) return;
    const [x, y] = revealDifference(s.text, next.text);
    s.text = revealedText(x);
    next.text = revealedText(y);
    s.alike = true;
  });
  const hunks: WordHunk[] = [];
  let current: WordHunk | null = null;
  segments.forEach((s, i) => {
    if (s.kind !== 'same') {
      current ??= { before: '', after: '' };
      if (s.alike) current.alike = true;
      if (s.kind === 'del') current.before += `[-${s.text}-]`;
      else current.after += `{+${s.text}+}`;
      return;
    }
    const words = s.text.split(/(\s+)/).filter((w) => w !== '');
    const count = words.filter((w) => !/^\s/.test(w)).length;
    const last = i === segments.length - 1;
    if (current && (last || count > 2 * context)) {
      const tail = takeWords(words, context);
      const cut = tail.length < words.length;
      current.before += tail.join('') + (cut ? '…' : '');
      current.after += tail.join('') + (cut ? '…' : '');
      hunks.push(current);
      current = null;
    } else if (current) {
      current.before += s.text;
      current.after += s.text;
      return;
    }
    if (last) return;
    const head = takeWords([...words].reverse(), context).reverse();
    const cut = head.length < words.length;
    const lead = (cut ? '…' : '') + head.join('');
    current = { before: lead, after: lead };
  });
  if (current) hunks.push(current);
  return hunks;
}

/** The first `n` words of a list of words and the blanks between them, with those blanks. */
function takeWords(tokens: string[], n: number): string[] {
  const out: string[] = [];
  let words = 0;
  for (const t of tokens) {
    if (!/^\s/.test(t)) {
      if (words === n) break;
      words++;
    }
    out.push(t);
  }
  return out;
}

/** A single-line string longer than this that changed is shown as word hunks, not two whole lines. */
const WORD_DIFF_OVER = 100;
/** Columns a word hunk is wrapped at: about what a comment or a terminal shows without scrolling. */
const WRAP = 100;

/** A long one-line change as both human views draw it: a header, then `-`/`+` lines of marked words. */
export interface WordChange {
  /** `one line (612 → 618 characters); changed words as [-removed-] {+added+}:` */
  header: string;
  lines: Array<{ marker: '-' | '+'; text: string }>;
}

/**
 * The word view of a changed value when both sides are one-line strings and either is over 100
 * characters; null otherwise, or when the two differ in too many places (then both are shown whole).
 */
export function wordChange(before: unknown, after: unknown): WordChange | null {
  if (typeof before !== 'string' || typeof after !== 'string' || Math.max(before.length, after.length) <= WORD_DIFF_OVER) return null;
  if (before.includes('\n') || after.includes('\n')) return null;
  const hunks = wordHunks(before, after);
  if (!hunks) return null;
  return {
    header:
      `one line (${formatCount(before.length)} → ${formatCount(after.length)} characters); changed words as [-removed-] {+added+}` +
      `${hunks.some((h) => h.alike) ? '; words that print alike with the code points that differ as \\u{…}' : ''}:`,
    lines: hunks.flatMap((h) => [
      ...wrap(h.before, WRAP).map((text) => ({ marker: '-' as const, text })),
      ...wrap(h.after, WRAP).map((text) => ({ marker: '+' as const, text })),
    ]),
  };
}

/** A long hunk broken at blanks into lines of about `width` columns (a word longer than that stays whole). */
function wrap(line: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const token of line.split(/(?<=\s)/)) {
    if (current !== '' && current.length + token.trimEnd().length > width) {
      out.push(current.trimEnd());
      current = '';
    }
    current += token;
  }
  if (current.trimEnd() !== '' || out.length === 0) out.push(current.trimEnd());
  return out;
}
