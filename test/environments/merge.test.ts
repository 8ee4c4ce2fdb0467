// The overlay rule: maps merged, lists replaced, null removes; every field located in the file
// that wrote it; and the smallest overlay between two definitions (what import --env writes).
import fc from '../helpers/fast-check.js';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { mergeOverlay, overlayBetween } from '../../src/environments/merge.js';
import type { JsonObject } from '../../src/model/json.js';
import { at, docOf } from './helpers.js';

const base = docOf('assistants/support/billing.yaml', [
  'model: gpt-4o-mini',            // 1
  'name: Billing',                 // 2
  'temperature: 0.3',              // 3
  'tools:',                        // 4
  '  - type: code_interpreter',    // 5
  '  - type: file_search',         // 6
  'metadata:',                     // 7
  '  team: support',               // 8
  '  tier: gold',                  // 9
  '',
].join('\n'));

const prod = docOf('assistants/overlays/prod/support/billing.yaml', [
  'model: gpt-4o',                 // 1
  'tools:',                        // 2
  '  - type: file_search',         // 3
  'metadata:',                     // 4
  '  tier: platinum',              // 5
  '  team: null',                  // 6
  'temperature: null',             // 7
  '',
].join('\n'));

describe('mergeOverlay', () => {
  const merged = mergeOverlay(base, prod);

  it('merges maps key by key, replaces lists and scalars, and removes what is null', () => {
    expect(merged.value).toEqual({
      model: 'gpt-4o',
      name: 'Billing',
      tools: [{ type: 'file_search' }],
      metadata: { tier: 'platinum' },
    });
    // Neither input changed.
    expect((base.value as JsonObject).temperature).toBe(0.3);
    expect((prod.value as JsonObject).temperature).toBe(null);
  });

  it('locates each field in the file that wrote it', () => {
    expect(at(merged.locate(['model'], 'value'))).toBe('assistants/overlays/prod/support/billing.yaml:1:8');
    expect(at(merged.locate(['name'], 'value'))).toBe('assistants/support/billing.yaml:2:7');
    // A replaced list: every item is the overlay's.
    expect(at(merged.locate(['tools', 0, 'type'], 'value'))).toBe('assistants/overlays/prod/support/billing.yaml:3:11');
    // A merged map: its key is the base's, the entry the overlay wrote is the overlay's.
    expect(at(merged.locate(['metadata'], 'key'))).toBe('assistants/support/billing.yaml:7:1');
    expect(at(merged.locate(['metadata', 'tier'], 'value'))).toBe('assistants/overlays/prod/support/billing.yaml:5:9');
    // A path past the value: the nearest parent that exists, in its own file.
    expect(at(merged.locate(['tools', 0, 'file_search', 'max_num_results']))).toBe('assistants/overlays/prod/support/billing.yaml:3:5');
    expect(merged.fileOf(['model'])).toBe('/repo/assistants/overlays/prod/support/billing.yaml');
    expect(merged.fileOf(['name'])).toBe('/repo/assistants/support/billing.yaml');
  });

  it('a type change replaces: a map over a scalar, a scalar over a map', () => {
    const a = docOf('a.yaml', 'response_format: auto\nmetadata: { team: x }\n');
    const b = docOf('b.yaml', 'response_format: { type: json_object }\nmetadata: none\n');
    const m = mergeOverlay(a, b);
    expect(m.value).toEqual({ response_format: { type: 'json_object' }, metadata: 'none' });
    expect(at(m.locate(['response_format', 'type'], 'value'))).toBe('b.yaml:1:26');
  });

  it('an empty overlay changes nothing, and a key named __proto__ stays data', () => {
    expect(mergeOverlay(base, docOf('e.yaml', '{}\n')).value).toEqual(base.value);
    const m = mergeOverlay(docOf('a.yaml', 'metadata: {}\n'), docOf('b.yaml', 'metadata: { "__proto__": { polluted: true } }\n'));
    const metadata = (m.value as JsonObject).metadata as JsonObject;
    expect(Object.keys(metadata)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('overlayBetween', () => {
  it('writes only what differs: changed scalars, whole lists, null for what goes', () => {
    expect(overlayBetween(base.value as JsonObject, {
      model: 'gpt-4o-mini',
      name: 'Billing (prod)',
      tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
      metadata: { team: 'support', tier: 'platinum' },
    })).toEqual({ name: 'Billing (prod)', temperature: null, metadata: { tier: 'platinum' } });
    expect(overlayBetween(base.value as JsonObject, base.value as JsonObject)).toBeUndefined();
  });

  it('merging the overlay it writes onto the base gives exactly the wanted definition', () => {
    // Values without nulls: a definition never needs one (an omitted field is the API's default).
    const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.array(tie('value'), { maxLength: 3 }), tie('map')),
      map: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'tools', '__proto__'), tie('value'), { maxKeys: 4, noNullPrototype: true }),
    })).map;
    fc.assert(fc.property(json, json, (b, w) => {
      const from = b as JsonObject;
      const want = w as JsonObject;
      const overlay = overlayBetween(from, want) ?? {};
      const merged = mergeOverlay({ value: from, locate: () => ({ file: 'b', line: 1, column: 1 }), fileOf: () => '/b' }, { value: overlay, locate: () => ({ file: 'o', line: 1, column: 1 }), fileOf: () => '/o' });
      expect(merged.value).toStrictEqual(want);
    }), { numRuns: 300 });
  });
});

describe('provenance (property)', () => {
  it('every leaf of a merge is located in the file whose value it is, at the same path', () => {
    const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean());
    const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), tie('map')),
      map: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 4, noNullPrototype: true }),
    })).map;
    const withNulls = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(json, fc.constant(null)), { maxKeys: 4, noNullPrototype: true });
    fc.assert(fc.property(json, withNulls, (b, o) => {
      const baseDoc = docOf('base.yaml', `${stringify(b)}`);
      const overDoc = docOf('over.yaml', `${stringify(o)}`);
      const merged = mergeOverlay(baseDoc, overDoc);
      const valueAt = (v: unknown, path: Array<string | number>) => path.reduce<any>((x, k) => x?.[k], v);
      const leaves: Array<Array<string | number>> = [];
      const walk = (v: unknown, path: Array<string | number>) => {
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
        else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
        else leaves.push(path);
      };
      walk(merged.value, []);
      for (const path of leaves) {
        const file = merged.fileOf(path);
        const from = file === '/repo/over.yaml' ? overDoc : baseDoc;
        expect(valueAt(from.value, path)).toStrictEqual(valueAt(merged.value, path));
        expect(merged.locate(path, 'value')).toEqual(from.locate(path, 'value'));
      }
    }), { numRuns: 200 });
  });
});
