// A value a newcomer writes in a near miss of its type — a decimal comma, a boolean in quotes, one
// item where a list is wanted — is told the value to write, and what the hint writes is valid.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';

afterAll(cleanupTrees);

describe('a value written as a near miss of its type', () => {
  it.each([
    ['a decimal comma', 'temperature: 0,5\n', "2:14: error: temperature must be a number, not the string '0,5' [temperature]\n  hint: write it with a decimal point, not a comma: `temperature: 0.5`\n", 'temperature: 0.5\n'],
    [
      'a boolean in quotes',
      'tools:\n  - type: function\n    function: { name: f, strict: "True", parameters: { type: object, properties: {}, required: [], additionalProperties: false } }\n',
      "4:34: error: tools[0].function.strict must be true or false, not the string 'True' [tools[0].function.strict]\n  hint: write it without quotes, as a boolean: `strict: true`\n",
      'tools:\n  - type: function\n    function: { name: f, strict: true, parameters: { type: object, properties: {}, required: [], additionalProperties: false } }\n',
    ],
    [
      'a list item without its dash',
      'tools:\n  type: file_search\n',
      '3:3: error: tools must be a list, not a mapping [tools]\n  hint: each item of a list starts with `- `: write `tools:`, then the item\'s first line as `  - type: …`, its other lines indented under it\n',
      'tools:\n  - type: file_search\n',
    ],
    [
      'one value where a list of values is wanted',
      'tools: [{ type: file_search }]\ntool_resources:\n  file_search:\n    vector_store_ids: vs_1\n',
      "5:23: error: tool_resources.file_search.vector_store_ids must be a list, not the string 'vs_1' [tool_resources.file_search.vector_store_ids]\n  hint: write it as a list of one: `vector_store_ids: [vs_1]`\n",
      'tools: [{ type: file_search }]\ntool_resources:\n  file_search:\n    vector_store_ids: [vs_1]\n',
    ],
    [
      'a tool written as its type alone',
      'tools:\n  - code_interpreter\n',
      "3:5: error: tools[0] must be a mapping, not the string 'code_interpreter' [tools[0]]\n  hint: write it as a mapping: `- type: code_interpreter`\n",
      'tools:\n  - type: code_interpreter\n',
    ],
    [
      'a tool written as its type alone, misspelt',
      'tools:\n  - file_serch\n',
      "3:5: error: tools[0] must be a mapping, not the string 'file_serch' [tools[0]]\n  hint: write it as a mapping: `- type: file_search`\n",
      'tools:\n  - type: file_search\n',
    ],
    [
      'the tools written as one type alone',
      'tools: code_interpreter\n',
      "2:8: error: tools must be a list, not the string 'code_interpreter' [tools]\n  hint: write it as a list of one: `tools: [{type: code_interpreter}]`\n",
      'tools: [{type: code_interpreter}]\n',
    ],
  ])('%s is told the value to write', async (_name, written, said, fixed) => {
    const root = writeTree({ 'assistants/aac.yaml': 'namespace: team-a\n', 'assistants/a.yaml': `model: gpt-4o\n${written}` });
    const r = await runCli(['validate', '--no-color'], { cwd: root });
    expect(r.stdout).toContain(`assistants/a.yaml:${said}`);
    expect(r.code).toBe(1);
    writeFileSync(join(root, 'assistants', 'a.yaml'), `model: gpt-4o\n${fixed}`);
    const again = await runCli(['validate'], { cwd: root });
    expect(again.stdout).toBe('1 definition valid.\n');
    expect(again.code).toBe(0);
  });

  it("says a block's text written at its field's column, which YAML reads as an empty text and a field, as the indent to add", async () => {
    const root = writeTree({ 'assistants/aac.yaml': 'namespace: team-a\n', 'assistants/a.yaml': 'model: gpt-4o\ninstructions: |\nYou are: a careful bot.\n' });
    const r = await runCli(['validate', '--no-color'], { cwd: root });
    expect(r.stdout).toContain("assistants/a.yaml:3:1: error: unknown field 'You are' in the definition [[\"You are\"]]\n  hint: `instructions:` before it is empty: if this line is its text, indent it more than `instructions:`, as a block's lines are\n");
    writeFileSync(join(root, 'assistants', 'a.yaml'), 'model: gpt-4o\ninstructions: |\n  You are: a careful bot.\n');
    expect((await runCli(['validate'], { cwd: root })).code).toBe(0);
  });

  it.each([
    ['openai-agents', 'model: gpt-5\nreasoning: low\n', "2:12: error: reasoning must be a mapping, not the string 'low' [reasoning]\n  hint: write it as a mapping: `reasoning: {effort: low}`\n", 'model: gpt-5\nreasoning: {effort: low}\n'],
    // Its tool schema tells a tool by the type an `if` tests: a word tests no branch in, so the hint is the tool's own.
    ['openai-agents', 'model: gpt-5\ntools:\n  - web_serch\n', "3:5: error: tools[0] must be a mapping, not the string 'web_serch' [tools[0]]\n  hint: write it as a mapping: `- type: web_search`\n", 'model: gpt-5\ntools:\n  - type: web_search\n'],
    [
      'foundry-agents',
      'name: billing\ndefinition:\n  kind: prompt\n  model: gpt-5-mini\n  reasoning: low\n  tools:\n    - code_interpreter\n',
      "5:14: error: definition.reasoning must be a mapping, not the string 'low' [definition.reasoning]\n  hint: write it as a mapping: `reasoning: {effort: low}`\nassistants/a.yaml:7:7: error: definition.tools[0] must be a mapping, not the string 'code_interpreter' [definition.tools[0]]\n  hint: write it as a mapping: `- type: code_interpreter`\n",
      'name: billing\ndefinition:\n  kind: prompt\n  model: gpt-5-mini\n  reasoning: {effort: low}\n  tools:\n    - type: code_interpreter\n',
    ],
  ])('%s: a setting written as its one word is told the mapping to write', async (provider, written, said, fixed) => {
    const root = writeTree({ 'assistants/aac.yaml': `namespace: team-a\nprovider: ${provider}\n`, 'assistants/a.yaml': written });
    const r = await runCli(['validate', '--no-color'], { cwd: root });
    expect(r.stdout).toContain(`assistants/a.yaml:${said}`);
    expect(r.code).toBe(1);
    writeFileSync(join(root, 'assistants', 'a.yaml'), fixed);
    const again = await runCli(['validate'], { cwd: root });
    expect(again.stdout).toBe('1 definition valid.\n');
    expect(again.code).toBe(0);
  });

  it("quotes nothing of aac.yaml's values, which may be a secret in the wrong field", async () => {
    const root = writeTree({ 'assistants/aac.yaml': 'namespace: team-a\noptions:\n  concurrency: 4,5\n', 'assistants/a.yaml': 'model: gpt-4o\n' });
    const r = await runCli(['validate', '--no-color'], { cwd: root });
    expect(r.stdout).toContain('options.concurrency must be an integer, not a string [options.concurrency]\n  hint: set options.concurrency to an integer\n');
  });
});
