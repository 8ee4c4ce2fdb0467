// schema/foundry-agent.schema.json (what editors and `aac validate` check a definition file
// against) states the limits of the official schemas and of the prose in the sources, and no
// other: each is compared with the extracted spec or with limits.ts, where it is stated once.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { withSharedSchemas } from '../../../src/yaml/schema.js';
import { describe, expect, test } from 'vitest';
import { AGENT_NAME_PATTERN, FORMAT_NAME_PATTERN, MAX_NUM_RESULTS, METADATA_LIMITS, SCORE_THRESHOLD } from '../../../src/backends/foundry-agents/limits.js';
import { DEFINITION_FIELDS } from '../../../src/backends/foundry-agents/normalize.js';
import { foundryAgentsValidators, loadSpec } from '../../../src/backends/foundry-agents/spec.js';

type S = Record<string, any>;
const ours = JSON.parse(readFileSync(new URL('../../../schema/foundry-agent.schema.json', import.meta.url), 'utf8')) as S;
const d = loadSpec().$defs as S;
const prompt = ours.$defs.promptDefinition.properties as S;
const branch = (type: string): S => (ours.$defs.tool.allOf as S[]).find((b) => b.if.properties.type.const === type)!.then.properties;
/** The string constants of an `anyOf` of consts (possibly nested), as the emitter writes enums. */
const consts = (node: S): unknown[] => (node.anyOf ?? []).flatMap((b: S) => (b.const !== undefined ? [b.const] : b.anyOf ? consts(b) : []));

const validate = withSharedSchemas(new Ajv2020({ strict: false, allErrors: true })).compile(ours);

test('the shipped schema compiles in stock ajv (strict mode on, the default) without a warning', () => {
  const said: unknown[] = [];
  withSharedSchemas(new Ajv2020({ logger: { log: () => undefined, warn: (m: unknown) => void said.push(m), error: (m: unknown) => void said.push(m) } })).compile(ours);
  expect(said).toEqual([]);
});

describe('schema/foundry-agent.schema.json against the official schemas', () => {
  test('the definition holds exactly the fields of a PromptAgentDefinition', () => {
    expect(Object.keys(prompt).sort()).toEqual(Object.keys(d.PromptAgentDefinition.properties).sort());
    expect([...DEFINITION_FIELDS].sort()).toEqual(Object.keys(d.PromptAgentDefinition.properties).sort());
    expect(ours.$defs.promptDefinition.required).toEqual(d.PromptAgentDefinition.required);
  });

  test('limits the schemas state', () => {
    expect(ours.properties.name.maxLength).toBe(d.CreateAgentRequest.properties.name.maxLength);
    expect(ours.properties.description.maxLength).toBe(d.CreateAgentRequest.properties.description.maxLength);
    for (const f of ['temperature', 'top_p']) {
      expect([prompt[f].minimum, prompt[f].maximum]).toEqual([d.PromptAgentDefinition.properties[f].minimum, d.PromptAgentDefinition.properties[f].maximum]);
    }
    expect(branch('code_interpreter').container.anyOf[1].properties.file_ids.maxItems).toBe(d.AutoCodeInterpreterToolParam.properties.file_ids.maxItems);
    expect(branch('code_interpreter').container.anyOf[1].properties.memory_limit.enum).toEqual([...d.ContainerMemoryLimit.enum, null]);
    expect(branch('file_search').ranking_options.properties.ranker.enum).toEqual(d.RankerVersionType.enum);
    expect(branch('file_search').ranking_options.properties.hybrid_search.required).toEqual(d.HybridSearchOptions.required);
    expect(prompt.reasoning.properties.effort.enum).toEqual([...consts(d.ReasoningEffort), null]);
    expect(prompt.reasoning.properties.summary.enum).toEqual([...consts(d.Reasoning.properties.summary), null]);
    expect(ours.$defs.tool.properties.type.enum.sort()).toEqual(consts(d.ToolType).sort());
    expect([...foundryAgentsValidators().textFormatTypes].sort()).toEqual(ours.$defs.textFormat.properties.type.enum.sort());
  });

  test('limits stated only in prose, as limits.ts states them', () => {
    expect(ours.properties.name.pattern).toBe(AGENT_NAME_PATTERN.source);
    expect(ours.properties.metadata.maxProperties).toBe(METADATA_LIMITS.maxPairs - 1); // one pair is aac's marker
    expect(ours.properties.metadata.propertyNames.maxLength).toBe(METADATA_LIMITS.keyMax);
    expect(ours.properties.metadata.additionalProperties.maxLength).toBe(METADATA_LIMITS.valueMax);
    expect([branch('file_search').max_num_results.minimum, branch('file_search').max_num_results.maximum]).toEqual([MAX_NUM_RESULTS.min, MAX_NUM_RESULTS.max]);
    const threshold = branch('file_search').ranking_options.properties.score_threshold;
    expect([threshold.minimum, threshold.maximum]).toEqual([SCORE_THRESHOLD.min, SCORE_THRESHOLD.max]);
    const jsonSchema = (ours.$defs.textFormat.allOf as S[])[1]!.then.properties;
    expect(jsonSchema.name.pattern).toBe(FORMAT_NAME_PATTERN.source);
  });
});

describe('definition files', () => {
  const full = {
    name: 'billing-support',
    description: 'Answers billing questions.',
    metadata: { team: 'support' },
    definition: {
      kind: 'prompt', model: 'gpt-4o', instructions: 'Help.', temperature: 0.3, reasoning: { effort: 'low' },
      tools: [
        { type: 'function', name: 'get_invoice', parameters: { type: 'object' }, strict: true },
        { type: 'file_search', vector_store_ids: ['vs_1'], max_num_results: 8, ranking_options: { ranker: 'auto', score_threshold: 0.4 } },
        { type: 'code_interpreter', container: { type: 'auto', file_ids: ['f'] } },
        { type: 'web_search' },
      ],
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
    },
  };

  test('a full file is valid, and its body is valid against the official CreateAgentRequest', () => {
    expect(validate(full), JSON.stringify(validate.errors)).toBe(true);
    const { metadata, ...rest } = full;
    const body = { ...rest, metadata, definition: { ...full.definition, tools: full.definition.tools.map((t) => (t.type === 'function' ? { description: null, ...t } : t)) } };
    const official = foundryAgentsValidators().operation('POST /agents')!.body!;
    expect(official(body), JSON.stringify(official.errors)).toBe(true);
  });

  test.each<[string, unknown]>([
    ['a name with an underscore', { ...full, name: 'billing_support' }],
    ['a 64-character name', { ...full, name: 'a'.repeat(64) }],
    ['a name starting with a hyphen', { ...full, name: '-billing' }],
    ['no name', { definition: full.definition }],
    ['16 metadata pairs of your own', { ...full, metadata: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'v'])) }],
    ['tool_resources (an Assistants field)', { ...full, definition: { ...full.definition, tool_resources: {} } }],
    ['response_format (an Assistants field)', { ...full, definition: { ...full.definition, response_format: 'auto' } }],
    ['a nested Assistants function tool', { ...full, definition: { ...full.definition, tools: [{ type: 'function', function: { name: 'f' } }] } }],
    ['a hosted kind', { ...full, definition: { ...full.definition, kind: 'hosted' } }],
    ['max_num_results 0', { ...full, definition: { ...full.definition, tools: [{ type: 'file_search', vector_store_ids: [], max_num_results: 0 }] } }],
    ['the Assistants ranker name', { ...full, definition: { ...full.definition, tools: [{ type: 'file_search', vector_store_ids: [], ranking_options: { ranker: 'default_2024_08_21' } }] } }],
    ['a json_schema format in the Assistants shape', { ...full, definition: { ...full.definition, text: { format: { type: 'json_schema', json_schema: { name: 'a', schema: {} } } } } }],
  ])('%s is refused', (_label, file) => {
    expect(validate(file)).toBe(false);
  });
});

const ENVELOPE = ['$schema', 'key', 'moved_from', 'id', 'instructions_file'];

test('aac\'s envelope fields are the Assistants schema\'s, rule for rule (only the wording differs)', () => {
  const assistant = JSON.parse(readFileSync(new URL('../../../schema/assistant.schema.json', import.meta.url), 'utf8')) as S;
  const rules = (node: S) => JSON.parse(JSON.stringify(node, (k, v) => (k === 'description' || k === '$comment' ? undefined : v)));
  for (const field of ENVELOPE) expect(rules(ours.properties[field]), field).toEqual(rules(assistant.properties[field]));
  // Every other top-level field is one of the API's (CreateAgentRequest) fields.
  const api = Object.keys(ours.properties).filter((f) => !ENVELOPE.includes(f));
  expect(api.filter((f) => !(f in d.CreateAgentRequest.properties))).toEqual([]);
});
