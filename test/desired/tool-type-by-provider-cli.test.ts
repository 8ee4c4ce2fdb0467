// A tool type no host knows lists the values the run's provider takes, not every host's: the
// Assistants kind has one schema for openai, portkey, zerobot and foundry, whose enum holds
// Foundry's tools too, so under openai a typo was told to be one of `bing_grounding`, `openapi`,
// … — values openai refuses in turn (backends/assistants/capabilities.ts toolTypes, stated once).
// A Foundry tool written under openai is host-checks.ts's to say (it names the provider); a near
// miss of one is told whose it is (MapOptions.takenElsewhere, from each provider's toolTypes).
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

const OPENAI_TOOLS = 'code_interpreter, file_search, function';
const FOUNDRY_TOOLS = 'code_interpreter, file_search, function, bing_grounding, azure_ai_search, openapi, connected_agent, azure_function';

it.each([
  ['openai', OPENAI_TOOLS],
  ['portkey', OPENAI_TOOLS],
  ['zerobot', OPENAI_TOOLS],
  ['foundry', FOUNDRY_TOOLS],
])('under --provider %s, a bad tools[].type lists that provider\'s tool types', async (provider, allowed) => {
  const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\ntools:\n  - type: code_interpreterx\n  - type: webhook\n' });
  const r = await runCli(['validate', '--provider', provider, '--no-color'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`assistants/a.yaml:3:11: error: tools[0].type 'code_interpreterx' is not allowed; expected one of: ${allowed} [tools[0].type]\n  hint: did you mean 'code_interpreter'?\n`);
  expect(r.stdout).toContain(`assistants/a.yaml:4:11: error: tools[1].type 'webhook' is not allowed; expected one of: ${allowed} [tools[1].type]\n  hint: use one of: ${allowed}\n`);
});

it('one run, two providers (environments): each file is told its own environment\'s tool types', async () => {
  const root = writeTree({
    'assistants/aac.yaml': 'environments:\n  dev: { provider: openai }\n  azure: { provider: foundry, endpoint: "https://x.services.ai.azure.com/api/projects/p" }\n',
    'assistants/a.yaml': 'model: gpt-4o\ntools:\n  - type: webhook\n',
  });
  const r = await runCli(['validate', '--no-color'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`hint: use one of: ${OPENAI_TOOLS}\n`);
  expect(r.stdout).toContain(`hint: use one of: ${FOUNDRY_TOOLS}\n`);
});

it.each([
  // Under a provider that does not take the type, the line with whose type it is (as `- type: bing_grounding` is told).
  ['openai', "tools[0] must be a mapping, not the string 'bing_grounding' [tools[0]]\n  hint: write it as a mapping, `- type: bing_grounding`: a foundry tool type, which needs --provider foundry (or provider: foundry in aac.yaml); the current provider is openai\n", "tools must be a list, not the string 'bing_grounding' [tools]\n  hint: write it as a list of one, `tools: [{type: bing_grounding}]`: a foundry tool type, which needs --provider foundry (or provider: foundry in aac.yaml); the current provider is openai\n"],
  ['foundry', "tools[0] must be a mapping, not the string 'bing_grounding' [tools[0]]\n  hint: write it as a mapping: `- type: bing_grounding`\n", "tools must be a list, not the string 'bing_grounding' [tools]\n  hint: write it as a list of one: `tools: [{type: bing_grounding}]`\n"],
])("under --provider %s, a tool written as its type alone is told the line to write, and whose type it is where that provider does not take it", async (provider, asItem, asList) => {
  const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\ntools:\n  - bing_grounding\n', 'assistants/b.yaml': 'model: gpt-4o\ntools: bing_grounding\n' });
  const r = await runCli(['validate', '--provider', provider, '--no-color'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`assistants/a.yaml:3:5: error: ${asItem}`);
  expect(r.stdout).toContain(`assistants/b.yaml:2:8: error: ${asList}`);
});

it.each([
  ['openai', "did you mean 'bing_grounding'? It is a foundry tool type: it needs --provider foundry (or provider: foundry in aac.yaml)"],
  ['zerobot', "did you mean 'azure_ai_search'? It is a foundry tool type: it needs --provider foundry (or provider: foundry in aac.yaml)"],
  ['foundry', "did you mean 'bing_grounding'?"],
])('under --provider %s, a near miss of a type only another provider takes is told whose it is', async (provider, hint) => {
  const typo = provider === 'zerobot' ? 'azure_ai_serch' : 'bing_groundin';
  const root = writeTree({ 'assistants/a.yaml': `model: gpt-4o\ntools:\n  - type: ${typo}\n` });
  const r = await runCli(['validate', '--provider', provider, '--no-color'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`assistants/a.yaml:3:11: error: tools[0].type '${typo}' is not allowed; expected one of: ${provider === 'foundry' ? FOUNDRY_TOOLS : OPENAI_TOOLS} [tools[0].type]\n  hint: ${hint}\n`);
});

it("a tool type only another provider takes is told that alone: not the shape that provider's type wants", async () => {
  const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\nname: A\ntools:\n  - type: bing_grounding\n  - {type: openapi, openapi: {}}\n' });
  const r = await runCli(['validate', '--provider', 'openai', '--no-color'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("assistants/a.yaml:4:5: error: tool type 'bing_grounding' needs --provider foundry (or provider: foundry in aac.yaml); the current provider is openai [tools[0].type]\n");
  expect(r.stdout).toContain("error: tool type 'openapi' needs --provider foundry");
  expect(r.stdout).not.toContain('missing the required field');
  expect(r.stdout).toContain('2 errors.');
  // Under the provider that takes it, the shape is checked.
  const foundry = await runCli(['validate', '--provider', 'foundry', '--no-color'], { cwd: root });
  expect(foundry.stdout).toContain("tools[0] is missing the required field 'bing_grounding'");
});

it("a tool written as its type alone that only another provider takes (- bing_grounding) is told the mapping and whose type it is, as - type: bing_grounding is", async () => {
  const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\nname: A\ntools:\n  - bing_grounding\n  - code_interpreter\n  - no_such_tool\n' });
  const r = await runCli(['validate', '--provider', 'openai', '--no-color'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("assistants/a.yaml:4:5: error: tools[0] must be a mapping, not the string 'bing_grounding' [tools[0]]\n  hint: write it as a mapping, `- type: bing_grounding`: a foundry tool type, which needs --provider foundry (or provider: foundry in aac.yaml); the current provider is openai\n");
  // The run's own type keeps the schema's hint; a word no provider takes, its plain one.
  expect(r.stdout).toContain("tools[1] must be a mapping, not the string 'code_interpreter' [tools[1]]\n  hint: write it as a mapping: `- type: code_interpreter`\n");
  expect(r.stdout).toContain("tools[2] must be a mapping, not the string 'no_such_tool' [tools[2]]\n  hint: set tools[2] to a mapping\n");
});
