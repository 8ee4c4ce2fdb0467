// The committed foundry-agents schemas are exactly what scripts/extract-foundry-agents.mjs makes
// from ../shared today, and they hold what the dialect and the kind need.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { extract } from '../../../scripts/extract-foundry-agents.mjs';
import { haveShared } from '../../helpers/shared.js';
import { foundryAgentsValidators, loadSpec } from '../../../src/backends/foundry-agents/spec.js';

const committed = new URL('../../../src/backends/foundry-agents/spec/foundry-agents.json', import.meta.url);

describe.skipIf(!haveShared)('the foundry-agents schemas extracted from ../shared', () => {
  test('src/backends/foundry-agents/spec/ is up to date with the official descriptions', () => {
    const files = extract() as Record<string, string>;
    expect(Object.keys(files)).toEqual(['foundry-agents.json']);
    // On failure: run `node scripts/extract-foundry-agents.mjs` and commit the file.
    expect(readFileSync(committed, 'utf8')).toBe(files['foundry-agents.json']);
  });
});

describe('the extracted foundry-agents schemas', () => {
  const spec = loadSpec();

  test('name their sources, commits and licence', () => {
    const source = (spec as unknown as { 'x-source': { files: Record<string, string>; license: string } })['x-source'];
    expect(Object.keys(source.files)).toHaveLength(5);
    for (const commit of Object.values(source.files)) expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(source.license).toMatch(/^MIT/);
  });

  test('hold the served operations with api-version required on each', () => {
    expect(Object.keys(spec.operations).sort()).toEqual([
      'DELETE /agents/{agent_name}', 'DELETE /agents/{agent_name}/versions/{agent_version}', 'GET /agents',
      'GET /agents/{agent_name}', 'GET /agents/{agent_name}/versions', 'GET /agents/{agent_name}/versions/{agent_version}',
      'POST /agents', 'POST /agents/{agent_name}', 'POST /agents/{agent_name}/versions',
    ]);
    for (const op of Object.values(spec.operations)) expect(op.query['api-version']).toEqual({ required: true, schema: { type: 'string' } });
    expect(spec.operations['GET /agents']!.query.kind).toBeDefined();
  });

  test('hold request and response models, with the limits the descriptions state', () => {
    const d = spec.$defs as Record<string, any>;
    expect(d.CreateAgentRequest.properties.name.maxLength).toBe(63);
    expect(d.CreateAgentRequest.required).toEqual(['name', 'definition']);
    expect(d.CreateAgentVersionRequest.required).toEqual(['definition']);
    expect(d.CreateAgentVersionRequest.properties.description.maxLength).toBe(512);
    // UpdateAgentRequest is CreateAgentVersionRequest without `draft` (models.tsp OmitProperties).
    expect(Object.keys(d.UpdateAgentRequest.properties).sort()).toEqual(['blueprint_reference', 'definition', 'description', 'metadata']);
    expect(d.UpdateAgentRequest.required).toEqual(['definition']);
    expect(d.AgentVersionObject.required).toEqual(['metadata', 'object', 'id', 'name', 'version', 'created_at', 'definition']);
    expect(d.AgentObject.properties.versions.required).toEqual(['latest']);
    expect(d.ApiError.required).toEqual(['type', 'message', 'param', 'code']);
    expect(foundryAgentsValidators().toolTypes).toEqual(expect.arrayContaining(['function', 'file_search', 'code_interpreter', 'web_search']));
  });
});
