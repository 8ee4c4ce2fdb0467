// The migration mapping (AGENTS-API.md §11): every row of the table, and the result valid against
// the openai-agents definition schema and accepted by the Agents API dialect.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { withSharedSchemas } from '../../../src/yaml/schema.js';
import { expect, test } from 'vitest';
import { AgentsDialect } from '../../../src/backends/openai-agents/emulator-dialect.js';
import { respond } from './loopback.js';
import { migrateAssistant } from '../../../src/backends/openai-agents/migrate.js';
import { createBody } from '../../../src/backends/openai-agents/write.js';
import type { AgentSpec } from '../../../src/backends/openai-agents/agent.js';

const schema = JSON.parse(readFileSync(new URL('../../../schema/openai-agent.schema.json', import.meta.url), 'utf8')) as object;
const validate = withSharedSchemas(new Ajv2020({ strict: false, allErrors: true })).compile(schema);

function accepted(definition: Record<string, unknown>): void {
  expect(validate(definition), JSON.stringify(validate.errors)).toBe(true);
  const { key: _key, instructions_file: _file, ...spec } = definition;
  const d = new AgentsDialect();
  const res = respond(d, { method: 'POST', path: '/v1/agents', query: new URLSearchParams(), headers: { authorization: 'Bearer k', 'openai-beta': 'agents=v1' }, body: createBody(spec as unknown as AgentSpec) });
  expect(res.status).toBe(201);
}

test('a definition with a counterpart for everything converts, losing only the json_schema\'s name', () => {
  const { definition, losses } = migrateAssistant({
    key: 'billing/main', id: 'asst_abc', model: 'gpt-5', name: 'Billing', instructions_file: 'prompts/billing.md',
    metadata: { team: 'billing' }, reasoning_effort: 'low', response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } },
    tools: [
      { type: 'function', function: { name: 'get_invoice', description: 'One invoice.', parameters: { type: 'object', properties: { id: { type: 'string' } } } } },
      { type: 'function', function: { name: 'ping' } },
    ],
    tool_resources: { code_interpreter: { file_ids: [] } }, temperature: null, 'x-shared': { a: 1 },
  });
  // The Assistants API requires the name; an agent's format has none (AGENTS-API.md:112).
  expect(losses.map((l) => [l.field, l.why])).toEqual([['response_format.json_schema.name', 'an agent\'s json_schema format has no name: dropped']]);
  expect(definition).toEqual({
    key: 'billing/main', model: 'gpt-5', name: 'Billing', instructions_file: 'prompts/billing.md', metadata: { team: 'billing' },
    reasoning: { effort: 'low' }, text: { format: { type: 'json_schema', schema: { type: 'object' } } },
    tools: [
      { type: 'function', name: 'get_invoice', description: 'One invoice.', parameters: { type: 'object', properties: { id: { type: 'string' } } } },
      { type: 'function', name: 'ping', description: '', parameters: { type: 'object', properties: {} } },
    ],
  });
  expect(Object.keys(definition)).toEqual(['key', 'model', 'name', 'instructions_file', 'metadata', 'reasoning', 'text', 'tools']);
  accepted(definition);
});

test('every field with no counterpart is a loss naming the field, and the rest still converts', () => {
  const { definition, losses } = migrateAssistant({
    model: 'gpt-4o', name: 'N'.repeat(200), description: 'Answers billing questions.', instructions: 'Be brief.',
    tools: [
      { type: 'code_interpreter' },
      { type: 'function', function: { name: 'f', strict: true, parameters: { type: 'object', properties: {} } } },
      { type: 'file_search', file_search: { max_num_results: 5 } },
      { type: 'bing_grounding', bing_grounding: {} },
    ],
    tool_resources: { file_search: { vector_store_ids: ['vs_1'] } }, temperature: 0.2, top_p: 1,
    response_format: { type: 'json_schema', json_schema: { name: 'x', description: 'd', schema: { type: 'object' }, strict: true } },
  });
  expect(losses.map((l) => l.field)).toEqual([
    'name', 'response_format.json_schema.name', 'response_format.json_schema.description', 'response_format.json_schema.strict',
    'tools[0]', 'tools[1].function.strict', 'tools[2]', 'tools[3]', 'tool_resources', 'temperature', 'top_p', 'description',
  ]);
  expect(losses.find((l) => l.field === 'temperature')!.why).toBe("an agent has no temperature, nor any other sampling setting (the Agents API's CreateAgentParams has none): dropped");
  expect(losses[0]!.why).toContain('at most 128');
  expect([...String(definition.name)]).toHaveLength(128);
  expect(definition.tools).toEqual([{ type: 'function', name: 'f', description: '', parameters: { type: 'object', properties: {} } }]);
  accepted(definition);
});

test('json_object has no counterpart; auto and text need nothing written', () => {
  expect(migrateAssistant({ model: 'gpt-4o', response_format: { type: 'json_object' } }).losses.map((l) => l.field)).toEqual(['response_format']);
  for (const response_format of ['auto', { type: 'text' }, null]) {
    expect(migrateAssistant({ model: 'gpt-4o', response_format })).toEqual({ definition: { model: 'gpt-4o' }, losses: [] });
  }
  expect(migrateAssistant({ model: 'gpt-4o', reasoning_effort: null }).definition).toEqual({ model: 'gpt-4o' });
});

test('an effort on a model of no reasoning family is a loss (the Agents API refuses it); a reasoning model and a reference keep it', () => {
  const lost = migrateAssistant({ model: 'gpt-4o', reasoning_effort: 'high' });
  expect(lost.definition).toEqual({ model: 'gpt-4o' });
  expect(lost.losses.map((l) => [l.field, l.why])).toEqual([['reasoning_effort', "'gpt-4o' is not a reasoning model (gpt-4o models are reported to refuse an effort): the API refuses an effort the model does not support: dropped"]]);
  for (const model of ['o3-mini', 'gpt-5.1', '${var.m}']) {
    expect(migrateAssistant({ model, reasoning_effort: 'high' })).toEqual({ definition: { model, reasoning: { effort: 'high' } }, losses: [] });
  }
});

test('names count characters, not UTF-16 units', () => {
  expect(migrateAssistant({ model: 'gpt-5', name: '😀'.repeat(128) }).losses).toEqual([]);
  expect(migrateAssistant({ model: 'gpt-5', name: '😀'.repeat(129) }).losses.map((l) => l.field)).toEqual(['name']);
});
