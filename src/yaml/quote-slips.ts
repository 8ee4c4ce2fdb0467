// A quoted value with text after its closing quote, which the YAML parser words as "unexpected
// scalar at node end": an apostrophe inside single quotes (`'It's fine'`), which ends the value
// there, or a value only partly quoted (`name: "Billing" Support`). What the user needs to hear is
// the quote: double the apostrophe, or put the whole value inside the quotes.
import { codeSpan } from '../util/code-span.js';

const UNEXPECTED_AT_END = /^Unexpected scalar at node end/;

/**
 * The problem in aac's words when the parser's error (`code`, its `libraryMessage`, at `offset` in
 * `text`) is text after a `key: 'quoted'` or `key: "quoted"` value on its line, else undefined. It
 * quotes the value as written only where `quoteValues` (FileRole.quotesValues).
 */
export function quoteSlipProblem(code: string, libraryMessage: string, text: string, offset: number, quoteValues: boolean): { message: string; hint: string } | undefined {
  if (code !== 'UNEXPECTED_TOKEN' || !UNEXPECTED_AT_END.test(libraryMessage)) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const head = /^[ ]*(?:-[ ]+)*([^\s#-][^\n]*?):[ \t]+(["'])(.*)\2([ \t]*)$/.exec(text.slice(lineStart, offset));
  if (!head) return undefined;
  const [, key, quote, inside, gap] = head as unknown as [string, string, string, string, string];
  const lineEnd = text.indexOf('\n', offset);
  const after = text.slice(offset, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '').replace(/[ \t]+#.*$/, '');
  // The value meant runs to the line's last quote of its kind, when it closes one there.
  const rest = after.trimEnd().endsWith(quote) ? after.trimEnd().slice(0, -1) : after;
  if (!quoteValues) {
    return quote === "'" && gap === ''
      ? { message: `the value of '${key}' ends at an apostrophe inside it: inside single quotes, an apostrophe is written twice`, hint: "write each apostrophe inside the single quotes twice (''), or put the value in double quotes" }
      : { message: `the value of '${key}' goes on after its closing ${quote}`, hint: 'put the whole value inside the quotes' };
  }
  if (quote === "'" && gap === '') {
    const word = `${/\S*$/.exec(inside)![0]}'${/^\S*/.exec(rest)![0]}`;
    return {
      message: `the value of '${key}' ends at the apostrophe of "${word}": inside single quotes, an apostrophe is written twice`,
      hint: `write ${codeSpan(`${key}: '${`${inside}'${rest}`.replace(/'/g, "''")}'`)}, or put the value in double quotes`,
    };
  }
  const joined = `${inside}${gap}${rest}`;
  return {
    message: `the value of '${key}' goes on after its closing ${quote}`,
    hint: `put the whole value inside the quotes: ${codeSpan(`${key}: ${quote}${quote === '"' ? joined.replace(/"/g, '\\"') : joined.replace(/'/g, "''")}${quote}`)}`,
  };
}
