// Equal texts of a definition and its live copy held once: JavaScript cannot tell equal strings
// apart, so what is checked is that each side always gets back its own text's value, and that a
// load after the live copies holds no second copy of them (the heap, after a full collection).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import type { WireResource } from '../../src/backends/http/live-resource.js';
import { encodeMarker } from '../../src/model/marker.js';
import { testDir } from '../helpers/each-test.js';

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

describe('definitions read after their live copies', () => {
  it('hold each text once: the file\'s own parse, which its source keeps, takes the shared string too', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const shared = await fresh();
    const { loadDefinitions } = await import('../../src/desired/index.js');
    shared.shareTexts();
    const dir = join(testDir('aac-shared-text-'), 'assistants');
    mkdirSync(dir);
    const MB = 2 ** 20;
    // 24 texts of 200,000 characters, under the API's cap on instructions: 4.6 MB in all.
    const texts = Array.from({ length: 24 }, (_, i) => `${i.toString(36)} `.repeat(100_000));
    texts.forEach((text, i) => {
      writeFileSync(join(dir, `a${i}.yaml`), JSON.stringify({ model: 'gpt-4o', name: `A${i}`, instructions: text }));
      // The live copy, read first: a string of its own, as a page's parse makes it.
      shared.sharedText(`a${i}`, Buffer.from(text).toString());
    });
    // What the first load makes once for every later one (its schemas' validators) is not counted.
    const warm = join(testDir('aac-shared-text-warm-'), 'assistants');
    mkdirSync(warm);
    writeFileSync(join(warm, 'w.yaml'), JSON.stringify({ model: 'gpt-4o', name: 'W', instructions: 'Warm.' }));
    await loadDefinitions(warm, { cwd: warm, provider: 'openai' });
    gc();
    const before = process.memoryUsage().heapUsed;
    const { definitions, diagnostics } = await loadDefinitions(dir, { cwd: dir, provider: 'openai' });
    expect(diagnostics).toEqual([]);
    gc();
    const held = process.memoryUsage().heapUsed - before;
    // Compared as a whole, not printed: each text is 200,000 characters.
    expect(texts.every((text, i) => definitions.find((d) => d.key === `a${i}`)?.spec.instructions === text)).toBe(true);
    // A second copy of each text would be 4.6 MB more.
    expect(held).toBeLessThan(2 * MB);
  });
});
