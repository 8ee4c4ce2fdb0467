// A live key or name holding a zero-width or bidi character must not read as another one: the
// plan shows it escaped, in text and markdown.
import { describe, expect, it } from 'vitest';
import { harness } from '../apply/helpers.js';
import { TEST_MARKER } from '../helpers/cli.js';

describe('invisible characters in live values', () => {
  it('escapes a zero-width space and a right-to-left override in an orphan key and a name', async () => {
    const h = await harness({ support: { model: 'm', name: 'Support' } });
    try {
      h.emu.seed([
        { model: 'm', name: 'x', metadata: { [TEST_MARKER]: 'support\u200b' } },
        { model: 'm', name: 'evil\u202etxt', metadata: { [TEST_MARKER]: 'support' } },
      ]);
      for (const format of ['text', 'markdown']) {
        const r = await h.cli(['plan', '--prune', '--format', format]);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('support\\u200b');
        expect(r.stdout).toContain('evil\\u202etxt');
        expect(r.stdout).not.toMatch(/[\u200b\u202e]/);
      }
    } finally {
      await h.close();
    }
  });
});
