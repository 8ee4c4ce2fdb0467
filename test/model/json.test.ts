import { describe, expect, it } from 'vitest';
import { copyJson, type JsonObject } from '../../src/model/json.js';

describe('copyJson', () => {
  it('makes every object and array anew, so changing the copy leaves the original as it was', () => {
    const original: JsonObject = { definition: { instructions: 'Be brief.', tools: [{ type: 'code_interpreter' }] }, n: 1, ok: true, none: null };
    const copy = copyJson(original);
    expect(copy).toEqual(original);
    (copy.definition as JsonObject).instructions = 'changed';
    ((copy.definition as JsonObject).tools as JsonObject[]).push({ type: 'file_search' });
    expect(original).toEqual({ definition: { instructions: 'Be brief.', tools: [{ type: 'code_interpreter' }] }, n: 1, ok: true, none: null });
  });

  it('keeps a `__proto__` field an own field, as JSON.parse reads it, never the copy\'s prototype', () => {
    const original = JSON.parse('{"metadata": {"__proto__": {"polluted": "yes"}}}') as JsonObject;
    const copy = copyJson(original);
    expect(Object.keys(copy.metadata as JsonObject)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy.metadata)).toBe(Object.prototype);
    expect((copy.metadata as Record<string, unknown>).polluted).toBeUndefined();
  });
});
