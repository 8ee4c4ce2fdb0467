// Equal texts of a definition and its live copy held once: JavaScript cannot tell equal strings
// apart, so what is checked is that each side always gets back its own text's value (the heap it
// saves is the bench's to measure).
import { describe, expect, it, vi } from 'vitest';
import type { WireResource } from '../../src/backends/http/live-resource.js';
import { encodeMarker } from '../../src/model/marker.js';

async function fresh() {
  vi.resetModules();
  return import('../../src/util/shared-text.js');
}

describe('sharedText', () => {
  it('gives back the text it is given, for any key and order, before and after the program allows sharing', async () => {
    const { sharedText, shareTexts } = await fresh();
    expect(sharedText('a', 'one')).toBe('one');
    shareTexts();
    expect(sharedText('a', 'two')).toBe('two');
    expect(sharedText('a', 'two')).toBe('two');
    // Another text for a key whose first text differs: its own, not the first.
    expect(sharedText('a', 'three')).toBe('three');
    expect(sharedText('a', 'two')).toBe('two');
    expect(sharedText('b', 'two')).toBe('two');
    expect(sharedText('b', '')).toBe('');
  });
});

describe('liveResource with texts shared', () => {
  it('keeps the live side as the host sent it, its fingerprint included, whether its instructions equal the first ones read for its key or not', async () => {
    const shared = await fresh();
    // The same module as the one live-resource.ts imports.
    const { liveResource } = await import('../../src/backends/http/live-resource.js');
    shared.shareTexts();
    const wire = (instructions: string): WireResource => ({ id: 'asst_1', created_at: 1, instructions, name: 'n', metadata: { team: 'x', ...encodeMarker({ namespace: 'ns', key: 'support/billing' }) } });
    const fields = ['instructions', 'name', 'metadata'];
    const before = liveResource(wire('Be brief.'), fields, [], ['instructions']);
    expect(shared.sharedText('support/billing', 'Be brief.')).toBe('Be brief.');
    for (const text of ['Be brief.', 'Be thorough.']) {
      const sent = wire(text);
      const live = liveResource(sent, fields, [], ['instructions']);
      expect(live.spec).toEqual({ instructions: text, name: 'n', metadata: { team: 'x' } });
      expect(sent.instructions).toBe(text);
      expect(live.key).toBe('support/billing');
      if (text === 'Be brief.') expect(live.fingerprint).toBe(before.fingerprint);
      else expect(live.fingerprint).not.toBe(before.fingerprint);
    }
  });
});
