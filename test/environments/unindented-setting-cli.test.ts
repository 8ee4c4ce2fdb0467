// A setting of an environment (or a variable) written without the indent that puts it under its
// entry (`prod:` and nothing after it, then `retain_versions: 3` at its column) is read by YAML as
// an entry of its own: an environment named `retain_versions`. Both errors say so, with the indent,
// and the made-up entry is not compared as a target (no "manage the same live resources" error).
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';

afterAll(cleanupTrees);

const AGENT = 'name: helper\ndefinition:\n  kind: prompt\n  model: gpt-4o\n';

async function validate(aacYaml: string) {
  const root = writeTree({ 'agents/aac.yaml': aacYaml, 'agents/helper.yaml': AGENT });
  return { ...await runCli(['validate', '--dir', 'agents', '--no-color'], { cwd: root }), root };
}

describe('an environment setting written at the column of the environments', () => {
  it('is said to belong to the empty environment above it, on both lines, with the indent', async () => {
    const r = await validate('provider: foundry-agents\nnamespace: team\nenvironments:\n  dev:\n    namespace: team-dev\n  prod:\n  retain_versions: 3\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'agents/aac.yaml:6:8: error: environments.prod must be a mapping, not null [environments.prod]\n' +
        '  hint: environments.prod has no value: `retain_versions:` below it, at its column, is read as an entry of its own; if it is one of the settings of \'prod\', indent it under `prod:`, as `  retain_versions: …`\n',
    );
    expect(r.stdout).toContain(
      'agents/aac.yaml:7:20: error: environments.retain_versions must be a mapping, not a number [environments.retain_versions]\n' +
        "  hint: `prod:` before it has no value: if 'retain_versions' is one of its settings, indent this line under it, as `  retain_versions: …`\n",
    );
    // Neither `prod` nor the made-up entry is a target to compare: no follow-on error.
    expect(r.stdout).not.toContain('manage the same live resources');
    expect(r.stdout).toContain('2 errors.\n');
    // Nor is it an environment the definitions were checked in, nor one --env can name.
    expect(r.stdout).toContain('1 of 1 definition valid in every environment (dev, prod), but agents/aac.yaml has 2 errors; fix the errors above.\n');
    const named = await runCli(['validate', '--dir', 'agents', '--no-color', '--env', 'retain_versions'], { cwd: r.root });
    expect(named.stdout).toContain("error: --env retain_versions: no such environment (aac.yaml declares dev, prod) [environments]\n  hint: pick one of dev, prod\n");
    // Indented, it is what was meant.
    expect((await validate('provider: foundry-agents\nnamespace: team\nenvironments:\n  dev:\n    namespace: team-dev\n  prod:\n    retain_versions: 3\n')).code).toBe(0);
  });

  it('is said to be an entry\'s field when no entry above is empty, and a mapping setting (values:) alike', async () => {
    const alone = await validate('provider: foundry-agents\nnamespace: team\nenvironments:\n  namespace: team-dev\n');
    expect(alone.stdout).toContain(
      "  hint: 'namespace' is a field of each entry of `environments:`, not an entry's name: write it indented under the entry it belongs to\n",
    );
    const values = await validate('provider: foundry-agents\nnamespace: team\nvariables:\n  tier: { type: string }\nenvironments:\n  dev:\n  values: { tier: x }\n  prod: { namespace: team-prod, values: { tier: y } }\n');
    expect(values.stdout).toContain(
      "agents/aac.yaml:7:13: error: unknown field 'tier' in environments.values [environments.values.tier]\n" +
        "  hint: `dev:` before it has no value: if 'values' is one of its settings, indent this line under it, as `  values: …`\n",
    );
    expect(values.stdout).not.toContain('manage the same live resources');
    expect(values.stdout).toContain('definition valid in every environment (dev, prod), but agents/aac.yaml has 2 errors; fix the errors above.\n');
    expect(alone.stdout).toContain('1 of 1 definition valid, but agents/aac.yaml has 1 error; fix the errors above.\n');
  });

  it('is said of a variable\'s type written at the column of the variables', async () => {
    const r = await validate('provider: foundry-agents\nnamespace: team\nvariables:\n  tier:\n  type: string\n');
    expect(r.stdout).toContain(
      'agents/aac.yaml:5:9: error: variables.type must be a mapping, not a string [variables.type]\n' +
        "  hint: `tier:` before it has no value: if 'type' is one of its settings, indent this line under it, as `  type: …`\n",
    );
  });

  it('leaves an empty environment followed by another environment as it was', async () => {
    const r = await validate('provider: foundry-agents\nnamespace: team\nenvironments:\n  dev:\n  prod:\n    namespace: team-prod\n');
    expect(r.stdout).toContain('  hint: environments.dev has no value: give it one, or remove the line\n');
  });
});
