import { describe, expect, it } from 'vitest';
import { renderPlanText } from '../../src/render/text.js';
import { change, plan, spec } from './fixtures.js';
import { representativePlan } from './representative.js';

const ESC = '\x1b';
const stripAnsi = (s: string) => s.replace(/\x1b\[\d+m/g, '');
const lastLines = (s: string, n: number) => s.trimEnd().split('\n').slice(-n);

describe('renderPlanText', () => {
  it('draws every kind of change as the reviewed snapshot shows', async () => {
    await expect(renderPlanText(representativePlan(), { color: false })).toMatchFileSnapshot(
      './__snapshots__/representative.txt',
    );
  });

  it('colours markers and diff lines only when asked, and the colours are all it adds', () => {
    const p = representativePlan();
    const plain = renderPlanText(p, { color: false });
    const coloured = renderPlanText(p, { color: true });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}[32m+${ESC}[0m support/billing (create)`);
    expect(coloured).toContain(`${ESC}[33m~${ESC}[0m hr/benefits`);
    expect(coloured).toContain(`${ESC}[31m-${ESC}[0m old/bot`);
    expect(coloured).toContain(`${ESC}[31m- Be concise.${ESC}[0m`);
    expect(coloured).toContain(`${ESC}[2m  Cite the handbook section.${ESC}[0m`);
    expect(stripAnsi(coloured)).toBe(plain);
  });

  it('ends with the exact summary line and notes', () => {
    const p = representativePlan();
    expect(lastLines(renderPlanText(p, { color: false }), 3)).toEqual([
      'Plan: 1 to create, 2 to modify, 1 to delete, 1 unchanged.',
      '1 orphaned assistant is not deleted (run with --prune).',
      '3 unmanaged assistants ignored.',
    ]);
  });

  it('says "No changes" with the count when nothing is to be done', () => {
    const same = (k: string) => change(k, spec({ name: k }), spec({ name: k }));
    const none = plan(['a', 'b', 'c', 'd', 'e'].map(same));
    expect(renderPlanText(none, { color: false })).toBe("No changes in namespace 'test'. 5 assistants match their definitions.\n");
    expect(renderPlanText(plan([same('a')]), { color: true })).toBe("No changes in namespace 'test'. 1 assistant matches its definition.\n");
  });

  it('uses the summary counts for the closing line, plural notes included', () => {
    const p = plan([change('a', null, spec())], { unchanged: 5, orphans: 2, unmanaged: 1 });
    expect(lastLines(renderPlanText(p, { color: false }), 3)).toEqual([
      'Plan: 1 to create, 0 to modify, 0 to delete, 5 unchanged.',
      '2 orphaned assistants are not deleted (run with --prune).',
      '1 unmanaged assistant ignored.',
    ]);
  });

  it('lists a kept orphan even when nothing changes', () => {
    const orphan = change('legacy/x', spec(), null, { action: 'no-op', orphan: true, id: 'asst_9' });
    const p = plan([orphan, change('a', spec(), spec())]);
    expect(renderPlanText(p, { color: false })).toBe(
      [
        '  ! legacy/x (asst_9) is no longer defined; run with --prune to delete it',
        '',
        "No changes in namespace 'test'. 1 assistant matches its definition.",
        '1 orphaned assistant is not deleted (run with --prune).',
        '',
      ].join('\n'),
    );
  });

  it('deletes an orphan when pruning, without the "not deleted" note', () => {
    const orphan = change('legacy/x', spec(), null, { action: 'delete', orphan: true, id: 'asst_9' });
    const out = renderPlanText(plan([orphan], {}, true), { color: false });
    expect(out).toContain('  - legacy/x (asst_9) (delete: no longer defined)\n');
    // The option is named (the plan deletes because of it); no "run with --prune" hint.
    expect(lastLines(out, 2)).toEqual(['Plan: 0 to create, 0 to modify, 1 to delete, 0 unchanged.', 'Planned with --prune.']);
    expect(out).not.toContain('run with --prune');
  });

  it('marks an adoption that also changes fields as both', () => {
    const c = change('hr/x', spec({ temperature: 1 }), spec({ temperature: 0.5 }), { adopt: true, id: 'asst_1' });
    expect(renderPlanText(plan([c]), { color: false })).toContain(
      '  ~ hr/x (asst_1) (update; adopt: add the marker)\n      ~ temperature: 1 → 0.5\n',
    );
  });

  it('leaves out fields a create leaves at their default', () => {
    const out = renderPlanText(plan([change('a', null, spec({ metadata: { type: 'bot' } }))]), { color: false });
    expect(out).toContain('      + model = "gpt-4o"\n      + metadata:\n          + type = "bot"\n\n');
    for (const field of ['name', 'instructions', 'tools', 'tool_resources', 'temperature']) {
      expect(out).not.toContain(`+ ${field}`);
    }
  });

  it('shows a one-word edit of a long one-line prompt as word hunks, as the markdown view does', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const before = `${words(30)} Always answer in French. ${words(30)}`;
    const out = renderPlanText(plan([change('a', spec({ instructions: before }), spec({ instructions: before.replace('French', 'English') }))]), { color: false });
    expect(out).toContain(`      ~ instructions: one line (${before.length} → ${before.length + 1} characters); changed words as [-removed-] {+added+}:`);
    expect(out).toContain('          - … word27 word28 word29 Always answer in [-French-]. word0 word1 word2 word3 word4 …');
    expect(out).toContain('          + … word27 word28 word29 Always answer in {+English+}. word0 word1 word2 word3 word4 …');
    expect(out).not.toContain(words(30));
  });

  it('folds a long single-line value and keeps a late difference in view', () => {
    const long = 'x'.repeat(1_000);
    const out = renderPlanText(
      plan([change('a', spec({ description: `${long} old end` }), spec({ description: `${long} new end` }))]),
      { color: false, width: 50 },
    );
    const line = out.split('\n').find((l) => l.includes('description'))!;
    expect(line).toContain('…(908 characters before)');
    expect(line).toContain('old end"');
    expect(line).toContain('new end"');
    expect(line.length).toBeLessThan(300);

    const created = renderPlanText(plan([change('b', null, spec({ name: 'n'.repeat(1_434) }))]), { color: false });
    expect(created).toContain(`+ name = "${'n'.repeat(200)}…(1,234 more characters)"\n`);
  });

  it('shows a tool inserted at the front as one addition, not every tool changed', () => {
    const tool = (name: string) => ({ type: 'function', function: { name } });
    const c = change('a', spec({ tools: [tool('b'), tool('c')] }), spec({ tools: [tool('a'), tool('b'), tool('c')] }));
    const out = renderPlanText(plan([c]), { color: false });
    expect(out).toContain('      + tools[0]: function a\n          + function:\n              + name = "a"\n\n');
    expect(out).not.toContain('tools[1]');
  });

  it('diffs nested maps key by key', () => {
    const c = change(
      'a',
      spec({ tool_resources: { file_search: { vector_store_ids: ['vs_1'] } } }),
      spec({ tool_resources: { file_search: { vector_store_ids: ['vs_1', 'vs_2'] }, code_interpreter: { file_ids: [] } } }),
    );
    expect(renderPlanText(plan([c]), { color: false })).toContain(
      [
        '      ~ tool_resources:',
        '          + file_search.vector_store_ids[1] = "vs_2"',
        '          + code_interpreter:',
        '              + file_ids = []',
      ].join('\n'),
    );
  });

  it('never passes a control character from live data through to the terminal', () => {
    const evil = 'Hi\x1b[2J\x07';
    const c = change('legacy/\x1b]0;x', spec({ instructions: 'a\nb' }), spec({ instructions: `a\n${evil}` }), {
      id: 'asst_\x1b[31m',
    });
    const out = renderPlanText(plan([c]), { color: false });
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\x07');
    expect(out).toContain('+ Hi\\u001b[2J\\u0007');
  });
});
