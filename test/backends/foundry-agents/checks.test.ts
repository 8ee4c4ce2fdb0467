// What a foundry-agents definition's JSON Schema cannot say, each reported at its line.
import { describe, expect, test } from 'vitest';
import { foundryAgentChecks } from '../../../src/backends/foundry-agents/checks.js';
import { readYamlSource } from '../../../src/yaml/source.js';
import type { JsonObject } from '../../../src/model/json.js';

function check(text: string) {
  const src = readYamlSource('agents/a.yaml', Buffer.from(text));
  return foundryAgentChecks(src, src.value as JsonObject).map((d) => ({ code: d.code, severity: d.severity, path: d.path, line: d.location.line, message: d.message }));
}

describe('foundry-agents definition checks', () => {
  test('a clean definition has none', () => {
    expect(check('name: a\ndefinition:\n  kind: prompt\n  model: m\n  tools:\n    - type: function\n      name: f\n      parameters: {type: object}\n    - type: web_search\n')).toEqual([]);
  });

  // A nested Assistants `function:` is the schema's unknown field, with its hint (validate-foreign-fields.test.ts).
  test('a duplicate function and a broken parameters schema', () => {
    const found = check('name: a\ndefinition:\n  kind: prompt\n  model: m\n  tools:\n    - type: function\n      function: {name: f}\n    - type: function\n      name: g\n      parameters: {type: 12}\n    - type: function\n      name: g\n');
    expect(found.map((d) => [d.code, d.path, d.line])).toEqual([
      ['invalid-json-schema', 'definition.tools[1].parameters.type', 10],
      ['duplicate-function', 'definition.tools[2].name', 12],
    ]);
  });

  test('another tool type is checked against the API\'s own schema for it', () => {
    const [d] = check('name: a\ndefinition:\n  kind: prompt\n  model: m\n  tools:\n    - type: bing_grounding\n      bing_grounding: {}\n');
    expect(d).toMatchObject({ code: 'invalid-tool', path: 'definition.tools[0].bing_grounding', line: 7 });
    expect(d!.message).toMatch(/needs 'search_configurations'/);
  });

  // Instructions given twice are the envelope's rule for every kind (desired/index.ts), not this kind's.
  test('the marker by hand and a broken format schema', () => {
    const found = check("name: a\ninstructions_file: p.md\nmetadata: {'aac@team': x}\ndefinition:\n  kind: prompt\n  model: m\n  instructions: hi\n  text:\n    format: {type: json_schema, name: n, schema: {type: object, required: 3}}\n");
    expect(found.map((d) => d.code)).toEqual(['reserved-metadata-key', 'invalid-json-schema']);
  });

  test('an effort on a model of no reasoning family is a warning, as under every provider with the field', () => {
    const effort = (model: string) => check(`name: a\ndefinition:\n  kind: prompt\n  model: ${model}\n  reasoning: {effort: medium}\n`);
    expect(effort('gpt-4o')).toEqual([{
      code: 'effort-model',
      severity: 'warning',
      path: 'definition.reasoning.effort',
      line: 5,
      message: "definition.reasoning.effort is set, but 'gpt-4o' is not a reasoning model (gpt-4o models are reported to refuse an effort): the host may refuse or ignore it",
    }]);
    expect(effort('o3-mini')).toEqual([]);
    // Checked once substituted, in each environment.
    expect(effort('"${var.model}"')).toEqual([]);
  });
});
