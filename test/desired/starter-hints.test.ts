// What a new definition starts with is the backend's (its kind's `starter`): the hint for an empty
// definitions directory, an empty file and a file that holds no mapping says it for the provider
// the run plans for — a foundry-agents file starts with `name:` and `definition:`, not `model:`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const STARTS: Record<string, string> = {
  openai: '`model: <model>`',
  'openai-agents': '`model: <model>`',
  'foundry-agents': '`name: <name>` and `definition: { kind: prompt, model: <model> }`',
};

describe('the hint says what a definition of the run\'s backend starts with', () => {
  for (const [provider, starts] of Object.entries(STARTS)) {
    test(`${provider}: an empty directory, an empty file, a file holding a list`, async () => {
      const cwd = testDir('aac-starter-');
      mkdirSync(join(cwd, 'assistants'));
      const empty = await runCli(['validate', '--provider', provider], { cwd, env: {} });
      expect(empty.stdout + empty.stderr).toContain(`add one YAML file per ${provider === 'openai' ? 'assistant' : 'agent'}, starting with ${starts}`);

      writeFileSync(join(cwd, 'assistants', 'blank.yaml'), '# nothing yet\n');
      writeFileSync(join(cwd, 'assistants', 'list.yaml'), '- a\n- b\n');
      writeFileSync(join(cwd, 'assistants', 'nothing.yaml'), '# a null, written\n~\n');
      const files = await runCli(['validate', '--provider', provider, '--no-color'], { cwd, env: {} });
      expect(files.code).toBe(1);
      expect(files.stdout + files.stderr).toContain(`assistants/blank.yaml:1:1: error: the file has no content (only comments or blank lines)\n  hint: add at least ${starts}, or delete the file`);
      expect(files.stdout + files.stderr).toContain(`assistants/nothing.yaml:2:1: error: the file has no content: it holds only \`~\`, which YAML reads as null\n  hint: add at least ${starts}, or delete the file`);
      expect(files.stdout + files.stderr).toContain(`assistants/list.yaml:1:1: error: a definition is a mapping of fields, but this file holds a list\n  hint: start with ${starts}, then one field per line`);
    });
  }

  test('plan --prune on an empty directory, against the foundry-agents emulator', async () => {
    const emulator = await testEmulator({ provider: 'foundry-agents' });
    const cwd = testDir('aac-starter-plan-');
    mkdirSync(join(cwd, 'agents'));
    const plan = await runCli(['plan', '--dir', 'agents', '--prune', '--provider', 'foundry-agents', '--namespace', 'team-a'], { cwd, env: { AZURE_AI_PROJECT_ENDPOINT: emulator.url, AAC_FOUNDRY_TOKEN: 'entra-token' } });
    expect(plan.stderr + plan.stdout).toContain(`add one YAML file per agent, starting with ${STARTS['foundry-agents']}`);
    expect(plan.stderr + plan.stdout).not.toContain('model: <model>`,');
  });
});

// `--allow-empty` says the directory is empty on purpose (the retirement migrate prints): the
// hint to add a first definition is noise there, on each backend's emulator.
describe('plan and apply --prune --allow-empty say nothing of adding definitions', () => {
  for (const provider of ['foundry', 'foundry-agents'] as const) {
    test(provider, async () => {
      const emulator = await testEmulator({ provider });
      const cwd = testDir('aac-allow-empty-');
      mkdirSync(join(cwd, 'retire'));
      writeFileSync(join(cwd, 'retire', 'aac.yaml'), `provider: ${provider}\nnamespace: team-a\n`);
      const env = { AZURE_AI_PROJECT_ENDPOINT: emulator.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: undefined };
      for (const argv of [['plan'], ['apply', '--yes']]) {
        const r = await runCli([...argv, '--dir', 'retire', '--prune', '--allow-empty'], { cwd, env });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain("No changes in namespace 'team-a'");
        expect(r.stderr).not.toContain('add one YAML file');
        expect(r.stderr).not.toContain('no definitions (*.yaml, *.yml) found');
      }
      // Without the flag the empty directory is still said, with the hint.
      const plan = await runCli(['plan', '--dir', 'retire'], { cwd, env });
      expect(plan.stderr).toContain('add one YAML file per');
    });
  }
});

// A missing model's hint gives an example only where the API's own reference does: the Assistants
// API's (openai-openapi CreateAssistantRequest.model, `example: gpt-4o`). The Agents API's
// reference names no model and leaves open which it accepts (AGENTS-API.md §4, SOURCE.md), and a
// Foundry agent's model is a deployment of the project: the form alone, no value made up.
describe('a definition without its model is told the form, with an example only where the API gives one', () => {
  const CASES: Record<string, { file: string; hint: string }> = {
    openai: { file: 'name: Bot\n', hint: 'add `model: <model>`, e.g. `model: gpt-4o`\n' },
    'openai-agents': { file: 'name: Bot\n', hint: 'add `model: <model>`\n' },
    'foundry-agents': { file: 'name: bot\ndefinition: { kind: prompt }\n', hint: 'add `model: <model>`\n' },
  };
  for (const [provider, { file, hint }] of Object.entries(CASES)) {
    test(provider, async () => {
      const cwd = testDir('aac-model-hint-');
      mkdirSync(join(cwd, 'assistants'));
      writeFileSync(join(cwd, 'assistants', 'bot.yaml'), file);
      const r = await runCli(['validate', '--provider', provider, '--no-color'], { cwd, env: {} });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`is missing the required field 'model'${provider === 'foundry-agents' ? ' [definition]' : ''}\n  hint: ${hint}`);
    });
  }
});
