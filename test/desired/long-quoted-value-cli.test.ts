// A long double-quoted value (as `yq` or a script writes a prompt: one line, `\n` escapes) followed
// by more fields of the mapping is an ordinary definition: the key after it is not "at most 1024
// characters long". A key that is that long is still refused, at its line. Through the CLI.
import { afterEach, expect, it } from 'vitest';
import { cleanupTrees, writeTree } from './helpers.js';
import { runCli } from '../helpers/cli.js';

afterEach(() => cleanupTrees());

const prompt = JSON.stringify(`${'You help customers with billing questions.\\n'.repeat(120)}End.`);

it('a double-quoted value of 5,000 characters before another field is valid', async () => {
  expect(prompt.length).toBeGreaterThan(5000);
  const root = writeTree({ 'agents/a.yaml': `model: gpt-5\nname: A\ninstructions: ${prompt}\nmetadata: { team: billing }\n` });
  const r = await runCli(['validate', '--dir', 'agents', '--provider', 'openai-agents'], { cwd: root });
  expect(r.stdout + r.stderr).not.toContain('a key is at most 1024 characters long');
  expect(r.code, r.stdout).toBe(0);
  expect(r.stdout).toContain('1 definition valid.');
});

it('a key of 1,100 characters after such a value is still refused at its line', async () => {
  const root = writeTree({ 'agents/a.yaml': `model: gpt-5\nname: A\ninstructions: ${prompt}\n${'k'.repeat(1100)}: x\n` });
  const r = await runCli(['validate', '--dir', 'agents', '--provider', 'openai-agents'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('agents/a.yaml:4:1: error: a key is at most 1024 characters long');
});
