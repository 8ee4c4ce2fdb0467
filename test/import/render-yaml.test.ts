import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { definitionObject, renderDefinition } from '../../src/import/render-yaml.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';

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
      SCHEMA, ASSISTANT);
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
      SCHEMA, ASSISTANT);
    expect(parse(text)).toEqual({ id: 'asst_3', model: '4.0', name: 'null', description: 'true', metadata: { n: '1.0', y: 'yes', e: '', c: '#x' } });
  });

  test('any text loads back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 40 }), (instructions, name) => {
        const text = renderDefinition({ id: 'asst_4', spec: { model: 'gpt-4o', name, instructions } }, SCHEMA, ASSISTANT);
        expect(parse(text)).toEqual({ id: 'asst_4', model: 'gpt-4o', name, instructions });
      }),
      { numRuns: 100 },
    );
  });
});
