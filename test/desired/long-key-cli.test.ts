// A key longer than YAML's 1024 characters is refused at its line wherever it is written — a block
// mapping (the library's check), a flow mapping `{…}` and a file written as JSON (aac's: the
// library lets those pass) — and no message line repeats a long key whole: a field path shows each
// key cut at 64 characters. (A 200,000-character key in `{…}` printed lines of 200 KB.) Through the CLI.
import { afterEach, expect, it } from 'vitest';
import { cleanupTrees, writeTree } from './helpers.js';
import { runCli } from '../helpers/cli.js';

afterEach(() => cleanupTrees());

const LONG = 'k'.repeat(200_000);
const validate = (root: string, ...more: string[]) => runCli(['validate', '--dir', 'agents', '--provider', 'openai', ...more], { cwd: root });
const longest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));
const tool = (property: string) => ({ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { [property]: { type: 'string' } } } } });

it('a key over 1024 characters in a flow mapping or a JSON file is refused at its line and column, in short lines', async () => {
  const root = writeTree({
    'agents/flow.yaml': `model: gpt-4o\nname: A\nmetadata: {team: x, ${LONG}: v}\n`,
    'agents/quoted.yaml': `model: gpt-4o\nname: B\nmetadata: {"${LONG}": v}\n`,
    'agents/top.yaml': JSON.stringify({ model: 'gpt-4o', name: 'C', [LONG]: 'v' }),
    'agents/deep.yaml': JSON.stringify({ model: 'gpt-4o', name: 'D', tools: [tool(LONG)] }),
  });
  for (const format of ['text', 'json']) {
    const r = await validate(root, '--format', format);
    expect(r.code).toBe(1);
    expect(longest(r.stdout + r.stderr)).toBeLessThan(300);
  }
  const r = await validate(root);
  const said = 'error: a key is at most 1024 characters long';
  expect(r.stdout).toContain(`agents/flow.yaml:3:21: ${said} [metadata]`);
  expect(r.stdout).toContain(`agents/quoted.yaml:3:12: ${said} [metadata]`);
  expect(r.stdout).toContain(`agents/top.yaml:1:${JSON.stringify({ model: 'gpt-4o', name: 'C' }).length + 1}: ${said}\n`);
  expect(r.stdout).toContain(`agents/deep.yaml:1:${JSON.stringify({ model: 'gpt-4o', name: 'D', tools: [tool('')] }).indexOf('"":') + 1}: ${said} [tools[0].function.parameters.properties]`);
});

it('a key of 1024 characters is one, in `{…}` and in JSON alike; one more is refused', async () => {
  const at = (n: number) => ({
    'agents/flow.yaml': `model: gpt-4o\nname: A\ntools: [{type: function, function: {name: f, parameters: {type: object, properties: {${'p'.repeat(n)}: {type: string}}}}}]\n`,
    'agents/json.yaml': JSON.stringify({ model: 'gpt-4o', name: 'B', tools: [tool('p'.repeat(n))] }),
  });
  const ok = await validate(writeTree(at(1024)));
  expect(ok.code, ok.stdout).toBe(0);
  const over = await validate(writeTree(at(1025)));
  expect(over.code).toBe(1);
  expect(over.stdout.match(/a key is at most 1024 characters long/g)).toHaveLength(2);
});

it('a field path shows a long key cut at 64 characters, in text and JSON', async () => {
  const key = 'm'.repeat(1000);
  const root = writeTree({ 'agents/a.yaml': `model: gpt-4o\nname: A\nmetadata: {${key}: v}\n` });
  const r = await validate(root);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`is 1000 characters; the API allows at most 64 [metadata["${'m'.repeat(64)}…"]]`);
  expect(r.stdout).not.toContain('m'.repeat(65));
  const json = await validate(root, '--format', 'json');
  expect(JSON.parse(json.stdout).diagnostics[0].path).toBe(`metadata["${'m'.repeat(64)}…"]`);
});
