// Text git left mid-merge: a block of `<<<<<<< ours` … `=======` … `>>>>>>> theirs` lines (with
// diff3's `||||||| base` inside). It is never content a definition, overlay, fragment or prompt
// means to hold: in a prompt both sides would be sent to the model, in YAML the parser's errors
// would not say what happened. Only the whole block counts, so a Markdown heading underlined with
// seven `=` is text.
import { sanitize } from './invisible.js';

/** A marker line: seven of the character, then a space (and a label) or the end of the line. */
const marker = (c: '<' | '=' | '>') => new RegExp(`^\\${c}{7}(?: |$)`);
const OPEN = marker('<');
const MIDDLE = marker('=');
const CLOSE = marker('>');
/** The most of the opening line a message quotes. */
const SHOWN = 60;

/**
 * The first unresolved merge conflict in `text`: the line (1-based) of its `<<<<<<<` marker and
 * that line as messages quote it (one line, at most 60 characters); undefined when no opening
 * marker is followed by a `=======` and then a `>>>>>>>` line. Line breaks: LF, CRLF or CR.
 */
export function mergeConflict(text: string): { line: number; marker: string } | undefined {
  if (!text.includes('<<<<<<<')) return undefined;
  const lines = text.split(/\r\n|\r|\n/);
  let open = -1;
  let middle = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (OPEN.test(line)) [open, middle] = [i, false];
    else if (open >= 0 && MIDDLE.test(line)) middle = true;
    else if (open >= 0 && middle && CLOSE.test(line)) {
      const opening = lines[open]!;
      return { line: open + 1, marker: sanitize(opening.length > SHOWN ? `${opening.slice(0, SHOWN)}…` : opening) };
    }
  }
  return undefined;
}

/** What to do about one, in any file. */
export const MERGE_CONFLICT_HINT = 'finish the merge: keep the lines wanted between `<<<<<<<` and `>>>>>>>`, delete the marker lines (`<<<<<<<`, `=======`, `>>>>>>>`), and commit the result';

/** Its diagnostic code. */
export const MERGE_CONFLICT = 'merge-conflict';
