// Credentials refused (401) by the host of an environment: the error names the environment and
// the provider's endpoint variable, since each environment may be another host and a key is one
// host's; never the key. In-process CLI against the openai-agents emulator over loopback.
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

it("a 401 in an environment names it and OPENAI_BASE_URL, not the key", async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: 'sk-test-the-right-key' });
  const cwd = testDir('aac-auth-environment-');
  writeFile(cwd, 'assistants/aac.yaml', `provider: openai-agents\nnamespace: support\nenvironments:\n  prod: { endpoint: "${emu.url}" }\n`);
  writeFile(cwd, 'assistants/bot.yaml', 'model: gpt-5\nname: Bot\n');
  const wrong = 'sk-test-a-staging-key';
  const r = await runCli(['plan', '--env', 'prod', '--no-color'], { cwd, env: { OPENAI_API_KEY: wrong, OPENAI_BASE_URL: undefined, AAC_NAMESPACE: undefined, AAC_ENV: undefined } });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/refused the credentials while .* \(401\) in the environment 'prod': /);
  expect(r.stderr).toContain("they must be those of the host of the environment 'prod' (its endpoint from `endpoint:` in assistants/aac.yaml; OPENAI_BASE_URL overrides it when set)");
  expect(r.stderr + r.stdout).not.toContain(wrong);
});

it("when OPENAI_BASE_URL gave the endpoint, the 401 says it came from there, naming the variable once", async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: 'sk-test-the-right-key' });
  const cwd = testDir('aac-auth-environment-');
  writeFile(cwd, 'assistants/aac.yaml', 'provider: openai-agents\nnamespace: support\nenvironments:\n  prod: { endpoint: "http://127.0.0.1:9/v1" }\n');
  writeFile(cwd, 'assistants/bot.yaml', 'model: gpt-5\nname: Bot\n');
  const r = await runCli(['plan', '--env', 'prod', '--no-color'], { cwd, env: { OPENAI_API_KEY: 'sk-test-a-staging-key', OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined, AAC_ENV: undefined } });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("they must be those of the host of the environment 'prod' (its endpoint from OPENAI_BASE_URL, which overrides aac.yaml's)");
  expect(r.stderr).not.toContain('overrides it when set');
});
