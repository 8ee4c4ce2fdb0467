// What `aac import` writes for a live agent: the smallest file that plans clean against it.
import { describe, expect, test } from 'vitest';
import { importedAgent } from '../../../src/backends/foundry-agents/import-rules.js';
import { changedPaths, normalizeVersion } from '../../../src/backends/foundry-agents/normalize.js';
import type { LiveAgent } from '../../../src/backends/foundry-agents/wire.js';

const live = (definition: Record<string, unknown>, extra: Partial<LiveAgent['fields']> = {}): LiveAgent => ({
  name: 'billing', id: 'billing', version: '3', createdAt: 1, marker: null, fingerprint: 'f',
  fields: { description: null, metadata: {}, definition, ...extra },
});

describe('import rules', () => {
  test('defaults and nulls left out, the rest kept in the API\'s order, and it plans clean', () => {
    const agent = live({
      tools: [
        { strict: null, parameters: null, description: null, name: 'f', type: 'function' },
        { type: 'code_interpreter', container: { type: 'auto', file_ids: [] } },
        { type: 'code_interpreter', container: { type: 'auto', file_ids: ['file_1'], memory_limit: null } },
      ],
      temperature: 1, top_p: 0.5, model: 'gpt-4o', kind: 'prompt', instructions: 'Help.', text: {}, reasoning: { effort: null },
      structured_inputs: { a: { required: false, description: 'x' } },
    }, { description: 'Bills.', metadata: { team: 'a' } });
    const file = importedAgent(agent);
    expect(file).toEqual({
      name: 'billing',
      description: 'Bills.',
      metadata: { team: 'a' },
      definition: {
        kind: 'prompt', model: 'gpt-4o', instructions: 'Help.', top_p: 0.5,
        tools: [{ type: 'function', name: 'f' }, { type: 'code_interpreter' }, { type: 'code_interpreter', container: { type: 'auto', file_ids: ['file_1'] } }],
        structured_inputs: { a: { required: false, description: 'x' } },
      },
    });
    expect(Object.keys(file.definition as object)).toEqual(['kind', 'model', 'instructions', 'top_p', 'tools', 'structured_inputs']);
    const asFile = file as unknown as { description?: string; metadata?: Record<string, string>; definition: Record<string, unknown> };
    expect(changedPaths(normalizeVersion(agent.fields), normalizeVersion(asFile))).toEqual([]);
  });

  test('a bare agent is its name, kind and model', () => {
    expect(importedAgent(live({ kind: 'prompt', model: 'm', temperature: null, tools: [] }))).toEqual({ name: 'billing', definition: { kind: 'prompt', model: 'm' } });
  });
});
