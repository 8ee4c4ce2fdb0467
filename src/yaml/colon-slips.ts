// Two slips of a colon that the YAML parser words for its own grammar: a plain value that holds
// `: ` (`instructions: You are: a bot`), which YAML reads as a mapping inside the value ("nested
// mappings are not allowed in compact mappings"), and a field written without its colon (`name
// Billing`), which YAML reads with the next line as one key ("implicit keys need to be on a single
// line"). What the user needs to hear is the colon: quote the value, or add the colon.
import { lineAndColumn } from '../util/json-syntax.js';

/** The yaml package's sentences for the two shapes (resolve-block-map.js), each with its code. */
const NESTED_IN_COMPACT = /^Nested mappings are not allowed in compact mappings/;
const MULTILINE_KEY = /^Implicit keys need to be on a single line/;

/** The longest value a hint quotes whole; a longer one is cut, as the hint only shows the form. */
const QUOTED_MAX = 60;

/**
 * The problem in aac's words when the parser's error (`code`, its `libraryMessage`, at `offset` in
 * `text`) is one of the two colon slips, else undefined (the caller keeps its own words). Its hint
 * quotes the value as written only where `quoteValues` (FileRole.quotesValues).
 */
export function colonSlipProblem(code: string, libraryMessage: string, text: string, offset: number, quoteValues: boolean): { message: string; hint: string } | undefined {
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && NESTED_IN_COMPACT.test(libraryMessage)) return colonInPlainValue(text, offset, quoteValues);
  if (code === 'MULTILINE_IMPLICIT_KEY' && MULTILINE_KEY.test(libraryMessage)) return keyWithoutColon(text, offset, quoteValues);
  return undefined;
}

/** `key: value` (the key maybe a list item's, `- key: `) where the plain value at `offset` holds `: ` or ends in `:`. */
function colonInPlainValue(text: string, offset: number, quoteValues: boolean): { message: string; hint: string } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const head = /^[ ]*(?:-[ ]+)*([^\s#-][^\n]*?):[ \t]+$/.exec(text.slice(lineStart, offset));
  if (!head) return undefined;
  const lineEnd = text.indexOf('\n', offset);
  // Without a comment (` #` starts one) and the line end's CR.
  const value = text.slice(offset, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '').replace(/[ \t]+#.*$/, '').trimEnd();
  if (!/^[^\s[\]{}|>"'&*!#]/.test(value) || !/:([ \t]|$)/.test(value)) return undefined;
  const key = head[1]!;
  return {
    message: `the value of '${key}' holds ': ', which YAML reads as the start of a field inside it`,
    hint: `quote the whole value, as \`${key}: ${quoteValues ? quoted(value) : '"…"'}\`, or write it as a block: \`${key}: |\` and the text on the lines below, indented`,
  };
}

/** A key's line at `offset` that holds no `: ` (nor ends in `:`): the field written without its colon. */
function keyWithoutColon(text: string, offset: number, quoteValues: boolean): { message: string; hint: string } | undefined {
  const lineEnd = text.indexOf('\n', offset);
  const written = text.slice(offset, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '').replace(/[ \t]+#.*$/, '').trimEnd();
  if (!/^[^\s[\]{}|>"'&*!#?:-]/.test(written) || /:([ \t]|$)/.test(written)) return undefined;
  const { line } = lineAndColumn(text, offset);
  const block = blockScalarAbove(text, offset);
  if (block !== undefined) {
    return {
      message: `the text of \`${block.key}: ${block.indicator}\` on line ${block.line} is not indented under it, so YAML reads line ${line} as a field`,
      hint: `indent the text's lines by ${block.indent + 2} spaces, more than \`${block.key}:\``,
    };
  }
  const [, name, rest] = /^(\S+)[ \t]*(.*)$/.exec(written)!;
  // The line may as well be the value above it, continued without its indent.
  const above = plainValueAbove(text, offset);
  const continued = above === undefined ? '' : `; if it continues the value of \`${above.key}:\` on line ${above.line}, indent it more than \`${above.key}:\` (or quote the whole value)`;
  // Where values are not quoted (aac.yaml), neither is the line: it may be a value, not a key.
  if (!quoteValues) {
    return {
      message: `line ${line} has no colon, so YAML reads it and the line after it as one key`,
      hint: `write its key with a colon after it, and the value after the colon or on the lines below it, indented${continued}`,
    };
  }
  return rest === ''
    ? {
        message: `line ${line} ('${name}') has no colon, so YAML reads it and the line after it as one key`,
        hint: `write \`${name}:\`, with its value after the colon or on the lines below it, indented${continued}`,
      }
    : {
        message: `line ${line} has no colon after '${name}', so YAML reads it and the line after it as one key`,
        hint: `${above === undefined ? '' : 'if it is a field, '}write \`${name}: ${rest}\`${continued}`,
      };
}

/** The `key: value` (a plain value) on the last line above `offset` that holds anything but a comment, with its key and line. */
function plainValueAbove(text: string, offset: number): { key: string; line: number } | undefined {
  const above = lineAbove(text, offset);
  if (above === undefined) return undefined;
  const m = /^[ ]*(?:-[ ]+)*([^\s#-][^\n]*?):[ \t]+[^\s|>#"'[{&*!]/.exec(above.text);
  return m ? { key: m[1]!, line: above.line } : undefined;
}

/** The last line above the one at `offset` that holds anything but a comment: its text (no CR) and line. */
function lineAbove(text: string, offset: number): { text: string; line: number } | undefined {
  let end = text.lastIndexOf('\n', offset - 1);
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const above = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (!/^\s*(#.*)?$/.test(above)) return { text: above, line: lineAndColumn(text, start).line };
  }
  return undefined;
}

/**
 * The `key: |` (or `>`, with its chomping and indent indicators) on the last line above `offset`
 * that holds anything but a comment, when the line at `offset` is indented no more than that key:
 * the block scalar's text written without its indent. Its key as written, indicator, line and the
 * key's indent in spaces.
 */
function blockScalarAbove(text: string, offset: number): { key: string; indicator: string; line: number; indent: number } | undefined {
  const indent = offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const above = lineAbove(text, offset);
  const m = above && /^([ ]*(?:-[ ]+)*)([^\s#-][^\n]*?):[ \t]+([|>][1-9+-]*)[ \t]*(?:#.*)?$/.exec(above.text);
  if (!m || indent > m[1]!.length) return undefined;
  return { key: m[2]!, indicator: m[3]!, line: above!.line, indent: m[1]!.length };
}

/** `value` as a quoted YAML scalar that means the same text: double quotes, or single where it holds `"` or `\`. */
function quoted(value: string): string {
  const shown = value.length > QUOTED_MAX ? `${value.slice(0, QUOTED_MAX - 1)}…` : value;
  return /["\\]/.test(value) ? `'${shown.replace(/'/g, "''")}'` : `"${shown}"`;
}
