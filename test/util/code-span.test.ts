import { describe, expect, it } from 'vitest';
import { codeSpan } from '../../src/util/code-span.js';
import { renderGfm } from '../helpers/gfm.js';

/** What a CommonMark reader shows inside the one code span of `markdown`, entities decoded. */
function spanText(markdown: string): string {
  const html = renderGfm(markdown);
  const spans = [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => m[1]!);
  expect(spans, html).toHaveLength(1);
  return spans[0]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('codeSpan', () => {
  it.each([
    ['aac plan', '`aac plan`'],
    ["aac plan --dir 'a`b'", "``aac plan --dir 'a`b'``"],
    ["aac apply --dir 'x``|y'", "```aac apply --dir 'x``|y'```"],
    ['`x', '`` `x ``'],
    ['x`', '`` x` ``'],
    [' x ', '`  x  `'],
    ['  ', '`  `'],
  ])('%j is %j, which a reader shows as the text itself', (text, span) => {
    expect(codeSpan(text)).toBe(span);
    expect(spanText(`run ${codeSpan(text)} again`)).toBe(text);
    // In a list item as in a paragraph, and with a pipe.
    expect(spanText(`- ${codeSpan(`${text}|`)}: then apply`)).toBe(`${text}|`);
  });
});
