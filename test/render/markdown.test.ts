import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { GITHUB_COMMENT_LIMIT } from '../../src/util/github.js';
import { change, plan, spec } from './fixtures.js';
import { wrapped } from '../../src/render/alike.js';
import { renderGfm } from '../helpers/gfm.js';
import { representativePlan } from './representative.js';

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} ${i} ${'·'.repeat(56)}`).join('\n');

/** The text of each fenced block, by its opening line. */
function fences(md: string): Array<{ fence: string; body: string[] }> {
  const out: Array<{ fence: string; body: string[] }> = [];
  const all = md.split('\n');
  for (let i = 0; i < all.length; i++) {
    const open = /^(`{3,})diff$/.exec(all[i]!);
    if (!open) continue;
    const end = all.indexOf(open[1]!, i + 1);
    expect(end).toBeGreaterThan(i);
    out.push({ fence: open[1]!, body: all.slice(i + 1, end) });
    i = end;
  }
  return out;
}

describe('renderPlanMarkdown', () => {
  it('draws every kind of change as the reviewed snapshot shows', async () => {
    await expect(renderPlanMarkdown(representativePlan())).toMatchFileSnapshot('./__snapshots__/representative.md');
  });

  it('puts the summary line first, outside any collapsed block', () => {
    const md = renderPlanMarkdown(representativePlan());
    expect(md.split('\n')[0]).toBe('**Plan: 1 to create, 2 to modify, 1 to delete, 1 unchanged.**');
    expect(md.indexOf('<details>')).toBeGreaterThan(md.indexOf('unchanged.**'));
  });

  it('has a no-changes variant that still notes orphans and unmanaged assistants', () => {
    const orphan = change('legacy/x', spec(), null, { action: 'no-op', orphan: true, id: 'asst_9' });
    const md = renderPlanMarkdown(plan([orphan, change('a', spec(), spec())], { unmanaged: 2 }));
    expect(md).toBe(
      [
        '**No changes.** 1 assistant matches its definition.',
        '',
        '1 orphaned assistant is not deleted (run with `--prune`, or give the Action or its workflows `prune: true`; after a merge, the apply workflow `replan: true` too). 2 unmanaged assistants ignored.',
        '',
        'Target: namespace `test`, `openai` at `http://127.0.0.1:4010/v1`',
        '',
        '<details><summary>! 1 orphaned assistant: no longer defined, not deleted</summary>',
        '',
        'To delete it, run with `--prune`, or give the Action or its workflows `prune: true`; after a merge, the apply workflow `replan: true` too.',
        '',
        '- `legacy/x` (`asst_9`)',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('uses a fence no backtick run inside the content can close', () => {
    const before = 'Reply with code:\n```\nx\n```';
    const after = 'Reply with code:\n````\ny\n````';
    const md = renderPlanMarkdown(plan([change('a', spec({ instructions: before }), spec({ instructions: after }))]));
    const [block] = fences(md);
    expect(block!.fence).toBe('`````');
    expect(block!.body).toContain('+   ````');
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
  });

  it('leaves no trailing blanks on empty lines of text', () => {
    const c = change('a', spec({ instructions: 'a\n\nb\n\nc' }), spec({ instructions: 'a\n\nB\n\nc' }));
    const body = fences(renderPlanMarkdown(plan([c])))[0]!.body;
    expect(body).toEqual(['  instructions:', '@@ -1,5 +1,5 @@', '    a', '', '-   b', '+   B', '', '    c']);
  });

  // The Action finds its sections of the pull-request comment by HTML-comment markers; text that
  // is not aac's (a live description anyone with access to the host can edit) must never hold one.
  it.each(['<!-- aac-apply -->', '<!-- aac-apply:prod -->', '<!-- aac-env:prod -->', '<!-- aac-env-end -->', '<!-- aac-plan:assistants -->', '<!-- aac-reviewed commit=x -->'])(
    'prints no HTML comment from live text or keys: %s',
    (m) => {
      const live = change('support', spec({ description: `hi ${m} and`, instructions: `a\n${m}\nb`, name: m }), spec({ name: 'Support', instructions: 'a\nb' }));
      const gone = change(`old/${m}`, spec({ name: m }), null, { action: 'delete' });
      const huge = change('huge', spec({ instructions: lines(2_000, m) }), spec({ instructions: lines(2_000, 'new') }));
      for (const p of [plan([live, gone]), plan([live, gone], {}, true), plan([live, gone, huge])]) {
        for (const maxChars of [GITHUB_COMMENT_LIMIT, 3_000, 1_000]) {
          const md = renderPlanMarkdown(p, { maxChars });
          expect(md).not.toContain('<!--');
          expect(md.length).toBeLessThanOrEqual(maxChars);
        }
      }
      // Still shown, escaped as aac shows characters that are not text: a reviewer sees what is there.
      expect(renderPlanMarkdown(plan([live]))).toContain(`hi \\u003c${m.slice(1)} and`);
    },
  );

  it('escapes HTML in the collapsed section titles', () => {
    const md = renderPlanMarkdown(plan([change('x/<img src=a>&', null, spec())]));
    expect(md).toContain('<summary>+ <code>x/&lt;img src=a&gt;&amp;</code> — create</summary>');
  });

  it('stays under the limit for a 256,000-character instructions rewrite, folding only that diff', () => {
    const big = change('big/prompt', spec({ instructions: lines(4_000, 'old') }), spec({ instructions: lines(4_000, 'new') }));
    const small = change('small/tweak', spec({ temperature: 0.2 }), spec({ temperature: 0.7 }));
    expect((big.after!.instructions as string).length).toBeGreaterThan(256_000);

    const md = renderPlanMarkdown(plan([big, small]));
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 2_000);
    expect(md.split('\n')[0]).toBe('**Plan: 0 to create, 2 to modify, 0 to delete, 0 unchanged.**');
    expect(md).toContain('<details><summary>~ <code>big/prompt</code> — update: instructions</summary>');
    // A reviewer on GitHub opens the job summary or the artifact; what was cut is named.
    expect(md).toMatch(/\n… [\d,]+ more lines of `instructions` not shown\.\n/);
    expect(md).toContain('\nDiffs longer than the room of one comment are cut (their changed lines first); this job’s summary and its plan artifact have the whole plan, as `aac plan` shows it.\n');
    const [bigBlock, smallBlock] = fences(md);
    expect(bigBlock!.body.slice(0, 3)).toEqual(['  instructions:', '@@ -1,4000 +1,4000 @@', '-   old 0 ' + '·'.repeat(56)]);
    expect(smallBlock!.body).toEqual(['- temperature = 0.2', '+ temperature = 0.7']);
  });

  it('shows a one-line edit of a 256,000-character text whole, with its context', () => {
    const before = lines(4_000, 'line');
    const after = before.replace('line 2000 ', 'line two thousand ');
    const md = renderPlanMarkdown(plan([change('big/prompt', spec({ instructions: before }), spec({ instructions: after }))]));
    expect(md).not.toContain('not shown');
    expect(fences(md)[0]!.body).toHaveLength(1 + 1 + 8);
  });

  it('folds a 256,000-character single-line value', () => {
    const md = renderPlanMarkdown(plan([change('a', null, spec({ instructions: 'z'.repeat(256_000) }))]));
    expect(md.length).toBeLessThan(2_000);
    expect(md).toContain(`+ instructions = "${'z'.repeat(500)}…(255,500 more characters)"`);
  });

  it('folds the largest diff first and leaves smaller ones whole', () => {
    const medium = change('a/medium', spec({ instructions: lines(50, 'a') }), spec({ instructions: lines(50, 'b') }));
    const large = change('b/large', spec({ instructions: lines(1_500, 'a') }), spec({ instructions: lines(1_500, 'b') }));
    const md = renderPlanMarkdown(plan([medium, large]), { maxChars: 40_000 });
    expect(md.length).toBeLessThanOrEqual(40_000);
    const [mediumBlock, largeBlock] = fences(md);
    expect(mediumBlock!.body).toHaveLength(1 + 1 + 100);
    expect(largeBlock!.body.length).toBeLessThan(3_002);
    expect(md.match(/more lines of `instructions` not shown/g)).toHaveLength(1);
  });

  it('cut to fit, keeps the changed lines of small fields whole and shows no diff as a header alone', () => {
    const prompt = (word: string) => Array.from({ length: 6 }, (_, i) => `Line ${i} of the prompt says ${i === 3 ? word : 'nothing'} at all, at some length, so that the whole of it is long.`).join('\n');
    // Each prompt's new word its own, so that no two changes are alike (alike ones are one section).
    const fleet = (n: number) =>
      plan(Array.from({ length: n }, (_, i) => change(`team/bot${String(i).padStart(3, '0')}`, spec({ temperature: 0.3, instructions: prompt('old') }), spec({ temperature: 0.4, instructions: prompt(`new${i}`) }))));
    for (const [n, maxChars] of [[200, 58_036], [10, 4_000]] as const) {
      const md = renderPlanMarkdown(fleet(n), { maxChars });
      expect(md.length).toBeLessThanOrEqual(maxChars);
      const blocks = fences(md);
      expect(md).toContain('this job’s summary and its plan artifact have the whole plan');
      // Every section shows its temperature change; a diff of instructions shows a changed line or nothing.
      expect(blocks).toHaveLength(n);
      for (const b of blocks) {
        expect(b.body).toEqual(expect.arrayContaining(['- temperature = 0.3', '+ temperature = 0.4']));
        if (b.body.includes('  instructions:')) expect(b.body.some((l) => /^[-+] {3}Line 3/.test(l)), b.body.join('\n')).toBe(true);
      }
    }
  });

  it('short of room for every section, draws the first ones whole and names the others, each change once, growing with the room', () => {
    // Each from a temperature of its own, so that no two changes are alike (alike ones are one section).
    const p = plan(Array.from({ length: 60 }, (_, i) => change(`team/bot${String(i).padStart(2, '0')}`, spec({ temperature: 0.3 + i / 1000 }), spec({ temperature: 0.9 }))));
    const full = renderPlanMarkdown(p, { maxChars: GITHUB_COMMENT_LIMIT }).length;
    let before = -1;
    // Down to a quarter of the whole plan, and one character short of it, where a cut shared by
    // every section once left no diff at all.
    for (const maxChars of [...Array.from({ length: 30 }, (_, i) => Math.floor(full / 4 + (i * full * 3) / 4 / 30)), full - 1]) {
      const md = renderPlanMarkdown(p, { maxChars });
      expect(md.length, `at ${maxChars}`).toBeLessThanOrEqual(maxChars);
      const drawn = md.split('\n').flatMap((l) => /^<details><summary>~ <code>(team\/bot\d+)<\/code> — /.exec(l)?.[1] ?? []);
      const named = md.split('\n').flatMap((l) => /^- ~ `(team\/bot\d+)` — update: temperature$/.exec(l)?.[1] ?? []);
      // The first ones drawn, every other one named, none twice; a drawn one shows its diff.
      expect([...drawn, ...named], `at ${maxChars}`).toEqual(Array.from({ length: 60 }, (_, i) => `team/bot${String(i).padStart(2, '0')}`));
      expect(fences(md), `at ${maxChars}`).toHaveLength(drawn.length);
      if (named.length > 0) expect(md).toContain(`${named.length} more ${named.length === 1 ? 'change' : 'changes'}, by name only:`);
      expect(drawn.length, `at ${maxChars}`).toBeGreaterThanOrEqual(before);
      before = drawn.length;
    }
    expect(before).toBeGreaterThan(50);
  });

  it('degrades to names and counts in one comment for a plan of 2,000 assistants', () => {
    const changes = Array.from({ length: 2_000 }, (_, i) =>
      change(
        `team${i % 40}/bot${i}`,
        spec({ name: `Bot ${i}`, instructions: 'Be helpful.\nBe brief.' }),
        spec({ name: `Bot ${i} v2`, instructions: 'Be helpful.\nBe very brief.' }),
      ),
    );
    const md = renderPlanMarkdown(plan(changes, { unchanged: 7, unmanaged: 3 }));
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 200);
    const full = (md.match(/The full plan \(([\d,]+) characters\)/) ?? [])[1];
    expect(md.startsWith(
      [
        '**Plan: 0 to create, 2000 to modify, 0 to delete, 7 unchanged.**',
        '',
        '3 unmanaged assistants ignored.',
        '',
        'Target: namespace `test`, `openai` at `http://127.0.0.1:4010/v1`',
        '',
        `The full plan (${full} characters) does not fit in one comment (65,536 at most), so only the names and ` +
          'the counts are shown. To see every change, run `aac plan` locally, or open this job’s summary or its plan artifact.',
        '',
        'Changes:',
        '',
        '- ~ `team0/bot0` — update: name, instructions',
        '- ~ `team0/bot1000` — update: name, instructions',
      ].join('\n'),
    )).toBe(true);
    // Names before counts; as many names as fit, then how many more.
    const more = /^- …and ([\d,]+) more$/m.exec(md);
    const listed = md.match(/^- ~ `/gm)!.length;
    expect(listed).toBeGreaterThan(1_000);
    expect(listed + Number(more![1]!.replace(/,/g, ''))).toBe(2_000);
    expect(md.indexOf('- …and')).toBeLessThan(md.indexOf('| Assistants | Count |'));
    expect(md.endsWith(
      ['| Assistants | Count |', '| --- | ---: |', '| To create | 0 |', '| To modify | 2000 |', '| To delete | 0 |', '| Unchanged | 7 |', '| Unmanaged, ignored | 3 |', ''].join('\n'),
    )).toBe(true);
  });

  it('keeps the summary, its notes and every delete at every limit down to the smallest', () => {
    // Eleven long instruction edits and six deletes under --prune: the trial's plan, whose comment
    // at the documented minimum had been the summary line alone, with no name of what goes.
    const edits = Array.from({ length: 11 }, (_, i) => change(`support/edit-${i}`, spec({ instructions: lines(40, `a${i}`) }), spec({ instructions: lines(40, `b${i}`) })));
    const gone = Array.from({ length: 6 }, (_, i) => change(`retired/bot-${i}`, spec({ name: `Retired bot ${i}` }), null, { orphan: true, action: 'delete' }));
    const p = plan([...edits, ...gone], {}, true);
    const deleteLines = (md: string) => md.split('\n').filter((l) => l.startsWith('- `retired/'));
    for (let maxChars = 800; maxChars <= 4_000; maxChars += 50) {
      const md = renderPlanMarkdown(p, { maxChars });
      expect(md.length, `at ${maxChars}`).toBeLessThanOrEqual(maxChars);
      expect(md.split('\n')[0]).toBe('**Plan: 0 to create, 11 to modify, 6 to delete, 0 unchanged.**');
      expect(md, `at ${maxChars}`).toContain('**⚠️ Applying this plan deletes 6 assistants:**');
      expect(deleteLines(md), `at ${maxChars}`).toHaveLength(6);
      expect(md, `at ${maxChars}`).toContain('Target: namespace `test`');
      expect(md, `at ${maxChars}`).toMatch(/does not fit in one comment|Cut to fit one comment|this job’s summary and its plan artifact have the whole plan/);
    }
    // Tighter still (a caller's own budget), the long note gives way to a short one before a delete does.
    const tight = renderPlanMarkdown(p, { maxChars: 800 });
    expect(deleteLines(tight)).toHaveLength(6);
    expect(tight).toContain('Cut to fit one comment (800 characters at most): run `aac plan` to see every change.');
    expect(tight).not.toContain('| Assistants | Count |');
  });

  it('gives up the counts table and the long note before it cuts a delete, when the deletes outgrow the room', () => {
    // 109 deletes and 31 edits at --max-chars 3000 (a trial's plan): the deletes were cut to 29 while
    // the counts table and the long note, which the deletes' heading and the summary line repeat, stayed.
    const edits = Array.from({ length: 31 }, (_, i) => change(`edit-${i}`, spec({ instructions: lines(6, `a${i}`) }), spec({ instructions: lines(6, `b${i}`) })));
    const gone = Array.from({ length: 109 }, (_, i) => change(`bot${String(i).padStart(3, '0')}`, spec({ name: `Bot ${i}` }), null, { orphan: true, action: 'delete' }));
    const p = plan([...edits, ...gone], {}, true);
    for (let maxChars = 1_500; maxChars <= 6_000; maxChars += 250) {
      const md = renderPlanMarkdown(p, { maxChars });
      expect(md.length, `at ${maxChars}`).toBeLessThanOrEqual(maxChars);
      const more = /^- …and (\d+) more$/m.exec(md.slice(0, md.indexOf('Cut to fit') >= 0 ? md.indexOf('Cut to fit') : md.length));
      expect(more, `at ${maxChars}: the deletes outgrow this room`).not.toBeNull();
      expect(md, `at ${maxChars}`).toContain('Cut to fit one comment');
      expect(md, `at ${maxChars}`).not.toContain('| Assistants | Count |');
      expect(md, `at ${maxChars}`).not.toContain('does not fit in one comment');
    }
  });

  it('lists the warnings after the deletes, each with its place, and cuts them within the limit after the deletes', () => {
    const warning = (i: number, code = 'near-miss-reference'): Diagnostic => ({
      severity: 'warning',
      code,
      location: { file: `assistants/bot-${i}.yaml`, line: 3, column: 14 },
      path: 'description',
      message: "'${vars.tier}' is not a variable reference (those are ${var.NAME}), so it is sent as written",
      hint: 'write ${var.tier}; to send it as text, write $${vars.tier}',
    });
    const gone = change('retired/bot', spec({ name: 'Retired' }), null, { orphan: true, action: 'delete' });
    const p = plan([gone, change('support', spec({ instructions: lines(40, 'a') }), spec({ instructions: lines(40, 'b') }))], {}, true);
    const full = renderPlanMarkdown(p, { warnings: [warning(1)] });
    expect(full).toContain([
      '**⚠️ 1 warning:**',
      '',
      '```text',
      "assistants/bot-1.yaml:3:14: warning: '${vars.tier}' is not a variable reference (those are ${var.NAME}), so it is sent as written [description]",
      '  hint: write ${var.tier}; to send it as text, write $${vars.tier}',
      '```',
    ].join('\n'));
    expect(full.indexOf('deletes 1 assistant')).toBeLessThan(full.indexOf('1 warning'));
    expect(full.indexOf('1 warning')).toBeLessThan(full.indexOf('<details>'));
    // Forty warnings (each of its own kind) in a tight comment: the limit holds, the delete stays, the warnings are counted and cut.
    const many = Array.from({ length: 40 }, (_, i) => warning(i, `kind-${i}`));
    for (const maxChars of [1_500, 3_000, 6_000]) {
      const md = renderPlanMarkdown(p, { maxChars, warnings: many });
      expect(md.length, `at ${maxChars}`).toBeLessThanOrEqual(maxChars);
      expect(md, `at ${maxChars}`).toContain('- `retired/bot` — name `Retired`');
      expect(md, `at ${maxChars}`).toContain('**⚠️ 40 warnings:**');
      expect(md, `at ${maxChars}`).toMatch(/^…and \d+ more warnings \(aac plan prints every one\)$/m);
    }
  });

  it('never shows the warnings\' heading without them: where none fits beside the deletes, their count and where to read them do', () => {
    // The trial's plan: 700 deletes under --prune, the one warning being what explains them.
    const gone = Array.from({ length: 700 }, (_, i) => change(`many/bot-${i}`, spec({ name: `Many bot number ${i} with a long-ish display name` }), null, { orphan: true, action: 'delete', id: `asst_${String(i).padStart(24, '0')}` }));
    const empty: Diagnostic = { severity: 'warning', code: 'no-definitions', location: { file: 'b', line: 1, column: 1 }, message: 'no definitions (*.yaml, *.yml) found in b' };
    const p = plan(gone, {}, true);
    for (const maxChars of [2_000, 8_000, 30_000, GITHUB_COMMENT_LIMIT]) {
      const md = renderPlanMarkdown(p, { maxChars, warnings: [empty] });
      expect(md.length, `at ${maxChars}`).toBeLessThanOrEqual(maxChars);
      const at = md.split('\n').indexOf('**⚠️ 1 warning:**');
      expect(at, `at ${maxChars}`).toBeGreaterThan(0);
      const [fence, body] = md.split('\n').slice(at + 2, at + 4);
      expect(fence, `at ${maxChars}`).toBe('```text');
      expect(body, `at ${maxChars}`).toMatch(/^(b:1:1: warning: no definitions \(\*\.yaml, \*\.yml\) found in b|It does not fit in this comment \(aac plan prints every one\))$/);
    }
    // With room for it, the warning itself is shown, a delete line fewer if need be.
    expect(renderPlanMarkdown(p, { warnings: [empty] })).toContain('b:1:1: warning: no definitions (*.yaml, *.yml) found in b');
  });

  it('points a cut-down comment\'s drift note at the marked names, not at a section it does not have', () => {
    const drifted = Array.from({ length: 40 }, (_, i) => ({ ...change(`support/edit-${i}`, spec({ instructions: lines(40, `a${i}`) }), spec({ instructions: lines(40, `b${i}`) })), drift: true }));
    const p = plan(drifted);
    const full = renderPlanMarkdown(p);
    expect(full).toContain('see *Changed outside aac: merging reverts these*');
    expect(full).toContain('### Changed outside aac: merging reverts these');
    // At every size: the note sends the reader to the section only where the comment has it.
    let cutDown = 0;
    for (let maxChars = 1_000; maxChars <= 20_000; maxChars += 500) {
      const md = renderPlanMarkdown(p, { maxChars });
      const hasSection = md.includes('### Changed outside aac: merging reverts these');
      expect(md.includes('see *Changed outside aac: merging reverts these*'), `at ${maxChars}`).toBe(hasSection);
      if (hasSection) continue;
      cutDown++;
      // Each marked name is listed, or the note says how many are and how many are not.
      const listed = md.split('\n').filter((l) => /^- ~ `support\/edit-\d+` — .*\(changed outside aac\)$/.test(l)).length;
      const where = listed === 40 ? 'their names are marked *changed outside aac* below' : `${listed} of their names are marked *changed outside aac* below, ${40 - listed} not shown for want of room`;
      expect(md, `at ${maxChars}`).toContain(`: ${where}; \`aac plan\` shows every one.`);
      expect(md, `at ${maxChars}`).toMatch(/^- ~ `support\/edit-0` — .*\(changed outside aac\)$/m);
    }
    expect(cutDown).toBeGreaterThan(0);
  });

  it('groups many warnings said alike: the first whole, then how many more and every place, collapsed when long; ones of a kind saying different things each whole', () => {
    const warning = (code: string, file: string, path: string, message: string, hint = 'give it a value'): Diagnostic => ({ severity: 'warning', code, location: { file, line: 3, column: 5 }, path, message, hint });
    const empty = Array.from({ length: 30 }, (_, i) => warning('empty-metadata-value', `assistants/bot-${i}.yaml`, 'metadata.team', `metadata 'team' is "" and this update sends it`));
    const few = Array.from({ length: 5 }, (_, i) => warning('reasoning-sampling', `assistants/r-${i}.yaml`, 'temperature', "temperature is set, but 'o3' is a reasoning model"));
    // Of one kind, each with a hint naming its own file's key: none of them is left out.
    const own = Array.from({ length: 4 }, (_, i) => warning('windows-name', `assistants/w:${i}.yaml`, '', '`:` cannot appear in a file name on Windows', `give it \`key: "w:${i}"\``));
    const lone = warning('case-clash', 'assistants/A.yaml', '', 'assistants/A.yaml and assistants/a.yaml differ only in case');
    const p = plan([change('support', spec({ instructions: 'a' }), spec({ instructions: 'b' }))]);
    const md = renderPlanMarkdown(p, { warnings: [empty[0]!, lone, ...few, ...empty.slice(1), ...own] });
    const block = md.slice(md.indexOf('**⚠️'), md.indexOf('<details><summary>~'));
    expect(block).toBe([
      '**⚠️ 40 warnings:**',
      '',
      '```text',
      `assistants/bot-0.yaml:3:5: warning: metadata 'team' is "" and this update sends it [metadata.team]`,
      '  hint: give it a value',
      '  the same in 29 more places (empty-metadata-value): listed below',
      '```',
      '',
      '<details><summary>the same in 29 more places (empty-metadata-value)</summary>',
      '',
      '```text',
      ...wrapped(empty.slice(1).map((d) => `${d.location.file}:3:5 [${d.path}]`), ''),
      '```',
      '',
      '</details>',
      '',
      '```text',
      'assistants/A.yaml:3:5: warning: assistants/A.yaml and assistants/a.yaml differ only in case',
      '  hint: give it a value',
      "assistants/r-0.yaml:3:5: warning: temperature is set, but 'o3' is a reasoning model [temperature]",
      '  hint: give it a value',
      '  the same in 4 more places (reasoning-sampling):',
      '    assistants/r-1.yaml:3:5 [temperature], assistants/r-2.yaml:3:5 [temperature],',
      '    assistants/r-3.yaml:3:5 [temperature], assistants/r-4.yaml:3:5 [temperature]',
      ...own.flatMap((d) => [`${d.location.file}:3:5: warning: ${d.message}`, `  hint: ${d.hint}`]),
      '```',
      '',
      '',
    ].join('\n'));
    // Every file is findable in the comment as GitHub shows it, the collapsed ones too.
    const html = renderGfm(md);
    for (const d of [...empty, ...few, ...own, lone]) expect(html).toContain(d.location.file);
  });

  it('calls out the old versions retain_versions deletes, by resource and version, within the limit', () => {
    const trimmed = Array.from({ length: 30 }, (_, i) => ({
      ...change(`agent-${i}`, spec({ instructions: lines(30, `a${i}`) }), spec({ instructions: lines(30, `b${i}`) }), { id: `agent-${i}` }),
      deleteVersions: Array.from({ length: 20 }, (_, v) => String(v + 1)),
    }));
    const p = plan(trimmed, { delete_versions: 600 });
    const full = renderPlanMarkdown(p);
    expect(full).toContain('**⚠️ Applying this plan deletes 600 old versions** (`retain_versions` in aac.yaml, with or without prune):');
    expect(full).toContain('- `agent-0` (`agent-0`): versions `1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20`');
    for (const maxChars of [1_000, 2_000, 4_000]) {
      const md = renderPlanMarkdown(p, { maxChars });
      expect(md.length, `at ${maxChars}`).toBeLessThanOrEqual(maxChars);
      expect(md, `at ${maxChars}`).toContain('deletes 600 old versions');
    }
  });

  it('honours a smaller limit', () => {
    const md = renderPlanMarkdown(representativePlan(), { maxChars: 1_000 });
    expect(md.length).toBeLessThanOrEqual(1_000);
    expect(md.split('\n')[0]).toBe('**Plan: 1 to create, 2 to modify, 1 to delete, 1 unchanged.**');
    expect(md).toContain('| Orphaned, not deleted | 1 |');
  });
});
