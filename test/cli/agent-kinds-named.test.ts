// Foundry's versioned agents and OpenAI's agents are both "agents": a message about a definition of
// one read under the other names each by its provider, never as "agent definitions" on both sides
// (`foundry-agents takes agent definitions, but … is one for openai-agents`, which reads as no
// difference at all). The directory-wide error also names the file and where aac.yaml chose the
// provider. Through the CLI, validate alone: nothing reaches a host.
import { afterEach, expect, it } from 'vitest';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runCli } from '../helpers/cli.js';

afterEach(() => cleanupTrees());

const OPENAI_AGENT = 'model: gpt-5\nname: O\nreasoning: {effort: low}\n';
const FOUNDRY_AGENT = (name: string) => `name: ${name}\ndefinition: {kind: prompt, model: gpt-4o}\n`;

it('an openai-agents file under foundry-agents: the error names both providers, the file, and where aac.yaml chose the provider', async () => {
  const root = writeTree({ 'fx/aac.yaml': 'provider: foundry-agents\nnamespace: fx\n', 'fx/o.yaml': OPENAI_AGENT });
  const r = await runCli(['validate', '--dir', 'fx'], { cwd: root, env: {} });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("error: aac.yaml's provider: foundry-agents (fx/aac.yaml:1:11) takes foundry-agents definitions, but the definition file fx/o.yaml is one for openai-agents (it writes 'model' and 'reasoning' at the top level, which foundry-agents definitions do not have)");
  expect(r.stdout).not.toContain('agent definitions');
});

it('an openai-agents file among foundry-agents ones: its hint names foundry-agents, not "agent ones"', async () => {
  const root = writeTree({
    'fx/aac.yaml': 'provider: foundry-agents\nnamespace: fx\n',
    'fx/a.yaml': FOUNDRY_AGENT('a'),
    'fx/b.yaml': FOUNDRY_AGENT('b'),
    'fx/c.yaml': FOUNDRY_AGENT('c'),
    'fx/o.yaml': OPENAI_AGENT,
  });
  const r = await runCli(['validate', '--dir', 'fx'], { cwd: root, env: {} });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("hint: 'reasoning' is a field of openai-agents definitions, not of foundry-agents ones: this file looks like one of theirs, while 3 of the 4 definition files in fx/ are foundry-agents ones; move it to a definitions directory whose provider is openai-agents");
  expect(r.stdout).not.toContain('agent ones');
});

it('a foundry-agents field under openai-agents, beside a valid file: its hint names openai-agents', async () => {
  const root = writeTree({ 'oa/aac.yaml': 'provider: openai-agents\nnamespace: oa\n', 'oa/ok.yaml': 'model: gpt-5\nname: Ok\n', 'oa/f.yaml': FOUNDRY_AGENT('f') });
  const r = await runCli(['validate', '--dir', 'oa'], { cwd: root, env: {} });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("hint: 'definition' is a field of foundry-agents definitions, not of openai-agents ones: this file looks like one of theirs; set `provider: foundry-agents` at oa/aac.yaml:1:11 (where the provider is chosen), or pass --provider foundry-agents");
  expect(r.stdout).not.toContain('agent ones');
});
