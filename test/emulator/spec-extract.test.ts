// The committed schemas are exactly what scripts/extract-openapi.mjs makes from ../shared today.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { extract } from '../../scripts/extract-openapi.mjs';

const specDir = new URL('../../src/backends/assistants/emulator/spec/', import.meta.url);
import { haveShared } from '../helpers/shared.js';
// Reads ../shared (beside the repo in CI) once: the OpenAI description is 3 MB of YAML.
const files = (haveShared ? extract() : {}) as Record<string, string>;

describe.skipIf(!haveShared)('the schemas extracted from ../shared', () => {

test('src/backends/assistants/emulator/spec/ is up to date with the official API descriptions', () => {
  expect(Object.keys(files).sort()).toEqual(['foundry-classic-agents.json', 'openai-assistants.json']);
  for (const [name, text] of Object.entries(files)) {
    // On failure: run `node scripts/extract-openapi.mjs` and commit src/backends/assistants/emulator/spec/.
    expect(readFileSync(new URL(name, specDir), 'utf8'), name).toBe(text);
  }
});

test('each extracted file names its source, commit and licence', () => {
  for (const text of Object.values(files)) {
    const source = JSON.parse(text)['x-source'];
    expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(source.license).toMatch(/^MIT/);
    expect(source.repository).toMatch(/^github\.com\//);
  }
});

test('the request schemas needed at runtime are present', () => {
  const openai = JSON.parse(readFileSync(new URL('openai-assistants.json', specDir), 'utf8'));
  expect(Object.keys(openai.components.schemas)).toEqual(expect.arrayContaining([
    'CreateAssistantRequest', 'ModifyAssistantRequest', 'AssistantObject', 'ListAssistantsResponse', 'ErrorResponse',
  ]));
  const foundry = JSON.parse(readFileSync(new URL('foundry-classic-agents.json', specDir), 'utf8'));
  expect(Object.keys(foundry.definitions)).toEqual(expect.arrayContaining([
    'CreateAgentOptions', 'UpdateAgentOptions', 'Agent', 'BingGroundingToolDefinition', 'AzureAISearchToolResource',
  ]));
});
});
