// redactData: one copy of plain data with every exact secret replaced, the input untouched.
import { describe, expect, it } from 'vitest';
import { holdsSecret, redactData, secretPaths } from '../../src/util/redact.js';

const KEY = 'sk-live-0123456789abcdef';

describe('redactData', () => {
  it('replaces secrets in strings and keys of a copy, shares what holds none, and keeps identity and accessors', () => {
    let reads = 0;
    const shared = { note: `uses ${KEY}` };
    const clean = { model: 'gpt-4o' };
    const input = {
      changes: [shared, clean],
      refused: [shared],
      metadata: { [KEY]: 'x', 'Bearer x': 'token=abc' },
      get fingerprint() {
        reads++;
        return 'f';
      },
    };
    const out = redactData(input, [KEY, undefined, 'ab']);
    expect(out.changes[0]).toEqual({ note: 'uses [redacted]' });
    expect(out.refused[0]).toBe(out.changes[0]);
    expect(out.changes[1]).toBe(clean);
    // Exact values only: prose that looks like a credential is the user's text.
    expect(out.metadata).toEqual({ '[redacted]': 'x', 'Bearer x': 'token=abc' });
    expect(reads).toBe(0);
    expect(out.fingerprint).toBe('f');
    expect(shared.note).toBe(`uses ${KEY}`);
    expect(redactData(input, [])).toBe(input);
  });

  it('finds where secrets sit without spelling out a key that holds one', () => {
    const spec = { instructions: `a ${KEY}`, tools: [{ description: KEY }], metadata: { [KEY]: 'v', ok: 'v' } };
    expect(secretPaths(spec, [KEY])).toEqual(['instructions', 'tools[0].description', 'metadata.[redacted]']);
    expect(holdsSecret(`x${KEY}y`, [KEY])).toBe(true);
    expect(holdsSecret('short ab', ['ab'])).toBe(false);
  });
});
