// Markdown rendered as GitHub renders a comment: GitHub Flavored Markdown (micromark with its GFM
// extensions: tables, strikethrough, autolinks, task lists and the tag filter), raw HTML such as
// <details> allowed, as on github.com.
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** The top-level pieces of rendered HTML, in order: `p`, `ul`, `h3`, `details` (a whole block), `pre`, `table`, … */
export function topLevel(html: string): Array<{ tag: string; html: string }> {
  const out: Array<{ tag: string; html: string }> = [];
  const re = /<(\/?)([a-z0-9]+)[^>]*>|<!--[\s\S]*?-->/g;
  let depth = 0;
  let start = 0;
  let tag = '';
  let m: RegExpExecArray | null;
  const voids = new Set(['br', 'hr', 'img', 'input']);
  while ((m = re.exec(html))) {
    if (m[0].startsWith('<!--')) {
      if (depth === 0) out.push({ tag: '!--', html: m[0] });
      continue;
    }
    const [, close, name] = m;
    if (voids.has(name!)) {
      if (depth === 0) out.push({ tag: name!, html: m[0] });
      continue;
    }
    if (!close) {
      if (depth === 0) {
        start = m.index;
        tag = name!;
      }
      depth++;
    } else {
      depth--;
      if (depth === 0) out.push({ tag, html: html.slice(start, m.index + m[0].length) });
      if (depth < 0) throw new Error(`unbalanced </${name}> at ${m.index}`);
    }
  }
  if (depth !== 0) throw new Error(`unclosed <${tag}>`);
  return out;
}
