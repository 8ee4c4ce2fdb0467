// A common slip the YAML parser words for its own grammar: a line indented under a field whose
// value is already written on the field's line (`name: a`, then `  instructions: x`). YAML reads
// the value and the indented line as one key spanning two lines, and says "a list or mapping
// cannot be a key" and "implicit keys need to be on a single line", both at the value; what the
// user needs to hear is which line is indented under what.
import { lineAndColumn } from '../util/json-syntax.js';

/** A line indented under a scalar value: its line, the value's, and the last line of the block indented with it (1-based). */
export interface IndentedUnderScalar {
  line: number;
  valueLine: number;
  lastLine: number;
}

/**
 * Where the parser stopped at `offset` in `text`, when that is the value of a `key: value` line
 * (a plain scalar: not quoted, not `[`, `{`, `|`, `>`, an anchor, alias or tag) and the next line
 * that holds anything but a comment is indented more than `key`: that line, the value's, and the
 * last of the lines indented more than `key` that follow (the parser's later errors there are the
 * same slip). Undefined for any other shape.
 */
export function indentedUnderScalar(text: string, offset: number): IndentedUnderScalar | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const head = text.slice(lineStart, offset);
  // `key: ` before the value, the key maybe a list item's (`- key: `): the key's column.
  const keyLine = /^([ ]*(?:-[ ]+)*)[^\s#-][^\n]*?:[ \t]+$/.exec(head);
  if (!keyLine) return undefined;
  const keyColumn = keyLine[1]!.length;
  const lineEnd = text.indexOf('\n', offset);
  const value = text.slice(offset, lineEnd < 0 ? text.length : lineEnd);
  if (lineEnd < 0 || !/^[^\s[\]{}|>"'&*!#]/.test(value)) return undefined;
  let first: number | undefined;
  let last = lineEnd + 1;
  for (let start = lineEnd + 1; start < text.length;) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    const indent = /^[ ]*/.exec(line)![0].length;
    const content = line.slice(indent).trim();
    if (content !== '' && !content.startsWith('#')) {
      if (indent <= keyColumn) break;
      first ??= start;
      last = start;
    }
    if (end < 0) break;
    start = end + 1;
  }
  if (first === undefined) return undefined;
  return { line: lineAndColumn(text, first).line, valueLine: lineAndColumn(text, offset).line, lastLine: lineAndColumn(text, last).line };
}

/** What aac says of that shape, in place of the parser's two errors (`found`: indentedUnderScalar's answer). */
export function indentedUnderScalarProblem({ line, valueLine }: IndentedUnderScalar): { message: string; hint: string } {
  const above = line === valueLine + 1 ? 'the line above' : `line ${valueLine}`;
  return {
    message: `line ${line} is indented under a scalar value (${above})`,
    hint: `un-indent line ${line}, or make the value on ${above} a mapping (its fields on their own lines, indented under it)`,
  };
}
