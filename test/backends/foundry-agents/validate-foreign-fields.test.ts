// An Assistants-shaped file given to provider foundry-agents: `aac validate` reports each foreign
// field once, at its line, with where its counterpart lives in a versioned agent
// (../shared/azure-foundry/AGENTS.md part 2), not a second, generic error beside the schema's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { hintText } from '../../../src/backends/backend.js';
import { FOREIGN_FIELDS } from '../../../src/backends/foundry-agents/hints.js';
import { runCli } from '../../helpers/cli.js';
import { testDir } from '../../helpers/each-test.js';

const FILE = [
  'name: faq',
  'model: gpt-4o',
  'instructions: Answer questions.',
  'tools:',
  '  - type: file_search',
  'tool_resources: {file_search: {vector_store_ids: [vs_1]}}',
  'response_format: {type: json_object}',
  'reasoning_effort: low',
  'temperature: 0.5',
  'top_p: 0.9',
  'definition:',
  '  kind: prompt',
  '  model: gpt-4o',
  '  tool_resources: {}',
  '  response_format: auto',
  '  tools:',
  '    - type: function',
  '      function: {name: lookup, parameters: {type: object}}',
  '      name: lookup',
  '      parameters: {type: object}',
  '      strict: true',
  '',
].join('\n');

interface Found { code: string; path: string; line: number; message: string; hint: string }

test('each Assistants field is one error with its own fix', async () => {
  const dir = testDir('aac-fa-foreign-');
  mkdirSync(join(dir, 'agents'));
  writeFileSync(join(dir, 'agents', 'faq.yaml'), FILE);
  const run = await runCli(['validate', '--provider', 'foundry-agents', '--dir', 'agents', '--format', 'json'], { cwd: dir, env: {} });
  expect(run.code, run.stderr).toBe(1);
  const found = (JSON.parse(run.stdout) as { diagnostics: Found[] }).diagnostics;
  expect(found.map((d) => [d.path, d.line, d.code])).toEqual([
    ['model', 2, 'unknown-field'],
    ['instructions', 3, 'unknown-field'],
    ['tools', 4, 'unknown-field'],
    ['tool_resources', 6, 'unknown-field'],
    ['response_format', 7, 'unknown-field'],
    ['reasoning_effort', 8, 'unknown-field'],
    ['temperature', 9, 'unknown-field'],
    ['top_p', 10, 'unknown-field'],
    ['definition.tool_resources', 14, 'unknown-field'],
    ['definition.response_format', 15, 'unknown-field'],
    ['definition.tools[0].function', 18, 'unknown-field'],
  ]);
  // A hint that names the migrate names the one that writes into this run's directory.
  const commands = { migrate: (to: string) => `aac migrate --to ${to} --dir SRC --out agents` };
  for (const d of found) expect(d.hint, d.path).toBe(hintText(FOREIGN_FIELDS[d.path.split('.').at(-1)!]!, commands));
  const hint = (path: string) => found.find((d) => d.path === path)!.hint;
  // Where each lives in a prompt agent: moved under definition: as it is, or somewhere else.
  expect(hint('model')).toContain('`definition.model`');
  expect(hint('reasoning_effort')).toContain('`definition.reasoning.effort`');
  expect(hint('response_format')).toContain('`definition.text.format`');
  expect(hint('response_format')).not.toContain('move it under definition:');
  expect(hint('tool_resources')).toMatch(/no tool_resources: each store or file goes into its tool/);
  expect(hint('tool_resources')).not.toContain('move it under definition:');
  expect(hint('definition.tools[0].function')).toContain("out of 'function:'");
});

test("the agent's card and endpoint and a version's blueprint_reference, which aac keeps but never writes, are refused with that said", async () => {
  const dir = testDir('aac-fa-kept-');
  mkdirSync(join(dir, 'agents'));
  writeFileSync(join(dir, 'agents', 'faq.yaml'), [
    'name: faq',
    'agent_card: {version: "1", skills: []}',
    'agent_endpoint: {protocols: [responses]}',
    'blueprint_reference: {type: ManagedAgentIdentityBlueprint, blueprint_id: bp-1}',
    'definition: {kind: prompt, model: gpt-4o}',
    '',
  ].join('\n'));
  const run = await runCli(['validate', '--provider', 'foundry-agents', '--dir', 'agents', '--format', 'json'], { cwd: dir, env: {} });
  expect(run.code, run.stderr).toBe(1);
  const found = (JSON.parse(run.stdout) as { diagnostics: Found[] }).diagnostics;
  expect(found.map((d) => [d.path, d.line, d.code])).toEqual([['agent_card', 2, 'unknown-field'], ['agent_endpoint', 3, 'unknown-field'], ['blueprint_reference', 4, 'unknown-field']]);
  for (const d of found) expect(d.hint).toMatch(/aac does not write it, and (keeps the live one|every new version it makes carries the live one back); remove it/);
});

test('instructions inline and in a file are one error, the envelope\'s, at instructions_file', async () => {
  const cwd = testDir('aac-fa-instructions-');
  mkdirSync(join(cwd, 'agents'));
  writeFileSync(join(cwd, 'agents', 'aac.yaml'), 'provider: foundry-agents\n');
  writeFileSync(join(cwd, 'agents', 'p.md'), 'Be brief.\n');
  writeFileSync(join(cwd, 'agents', 'bot.yaml'), 'name: bot\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: hi\ninstructions_file: p.md\n');
  const r = await runCli(['validate', '--dir', 'agents'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe(
    'agents/bot.yaml:6:1: error: both definition.instructions and instructions_file are set; use at most one [instructions_file]\n' +
      '  hint: keep the instructions in the file and remove `definition.instructions:`, or the reverse\n' +
      '1 error.\n0 of 1 definition valid; fix the errors above.\n',
  );
});

test("a definition without its kind is told the one value it takes: `kind: prompt`", async () => {
  const cwd = testDir('aac-fa-kind-');
  mkdirSync(join(cwd, 'agents'));
  writeFileSync(join(cwd, 'agents', 'aac.yaml'), 'provider: foundry-agents\n');
  writeFileSync(join(cwd, 'agents', 'bot.yaml'), 'name: bot\ndefinition:\n  model: gpt-4o\n');
  const r = await runCli(['validate', '--dir', 'agents'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("agents/bot.yaml:2:1: error: definition is missing the required field 'kind' [definition]\n  hint: add `kind: prompt`\n");
});
