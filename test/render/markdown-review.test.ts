// The pull-request comment as a reviewer needs it: what disappears at the top, drift apart from
// the pull request's own changes, one-word edits in long lines on screen, and a size budget that
// never loses the summary line.
import { describe, expect, it } from 'vitest';
import { markDrift } from '../../src/plan/touched.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { summaryBytes } from '../../src/util/github.js';
import { change, plan, spec } from './fixtures.js';

const orphanDelete = (key: string, name: string | null, model = 'gpt-4o-mini') =>
  change(key, spec({ name, model }), null, { action: 'delete', orphan: true });

describe('the review comment', () => {
  it('calls out every delete right under the summary, with its name, model, key and id', () => {
    const md = renderPlanMarkdown(
      plan([orphanDelete('support/legacy', 'Legacy FAQ'), orphanDelete('x/nameless', null, 'gpt-4o'), change('a', spec(), spec({ name: 'A' }))], {}, true),
    );
    const lines = md.split('\n');
    expect(lines[0]).toBe('**Plan: 0 to create, 1 to modify, 2 to delete, 0 unchanged.**');
    const at = lines.indexOf('**⚠️ Applying this plan deletes 2 assistants:**');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(lines.findIndex((l) => l.startsWith('<details>')));
    expect(lines.slice(at + 2, at + 4)).toEqual([
      '- `support/legacy` — name `Legacy FAQ`, model `gpt-4o-mini`, id `asst_supportlegacy`',
      '- `x/nameless` — name (no name), model `gpt-4o`, id `asst_xnameless`',
    ]);
  });

  it('shows drift on definitions the pull request does not change in its own section, after its own changes', () => {
    const own = change('support/billing', spec({ temperature: 0.2 }), spec({ temperature: 0.7 }));
    const edited = change('hr/benefits', spec({ name: 'Edited in a dashboard' }), spec({ name: 'Benefits' }));
    const recreated = change('ops/pager', null, spec({ name: 'Pager' }));
    const md = renderPlanMarkdown(markDrift(plan([own, edited, recreated]), new Set(['support/billing'])));
    expect(md).toContain(
      '2 of these changes revert edits made outside aac to assistants this pull request does not change: ' +
        'see *Changed outside aac: merging reverts these*.',
    );
    const heading = md.indexOf('### Changed outside aac: merging reverts these');
    expect(md.indexOf('~ <code>support/billing</code>')).toBeLessThan(heading);
    expect(md.indexOf('~ <code>hr/benefits</code>')).toBeGreaterThan(heading);
    expect(md.indexOf('+ <code>ops/pager</code>')).toBeGreaterThan(heading);
    expect(md).toContain('+ name = "Benefits"');
  });

  it('has no drift section without changed files, nor when the pull request touches every changed definition (or aac.yaml)', () => {
    const c = change('a', spec(), spec({ name: 'A' }));
    expect(renderPlanMarkdown(plan([c]))).not.toContain('outside aac');
    expect(renderPlanMarkdown(markDrift(plan([c]), new Set(['a'])))).not.toContain('outside aac');
    expect(renderPlanMarkdown(markDrift(plan([c]), undefined))).not.toContain('outside aac');
  });

  it('shows a one-word edit of a 600-character single-line prompt as marked words with context, not two full lines', () => {
    const before = `You are the support assistant. ${'Answer politely and cite the policy section. '.repeat(12)}Always answer in French.`.trim();
    expect(before.length).toBeGreaterThan(550);
    const after = before.replace('in French', 'in English');
    const md = renderPlanMarkdown(plan([change('a', spec({ instructions: before }), spec({ instructions: after }))]));
    const block = md.slice(md.indexOf('```diff\n') + 8, md.lastIndexOf('\n```'));
    expect(block.split('\n')).toEqual([
      `  instructions: one line (${before.length} → ${after.length} characters); changed words as [-removed-] {+added+}:`,
      '-   … the policy section. Always answer in [-French-].',
      '+   … the policy section. Always answer in {+English+}.',
    ]);
    expect(Math.max(...block.split('\n').map((l) => l.length))).toBeLessThan(120);
  });

  it('wraps a long changed run at about 100 columns instead of one line off-screen', () => {
    const before = 'Intro. ' + 'a'.repeat(5) + ' end';
    const after = 'Intro. ' + Array.from({ length: 60 }, (_, i) => `new${i}`).join(' ') + ' end';
    const md = renderPlanMarkdown(plan([change('a', spec({ description: before }), spec({ description: after }))]));
    const plus = md.split('\n').filter((l) => l.startsWith('+   '));
    expect(plus.length).toBeGreaterThan(2);
    for (const l of plus) expect(l.length).toBeLessThanOrEqual(110);
    expect(plus[0]).toBe('+   Intro. {+new0+} {+new1 new2 new3 new4 new5 new6 new7 new8 new9 new10 new11 new12 new13 new14 new15');
    expect(plus.at(-1)).toMatch(/new59 \+\}end$/);
  });

  it('keeps a 60-assistant folded plan and a 25,000-character Japanese plan within a budget given in characters', () => {
    const long = (tag: string) => Array.from({ length: 200 }, (_, i) => `${tag} ${i} ${'·'.repeat(40)}`).join('\n');
    const sixty = Array.from({ length: 60 }, (_, i) =>
      // Each its own new prompt, so that no two changes are alike (alike ones are one section).
      change(`team/bot${String(i).padStart(2, '0')}`, spec({ instructions: long('old') }), spec({ instructions: long(`new${i}`) })),
    );
    const folded = renderPlanMarkdown(plan(sixty), { maxChars: 60_000 });
    expect(folded.length).toBeLessThanOrEqual(60_000);
    expect(folded.split('\n')[0]).toBe('**Plan: 0 to create, 60 to modify, 0 to delete, 0 unchanged.**');
    expect(folded.match(/<summary>~ <code>team\/bot\d\d/g)).toHaveLength(60);

    const japanese = Array.from({ length: 13 }, (_, i) =>
      change(`ja/bot${i}`, null, spec({ name: `ボット ${i}`, instructions: Array.from({ length: 60 }, (_, j) => `丁寧な日本語で回答してください。第${j}条を引用すること。`).join('\n') })),
    );
    const md = renderPlanMarkdown(plan(japanese), { maxChars: 60_000 });
    expect(md.length).toBeGreaterThan(25_000);
    expect(summaryBytes(md)).toBeGreaterThan(60_000); // bytes would have thrown it away
    expect(md).not.toContain('not shown');
    expect(md.split('\n')[0]).toBe('**Plan: 13 to create, 0 to modify, 0 to delete, 0 unchanged.**');
  });

  it('measures in bytes when asked (a job summary), and keeps the deletes before the counts table when it falls back to names and counts', () => {
    const many = Array.from({ length: 400 }, (_, i) => orphanDelete(`old/bot${i}`, `古いボット ${i}`));
    const md = renderPlanMarkdown(plan(many, {}, true), { maxChars: 20_000, measure: summaryBytes });
    expect(summaryBytes(md)).toBeLessThanOrEqual(20_000);
    expect(md.split('\n')[0]).toBe('**Plan: 0 to create, 0 to modify, 400 to delete, 0 unchanged.**');
    expect(md).toContain('**⚠️ Applying this plan deletes 400 assistants:**');
    expect(md).toMatch(/^- `old\/bot0` — name `古いボット 0`, model `gpt-4o-mini`, id `asst_oldbot0`$/m);
    expect(md).toMatch(/^- …and [\d,]+ more$/m);
    // The deletes outgrow the room: the counts table and the long note give way before another delete does.
    expect(md).not.toContain('| To delete | 400 |');
    expect(md).toContain('Cut to fit one comment');
  });

  it('keeps the summary line even when nothing else fits', () => {
    const many = Array.from({ length: 50 }, (_, i) => change(`k${i}`, spec(), spec({ name: `n${i}` })));
    const md = renderPlanMarkdown(plan(many), { maxChars: 100 });
    expect(md).toBe('**Plan: 0 to create, 50 to modify, 0 to delete, 0 unchanged.**\n');
  });
});
