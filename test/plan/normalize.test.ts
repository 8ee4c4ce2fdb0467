import { describe, expect, it } from 'vitest';
import { SPEC_FIELDS } from '../../src/backends/assistants/assistant.js';
import { TEST_MARKER as MARKER_KEY } from '../helpers/cli.js';
import { diffSpecs } from '../../src/plan/diff.js';
import { comparableDesired, normalize } from '../../src/backends/assistants/normalize.js';
import type { AssistantSpec } from '../../src/backends/assistants/assistant.js';
import { DEFAULTS, filledBlank } from './fixtures.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { helperDigest, recordValue } from '../../src/backends/assistants/helper-store.js';
import { RECORD_KEY } from '../../src/model/marker.js';

/** The diff a plan makes between a definition and what the server sent back. */
function planDiff(definition: AssistantSpec, server: AssistantSpec): ReturnType<typeof diffSpecs> {
  const before = normalize(server, DEFAULTS);
  return diffSpecs(before, comparableDesired(before, normalize(definition, DEFAULTS), DEFAULTS), ASSISTANT);
}

/** No difference between what a definition says and what the server sent back. */
function expectEqual(definition: AssistantSpec, server: AssistantSpec): void {
  const { fieldChanges, patch } = planDiff(definition, server);
  expect(fieldChanges).toEqual([]);
  expect(patch).toEqual([]);
}

function changedFields(definition: AssistantSpec, server: AssistantSpec): string[] {
  return planDiff(definition, server).fieldChanges.map((c) => c.field);
}

describe('normalize', () => {
  it('gives every governed field a value', () => {
    const n = normalize({ model: 'gpt-4o' }, DEFAULTS);
    expect(Object.keys(n)).toEqual([...SPEC_FIELDS]);
    expect(n).toMatchObject({ tools: [], temperature: 1, top_p: 1, response_format: 'auto', metadata: {}, tool_resources: {} });
  });

  it('treats every value a create {model} comes back with as omitted', () => {
    expectEqual({ model: 'gpt-4o' }, filledBlank('gpt-4o'));
  });

  it('treats null as the default', () => {
    expectEqual({ model: 'm', temperature: null, top_p: null, tools: undefined, metadata: null, response_format: null }, filledBlank('m'));
  });

  it('compares 1 and 1.0 and float32 round trips as equal', () => {
    expectEqual({ model: 'm', temperature: 0.7, top_p: 1 }, { ...filledBlank('m'), temperature: 0.699999988079071, top_p: 1.0 });
    expect(changedFields({ model: 'm', temperature: 0.7 }, { ...filledBlank('m'), temperature: 0.8 })).toEqual(['temperature']);
  });

  it('ignores the strict and parameters the server adds to a function', () => {
    const fn = { type: 'function' as const, function: { name: 'lookup', description: 'Look up' } };
    expectEqual(
      { model: 'm', tools: [fn] },
      { ...filledBlank('m'), tools: [{ type: 'function', function: { ...fn.function, parameters: { type: 'object', properties: {} }, strict: false } }] },
    );
  });

  it('compares function parameters and json_schema schemas as canonical JSON', () => {
    const params = { type: 'object', properties: { q: { type: 'string', description: 'query' } }, required: ['q'] };
    const reordered = { required: ['q'], properties: { q: { description: 'query', type: 'string' } }, type: 'object' };
    expectEqual(
      { model: 'm', tools: [{ type: 'function', function: { name: 'f', parameters: params } }] },
      { ...filledBlank('m'), tools: [{ type: 'function', function: { strict: false, parameters: reordered, name: 'f' } }] },
    );
    expectEqual(
      { model: 'm', response_format: { type: 'json_schema', json_schema: { name: 's', schema: params } } },
      { ...filledBlank('m'), response_format: { type: 'json_schema', json_schema: { strict: false, schema: reordered, name: 's' } } },
    );
  });

  it('still sees a real change inside function parameters', () => {
    expect(
      changedFields(
        { model: 'm', tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } } }] },
        { ...filledBlank('m'), tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { a: { type: 'number' } } } } }] },
      ),
    ).toEqual(['tools']);
  });

  it('ignores the ranking_options and hybrid_search the server adds to file_search', () => {
    const server = { type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.0, hybrid_search: null } } };
    expectEqual({ model: 'm', tools: [{ type: 'file_search' }] }, { ...filledBlank('m'), tools: [server] });
    expectEqual({ model: 'm', tools: [{ type: 'file_search', file_search: {} }] }, { ...filledBlank('m'), tools: [server] });
  });

  it('accepts whatever ranker the server resolved `auto` (or no ranker) to, and only then', () => {
    for (const resolved of ['default_2024_08_21', 'default-2024-11-15', 'auto']) {
      const server = { ...filledBlank('m'), tools: [{ type: 'file_search', file_search: { ranking_options: { ranker: resolved, score_threshold: 0.5, hybrid_search: null } } }] };
      expectEqual({ model: 'm', tools: [{ type: 'file_search', file_search: { ranking_options: { ranker: 'auto', score_threshold: 0.5 } } }] }, server);
      expectEqual({ model: 'm', tools: [{ type: 'file_search', file_search: { ranking_options: { score_threshold: 0.5 } } }] }, server);
    }
    // A ranker the definition names is the definition's, and a different live one is a change.
    expect(
      changedFields(
        { model: 'm', tools: [{ type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.5 } } }] },
        { ...filledBlank('m'), tools: [{ type: 'file_search', file_search: { ranking_options: { ranker: 'default-2024-11-15', score_threshold: 0.5 } } }] },
      ),
    ).toEqual(['tools']);
  });

  it('shows a live max_num_results the definition leaves out: the server never fills one in, someone sent it', () => {
    expect(
      changedFields(
        { model: 'm', tools: [{ type: 'code_interpreter' }, { type: 'file_search' }] },
        { ...filledBlank('m'), tools: [{ type: 'code_interpreter' }, { type: 'file_search', file_search: { max_num_results: 20 } }] },
      ),
    ).toEqual(['tools']);
  });

  it('keeps max_num_results, which the server echoes but never fills', () => {
    expect(
      changedFields(
        { model: 'm', tools: [{ type: 'file_search', file_search: { max_num_results: 2 } }] },
        { ...filledBlank('m'), tools: [{ type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0 } } }] },
      ),
    ).toEqual(['tools']);
  });

  it('treats empty tool_resources lists, {} and absent alike', () => {
    expectEqual(
      { model: 'm', tools: [{ type: 'code_interpreter' }] },
      { ...filledBlank('m'), tools: [{ type: 'code_interpreter' }], tool_resources: { code_interpreter: { file_ids: [] } } },
    );
    expectEqual({ model: 'm', tool_resources: { file_search: { vector_store_ids: [] } } }, filledBlank('m'));
    expectEqual({ model: 'm', tool_resources: {} }, { ...filledBlank('m'), tool_resources: null });
    expect(
      changedFields({ model: 'm', tool_resources: { code_interpreter: { file_ids: ['file-1'] } } }, filledBlank('m')),
    ).toEqual(['tool_resources']);
  });

  it('accepts the vector_stores helper only against the store recorded as made from that very helper', () => {
    const files = [{ file_ids: ['file-1'] }];
    const helper = { model: 'm', tool_resources: { file_search: { vector_stores: files } } };
    const holding = (store: string) => ({ ...filledBlank('m'), tool_resources: { file_search: { vector_store_ids: [store] } } });
    const diff = (own: Record<string, string>, store = 'vs_abc') => {
      const before = normalize(holding(store), DEFAULTS);
      return diffSpecs(before, comparableDesired(before, normalize(helper, DEFAULTS), DEFAULTS, own), ASSISTANT).fieldChanges.map((c) => c.field);
    };
    const recorded = { [RECORD_KEY]: recordValue('vs_abc', helperDigest(files)) };
    expect(diff(recorded)).toEqual([]);
    // No record (an assistant made before aac kept one), another store held, or the helper edited: its store is to be made.
    expect(diff({})).toEqual(['tool_resources']);
    expect(diff(recorded, 'vs_other')).toEqual(['tool_resources']);
    expect(diff({ [RECORD_KEY]: recordValue('vs_abc', helperDigest([{ file_ids: ['file-2'] }])) })).toEqual(['tool_resources']);
    expect(changedFields(helper, filledBlank('m'))).toEqual(['tool_resources']);
  });

  it('digests the helper by its content, not its key order', () => {
    const a = helperDigest([{ file_ids: ['f'], chunking_strategy: { type: 'auto' } }]);
    expect(helperDigest([{ chunking_strategy: { type: 'auto' }, file_ids: ['f'] }])).toBe(a);
    expect(helperDigest([{ file_ids: ['f'], chunking_strategy: { type: 'auto' }, metadata: { a: 'b' } }])).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps {type: "text"} distinct from "auto", as the server does', () => {
    expect(changedFields({ model: 'm', response_format: { type: 'text' } }, filledBlank('m'))).toEqual(['response_format']);
    expectEqual({ model: 'm', response_format: { type: 'text' } }, { ...filledBlank('m'), response_format: { type: 'text' } });
  });

  it('drops fields it does not govern and never shows the marker', () => {
    const server = { ...filledBlank('m'), metadata: { [MARKER_KEY]: 'x', team: 'a' }, unknown_field: 'x', object: 'assistant' } as AssistantSpec;
    expectEqual({ model: 'm', metadata: { team: 'a' } }, server);
  });

  it("gives a metadata map in one key order, whether or not it held aac's markers, never with them", () => {
    const plain = { zone: 'eu', team: 'a', area: 'b' };
    const marked = { [MARKER_KEY]: 'x', zone: 'eu', [RECORD_KEY]: 'r', team: 'a', area: 'b' };
    for (const metadata of [plain, marked]) {
      const n = normalize({ model: 'm', metadata }, DEFAULTS).metadata as Record<string, string>;
      expect(Object.keys(n)).toEqual(['area', 'team', 'zone']);
      expect(n).toEqual({ area: 'b', team: 'a', zone: 'eu' });
      expect(n).not.toBe(metadata);
    }
    expect(Object.keys(marked)).toHaveLength(5);
  });

  it("ignores what Foundry fills into its own tools: null members and openapi's read-only functions", () => {
    const spec = { name: 'weather', spec: { openapi: '3.0.0', paths: {} }, auth: { type: 'anonymous' } };
    expectEqual(
      { model: 'm', tools: [{ type: 'openapi', openapi: spec }, { type: 'bing_grounding', bing_grounding: { search_configurations: [{ connection_id: 'c' }] } }] },
      {
        ...filledBlank('m'),
        tools: [
          { type: 'openapi', openapi: { ...spec, description: null, functions: [{ name: 'getWeather' }] } },
          { type: 'bing_grounding', bing_grounding: { search_configurations: [{ connection_id: 'c', market: null }] } },
        ],
      },
    );
    expect(
      changedFields({ model: 'm', tools: [{ type: 'openapi', openapi: spec }] }, { ...filledBlank('m'), tools: [{ type: 'openapi', openapi: { ...spec, name: 'other' } }] }),
    ).toEqual(['tools']);
  });

  it('is idempotent', () => {
    const spec: AssistantSpec = {
      model: 'm',
      tools: [{ type: 'file_search' }, { type: 'function', function: { name: 'f' } }],
      tool_resources: { code_interpreter: { file_ids: [] } },
      temperature: 0.3,
    };
    const once = normalize(spec, DEFAULTS);
    expect(normalize(once as unknown as AssistantSpec, DEFAULTS)).toEqual(once);
  });
});
