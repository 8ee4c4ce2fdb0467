import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/**
 * The anchors GitHub gives README's headings, outside code fences: github-slugger's rule (lower
 * case; every character but a letter, a mark, a digit, `_`, `-` and a space dropped; each space a
 * `-`), a repeated one suffixed `-1`, `-2`, … in order.
 */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.*)$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, '').replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

describe('README', () => {
  // A link to a heading renamed since (`aac force-unlock [LOCK]` was once `[LOCK_ID]`) goes
  // nowhere on GitHub, silently: the reader who followed it lands at the top of a 5,000-line page.
  it('links only to headings it has', () => {
    const anchors = headingAnchors(README);
    const dangling = [...README.matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => m[1]!).filter((a) => !anchors.has(a));
    expect(dangling).toEqual([]);
  });

  it('reads anchors as GitHub makes them', () => {
    const anchors = headingAnchors('# `aac force-unlock [LOCK]`\n## OpenAI agents (`--provider openai-agents`)\n```\n# not a heading\n```\n### 1. Store the credentials\n## Same\n## Same\n');
    expect([...anchors]).toEqual(['aac-force-unlock-lock', 'openai-agents---provider-openai-agents', '1-store-the-credentials', 'same', 'same-1']);
  });
});
