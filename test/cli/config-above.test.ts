// An aac.yaml beside the definitions directory, at the project's root where Terraform's and most
// tools' config sits, is not read: its provider, endpoint, namespace and environments do not apply.
// It was never named: validate said the definitions valid for a provider the file did not name,
// a plan went to the default provider, and a run outside git was told to write a namespace: the
// file already held.
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { emulatedProject, projectDir } from '../helpers/project.js';

const ABOVE = 'namespace: team\nprovider: foundry-agents\n';
const DEFINITION = 'model: gpt-4o\nname: A\n';
const WARNING =
  'aac.yaml:1:1: warning: aac.yaml is not read: aac reads the project config at the top of the definitions directory (assistants/aac.yaml), not above it, so none of its settings (provider:, endpoint:, namespace:, environments:) applies to this run of assistants/\n' +
  "  hint: if its settings are assistants/'s, move it there: `mv aac.yaml assistants/aac.yaml`; if ./ is the definitions directory, pass --dir .\n";

test('validate and plan name an aac.yaml above the definitions directory as not read, with the move that makes it read', async () => {
  const cwd = projectDir({ 'aac.yaml': ABOVE, 'assistants/a.yaml': DEFINITION });
  const v = await runCli(['validate', '--no-color'], { cwd });
  expect(v.code).toBe(0);
  expect(v.stdout).toBe(`${WARNING}1 warning.\n1 definition valid.\n`);

  const p = await emulatedProject({ 'aac.yaml': ABOVE, 'assistants/a.yaml': DEFINITION }, 'sk-test-above-000000000000');
  const plan = await p.cli(['plan']);
  expect(plan.code).toBe(0);
  expect(plan.stderr).toContain(WARNING);
  expect(plan.stdout).toContain('+ a (create)');
});

test('outside git with no namespace, the refusal names the aac.yaml above as the one to move', async () => {
  const cwd = projectDir({ 'aac.yaml': ABOVE, 'assistants/a.yaml': DEFINITION });
  const r = await runCli(['plan', '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(
    'Error: no namespace is set, and assistants is not inside a git repository, so there is no stable default to scope what it manages by; aac.yaml, above it, is not read (aac reads the project config at the top of the definitions directory)\n' +
      "  if its settings are assistants/'s, move it there: `mv aac.yaml assistants/aac.yaml`; if ./ is the definitions directory, pass --dir .; else set `namespace: NAME` in assistants/aac.yaml (or pass --namespace NAME, or set AAC_NAMESPACE)\n",
  );
});

test('inside git, the refusal of a run inside the directory that holds the aac.yaml leads with its move', async () => {
  const cwd = projectDir({ 'aac.yaml': ABOVE, 'assistants/a.yaml': DEFINITION }, { git: true });
  const r = await runCli(['plan', '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    "Error: assistants/ is inside the definitions directory ./ (it holds aac.yaml), whose runs read its files as their own: with no aac.yaml of its own, assistants/ works in the namespace of its own path, so a plan of it would create again the assistants ./ manages from them\n" +
      "  if its settings are assistants/'s, move it there: `mv aac.yaml assistants/aac.yaml`; if ./ is the definitions directory, pass --dir . and choose these with --target assistants\n",
  );
});

test('an aac.yaml in the definitions directory is the one read: the one above is then not said', async () => {
  const cwd = projectDir({ 'aac.yaml': ABOVE, 'assistants/aac.yaml': 'namespace: team\n', 'assistants/a.yaml': DEFINITION });
  const v = await runCli(['validate', '--no-color'], { cwd });
  expect(v.stdout).toBe('1 definition valid.\n');
});
