import fc from '../helpers/fast-check.js';
import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/model/canonical.js';
import type { NormalizedSpec } from '../../src/model/definition.js';
import { diffSpecs } from '../../src/plan/diff.js';
import { normalize } from '../../src/backends/assistants/normalize.js';
import { DEFAULTS, filledBlank } from './fixtures.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';

describe('diffSpecs', () => {
  it('gives the patch a full comparison gives, for any two canonical specs', () => {
    const value = fc.oneof(fc.constantFrom(null, 0, 1, 'a', 'b', true), fc.dictionary(fc.constantFrom('x', 'y'), fc.constantFrom(null, 1, 'a', [1], { z: 1 }), { maxKeys: 2 }), fc.array(fc.constantFrom(1, 'a', { z: 2 }), { maxLength: 2 }));
    const fields = ASSISTANT.fields.map((f) => f.name);
    const spec = fc.tuple(...fields.map(() => value)).map((vs) => canonicalize(Object.fromEntries(fields.map((f, i) => [f, vs[i]]))) as unknown as NormalizedSpec);
    fc.assert(fc.property(spec, spec, (a, b) => {
      expect(diffSpecs(a, b, ASSISTANT).patch).toEqual(jsonpatch.compare(a, b));
      expect(diffSpecs(a, structuredClone(a), ASSISTANT).patch).toEqual([]);
    }), { numRuns: 300 });
  });

  it('reports each changed top-level field with its normalized values and an RFC 6902 patch', () => {
    const before = normalize({ ...filledBlank('gpt-4o'), name: 'Old', metadata: { team: 'a', gone: 'x' } }, DEFAULTS);
    const after = normalize({ model: 'gpt-4o', name: 'New', metadata: { team: 'a' }, temperature: 0.5 }, DEFAULTS);
    const { fieldChanges, patch } = diffSpecs(before, after, ASSISTANT);
    expect(fieldChanges).toEqual([
      { field: 'name', before: 'Old', after: 'New' },
      { field: 'metadata', before: { gone: 'x', team: 'a' }, after: { team: 'a' } },
      { field: 'temperature', before: 1, after: 0.5 },
    ]);
    expect(patch).toEqual(
      expect.arrayContaining([
        { op: 'replace', path: '/name', value: 'New' },
        { op: 'remove', path: '/metadata/gone' },
        { op: 'replace', path: '/temperature', value: 0.5 },
      ]),
    );
    expect(patch).toHaveLength(3);
  });

  it('lists fields in SPEC_FIELDS order', () => {
    const before = normalize(filledBlank('a'), DEFAULTS);
    const after = normalize({ model: 'b', reasoning_effort: 'low', instructions: 'Hi' }, DEFAULTS);
    expect(diffSpecs(before, after, ASSISTANT).fieldChanges.map((c) => c.field)).toEqual(['model', 'instructions', 'reasoning_effort']);
  });

  it('finds nothing between equal specs', () => {
    const spec = normalize({ model: 'm', tools: [{ type: 'code_interpreter' }] }, DEFAULTS);
    expect(diffSpecs(spec, structuredClone(spec), ASSISTANT)).toEqual({ fieldChanges: [], patch: [] });
  });
});
