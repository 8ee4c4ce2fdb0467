// The canonical form of an agent version: what the service fills in (server-defaults.ts) is never
// a difference, what the user changed always is, and the marker is never compared.
import { describe, expect, test } from 'vitest';
import { changedPaths, normalizeDefinition, normalizeVersion } from '../../../src/backends/foundry-agents/normalize.js';
import { DEFINITION_DEFAULTS, ENVELOPE_DEFAULTS } from '../../../src/backends/foundry-agents/server-defaults.js';

const base = { kind: 'prompt', model: 'gpt-4o' };
const same = (a: Record<string, unknown>, b: Record<string, unknown>): boolean =>
  JSON.stringify(normalizeDefinition(a)) === JSON.stringify(normalizeDefinition(b));

describe('what the service fills in compares equal to leaving it out', () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['temperature 1', base, { ...base, temperature: 1 }],
    ['top_p 1', base, { ...base, top_p: 1.0 }],
    ['null sampling', { ...base, temperature: null, top_p: null }, base],
    ['float32 round trip', { ...base, temperature: 0.7 }, { ...base, temperature: 0.699999988079071 }],
    ['no tools and an empty list', base, { ...base, tools: [] }],
    ['code_interpreter without container is auto', { ...base, tools: [{ type: 'code_interpreter' }] }, { ...base, tools: [{ type: 'code_interpreter', container: { type: 'auto' } }] }],
    ['auto container with no files', { ...base, tools: [{ type: 'code_interpreter' }] }, { ...base, tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: [], memory_limit: null } }] }],
    ['function parameters and strict null or absent', { ...base, tools: [{ type: 'function', name: 'f' }] }, { ...base, tools: [{ type: 'function', name: 'f', description: null, parameters: null, strict: null }] }],
    ['key order inside parameters', { ...base, tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: {} } }] }, { ...base, tools: [{ name: 'f', parameters: { properties: {}, type: 'object' }, type: 'function' }] }],
    ['an empty text and none', base, { ...base, text: {} }],
    ['text.format null and none', base, { ...base, text: { format: null } }],
    ['reasoning with only nulls and none', base, { ...base, reasoning: { effort: null, summary: null } }],
    ['structured input required false by default', { ...base, structured_inputs: { a: { description: 'x' } } }, { ...base, structured_inputs: { a: { description: 'x', required: false } } }],
    ['fields the service adds that aac does not know', base, { ...base, something_new: 1 }],
  ])('%s', (_label, a, b) => {
    expect(same(a, b)).toBe(true);
  });
});

describe('what the user changed differs', () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['temperature', { ...base, temperature: 0.5 }, base],
    ['a tool removed', { ...base, tools: [{ type: 'web_search' }] }, base],
    ['tool order', { ...base, tools: [{ type: 'web_search' }, { type: 'code_interpreter' }] }, { ...base, tools: [{ type: 'code_interpreter' }, { type: 'web_search' }] }],
    ['a container id instead of auto', { ...base, tools: [{ type: 'code_interpreter', container: 'cntr_1' }] }, { ...base, tools: [{ type: 'code_interpreter' }] }],
    ['strict false and unset', { ...base, tools: [{ type: 'function', name: 'f', strict: false }] }, { ...base, tools: [{ type: 'function', name: 'f' }] }],
    ['text.format text and unset (no source says the service fills it)', { ...base, text: { format: { type: 'text' } } }, base],
    ['ranker auto and the dated ranker (no source says auto resolves to it)', { ...base, tools: [{ type: 'file_search', vector_store_ids: [], ranking_options: { ranker: 'auto' } }] }, { ...base, tools: [{ type: 'file_search', vector_store_ids: [], ranking_options: { ranker: 'default-2024-11-15' } }] }],
    ['instructions empty and unset', { ...base, instructions: '' }, base],
  ])('%s', (_label, a, b) => {
    expect(same(a, b)).toBe(false);
  });
});

describe('versions', () => {
  test('the marker is not compared; metadata null and {} are equal; changed paths name definition fields', () => {
    const live = normalizeVersion({ description: 'd', metadata: { 'aac@ns': 'x', team: 'a' }, definition: { ...base, instructions: 'old' } });
    const desired = normalizeVersion({ description: 'd', metadata: { team: 'a' }, definition: { ...base, instructions: 'new', temperature: 0.2 } });
    expect(live.metadata).toEqual({ team: 'a' });
    expect(changedPaths(live, desired)).toEqual(['definition.instructions', 'definition.temperature']);
    expect(changedPaths(live, live)).toEqual([]);
    expect(normalizeVersion({ metadata: null, definition: base }).metadata).toEqual(normalizeVersion({ definition: base }).metadata);
    expect(changedPaths(normalizeVersion({ definition: base }), normalizeVersion({ description: 'now', metadata: { a: 'b' }, definition: base }))).toEqual(['description', 'metadata']);
  });

  test('every filled value names its source', () => {
    for (const entry of [...Object.values(DEFINITION_DEFAULTS), ...Object.values(ENVELOPE_DEFAULTS)]) expect(entry.source).toMatch(/\[(J|M|CM)\]/);
  });
});
