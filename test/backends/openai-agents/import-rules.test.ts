// Import: a live agent → the smallest definition that plans clean against it and is valid.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { withSharedSchemas } from '../../../src/yaml/schema.js';
import fc from '../../helpers/fast-check.js';
import { expect, test } from 'vitest';
import { AGENT_FIELDS, type AgentSpec } from '../../../src/backends/openai-agents/agent.js';
import { AgentsDialect } from '../../../src/backends/openai-agents/emulator-dialect.js';
import { importedDefinition } from '../../../src/backends/openai-agents/import-rules.js';
import { comparableAgent, normalizeAgent } from '../../../src/backends/openai-agents/normalize.js';
import { createBody } from '../../../src/backends/openai-agents/write.js';
import { sameJson } from '../../../src/model/canonical.js';
import { definitionArbitrary } from './arbitraries.js';

const validate = withSharedSchemas(new Ajv2020({ strict: false, allErrors: true })).compile(JSON.parse(readFileSync(new URL('../../../schema/openai-agent.schema.json', import.meta.url), 'utf8')) as object);

function created(spec: AgentSpec): AgentSpec {
  const d = new AgentsDialect();
  return d.handle({ method: 'POST', path: '/v1/agents', query: new URLSearchParams(), headers: { authorization: 'Bearer k', 'openai-beta': 'agents=v1' }, body: createBody(spec) }).body as AgentSpec;
}

function clean(live: AgentSpec, def: AgentSpec): boolean {
  const before = normalizeAgent(live);
  const desired = comparableAgent(before, normalizeAgent(def));
  return AGENT_FIELDS.every((f) => sameJson(before[f], desired[f]));
}

test('an agent made with only a model imports as only its model: the effort the server resolved is the model\'s own pick, as plan reads it', () => {
  expect(importedDefinition(created({ model: 'gpt-4.1' }))).toEqual({ model: 'gpt-4.1' });
  expect(importedDefinition(created({ model: 'gpt-5' }))).toEqual({ model: 'gpt-5' });
  expect(importedDefinition(created({ model: 'gpt-5', reasoning: { effort: 'low' } }))).toEqual({ model: 'gpt-5', reasoning: { effort: 'low' } });
});

test('defaults inside objects and tools are left out; what was set is kept, in aac\'s key order', () => {
  const live = created({
    model: 'gpt-5', name: 'N', metadata: { a: 'b' }, text: { verbosity: 'high' }, multi_agent: { enabled: true }, service_tier: 'auto',
    tools: [
      { type: 'mcp', server_label: 'crm', transport: { type: 'http', server_url: 'https://m' }, required: true },
      { type: 'web_search', location: { city: 'Berlin' } },
      { type: 'function', name: 'f', description: '', parameters: { type: 'object', properties: {} } },
    ],
  });
  const def = importedDefinition(live);
  expect(def).toEqual({
    model: 'gpt-5', name: 'N', metadata: { a: 'b' }, text: { verbosity: 'high' }, multi_agent: { enabled: true },
    tools: [
      { type: 'mcp', server_label: 'crm', transport: { type: 'http', server_url: 'https://m' }, required: true },
      { type: 'web_search', location: { city: 'Berlin' } },
      { type: 'function', name: 'f', description: '', parameters: { type: 'object', properties: {} } },
    ],
  });
  expect(Object.keys(def)).toEqual(['model', 'name', 'metadata', 'text', 'multi_agent', 'tools']);
});

test('property: every imported definition is valid and plans clean against the agent it came from', () => {
  fc.assert(fc.property(definitionArbitrary, (def) => {
    const live = created(def as AgentSpec);
    const imported = importedDefinition(live);
    expect(validate(imported), JSON.stringify(validate.errors)).toBe(true);
    expect(clean(live, imported as unknown as AgentSpec)).toBe(true);
  }), { numRuns: 150 });
});
