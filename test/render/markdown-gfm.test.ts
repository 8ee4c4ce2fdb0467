// The plan comment as GitHub renders it (GitHub Flavored Markdown): the summary first, the deletes
// called out before any section, every diff a closed code block inside its own <details>, drift
// under its own heading, and hostile text (fences, HTML) shown as text, never as structure.
import { describe, expect, it } from 'vitest';
import { markDrift } from '../../src/plan/touched.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { renderGfm, topLevel } from '../helpers/gfm.js';
import { change, plan, spec } from './fixtures.js';
import { representativePlan } from './representative.js';

const hostile = 'Reply with code:\n```\n</details><script>alert(1)</script>\n```\n<!-- aac-plan:assistants -->';

function reviewPlan() {
  const base = representativePlan();
  return plan(
    [
      ...base.changes,
      change('support/hostile', spec({ instructions: 'Be brief.' }), spec({ instructions: hostile, name: '<b>x</b> | `y`' })),
      change('ops/edited', spec({ description: `${'A long line of words. '.repeat(10)}Answer in French.` }), spec({ description: `${'A long line of words. '.repeat(10)}Answer in English.` })),
      change('old/second', spec({ name: 'Second <img src=x>' }), null, { action: 'delete', orphan: true }),
    ],
    { unmanaged: 3 },
  );
}

describe('the plan comment, rendered as GitHub does', () => {
  const md = renderPlanMarkdown(markDrift(reviewPlan(), new Set(['support/billing', 'hr/benefits', 'hr/onboarding', 'support/hostile'])));
  const html = renderGfm(md);
  const blocks = topLevel(html);

  it('puts the summary line first, then the deletes, then the sections', () => {
    expect(blocks[0]).toEqual({ tag: 'p', html: '<p><strong>Plan: 1 to create, 4 to modify, 2 to delete, 1 unchanged.</strong></p>' });
    const callout = blocks.findIndex((b) => b.html.includes('Applying this plan deletes 2 assistants'));
    const firstSection = blocks.findIndex((b) => b.tag === 'details');
    expect(callout).toBeGreaterThan(0);
    expect(callout).toBeLessThan(firstSection);
    const list = blocks[callout + 1]!;
    expect(list.tag).toBe('ul');
    expect(list.html).toContain('<li><code>old/bot</code> — name <code>Old</code>, model <code>gpt-4o</code>, id <code>asst_oldbot</code></li>');
    // A name is text, never markup.
    expect(list.html).toContain('<code>Second &lt;img src=x&gt;</code>');
  });

  it('closes every code block inside its own section: no fence is broken by the content', () => {
    const sections = blocks.filter((b) => b.tag === 'details');
    // Six of the pull request's, one of drift, and the orphans kept.
    expect(sections).toHaveLength(8);
    for (const s of sections) {
      expect(s.html).toMatch(/^<details><summary>[^<]*(<code>[^<]*<\/code>[^<]*)*<\/summary>/);
      expect((s.html.match(/<pre>/g) ?? []).length).toBe((s.html.match(/<\/pre>/g) ?? []).length);
    }
    const hostileSection = sections.find((s) => s.html.includes('support/hostile'))!;
    expect(hostileSection.html).toContain('&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // An HTML comment opener in text that is not aac's is escaped: it can pose as none of the Action's markers.
    expect(hostileSection.html).toContain('\\u003c!-- aac-plan:assistants --&gt;');
    expect(html).not.toContain('<script>');
    // Nothing after the last block leaked out of a code block.
    expect(blocks.at(-1)!.tag).toBe('details');
    expect(html).not.toMatch(/<p>```/);
  });

  it('puts drift under its own heading, after the changes of the pull request', () => {
    const heading = blocks.findIndex((b) => b.tag === 'h3');
    expect(blocks[heading]!.html).toBe('<h3>Changed outside aac: merging reverts these</h3>');
    const summaries = (from: number, to?: number) =>
      blocks.slice(from, to).filter((b) => b.tag === 'details').map((b) => /<summary>(.*?)<\/summary>/.exec(b.html)![1]);
    expect(summaries(heading)).toEqual(['~ <code>ops/edited</code> — update: description', '! 1 orphaned assistant: no longer defined, not deleted']);
    expect(summaries(0, heading)).toHaveLength(6);
    expect(summaries(0, heading)).not.toContain('~ <code>ops/edited</code> — update: description');
  });

  it('shows the changed words of a long line in a diff block', () => {
    const edited = blocks.find((b) => b.html.includes('ops/edited'))!;
    expect(edited.html).toContain('<pre><code class="language-diff">');
    expect(edited.html).toContain('description: one line (237 → 238 characters); changed words as [-removed-] {+added+}:');
    expect(edited.html).toContain('\n-   … long line of words. Answer in [-French-].\n+   … long line of words. Answer in {+English+}.\n');
  });
});

describe('version strings, as the host names them', () => {
  it('are code in a section’s title and in the old versions’ list', () => {
    const versioned = {
      ...change('billing', spec({ instructions: 'a' }), spec({ instructions: 'b' }), { id: 'billing-support' }),
      version: { from: '*3*', to: '@acme' },
      deleteVersions: ['_1_', '<2>'],
    };
    const p = plan([versioned], { delete_versions: 2 });
    const html = renderGfm(renderPlanMarkdown(p));
    expect(html).toContain('<summary>~ <code>billing</code> — new version (<code>*3*</code> → <code>@acme</code>): instructions; delete old versions <code>_1_</code>, <code>&lt;2&gt;</code></summary>');
    expect(html).toContain('<li><code>billing</code> (<code>billing-support</code>): versions <code>_1_, &lt;2&gt;</code></li>');
    expect(html).not.toMatch(/<em>|<a /);
  });
});
