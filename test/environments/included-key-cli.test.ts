// A mistyped key whose value is a `$ref` include (`parametrs: { $ref: _schemas/lookup.yaml }`) is
// the including file's mistake: the key stands there, the fragment wrote only what is under it.
// It is located at the key, not at the fragment's first line, where nothing is wrong; a mistake
// inside the fragment is still located in the fragment.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';

afterAll(cleanupTrees);

const LOOKUP = 'type: object\nproperties: { q: { type: string } }\n';
const agent = (tool: string) => `name: helper\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n    - type: function\n      name: lookup\n${tool}`;

async function validate(files: Record<string, string>) {
  const root = writeTree({ 'agents/aac.yaml': 'provider: foundry-agents\nnamespace: team\n', ...files });
  return runCli(['validate', '--dir', 'agents', '--no-color'], { cwd: root });
}

describe('an unknown key whose value is included with $ref', () => {
  it('is located at the key in the file that writes it', async () => {
    const r = await validate({ 'agents/helper.yaml': agent('      parametrs: { $ref: _schemas/lookup.yaml }\n'), 'agents/_schemas/lookup.yaml': LOOKUP });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "agents/helper.yaml:8:7: error: unknown field 'parametrs' in definition.tools[0] [definition.tools[0].parametrs]\n  hint: did you mean 'parameters'?\n",
    );
    expect(r.stdout).not.toContain('agents/_schemas/lookup.yaml:');
  });

  it('and through an environment\'s overlay, at the overlay\'s key', async () => {
    const r = await validate({
      'agents/aac.yaml': 'provider: foundry-agents\nnamespace: team\nenvironments:\n  dev: { namespace: team-dev }\n  prod: {}\n',
      'agents/helper.yaml': agent('      parameters: { $ref: _schemas/lookup.yaml }\n'),
      'agents/_schemas/lookup.yaml': LOOKUP,
      'agents/overlays/prod/helper.yaml': 'description: Helps.\ndescrption: { $ref: ../../_schemas/lookup.yaml }\n',
    });
    expect(r.stdout).toContain("agents/overlays/prod/helper.yaml:2:1: error: in environment 'prod': unknown field 'descrption' in the definition [descrption]\n");
  });

  it('leaves a mistake inside the fragment at its place in the fragment', async () => {
    const inner = await validate({ 'agents/helper.yaml': agent('      $ref: _schemas/tool.yaml\n'), 'agents/_schemas/tool.yaml': 'descripton: Looks things up.\n' });
    expect(inner.stdout).toContain("agents/_schemas/tool.yaml:1:1: error: unknown field 'descripton' in definition.tools[0]");
  });
});
