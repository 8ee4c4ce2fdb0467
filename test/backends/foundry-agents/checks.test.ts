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
    expect(d).toMatchObject({ code: 'missing-field', path: 'definition.tools[0].bing_grounding', line: 7, message: "definition.tools[0].bing_grounding is missing the required field 'search_configurations'" });
  });

  // The API's schema for a tool is said as the file's own schema is: each problem at once, at its
  // place, with what to write (a did-you-mean, the values allowed, the field's place), never
  // ajv's words ("must NOT have unevaluated properties") with a pointer to the API reference.
  test("a tool's errors against the API's schema say the field and the fix, every one of them", () => {
    const full = (text: string) => {
      const src = readYamlSource('agents/a.yaml', Buffer.from(text));
      return foundryAgentChecks(src, src.value as JsonObject).map((d) => [`${d.location.line}:${d.location.column}`, d.code, d.message, d.hint]);
    };
    expect(full([
      'name: a', 'definition:', '  kind: prompt', '  model: m', '  tools:',
      '    - type: mcp', '      server_label: crm', '      transport: { type: http, server_url: "https://mcp.example.com" }', '      requires_aproval: never',
      '    - type: web_search', '      allowed_domains: [example.com]', '      search_context_size: huge',
      '    - type: web_search', '      filters: { alowed_domains: [example.com] }',
      '    - type: mcp', '      server_label: 3', '      server_url: https://x', '      require_approval: sometimes', '',
    ].join('\n'))).toEqual([
      ['8:7', 'unknown-field', "unknown field 'transport' in definition.tools[0]", "'transport' is how an OpenAI agent's (openai-agents) MCP tool names its server; a foundry-agents MCP tool writes server_url (and headers) beside its type: move them up one level, out of 'transport:'"],
      ['9:7', 'unknown-field', "unknown field 'requires_aproval' in definition.tools[0]", "did you mean 'require_approval'?"],
      ['11:7', 'unknown-field', "unknown field 'allowed_domains' in definition.tools[1]", "did you mean 'filters.allowed_domains'? it is written under `filters:`"],
      ['12:28', 'invalid-value', "definition.tools[1].search_context_size 'huge' is not allowed; expected one of: low, medium, high", 'use one of: low, medium, high'],
      ['14:18', 'unknown-field', "unknown field 'alowed_domains' in definition.tools[2].filters", "did you mean 'allowed_domains'?"],
      ['16:21', 'wrong-type', 'definition.tools[3].server_label must be a string, not number 3', 'quote the value to make it a string: "3"'],
      ['18:25', 'invalid-value', "definition.tools[3].require_approval 'sometimes' is not allowed; expected one of: always, never", 'use one of: always, never'],
    ]);
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
