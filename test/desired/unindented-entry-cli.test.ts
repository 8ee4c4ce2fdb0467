// An entry of a mapping written without its indent (`metadata:`, then `team: support` at the same
// column) is read by YAML as two fields: the empty one and an unknown one. The unknown field's hint
// says it is likely the empty field's entry and how to indent it, rather than listing every field.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

async function validate(provider: string, yaml: string) {
  const root = writeTree({ 'assistants/a.yaml': yaml });
  return runCli(['validate', '--provider', provider, '--no-color'], { cwd: root });
}

describe('an entry written without the indent that puts it under the empty field above', () => {
  it('is said to be that field\'s entry, with the indent, for assistants and agents alike', async () => {
    for (const [provider, model] of [['openai', 'gpt-4o'], ['openai-agents', 'gpt-5']]) {
      const r = await validate(provider!, `model: ${model}\nmetadata:\nteam: support\n`);
      expect(r.code, provider).toBe(1);
      expect(r.stdout, provider).toContain(
        "assistants/a.yaml:3:1: error: unknown field 'team' in the definition [team]\n" +
          "  hint: `metadata:` before it has no value: if 'team' is one of its entries, indent this line under it, as `  team: …`\n",
      );
      // Indented, it is what was meant.
      expect((await validate(provider!, `model: ${model}\nmetadata:\n  team: support\n`)).code, provider).toBe(0);
    }
  });

  it('is not said where the field before has a value, or takes no mapping', async () => {
    const valued = await validate('openai', 'model: gpt-4o\nmetadata: { a: b }\nteam: support\n');
    expect(valued.stdout).toContain('hint: the fields allowed here are: ');
    const text = await validate('openai', 'model: gpt-4o\ndescription:\nteam: support\n');
    expect(text.stdout).toContain('hint: the fields allowed here are: ');
    expect(valued.stdout + text.stdout).not.toContain('indent this line');
  });
});

describe('a list item\'s fields written at the column of its dash', () => {
  it('are said to be that item\'s, not a look-alike field of the level they stand at', async () => {
    const r = await validate('foundry-agents', 'name: helper\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n  - type: function\n  name: lookup\n  parameters: { type: object }\n');
    expect(r.code).toBe(1);
    // `name` is also the definition's own field: the hint was to move it to the top level.
    expect(r.stdout).toContain(
      "assistants/a.yaml:7:3: error: unknown field 'name' in definition [definition.name]\n" +
        "  hint: `tools:` before it is a list whose last item has no 'name': if 'name' is that item's, indent this line to the column of the item's fields (after its `- `)\n",
    );
    expect(r.stdout).toContain("  hint: `tools:` before it is a list whose last item has no 'parameters': if 'parameters' is that item's, indent this line");
    // Indented, it is what was meant.
    expect((await validate('foundry-agents', 'name: helper\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n  - type: function\n    name: lookup\n    parameters: { type: object }\n')).code).toBe(0);
  });

  it('is not said when the last item has the field, or its items do not take it', async () => {
    const has = await validate('foundry-agents', 'name: helper\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n  - type: function\n    name: lookup\n  name: other\n');
    expect(has.stdout).not.toContain('a list whose last item');
    const other = await validate('foundry-agents', 'name: helper\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n  - type: code_interpreter\n  colour: blue\n');
    expect(other.stdout).not.toContain('a list whose last item');
  });
});
