// Keys, ids and names in the plan comment are text aac does not write (a file name, a live
// marker's key that anyone with access to the host can set): GitHub links `@user`, `@org/team`
// and `#N` wherever they are not code, so a comment or a drift issue would ping people and
// cross-reference issues. Every one of them is in code, wherever the markdown view names it.
import { describe, expect, it } from 'vitest';
import type { PlanChange } from '../../src/model/plan.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { renderGfm } from '../helpers/gfm.js';
import { change, plan, spec } from './fixtures.js';

const MENTIONS = ['@octocat', '@org/team', '#12', '@ghost'];

/** The rendered HTML's text outside `<code>` and `<pre>`, where GitHub links mentions and references. */
function outsideCode(html: string): string {
  return html.replace(/<pre>[\s\S]*?<\/pre>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '');
}

function hostilePlan() {
  const created: PlanChange = { ...change('@octocat', null, spec({ name: 'Bot' })), likelyMovedFrom: 'fix-#12' };
  const orphan = change('fix-#12', spec({ name: 'Bot' }), null, { action: 'delete', orphan: true, id: 'asst_12' });
  const moved: PlanChange = { ...change('@org/renamed', spec({ name: 'A' }), spec({ name: 'B' })), movedFrom: '@org/team' };
  const copy: PlanChange = { ...change('@ghost', spec(), null, { action: 'delete', id: 'asst_copy' }), duplicateOf: '@ghost' };
  const elsewhere: PlanChange = {
    ...change('elsewhere', null, spec({ name: 'E' })),
    movedFromElsewhere: { key: '@octocat', namespace: '@org/team', id: 'asst_else' },
  };
  const p = plan([created, orphan, moved, copy, elsewhere]);
  return {
    ...p,
    targets: ['@octocat', 'fix-#12'],
    legacy: [{ key: '@ghost', id: 'asst_legacy' } as (typeof p.legacy)[number]],
    summary: { ...p.summary, legacy: 1 },
  };
}

describe('the plan comment names keys in code only', () => {
  it('a key like @octocat, @org/team or fix-#12 never shows outside code: no mention, no issue link', () => {
    const p = hostilePlan();
    for (const pruned of [false, true]) {
      const md = renderPlanMarkdown({ ...p, prune: pruned });
      const text = outsideCode(renderGfm(md));
      for (const m of MENTIONS) expect(text, `${m} outside code (prune: ${pruned})`).not.toContain(m);
      // Each is still named, in code: `<summary>+ <code>@octocat</code> — create</summary>`.
      expect(md).toContain('<summary>+ <code>@octocat</code> — create</summary>');
      expect(md).toContain('`--target fix-#12`');
    }
  });

  it('keeps a key HTML-escaped in the section title', () => {
    const md = renderPlanMarkdown(plan([change('<b>x</b>', null, spec())]));
    expect(md).toContain('<summary>+ <code>&lt;b&gt;x&lt;/b&gt;</code> — create</summary>');
  });

  it('names the keys of the names-only view in code too', () => {
    let namesOnly = 0;
    for (let maxChars = 1200; maxChars <= 3200; maxChars += 50) {
      const md = renderPlanMarkdown(hostilePlan(), { maxChars });
      if (md.includes('Changes:')) namesOnly++;
      const text = outsideCode(renderGfm(md));
      for (const m of MENTIONS) expect(text, `${m} at ${maxChars}`).not.toContain(m);
    }
    expect(namesOnly).toBeGreaterThan(0);
  });
});
