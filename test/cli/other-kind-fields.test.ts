// A definition of another kind read under the run's provider (aac.yaml missing or misplaced, its
// `provider:` forgotten): a top-level field the chosen kind lacks and another registered kind has
// is said to be that kind's, with the provider to choose, instead of a did-you-mean that points at
// a field of the wrong kind (`reasoning` → `reasoning_effort`). Through the CLI, plan against the
// emulator over loopback; nothing is written.
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runCli } from '../helpers/cli.js';

const KEY = 'sk-other-kind-0123456789';
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  cleanupTrees();
});

it('an openai-agents field under an Assistants provider names openai-agents and how to choose it, not a did-you-mean', async () => {
  emu = await startEmulator({ provider: 'openai', apiKey: KEY });
  // One valid Assistants definition beside it: the directory is not all of another kind.
  const root = writeTree({
    'assistants/ok.yaml': 'model: gpt-4o\n',
    'assistants/agent.yaml': 'model: gpt-5\nname: Bot\nreasoning: {effort: low}\n',
    'assistants/foundry.yaml': 'name: bot\ndefinition: {kind: prompt, model: gpt-4o}\n',
  });
  const plan = await runCli(['plan'], { cwd: root, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } });
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain("assistants/agent.yaml:3:1: error: unknown field 'reasoning' in the definition");
  expect(plan.stderr).toContain("hint: 'reasoning' is a field of openai-agents definitions, not of assistant ones: this file looks like one of theirs; set `provider: openai-agents` in aac.yaml, or pass --provider openai-agents");
  expect(plan.stderr).toContain("hint: 'definition' is a field of foundry-agents definitions, not of assistant ones: this file looks like one of theirs; set `provider: foundry-agents` in aac.yaml, or pass --provider foundry-agents");
  expect(plan.stderr).not.toContain("did you mean 'reasoning_effort'");
  expect(emu.resources()).toEqual([]);
});

it('a field of the Assistants kind under openai-agents keeps the kind\'s own hint where it has one', async () => {
  const root = writeTree({ 'agents/ok.yaml': 'model: gpt-5\nname: Ok\n', 'agents/a.yaml': 'model: gpt-5\nname: A\ntemperature: 1\n' });
  const r = await runCli(['validate', '--dir', 'agents', '--provider', 'openai-agents'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("hint: 'temperature' is a field of the Assistants providers (openai, foundry, portkey, zerobot), and of foundry-agents under definition:; an OpenAI agent has no sampling settings: remove it");
});

it("a near miss of another kind's field, with none of the definition's own kind near it, is told whose field it is", async () => {
  const root = writeTree({
    'oa/aac.yaml': 'provider: openai-agents\n',
    'oa/ok.yaml': 'model: gpt-5\nname: Ok\n',
    'oa/a.yaml': 'model: gpt-5\nname: A\ndefinitio: {kind: prompt}\n',
    'fa/aac.yaml': 'provider: foundry-agents\n',
    'fa/ok.yaml': 'name: ok\ndefinition: {kind: prompt, model: gpt-4o}\n',
    'fa/a.yaml': 'name: a\ndefinition: {kind: prompt, model: gpt-4o}\nreasonin: {effort: low}\nzzzz: 1\n',
  });
  const oa = await runCli(['validate', '--dir', 'oa', '--no-color'], { cwd: root });
  expect(oa.code).toBe(1);
  expect(oa.stdout).toContain("oa/a.yaml:3:1: error: unknown field 'definitio' in the definition [definitio]\n  hint: did you mean 'definition'? 'definition' is a field of foundry-agents definitions, not of openai-agents ones: this file looks like one of theirs; set `provider: foundry-agents` at oa/aac.yaml:1:11 (where the provider is chosen), or pass --provider foundry-agents\n");
  const fa = await runCli(['validate', '--dir', 'fa', '--no-color'], { cwd: root });
  expect(fa.code).toBe(1);
  expect(fa.stdout).toContain("fa/a.yaml:3:1: error: unknown field 'reasonin' in the definition [reasonin]\n  hint: did you mean 'reasoning'? 'reasoning' is a field of openai-agents definitions, not of foundry-agents ones:");
  // A word near no kind's field keeps the list of the fields allowed.
  expect(fa.stdout).toContain("unknown field 'zzzz' in the definition [zzzz]\n  hint: the fields allowed here are: ");
});
