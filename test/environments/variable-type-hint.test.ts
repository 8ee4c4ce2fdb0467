// An undeclared variable's hint declares it with the type its use needs: the type the kind's
// schema (the shipped schema files) wants where a reference is the whole string — a number, an
// integer, a boolean, a string, a list's item — and a string for a reference inside text, or
// where the schema wants no one scalar type.
import { describe, expect, it } from 'vitest';
import { kindForProvider } from '../../src/backends/registry.js';
import { substituteVariables, type Scope } from '../../src/environments/variables.js';
import type { ProviderName } from '../../src/backends/assistants/providers.js';
import { wantedType } from '../../src/yaml/wanted-type.js';
import { at, docOf } from './helpers.js';

/** No variable declared, the run's kind's schema telling the types. */
const scopeOf = (provider: ProviderName): Scope => ({ declared: [], values: new Map(), typeAt: (value, path) => wantedType(kindForProvider(provider).schema, value, path) });

/** Each unknown-variable error as `place path: hint`. */
const hints = (text: string, provider: ProviderName = 'openai') =>
  substituteVariables(docOf('assistants/a.yaml', text), scopeOf(provider)).diagnostics.filter((d) => d.code === 'unknown-variable').map((d) => `${at(d.location)} ${d.path}: ${d.hint}`);

describe('the type an undeclared variable is declared with', () => {
  it('is what the schema wants where the reference is the whole string', () => {
    expect(hints([
      'model: gpt-4o',
      'temperature: "${var.temp}"',
      'tools:',
      '  - type: function',
      '    function: { name: f, strict: "${var.strict}" }',
      '  - type: file_search',
      '    file_search: { max_num_results: "${var.results}" }',
      'tool_resources: { code_interpreter: { file_ids: ["${var.file}"] } }',
      'name: "${var.title}"',
      '',
    ].join('\n'))).toEqual([
      'assistants/a.yaml:2:14 temperature: declare it in aac.yaml: variables: { temp: { type: number } }',
      'assistants/a.yaml:5:34 tools[0].function.strict: declare it in aac.yaml: variables: { strict: { type: boolean } }',
      'assistants/a.yaml:7:37 tools[1].file_search.max_num_results: declare it in aac.yaml: variables: { results: { type: integer } }',
      // A list's item: the type of its items.
      'assistants/a.yaml:8:50 tool_resources.code_interpreter.file_ids[0]: declare it in aac.yaml: variables: { file: { type: string } }',
      'assistants/a.yaml:9:7 name: declare it in aac.yaml: variables: { title: { type: string } }',
    ]);
  });

  it('is a string for a reference inside text, whatever the field wants', () => {
    expect(hints('model: gpt-4o\ntemperature: "0.${var.digits}"\n')).toEqual([
      'assistants/a.yaml:2:14 temperature: declare it in aac.yaml: variables: { digits: { type: string } }',
    ]);
  });

  // A function's parameters are any JSON Schema: nothing says what a field of it holds.
  it('is a string where the schema wants no one scalar type, or the field is none of its', () => {
    expect(hints([
      'model: gpt-4o',
      'tools: [{ type: function, function: { name: f, parameters: { type: object, maxProperties: "${var.max}" } } }]',
      'x-note: "${var.note}"',
      '',
    ].join('\n'))).toEqual([
      'assistants/a.yaml:2:91 tools[0].function.parameters.maxProperties: declare it in aac.yaml: variables: { max: { type: string } }',
      'assistants/a.yaml:3:9 x-note: declare it in aac.yaml: variables: { note: { type: string } }',
    ]);
  });

  it('follows the kind of the run: an agent\'s temperature is under its definition', () => {
    expect(hints('name: a\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  temperature: "${var.temp}"\n', 'foundry-agents')).toEqual([
      'assistants/a.yaml:5:16 definition.temperature: declare it in aac.yaml: variables: { temp: { type: number } }',
    ]);
  });

  it('is a string without the schema (no kind given)', () => {
    const r = substituteVariables(docOf('assistants/a.yaml', 'model: gpt-4o\ntemperature: "${var.temp}"\n'), { declared: [], values: new Map() });
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['declare it in aac.yaml: variables: { temp: { type: string } }']);
  });
});
