// Definitions written as JSON (which is YAML) are read with JSON.parse: the same values, the same
// diagnostics at the same places, and YAML's reading wherever JSON alone would differ.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from '../helpers/fast-check.js';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_NESTING, jsonBeyondYaml, parseYaml, yamlSource, type FieldPath } from '../../src/yaml/source.js';
import { eachValue, type Json } from '../../src/model/json.js';
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

  it('finds every field, and the nearest parent of one it lacks, where the YAML reading places it, found in the text', () => {
    const key = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('0', '12', 'a"b', 'é', '𝒳', '\\', '__proto__', 'new\nline'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), tie('object'), fc.array(tie('value'), { maxLength: 3 })),
      object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    })).object;
    // JSON.stringify's layouts, a blank start, and CRLF line ends (read as LF by both ways).
    const layout = fc.constantFrom((v: Json) => JSON.stringify(v), (v: Json) => JSON.stringify(v, null, 2), (v: Json) => `\n\t ${JSON.stringify(v, null, '\t')}`, (v: Json) => JSON.stringify(v, null, 1).replace(/\n/g, '\r\n'));
    fc.assert(
      fc.property(json, layout, (value, write) => {
        const text = bytes(write(value));
        let reads = 0;
        const fast = parseYaml('a.yaml', text);
        expect(fast.json).toBe(true);
        const found = yamlSource('a.yaml', fast, () => {
          reads++;
          return text;
        });
        const indexed = yamlSource('a.yaml', parseYaml('a.yaml', text, { asJson: false, positions: true }));
        const paths: FieldPath[] = [];
        eachValue(value, (_v, path) => {
          paths.push([...path], [...path, 'missing'], [...path, 0], [...path, 7]);
        });
        for (const path of paths) {
          for (const part of ['key', 'value'] as const) expect([path, part, found.locate(path, part)]).toEqual([path, part, indexed.locate(path, part)]);
          expect([path, found.written(path)]).toEqual([path, indexed.written(path)]);
        }
        expect(reads).toBe(1);
      }),
      { numRuns: 300 },
    );
    // A number as written, where JSON.parse and YAML read only its value.
    const src = yamlSource('a.yaml', parseYaml('a.yaml', bytes('{"a": {"t": 1.10, "u": [1e2, -0]}}')), () => bytes('{"a": {"t": 1.10, "u": [1e2, -0]}}'));
    expect([src.written(['a', 't']), src.written(['a', 'u', 0]), src.written(['a', 'u', 1]), src.written(['a'])]).toEqual(['1.10', '1e2', '-0', undefined]);
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
