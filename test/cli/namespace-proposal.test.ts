// An invalid namespace — in aac.yaml (top level or an environment's), --namespace or
// AAC_NAMESPACE — is refused with a hint that proposes a valid one made of the value given, not
// the rule the message already says. Validate reads no host; the plan refuses before any request.
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from '../environments/helpers.js';

const KEY = 'sk-test-namespace-proposal';

it("aac.yaml's namespace: billing_team! is told with `namespace: billing-team` as the fix, at the top level and in an environment", async () => {
  const cwd = testDir('aac-namespace-proposal-');
  writeFile(cwd, 'assistants/aac.yaml', 'namespace: billing_team!\nenvironments:\n  prod:\n    namespace: "ops team/prod"\n');
  writeFile(cwd, 'assistants/a.yaml', 'model: gpt-4o\n');
  const json = JSON.parse((await runCli(['validate', '--format', 'json'], { cwd, env: { AAC_NAMESPACE: undefined } })).stdout);
  const at = (path: string) => json.diagnostics.find((d: { path: string }) => d.path === path);
  expect(at('namespace')).toMatchObject({ line: 1, column: 12, hint: "write a valid one, e.g. `namespace: billing-team` (the value given, each run of other characters made one '-')" });
  expect(at('environments.prod.namespace')).toMatchObject({ line: 4, hint: "write a valid one, e.g. `namespace: ops-team/prod` (the value given, each run of other characters made one '-')" });
});

it('--namespace and AAC_NAMESPACE with an invalid value propose one made of it, before any request', async () => {
  const emu = await testEmulator({ apiKey: KEY });
  const cwd = testDir('aac-namespace-proposal-');
  writeFile(cwd, 'assistants/a.yaml', 'model: gpt-4o\n');
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
  const flag = await runCli(['plan', '--namespace', 'team a!'], { cwd, env });
  expect(flag.code).toBe(1);
  expect(flag.stderr).toContain("  e.g. 'team-a' (the value given, each run of other characters made one '-')\n");
  const variable = await runCli(['plan'], { cwd, env: { ...env, AAC_NAMESPACE: '_support_' } });
  expect(variable.code).toBe(1);
  expect(variable.stderr).toContain("  e.g. 'support' (the value given, each run of other characters made one '-')\n");
  expect(emu.stats().total).toBe(0);
});
