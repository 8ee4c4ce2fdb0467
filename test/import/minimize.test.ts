import { describe, expect, test } from 'vitest';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { OPENAI_DEFAULTS } from '../../src/backends/assistants/server-defaults.js';
import type { AssistantSpec } from '../../src/backends/assistants/assistant.js';
import { withoutDefaults } from '../../src/import/minimize.js';
import { comparableDesired, normalize } from '../../src/backends/assistants/normalize.js';

// What the server sends back for an assistant created with only `model` (ASSISTANTS.md).
const bare: AssistantSpec = {
  model: 'gpt-4o',
  name: null,
  description: null,
  instructions: null,
  tools: [],
  top_p: 1,
  temperature: 1,
  reasoning_effort: null,
  tool_resources: {},
  metadata: {},
  response_format: 'auto',
};

describe('withoutDefaults', () => {
  test('a bare assistant keeps only its model', () => {
    expect(withoutDefaults(bare, ASSISTANT, 'openai')).toEqual({ model: 'gpt-4o' });
  });

  test('server-filled tool sub-fields go, chosen values stay', () => {
    const live: AssistantSpec = {
      ...bare,
      tools: [
        { type: 'code_interpreter' },
        {
          type: 'file_search',
          file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0, hybrid_search: null } as never },
        },
        {
          type: 'file_search',
          file_search: { max_num_results: 7, ranking_options: { ranker: 'auto', score_threshold: 0.4 } },
        },
        { type: 'function', function: { name: 'noop', parameters: { type: 'object', properties: {} }, strict: false } },
        {
          type: 'function',
          function: { name: 'lookup', description: 'Find', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: true },
        },
      ],
      tool_resources: { code_interpreter: { file_ids: [] }, file_search: { vector_store_ids: ['vs_1'] } },
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: false } },
    };
    const trimmed = withoutDefaults(live, ASSISTANT, 'openai');
    expect(trimmed.tools).toEqual([
      { type: 'code_interpreter' },
      { type: 'file_search' },
      { type: 'file_search', file_search: { max_num_results: 7, ranking_options: { score_threshold: 0.4 } } },
      { type: 'function', function: { name: 'noop' } },
      {
        type: 'function',
        function: { name: 'lookup', description: 'Find', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: true },
      },
    ]);
    expect(trimmed.tool_resources).toEqual({ file_search: { vector_store_ids: ['vs_1'] } });
    expect(trimmed.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' } } });
    // As a plan compares them: the ranker left out is the one the server resolved `auto` to.
    const before = normalize(live, OPENAI_DEFAULTS);
    expect(comparableDesired(before, normalize(trimmed, OPENAI_DEFAULTS), OPENAI_DEFAULTS)).toEqual(before);
  });

  test('values that differ from the default stay, even when falsy', () => {
    const live: AssistantSpec = { ...bare, name: '', temperature: 0, top_p: 0.5, metadata: { team: 'hr' }, response_format: { type: 'text' } };
    expect(withoutDefaults(live, ASSISTANT, 'openai')).toEqual({
      model: 'gpt-4o',
      name: '',
      temperature: 0,
      top_p: 0.5,
      metadata: { team: 'hr' },
      response_format: { type: 'text' },
    });
  });

  test('never changes its input', () => {
    const live: AssistantSpec = { ...bare, tools: [{ type: 'function', function: { name: 'f', strict: false } }] };
    const copy = structuredClone(live);
    withoutDefaults(live, ASSISTANT, 'openai');
    expect(live).toEqual(copy);
  });

  test('sub-fields the host requires stay even when they equal the default', () => {
    const live: AssistantSpec = {
      ...bare,
      tools: [
        { type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } },
        { type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.2 } } },
      ],
    };
    expect(withoutDefaults(live, ASSISTANT, 'foundry').tools).toEqual(live.tools);
    expect(withoutDefaults(live, ASSISTANT, 'openai').tools).toEqual([
      { type: 'function', function: { name: 'f' } },
      { type: 'file_search', file_search: { ranking_options: { score_threshold: 0.2 } } },
    ]);
  });

  test('host tools are kept as given, only members the normalizer ignores go', () => {
    const bing = { type: 'bing_grounding', bing_grounding: { search_configurations: [{ connection_id: 'c1', count: 5 }] } };
    const live: AssistantSpec = { ...bare, tools: [bing] };
    expect(withoutDefaults(live, ASSISTANT, 'openai').tools).toEqual([bing]);
  });
});
