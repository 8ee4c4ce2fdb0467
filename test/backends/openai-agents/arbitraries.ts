// Random valid openai-agents definitions, for property tests.
import fc from '../../helpers/fast-check.js';
import { toolIdentity } from '../../../src/backends/openai-agents/normalize.js';

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const tool = fc.oneof(
  fc.record({ type: fc.constant('function'), name: word, description: fc.string({ maxLength: 20 }), parameters: fc.constant({ type: 'object', properties: {} }), defer_loading: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['type', 'name', 'description', 'parameters'] }),
  fc.constant({ type: 'tool_search' }),
  fc.record({ type: fc.constant('programmatic_tool_calling'), enabled: fc.boolean() }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('mcp'), server_label: word, transport: fc.oneof(fc.record({ type: fc.constant('http'), server_url: fc.constant('https://m.example.com'), headers: fc.option(fc.dictionary(word, word, { maxKeys: 2 })) }, { requiredKeys: ['type', 'server_url'] }), fc.record({ type: fc.constant('stdio'), command: word, cwd: fc.constant('/'), args: fc.option(fc.array(word, { maxLength: 2 })) }, { requiredKeys: ['type', 'command', 'cwd'] })), required: fc.boolean(), connection_origin: fc.option(fc.constantFrom('service', 'environment')) }, { requiredKeys: ['type', 'server_label', 'transport'] }),
  fc.record({ type: fc.constant('web_search'), mode: fc.option(fc.constantFrom('disabled', 'cached', 'live')), location: fc.option(fc.record({ city: fc.option(word) }, { requiredKeys: [] })) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('computer_use'), include_screenshots: fc.boolean() }, { requiredKeys: ['type'] }),
);
/** Random valid openai-agents definitions (the API fields, no envelope), tools unique by identity. */
export const definitionArbitrary = fc.record({
  model: fc.constantFrom('gpt-5', 'gpt-5-mini', 'gpt-4.1'),
  name: fc.option(fc.string({ maxLength: 10 })),
  instructions: fc.option(fc.string({ maxLength: 10 })),
  metadata: fc.option(fc.dictionary(word, fc.string({ maxLength: 5 }), { maxKeys: 3 })),
  reasoning: fc.option(fc.record({ summary: fc.option(fc.constantFrom('concise', 'detailed', 'auto')) }, { requiredKeys: [] })),
  text: fc.option(fc.record({ verbosity: fc.option(fc.constantFrom('low', 'medium', 'high')), format: fc.option(fc.constant({ type: 'text' })) }, { requiredKeys: [] })),
  service_tier: fc.option(fc.constantFrom('auto', 'default', 'flex', 'priority', 'fast')),
  multi_agent: fc.option(fc.record({ enabled: fc.boolean(), max_concurrent_subagents: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: ['enabled'] })),
  compaction: fc.option(fc.record({ async: fc.option(fc.boolean()) }, { requiredKeys: [] })),
  experimental: fc.record({ time_awareness: fc.boolean() }, { requiredKeys: [] }),
  tools: fc.option(fc.uniqueArray(tool, { maxLength: 6, selector: toolIdentity })),
}, { requiredKeys: ['model'] });

