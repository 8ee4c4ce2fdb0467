// schema/openai-agent.schema.json: the API's vocabulary, its limits equal to the API schemas'
// (spec/agents-api.json), other backends' fields refused with a hint, and the checks it cannot say.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { withSharedSchemas } from '../../../src/yaml/schema.js';
import { expect, test } from 'vitest';
import { hintText } from '../../../src/backends/backend.js';
import { agentChecks } from '../../../src/backends/openai-agents/checks.js';
import { FOREIGN_FIELDS, FOREIGN_TOOL_TYPES } from '../../../src/backends/openai-agents/hints.js';
import { agentsApiSchema, AGENT_TOOL_TYPES } from '../../../src/backends/openai-agents/spec.js';
import { readYamlSource } from '../../../src/yaml/source.js';

type S = Record<string, any>;
const ours = JSON.parse(readFileSync(new URL('../../../schema/openai-agent.schema.json', import.meta.url), 'utf8')) as S;
const api = agentsApiSchema().$defs as S;
const validate = withSharedSchemas(new Ajv2020({ strict: false, allErrors: true })).compile(ours);

const valid = (value: unknown): boolean => validate(value) as boolean;
const errorsOf = (value: unknown) => (validate(value) ? [] : validate.errors!);

test('the shipped schema compiles in stock ajv (strict mode on, the default) without a warning', () => {
  const said: unknown[] = [];
  const ajv = withSharedSchemas(new Ajv2020({ logger: { log: () => undefined, warn: (m: unknown) => void said.push(m), error: (m: unknown) => void said.push(m) } }));
  expect(() => ajv.compile(ours)).not.toThrow();
  expect(said).toEqual([]);
});

test('every limit and enum equals the API schema\'s (metadata keeps one pair for the marker)', () => {
  const p = ours.properties;
  const create = api.CreateAgentParams.properties;
  const nonNull = (xs: unknown[]) => xs.filter((x) => x !== null);
  const pairs: Array<[string, unknown, unknown]> = [
    ['model.maxLength', p.model.maxLength, create.model.maxLength],
    ['name.maxLength', p.name.maxLength, create.name.maxLength],
    ['instructions.maxLength', p.instructions.maxLength, create.instructions.maxLength],
    ['metadata pairs (one is the marker)', p.metadata.maxProperties + 1, api.Metadata.maxProperties],
    ['metadata key', p.metadata.propertyNames, api.Metadata.propertyNames],
    ['metadata value', p.metadata.additionalProperties.maxLength, api.Metadata.additionalProperties.maxLength],
    ['tools.maxItems', p.tools.maxItems, api.Tools.maxItems],
    ['reasoning.effort', nonNull(p.reasoning.properties.effort.enum), api.ReasoningEffort.enum],
    ['reasoning.summary', nonNull(p.reasoning.properties.summary.enum), api.ReasoningSummary.enum],
    ['text.verbosity', nonNull(p.text.properties.verbosity.enum), api.Verbosity.enum],
    ['service_tier', nonNull(p.service_tier.enum), api.ServiceTierParam.enum],
    ['multi_agent max', [p.multi_agent.properties.max_concurrent_subagents.minimum, p.multi_agent.properties.max_concurrent_subagents.maximum],
      [api.MultiAgentConfigCurrentParam.properties.max_concurrent_subagents.minimum, api.MultiAgentConfigCurrentParam.properties.max_concurrent_subagents.maximum]],
    ['JSON Schema objects', [ours.$defs.jsonSchemaObject.maxProperties, ours.$defs.jsonSchemaObject.propertyNames], [api.JsonSchemaObject.maxProperties, api.JsonSchemaObject.propertyNames]],
    ['function name', ours.$defs.functionTool.properties.name.maxLength, api.FunctionToolParam.properties.name.maxLength],
    ['function required', ours.$defs.functionTool.required, api.FunctionToolParam.required],
    ['mcp required', ours.$defs.mcpTool.required, api.McpToolParam.required],
    ['mcp allowed_tools', ours.$defs.mcpTool.properties.allowed_tools.maxItems, api.McpToolParam.properties.allowed_tools.anyOf[0].maxItems],
    ['mcp request_metadata', ours.$defs.mcpTool.properties.request_metadata.maxProperties, api.McpToolParam.properties.request_metadata.anyOf[0].maxProperties],
    ['mcp connection_origin', ours.$defs.mcpTool.properties.connection_origin.enum, api.McpToolParam.properties.connection_origin.enum],
    ['web_search mode', ours.$defs.webSearchTool.properties.mode.enum, api.WebSearchToolParam.properties.mode.enum],
    ['web_search context_size', ours.$defs.webSearchTool.properties.context_size.enum, api.WebSearchToolParam.properties.context_size.enum],
    ['tool types', ours.$defs.tool.allOf.at(-1).then.properties.type.enum, AGENT_TOOL_TYPES],
  ];
  for (const [what, mine, theirs] of pairs) expect(mine, what).toEqual(theirs);
  // Every API field is a definition field, and the envelope is aac's own.
  expect(Object.keys(p).sort()).toEqual([...Object.keys(create), ...ENVELOPE].sort());
});

const ENVELOPE = ['$schema', 'key', 'moved_from', 'id', 'instructions_file'];

test('aac\'s envelope fields are the Assistants schema\'s, rule for rule (only the wording differs)', () => {
  const assistant = JSON.parse(readFileSync(new URL('../../../schema/assistant.schema.json', import.meta.url), 'utf8')) as S;
  const rules = (node: S) => JSON.parse(JSON.stringify(node, (k, v) => (k === 'description' || k === '$comment' ? undefined : v)));
  for (const field of ENVELOPE) expect(rules(ours.properties[field]), field).toEqual(rules(assistant.properties[field]));
});

test('a definition with every field and every tool type is valid', () => {
  expect(valid({
    model: 'gpt-5', name: 'Support', instructions: 'Be brief.', metadata: { team: 'support' },
    reasoning: { effort: 'low', summary: 'auto' }, text: { format: { type: 'json_schema', schema: { type: 'object' } }, verbosity: 'low' },
    service_tier: 'flex', multi_agent: { enabled: true, max_concurrent_subagents: 3 }, compaction: { async: false }, experimental: { time_awareness: true },
    tools: [
      { type: 'function', name: 'f', description: '', parameters: { type: 'object', properties: {} }, defer_loading: true },
      { type: 'tool_search' }, { type: 'programmatic_tool_calling', enabled: false },
      { type: 'mcp', server_label: 'crm', transport: { type: 'stdio', command: 'crm', cwd: '/', env_vars: ['TOKEN'] }, required: true },
      { type: 'web_search', mode: 'cached', location: { country: 'DE' } }, { type: 'computer_use', include_screenshots: true },
    ],
    key: 'support/main', 'x-shared': { a: 1 },
  }), JSON.stringify(validate.errors)).toBe(true);
});

test('the fields of other backends are refused, each one with its hint on hand', () => {
  for (const field of ['temperature', 'top_p', 'description', 'tool_resources', 'response_format', 'reasoning_effort']) {
    const errs = errorsOf({ model: 'gpt-5', [field]: 1 });
    expect(errs.map((e) => [e.keyword, e.params.additionalProperty]), field).toContainEqual(['additionalProperties', field]);
    expect(FOREIGN_FIELDS[field], field).toMatch(new RegExp(`'${field}'`));
  }
  expect(FOREIGN_FIELDS.temperature).toContain('an OpenAI agent has no sampling settings');
  const nested = errorsOf({ model: 'gpt-5', tools: [{ type: 'function', function: { name: 'f' }, strict: true }] });
  expect(nested.filter((e) => e.keyword === 'additionalProperties').map((e) => e.params.additionalProperty).sort()).toEqual(['function', 'strict']);
  expect(FOREIGN_FIELDS.function).toContain('flat function tools');
});

test('a misspelt tool type gets the enum error; another backend\'s tool type is left to the check with its hint', () => {
  expect(errorsOf({ model: 'gpt-5', tools: [{ type: 'web_serch' }] }).some((e) => e.keyword === 'enum')).toBe(true);
  expect(errorsOf({ model: 'gpt-5', tools: [{ type: 'code_interpreter' }] })).toEqual([]);
});

/** What a run on agents/ gives the hints to name. */
const COMMANDS = { migrate: (to: string) => `aac migrate --to ${to} --dir SRC --out agents` };

function checks(yaml: string) {
  const src = readYamlSource('agents/a.yaml', Buffer.from(yaml));
  return agentChecks(src, src.value as Record<string, any>, COMMANDS);
}

test('checks: other backends\' tool types, duplicate identities, broken JSON Schemas, the 3 MiB budget', () => {
  const found = checks([
    'model: gpt-5',
    'tools:',
    '  - type: code_interpreter',
    '  - {type: function, name: f, description: "", parameters: {type: object}}',
    '  - {type: function, name: f, description: "", parameters: {type: objekt}}',
    '  - {type: mcp, server_label: crm, transport: {type: http, server_url: "https://x"}}',
    '  - {type: mcp, server_label: crm, transport: {type: http, server_url: "https://y"}}',
    '  - {type: web_search}',
    '  - {type: web_search, mode: cached}',
    'text: {format: {type: json_schema, schema: {type: 3}}}',
  ].join('\n'));
  expect(found.map((d) => [d.code, d.path, d.location.line])).toEqual([
    ['unknown-tool-type', 'tools[0].type', 3],
    ['duplicate-tool', 'tools[2]', 5],
    ['invalid-json-schema', 'tools[2].parameters.type', 5],
    ['duplicate-tool', 'tools[4]', 7],
    ['duplicate-tool', 'tools[6]', 9],
    ['invalid-json-schema', 'text.format.schema.type', 10],
  ]);
  expect(found[0]!.hint).toBe(hintText(FOREIGN_TOOL_TYPES.code_interpreter!, COMMANDS));
  expect(found[0]!.hint).toContain('`aac migrate --to openai-agents --dir SRC --out agents`');
  const big = JSON.stringify('x'.repeat(1024 * 1024));
  const sized = checks(`model: gpt-5\ntools:\n${['a', 'b', 'c'].map((n) => `  - {type: function, name: ${n}, description: ${big}, parameters: {}}`).join('\n')}\n`);
  expect(sized.map((d) => d.code)).toEqual(['max-size']);
});
