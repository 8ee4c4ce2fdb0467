// An error in aac.yaml (a credential in an environment's values, here) fails validate as one in a
// definition does; the closing line says where it stands rather than read as a valid run ("… but
// agents/aac.yaml has 1 error; fix the errors above"), and the JSON document says the run is not
// valid. A definition whose ${var.…} brings that credential in is refused at its field too.
import { afterAll, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';

afterAll(cleanupTrees);

const TOKEN = 'tok-for-validate-config-0123456789';
const AGENT = (name: string) => `name: ${name}\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: "Tier \${var.tier}."\n`;
const CONFIG = (prod: string) => `provider: foundry-agents\nvariables:\n  tier: { type: string }\nenvironments:\n  dev:\n    namespace: team-dev\n    values: { tier: x }\n  prod:\n    namespace: team-prod\n    values: { tier: "${prod}" }\n`;

test('a credential in environments.prod.values: the closing line names aac.yaml and its errors, in text and json', async () => {
  const root = writeTree({ 'agents/aac.yaml': CONFIG(TOKEN), 'agents/a.yaml': AGENT('a'), 'agents/b.yaml': AGENT('b') });
  const env = { AAC_FOUNDRY_TOKEN: TOKEN };
  const text = await runCli(['validate', '--dir', 'agents', '--no-color'], { cwd: root, env });
  expect(text.code).toBe(1);
  expect(text.stdout).toMatch(/agents\/aac\.yaml:\d+:\d+: error: environments\.prod\.values\.tier holds the value of AAC_FOUNDRY_TOKEN/);
  expect(text.stdout).toContain("agents/a.yaml:5:17: error: in environment 'prod': definition.instructions holds the value of AAC_FOUNDRY_TOKEN through ${var.tier}, whose value is at agents/aac.yaml:10:21 (environments.prod.values.tier)");
  expect(text.stdout).toContain('0 of 2 definitions valid in every environment (dev, prod), but agents/aac.yaml has 1 error; fix the errors above.\n');
  expect(text.stdout + text.stderr).not.toContain(TOKEN);

  const json = await runCli(['validate', '--dir', 'agents', '--format', 'json'], { cwd: root, env });
  expect(json.code).toBe(1);
  const doc = JSON.parse(json.stdout);
  expect(doc).toMatchObject({ valid: false, error_count: 3, definition_count: 2, valid_definition_count: 0 });
  expect(doc.diagnostics.filter((d: { severity: string }) => d.severity === 'error').map((d: { file: string }) => d.file)).toEqual(['agents/aac.yaml', 'agents/a.yaml', 'agents/b.yaml']);
  expect(json.stdout + json.stderr).not.toContain(TOKEN);

  // Without it, the run is valid and says so alone.
  const clean = writeTree({ 'agents/aac.yaml': CONFIG('y'), 'agents/a.yaml': AGENT('a'), 'agents/b.yaml': AGENT('b') });
  const valid = await runCli(['validate', '--dir', 'agents', '--no-color'], { cwd: clean, env });
  expect(valid.code, valid.stdout).toBe(0);
  expect(valid.stdout).toContain('2 definitions valid in every environment (dev, prod).\n');
});

test('errors in aac.yaml and in a definition: the count of valid ones, and the errors aac.yaml has', async () => {
  // a uses no variable: valid, whatever aac.yaml's values hold.
  const root = writeTree({ 'agents/aac.yaml': CONFIG(TOKEN), 'agents/a.yaml': 'name: a\ndefinition:\n  kind: prompt\n  model: gpt-4o\n', 'agents/b.yaml': 'name: b\ndefinition:\n  kind: prompt\n' });
  const r = await runCli(['validate', '--dir', 'agents', '--no-color'], { cwd: root, env: { AAC_FOUNDRY_TOKEN: TOKEN } });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('1 of 2 definitions valid in every environment (dev, prod), but agents/aac.yaml has 1 error; fix the errors above.\n');
});
