// Definitions written as JSON (which is YAML) are read with JSON.parse: the same values, the same
// diagnostics at the same places, and YAML's reading wherever JSON alone would differ.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_NESTING, jsonBeyondYaml, parseYaml } from '../../src/yaml/source.js';
import { brief, cleanupTrees, load } from './helpers.js';

afterAll(cleanupTrees);

const bytes = (text: string) => Buffer.from(text);

describe('a definition written as JSON', () => {
  it('reads the value YAML reads, for any JSON object', () => {
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('<<', '__proto__', 'a"b', 'é\\u0041', '\\'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), tie('object'), fc.array(tie('value'), { maxLength: 3 })),
      object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    })).object;
    fc.assert(
      fc.property(json, fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const fast = parseYaml('a.yaml', bytes(text));
        const slow = parseYaml('a.yaml', bytes(text), { asJson: false });
        expect(fast.index).toBeUndefined();
        expect(fast.diagnostics).toEqual([]);
        // toEqual treats -0 and 0 alike, as JSON output does.
        expect(fast.value).toEqual(slow.value);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a repeated key in any object, however its keys are escaped, and nothing in strings', () => {
    expect(jsonBeyondYaml('{"a": 1, "b": {"a": 2}}')).toBeUndefined();
    expect(jsonBeyondYaml('{"a": 1, "b": 2, "a": 3}')).toEqual({ offset: 17, repeatedKey: 'a' });
    expect(jsonBeyondYaml('{"x": [{"a": 1, "a": 2}]}')).toBeDefined();
    expect(jsonBeyondYaml('{"a": 1, "\\u0061": 2}')).toBeDefined();
    expect(jsonBeyondYaml('{"a": "\\", \\"a\\": ", "b": "{\\"a\\":1,\\"a\\":2}"}')).toBeUndefined();
    expect(jsonBeyondYaml('{"a\\\\": 1, "a\\\\": 2}')).toBeDefined();
    expect(jsonBeyondYaml('{"a": [1, "a", {"a": "a"}], "b": 1}')).toBeUndefined();
    // And nesting deeper than MAX_NESTING, which V8's JSON.parse reads: the object is the first level.
    const nested = (levels: number) => `{"a": ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    expect(jsonBeyondYaml(nested(MAX_NESTING))).toBeUndefined();
    expect(jsonBeyondYaml(nested(MAX_NESTING + 1))).toEqual({ offset: 6 + MAX_NESTING - 1 });
  });

  it('goes the YAML way for a repeated key, comments or a second document, with the YAML diagnostics', async () => {
    const r = await load({ 'assistants/a.yaml': '{\n  "model": "gpt-4o",\n  "model": "gpt-4o-mini"\n}\n' });
    expect(brief(r)[0]).toMatch(/^3:3 duplicate-key /);
    // Only the YAML way makes an index of positions.
    const c = parseYaml('a.yaml', bytes('{"model": "m"} # a comment\n'), { positions: true });
    expect(c.index).toBeDefined();
    expect(c.value).toEqual({ model: 'm' });
  });

  it('places each diagnostic where the YAML reading would', async () => {
    const text = JSON.stringify({ model: 'gpt-4o', temperature: 'hot', tools: [{ type: 'function', function: { name: 'bad name!' } }], unknown_field: 1 }, null, 2);
    const asJson = await load({ 'assistants/a.yaml': text });
    const asYaml = await load({ 'assistants/a.yaml': `# the same, as YAML the slow way\n${text}` });
    const shift = (b: string) => b.replace(/^(\d+)/, (n) => String(Number(n) + 1));
    expect(brief(asJson).length).toBeGreaterThanOrEqual(3);
    expect(brief(asJson).map(shift)).toEqual(brief(asYaml));
  });

  it('finds a place on demand, and points at the top of a file that changed since it was read, rather than at a place that moved', async () => {
    const r = await load({ 'assistants/a.yaml': '{\n  "model": "gpt-4o",\n  "name": "A"\n}\n', 'assistants/b.yaml': '{\n  "model": "gpt-4o",\n  "name": "B"\n}\n' });
    const [a, b] = r.definitions;
    expect(a!.locate(['name'])).toMatchObject({ line: 3, column: 3 });
    writeFileSync(join(r.root, 'assistants/b.yaml'), '{\n\n\n  "model": "gpt-4o",\n  "name": "B"\n}\n');
    expect(b!.locate(['name'])).toMatchObject({ line: 1, column: 1 });
  });
});
