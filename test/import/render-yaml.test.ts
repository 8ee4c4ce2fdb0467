import { describe, expect, test } from 'vitest';
import fc from '../helpers/fast-check.js';
import { definitionObject, renderDefinition } from '../../src/import/render-yaml.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { parseYaml } from '../../src/yaml/source.js';

/** The value of `text` as aac reads a definition file. */
const readBack = (text: string) => parseYaml('written.yaml', Buffer.from(text, 'utf8')).value;

const SCHEMA = '../schema/assistant.schema.json';

describe('renderDefinition', () => {
  test('schema line, id first, the API field order, block scalars for multi-line text', () => {
    const text = renderDefinition(
      {
        id: 'asst_1',
        spec: {
          temperature: 0.2,
          tools: [{ function: { strict: true, name: 'f', description: 'Line one\nLine two' }, type: 'function' }],
          instructions: 'Be brief.\nBe kind.',
          name: 'Tutor',
          model: 'gpt-4o',
          metadata: { team: 'edu', 'aac-note': 'yes' },
        },
      },
      SCHEMA, ASSISTANT).text;
    expect(text).toBe(
      [
        '# yaml-language-server: $schema=../schema/assistant.schema.json',
        '',
        'id: asst_1',
        'model: gpt-4o',
        'name: Tutor',
        'instructions: |-',
        '  Be brief.',
        '  Be kind.',
        'tools:',
        '  - type: function',
        '    function:',
        '      name: f',
        '      description: |-',
        '        Line one',
        '        Line two',
        '      strict: true',
        'metadata:',
        '  team: edu',
        '  aac-note: yes',
        'temperature: 0.2',
        '',
      ].join('\n'),
    );
  });

  test('instructions_file takes the place of instructions; key only when given', () => {
    const data = definitionObject({ key: 'team/bot', id: 'asst_2', spec: { model: 'm', name: 'n', temperature: 1.5 }, instructionsFile: 'prompts/bot.md' }, ASSISTANT);
    expect(Object.keys(data)).toEqual(['key', 'id', 'model', 'name', 'instructions_file', 'temperature']);
  });

  test('strings that look like other YAML types stay strings', () => {
    const text = renderDefinition(
      { id: 'asst_3', spec: { model: '4.0', name: 'null', description: 'true', metadata: { n: '1.0', y: 'yes', e: '', c: '#x' } } },
      SCHEMA, ASSISTANT).text;
    expect(readBack(text)).toEqual({ id: 'asst_3', model: '4.0', name: 'null', description: 'true', metadata: { n: '1.0', y: 'yes', e: '', c: '#x' } });
  });

  // Any code point, and lines of the few characters that lay YAML out (spaces, quotes, escapes):
  // drawn from all of Unicode, a line of spaces alone is too rare ever to come up.
  const layout = fc
    .array(fc.string({ unit: fc.constantFrom(' ', '\t', '\r', '\u0000', '"', '\\', '#', ':', '-', 'a'), maxLength: 6 }), { maxLength: 10 })
    .map((lines) => lines.join('\n'));

  test('any text loads back unchanged', () => {
    fc.assert(
      fc.property(fc.oneof({ arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 }, { arbitrary: layout, weight: 3 }), fc.string({ maxLength: 40 }), (instructions, name) => {
        const text = renderDefinition({ id: 'asst_4', spec: { model: 'gpt-4o', name, instructions } }, SCHEMA, ASSISTANT).text;
        expect(readBack(text)).toEqual({ id: 'asst_4', model: 'gpt-4o', name, instructions });
      }),
      { numRuns: 100 },
    );
  });

  test('a key << (a metadata key, a schema property) is quoted: plain, aac reads it as a merge', () => {
    const spec = { model: 'gpt-4o', metadata: { '<<': 'x' }, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { '<<': { type: 'string' } } } } }] };
    const text = renderDefinition({ id: 'asst_6', spec }, SCHEMA, ASSISTANT).text;
    expect(text).toContain('"<<": x');
    expect(readBack(text)).toEqual({ id: 'asst_6', ...spec });
  });

  test('lines of spaces load back unchanged, in a block or double-quoted', () => {
    for (const instructions of ['\n \n', ' \n', `Rules:\u0000\n \n${'Answer briefly and politely. '.repeat(2)}`, 'a\n \n\tb\n']) {
      const text = renderDefinition({ id: 'asst_5', spec: { model: 'gpt-4o', instructions } }, SCHEMA, ASSISTANT).text;
      expect(readBack(text)).toEqual({ id: 'asst_5', model: 'gpt-4o', instructions });
    }
  });
});
