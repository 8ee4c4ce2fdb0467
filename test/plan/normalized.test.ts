// Normalizing ahead of the plan (while the listing waits) must change nothing but when the work is done.
import { describe, expect, it } from 'vitest';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { buildPlan } from '../../src/plan/build.js';
import { NormalizedSpecs } from '../../src/plan/normalized.js';
import { nextTurn } from '../../src/util/event-loop.js';
import { TARGET, desired, filledBlank, live } from './fixtures.js';

describe('NormalizedSpecs', () => {
  const defs = [
    desired('same', { model: 'gpt-4o', name: 'Same', temperature: 0.7 }),
    desired('drift', { model: 'gpt-4o', top_p: 0.3, metadata: { team: 'a' } }),
    desired('new', { model: 'gpt-4o', tools: [{ type: 'file_search' }] }),
  ];
  const lives = [
    live('same', { ...filledBlank('gpt-4o'), name: 'Same', temperature: 0.699999988079071 }),
    live('drift', { ...filledBlank('gpt-4o'), top_p: 0.9, metadata: { team: 'b' } }),
    live('gone', { ...filledBlank('gpt-4o'), name: 'Gone' }),
  ];

  it('normalizes a spec once, as the kind does', () => {
    const normalized = new NormalizedSpecs(ASSISTANT, 'openai');
    const spec = defs[0]!.spec;
    expect(normalized.of(spec)).toBe(normalized.of(spec));
    expect(normalized.of(spec)).toEqual(ASSISTANT.normalize(spec, 'openai'));
  });

  it('gives the plan a fresh normalizing gives, whether the specs were normalized ahead, later or not at all', async () => {
    const input = { desired: defs, live: lives, kind: ASSISTANT, target: TARGET, prune: true };
    const plain = buildPlan(input);
    const ahead = new NormalizedSpecs(ASSISTANT, TARGET.provider);
    await ahead.ahead(defs.map((d) => d.spec));
    ahead.later(lives.map((l) => l.spec));
    await nextTurn();
    await nextTurn();
    const planned = buildPlan({ ...input, normalized: ahead });
    expect({ ...planned, createdAt: '' }).toEqual({ ...plain, createdAt: '' });
    // The work was done ahead: the plan holds the very objects (an update's live side is a copy in
    // the server's key order, a no-op's the object itself).
    expect(planned.changes.find((c) => c.key === 'same')!.before).toBe(ahead.of(lives[0]!.spec));
    expect(planned.changes.find((c) => c.key === 'drift')!.after).toBe(ahead.of(defs[1]!.spec));
    expect(planned.changes.find((c) => c.key === 'new')!.after).toBe(ahead.of(defs[2]!.spec));
  });

  it('gives a definition and its live copy that normalize alike one form, and keeps apart forms written differently', () => {
    const normalized = new NormalizedSpecs(ASSISTANT, 'openai');
    const instructions = 'Answer billing questions.'.repeat(40);
    const d = desired('same', { model: 'gpt-4o', name: 'Same', instructions, temperature: 0.7 });
    const l = live('same', { ...filledBlank('gpt-4o'), name: 'Same', instructions, temperature: 0.699999988079071 });
    const drifted = live('same', { ...filledBlank('gpt-4o'), name: 'Same', instructions, temperature: 0.9 });
    expect(normalized.of(l.spec)).toBe(normalized.of(d.spec));
    expect(normalized.of(drifted.spec)).not.toBe(normalized.of(d.spec));
    expect(normalized.of(drifted.spec)).toEqual(ASSISTANT.normalize(drifted.spec, 'openai'));
    // Canonically equal is not enough: a form that would print differently is its own (forms taken as given).
    const forms = new NormalizedSpecs({ ...ASSISTANT, normalize: (s) => s as never }, 'openai');
    const a = { name: 'n', instructions, metadata: { a: '1', b: '2' }, temperature: 0 };
    expect(forms.of({ ...a })).toBe(forms.of({ ...a, metadata: { a: '1', b: '2' } }));
    expect(forms.of({ ...a })).not.toBe(forms.of({ ...a, metadata: { b: '2', a: '1' } }));
    expect(forms.of({ ...a })).not.toBe(forms.of({ ...a, temperature: -0 }));
    expect(forms.of({ ...a })).not.toBe(forms.of({ ...a, extra: undefined }));
  });

  it('is not used for another provider than the plan target', () => {
    const other = new NormalizedSpecs(ASSISTANT, 'foundry');
    const planned = buildPlan({ desired: defs, live: lives, kind: ASSISTANT, target: TARGET, prune: false, normalized: other });
    expect(planned.changes.find((c) => c.key === 'new')!.after).not.toBe(other.of(defs[2]!.spec));
    expect(planned.changes.find((c) => c.key === 'new')!.after).toEqual(ASSISTANT.normalize(defs[2]!.spec, TARGET.provider));
  });

  it('leaves a spec it cannot normalize to the plan, which reports it', async () => {
    const broken = new Proxy({}, { get: () => { throw new Error('unreadable'); }, ownKeys: () => { throw new Error('unreadable'); } });
    const ahead = new NormalizedSpecs(ASSISTANT, 'openai');
    await expect(ahead.ahead([broken])).resolves.toBeUndefined();
    ahead.later([broken]);
    await nextTurn();
    await nextTurn();
    expect(() => ahead.of(broken)).toThrow('unreadable');
  });
});
