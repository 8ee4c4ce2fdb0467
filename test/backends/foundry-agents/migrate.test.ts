// The mapping from an Assistants-shaped definition to a foundry-agents one (AGENTS.md part 2,
// "Mapping an OpenAI assistant to a prompt agent"): what carries over, how, and every loss named.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { withSharedSchemas } from '../../../src/yaml/schema.js';
import { describe, expect, test } from 'vitest';
import type { AssistantSpec } from '../../../src/backends/assistants/assistant.js';
import type { Spec } from '../../../src/model/definition.js';
import { pathText } from '../../../src/model/json.js';
import { agentName, migrateAssistant } from '../../../src/backends/foundry-agents/migrate.js';
import { foundryAgentsValidators } from '../../../src/backends/foundry-agents/spec.js';

const fileSchema = withSharedSchemas(new Ajv2020({ strict: false })).compile(JSON.parse(readFileSync(new URL('../../../schema/foundry-agent.schema.json', import.meta.url), 'utf8')));
/** One definition converted: the agent definition as `agent`, with the losses and notes. */
function src(key: string, spec: AssistantSpec) {
  const { definition, losses, notes } = migrateAssistant(spec as unknown as Spec, { key });
  return { agent: definition as Record<string, any>, losses: losses.map((l) => ({ ...l, field: pathText(l.path) })), notes };
}

/** What the client would send for a migrated file: omitted nullable function members as null. */
function createBody(agent: Record<string, any>): Record<string, any> {
  const tools = (agent.definition.tools ?? []).map((t: any) => (t.type === 'function' ? { parameters: null, strict: null, ...t } : t));
  return { ...agent, definition: { ...agent.definition, ...(tools.length ? { tools } : {}) } };
}

describe('one assistant', () => {
  test('a value that is one ${var.…} reference carries over as written, whatever the field\'s type (each environment checks its value)', () => {
    const ref = (name: string) => `\${var.${name}}` as any;
    const { agent, losses } = src('bot', {
      model: ref('model'),
      name: 'Bot',
      temperature: ref('t'),
      top_p: ref('p'),
      reasoning_effort: ref('effort'),
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: ref('strict') } },
      tools: [
        { type: 'function', function: { name: 'ping', strict: ref('strict') } },
        { type: 'file_search', file_search: { max_num_results: ref('n'), ranking_options: { ranker: 'auto', score_threshold: ref('s') } } },
      ],
    });
    expect(losses).toEqual([]);
    expect(agent.definition).toMatchObject({
      model: '${var.model}', temperature: '${var.t}', top_p: '${var.p}', reasoning: { effort: '${var.effort}' },
      text: { format: { strict: '${var.strict}' } },
      tools: [
        { type: 'function', name: 'ping', strict: '${var.strict}' },
        { type: 'file_search', max_num_results: '${var.n}', ranking_options: { ranker: 'auto', score_threshold: '${var.s}' } },
      ],
    });
  });

  test('the mapping table, field by field', () => {
    const { agent, losses, notes } = (src('support/billing', {
      model: 'gpt-4o',
      name: 'Billing Support',
      description: 'Answers billing questions.',
      instructions: 'Help.',
      temperature: 0.3,
      top_p: 0.9,
      reasoning_effort: 'low',
      metadata: { team: 'support' },
      response_format: { type: 'json_schema', json_schema: { name: 'answer', description: 'd', schema: { type: 'object' }, strict: true } },
      tools: [
        { type: 'function', function: { name: 'get_invoice', description: 'Look up.', parameters: { type: 'object', properties: {} }, strict: true } },
        { type: 'function', function: { name: 'ping' } },
        { type: 'file_search', file_search: { max_num_results: 8, ranking_options: { ranker: 'auto', score_threshold: 0.4 } } },
        { type: 'code_interpreter' },
      ],
      tool_resources: { file_search: { vector_store_ids: ['vs_1'] }, code_interpreter: { file_ids: ['file_1', 'file_2'] } },
    }));
    expect(losses).toEqual([]);
    expect(notes).toEqual([{ path: ['name'], what: "'Billing Support' becomes the agent name 'billing-support' (letters, digits and hyphens, starting and ending with a letter or digit, at most 63 characters)" }]);
    expect(agent).toEqual({
      name: 'billing-support',
      description: 'Answers billing questions.',
      metadata: { team: 'support' },
      definition: {
        kind: 'prompt', model: 'gpt-4o', instructions: 'Help.', temperature: 0.3, top_p: 0.9, reasoning: { effort: 'low' },
        text: { format: { type: 'json_schema', name: 'answer', description: 'd', schema: { type: 'object' }, strict: true } },
        tools: [
          { type: 'function', name: 'get_invoice', description: 'Look up.', parameters: { type: 'object', properties: {} }, strict: true },
          { type: 'function', name: 'ping', strict: false },
          { type: 'file_search', vector_store_ids: ['vs_1'], max_num_results: 8, ranking_options: { ranker: 'auto', score_threshold: 0.4 } },
          { type: 'code_interpreter', container: { type: 'auto', file_ids: ['file_1', 'file_2'] } },
        ],
      },
    });
    expect(fileSchema(agent), JSON.stringify(fileSchema.errors)).toBe(true);
    const official = foundryAgentsValidators().operation('POST /agents')!.body!;
    expect(official(createBody(agent)), JSON.stringify(official.errors)).toBe(true);
  });

  test.each<[string, AssistantSpec['response_format'], unknown]>([
    ['auto', 'auto', undefined],
    ['unset', undefined, undefined],
    ['text', { type: 'text' }, { format: { type: 'text' } }],
    ['json_object', { type: 'json_object' }, { format: { type: 'json_object' } }],
  ])('response_format %s', (_label, rf, text) => {
    expect((src('a', { model: 'm', name: 'a', response_format: rf })).agent.definition.text).toEqual(text);
  });

  test('a file_search tool with no store gets an empty vector_store_ids (required by the new API)', () => {
    const { agent, losses } = (src('a', { model: 'm', name: 'a', tools: [{ type: 'file_search' }] }));
    expect(agent.definition.tools).toEqual([{ type: 'file_search', vector_store_ids: [] }]);
    expect(losses).toEqual([]);
  });

  test('an openapi tool with anonymous auth carries over without its read-only functions', () => {
    const tool = { type: 'openapi', openapi: { name: 'weather', spec: { openapi: '3.0.0' }, auth: { type: 'anonymous' }, functions: [{ name: 'x' }] } };
    expect((src('a', { model: 'm', name: 'a', tools: [tool] })).agent.definition.tools).toEqual([
      { type: 'openapi', openapi: { name: 'weather', spec: { openapi: '3.0.0' }, auth: { type: 'anonymous' } } },
    ]);
  });

  test('a value the new API takes is carried as it is, never listed as a loss: Foundry\'s own ranker, managed-identity auth', () => {
    // Both are what a classic import writes ([C] FileSearchRankingOptions.ranker is free text,
    // Foundry reports default-2024-11-15; [C]/[J] OpenApiManagedAuthDetails have one shape), and
    // the new API lists both ([J] RankerVersionType, OpenApiAuthType).
    const auth = { type: 'managed_identity', security_scheme: { audience: 'https://api.example' } };
    const { agent, losses } = src('desk', {
      model: 'm',
      name: 'desk',
      tools: [
        { type: 'file_search', file_search: { max_num_results: 5, ranking_options: { ranker: 'default-2024-11-15', score_threshold: 0.3 } } },
        { type: 'openapi', openapi: { name: 'o', spec: { openapi: '3.0.0' }, auth } } as any,
      ],
    });
    expect(losses).toEqual([]);
    expect(agent.definition.tools).toEqual([
      { type: 'file_search', vector_store_ids: [], max_num_results: 5, ranking_options: { ranker: 'default-2024-11-15', score_threshold: 0.3 } },
      { type: 'openapi', openapi: { name: 'o', spec: { openapi: '3.0.0' }, auth } },
    ]);
    expect(fileSchema(agent), JSON.stringify(fileSchema.errors)).toBe(true);
    expect(foundryAgentsValidators().promptDefinition()(createBody(agent).definition), JSON.stringify(foundryAgentsValidators().promptDefinition().errors)).toBe(true);
  });

  test('a ranker the new API lacks is a loss whose message lists what it takes, and not the ranker itself', () => {
    const { losses } = src('a', { model: 'm', name: 'a', tools: [{ type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21' } } }] });
    expect(losses.map((l) => l.why)).toEqual(["the ranker 'default_2024_08_21' has no counterpart; the new API takes 'auto' or 'default-2024-11-15'"]);
  });

  test('every field that cannot be carried over is listed with its file, field and why', () => {
    const { losses } = (src('lossy', {
      model: 'm',
      name: 'lossy',
      reasoning_effort: 'max',
      response_format: { type: 'json_schema', json_schema: { name: 'x' } },
      tools: [
        { type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.2 } } },
        { type: 'bing_grounding', bing_grounding: { search_configurations: [{ connection_id: 'c' }] } },
        { type: 'openapi', openapi: { name: 'o', spec: {}, auth: { type: 'connection', security_scheme: { connection_id: 'c' } } } },
      ],
      tool_resources: {
        file_search: { vector_stores: [{ file_ids: ['f'] }] },
        code_interpreter: { file_ids: ['f1'], data_sources: [{ uri: 'u', type: 'uri_asset' }] },
        azure_ai_search: { indexes: [{ index_connection_id: 'c', index_name: 'i' }] },
      },
    }));
    expect(losses.map((l) => l.field)).toEqual([
      'reasoning_effort',
      'response_format.json_schema.schema',
      'tools[0].file_search.ranking_options.ranker',
      'tools[1]',
      'tools[2].openapi.auth',
      'tool_resources.file_search.vector_stores',
      'tool_resources.code_interpreter.file_ids',
      'tool_resources.code_interpreter.data_sources',
      'tool_resources.azure_ai_search.indexes',
    ]);
    for (const l of losses) expect(l.why.length).toBeGreaterThan(20);
  });
});

describe('names', () => {
  test.each<[string | null | undefined, string, string]>([
    ['billing-support', 'k', 'billing-support'],
    ['BillingBot2', 'k', 'billingbot2'],
    ['FAQ', 'k', 'faq'],
    ['Café Bot', 'k', 'cafe-bot'],
    ['支援', 'team/support-bot', 'team-support-bot'],
    [null, 'hr/benefits', 'hr-benefits'],
    ['x'.repeat(80), 'k', 'x'.repeat(60)],
    // A name the rule allows is kept whole, in lower case: slugging would cut it below 63.
    ['X'.repeat(63), 'k', 'x'.repeat(63)],
    ['under_score', 'k', 'under-score'],
  ])('%s (key %s) → %s', (name, key, expected) => {
    const n = agentName({ model: 'm', name }, key);
    expect(n).toBe(expected);
    expect(fileSchema({ name: n, definition: { kind: 'prompt', model: 'm' } })).toBe(true);
  });
});
