// Definitions of another kind than the run's provider takes: the way out names the setting that
// chose the provider (an environment's `provider:` at its line, not the top level's); a directory
// whose files write only another kind's fields is told so once, a typo in one keeps its
// did-you-mean; one such file among the directory's own is told it belongs in another directory,
// not that the directory's provider is wrong. Through the CLI, plan against the emulator over
// loopback and validate; nothing is written.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-kind-hints-0123456789';
const AGENT = (name: string) => `model: gpt-5\nname: ${name}\nreasoning: {effort: low}\n`;

/** A project with `files` (path below it → text); returns its directory. */
function project(files: Record<string, string>): string {
  const cwd = testDir('aac-kind-hints-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(cwd, path)), { recursive: true });
    writeFileSync(join(cwd, path), text);
  }
  return cwd;
}

it("an environment's provider: the hints name environments.<name>.provider at its line, not the top level's", async () => {
  const emu = await testEmulator({ provider: 'openai', apiKey: KEY });
  const config = 'provider: openai-agents\nenvironments:\n  classic: {provider: openai}\n';
  const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
  // One file of the environment's kind beside the agent: each file keeps its own errors.
  const mixed = project({ 'assistants/aac.yaml': config, 'assistants/ok.yaml': 'model: gpt-4o\n', 'assistants/agent.yaml': AGENT('Bot') });
  const one = await runCli(['plan', '--env', 'classic', '--no-color'], { cwd: mixed, env });
  expect(one.code).toBe(1);
  expect(one.stderr).toContain("assistants/agent.yaml:3:1: error: unknown field 'reasoning' in the definition [reasoning]\n"
    + "  hint: 'reasoning' is a field of openai-agents definitions, not of assistant ones: this file looks like one of theirs; set `environments.classic.provider: openai-agents` at assistants/aac.yaml:3:23 (where the provider is chosen), or pass --provider openai-agents\n");
  expect(one.stderr).not.toContain('in aac.yaml, or pass');

  // Every file an agent: one error, naming the environment's setting and its place.
  const agents = project({ 'assistants/aac.yaml': config, 'assistants/a.yaml': AGENT('A'), 'assistants/b.yaml': AGENT('B') });
  const all = await runCli(['plan', '--env', 'classic', '--no-color'], { cwd: agents, env });
  expect(all.code).toBe(1);
  expect(all.stderr).toContain("Error: aac.yaml's environments.classic.provider: openai (assistants/aac.yaml:3:23) takes assistant definitions, but all 2 definition files in assistants/ are definitions for openai-agents (they write 'reasoning' at the top level, which assistant definitions do not have); nothing was changed\n"
    + "  set aac.yaml's environments.classic.provider: to openai-agents\n");
  expect(emu.resources()).toEqual([]);
  // --provider over the environment's: dropping it is the way out.
  const flag = await runCli(['validate', '--env', 'classic', '--provider', 'openai-agents', '--dir', 'assistants'], { cwd: project({ 'assistants/aac.yaml': config, 'assistants/ok.yaml': 'model: gpt-4o\nname: Ok\ntemperature: 1\n', 'assistants/x.yaml': 'model: gpt-4o\n' }) });
  expect(flag.stdout).toContain("hint: 'temperature' is a field of the Assistants providers");
});

it('files that write only fields of another kind (none it requires) are said once to be of that kind; a typo keeps its did-you-mean', async () => {
  const emu = await testEmulator({ provider: 'openai', apiKey: KEY });
  const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
  const agents = project({ 'assistants/a.yaml': AGENT('A'), 'assistants/b.yaml': `${AGENT('B')}text: {format: {type: text}}\n` });
  const r = await runCli(['plan', '--no-color'], { cwd: agents, env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("Error: the default provider openai (aac.yaml names none) takes assistant definitions, but all 2 definition files in assistants/ are definitions for openai-agents (they write 'reasoning' and 'text' at the top level, which assistant definitions do not have); nothing was changed\n"
    + '  run with `--provider openai-agents`\n');
  expect(r.stderr).not.toContain("unknown field 'reasoning'");
  expect(emu.resources()).toEqual([]);

  // A field no kind has is a typo: each file's errors, with the did-you-mean.
  const typo = project({ 'assistants/a.yaml': AGENT('A'), 'assistants/b.yaml': `${AGENT('B')}nmae: B\n` });
  const t = await runCli(['plan', '--no-color'], { cwd: typo, env });
  expect(t.code).toBe(1);
  expect(t.stderr).toContain("assistants/b.yaml:4:1: error: unknown field 'nmae' in the definition [nmae]\n  hint: did you mean 'name'?\n");
  expect(t.stderr).not.toContain('takes assistant definitions, but');

  // A field of another kind the provider's kind has its own hint for is the file's own mistake.
  const stray = project({ 'agents/aac.yaml': 'provider: openai-agents\n', 'agents/a.yaml': 'model: gpt-5\nname: A\ntemperature: 1\n' });
  const s = await runCli(['validate', '--dir', 'agents', '--no-color'], { cwd: stray });
  expect(s.code).toBe(1);
  expect(s.stdout).toContain("hint: 'temperature' is a field of the Assistants providers (openai, foundry, portkey, zerobot), and of foundry-agents under definition:; an OpenAI agent has no sampling settings: remove it");
  expect(s.stdout).not.toContain('takes agent definitions, but');
});

it("an agent among a classic directory's assistants is told it belongs in a directory of its provider, not to change the directory's", async () => {
  const emu = await testEmulator({ provider: 'openai', apiKey: KEY });
  const root = project({
    'assistants/aac.yaml': 'provider: openai\n',
    'assistants/a.yaml': 'model: gpt-4o\nname: A\n',
    'assistants/b.yaml': 'model: gpt-4o\nname: B\n',
    'assistants/c.yaml': 'model: gpt-4o\nname: C\n',
    'assistants/agent.yaml': AGENT('Bot'),
  });
  const r = await runCli(['plan', '--no-color'], { cwd: root, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("assistants/agent.yaml:3:1: error: unknown field 'reasoning' in the definition [reasoning]\n"
    + "  hint: 'reasoning' is a field of openai-agents definitions, not of assistant ones: this file looks like one of theirs, while 3 of the 4 definition files in assistants/ are assistant ones; move it to a definitions directory whose provider is openai-agents\n");
  expect(r.stderr).not.toContain('provider: openai-agents');
  expect(emu.resources()).toEqual([]);
});

it("a file of one agents kind read as the other: each field's hint speaks of the backend reading it, and offers migrate only for an Assistants-only field", async () => {
  const foundry = 'name: fa\ndescription: Answers.\ndefinition:\n  kind: prompt\n  model: gpt-4o\n';
  const openai = 'model: gpt-4o\nname: oa\ninstructions: Hi.\nreasoning: {effort: low}\ntools:\n  - {type: web_search}\n';
  // Beside a file of the directory's own kind, so that each is told field by field.
  const asOpenAi = await runCli(['validate', '--dir', 'agents', '--provider', 'openai-agents', '--no-color'], { cwd: project({ 'agents/fa.yaml': foundry, 'agents/ok.yaml': AGENT('Ok'), 'agents/ok2.yaml': AGENT('Ok2') }) });
  expect(asOpenAi.code).toBe(1);
  expect(asOpenAi.stdout).toContain("agents/fa.yaml:2:1: error: unknown field 'description' in the definition [description]\n"
    + "  hint: 'description' is a field of the Assistants providers (openai, foundry, portkey, zerobot) and of foundry-agents; an OpenAI agent has none: remove it, or keep the text in a metadata value (at most 512 characters)\n");
  const asFoundry = await runCli(['validate', '--dir', 'agents', '--provider', 'foundry-agents', '--no-color'], { cwd: project({ 'agents/oa.yaml': openai, 'agents/ok.yaml': foundry, 'agents/ok2.yaml': foundry.replace('fa', 'fb') }) });
  expect(asFoundry.code).toBe(1);
  for (const field of ['model', 'instructions', 'tools']) {
    expect(asFoundry.stdout).toMatch(new RegExp(`unknown field '${field}' in the definition \\[${field}\\]\\n  hint: '${field}' is a top-level field of Assistants and openai-agents definitions; a foundry-agents definition holds it as \`definition\\.${field}\`: move it under definition:`));
  }
  // Neither file is an Assistants one: no hint says it is, or offers migrate.
  for (const out of [asOpenAi.stdout, asFoundry.stdout]) {
    expect(out).not.toContain('of an Assistants definition');
    expect(out).not.toContain('aac migrate');
  }
});
