// A value the definition does not write is marked as the server's in an update, as in a create,
// on every backend: through the real CLI against the emulators over loopback, a resource is made
// with a field set, the field is dropped from the definition, and the plan (text, markdown, the
// JSON plan, and `aac show` of the saved plan) says the host's default follows, not the author:
// - foundry-agents: `definition.top_p` dropped, which the new version leaves out and the server fills in;
// - openai-agents: `compaction` dropped, which the update sends as its documented default;
// - openai (Assistants): a function's `strict` dropped (the tools go whole, the server fills it in),
//   beside `temperature` dropped, which the update sends as null, the API's reset, and which is
//   drawn as sent: what the host makes of a null is its own.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from '../environments/helpers.js';
import { RESET_NOTE, SERVER_DEFAULT } from '../../src/render/field-diff.js';

const KEY = 'sk-test-server-default-000000';

/** A workspace with `files` in `dir`; `run` runs aac there against `env`, `write` replaces a file. */
function workspace(dir: string, files: Record<string, string>, env: Record<string, string>) {
  const cwd = testDir('aac-server-default-');
  mkdirSync(join(cwd, '.git'));
  const write = (rel: string, text: string) => writeFile(cwd, join(dir, rel), text);
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  const run = async (argv: string[]) => {
    const r = await runCli([...argv, '--dir', dir, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, AZURE_AI_PROJECT_ENDPOINT: undefined, ...env } });
    expect(r.code, r.stderr).toBeLessThan(3);
    return r;
  };
  return { run, write };
}

/**
 * The views of the update `dropped` plans, after `made` was applied: the text plan, the markdown
 * plan's diff lines, the JSON plan's change, and the text `aac show` draws of the saved plan.
 */
async function views(ws: ReturnType<typeof workspace>, file: string, dropped: string) {
  expect((await ws.run(['apply', '--yes'])).code).toBe(0);
  ws.write(file, dropped);
  const text = (await ws.run(['plan'])).stdout;
  const markdown = (await ws.run(['plan', '--format', 'markdown'])).stdout;
  const json = JSON.parse((await ws.run(['plan', '--format', 'json'])).stdout).resource_changes[0];
  await ws.run(['plan', '--out', 'plan.json']);
  const shown = (await ws.run(['show', 'plan.json'])).stdout;
  return { text, markdown, json, shown };
}

/** The plan's lines from the change's header on, without the header (which names an id). */
const body = (plan: string) => plan.slice(plan.indexOf('\n  ~ ')).split('\n').slice(2).join('\n');

test('foundry-agents: a definition.top_p the definition dropped is the server default the new version gets', async () => {
  const emu = await testEmulator({ provider: 'foundry-agents' });
  const ws = workspace('agents', {
    'aac.yaml': 'provider: foundry-agents\nnamespace: t\n',
    'bot.yaml': 'name: bot\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  top_p: 0.5\n  temperature: 0.7\n',
  }, { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token' });
  const { text, markdown, json, shown } = await views(ws, 'bot.yaml', 'name: bot\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  temperature: 0.2\n');
  // The author's new value is theirs; the one the server fills in is marked.
  expect(text).toContain(['      ~ definition:', '          ~ temperature: 0.7 → 0.2', `          ~ top_p: 0.5 → 1 (${SERVER_DEFAULT})`, ''].join('\n'));
  expect(markdown).toContain(['  definition:', '-   temperature = 0.7', '+   temperature = 0.2', '-   top_p = 0.5', `+   top_p = 1 (${SERVER_DEFAULT})`, '```'].join('\n'));
  // The JSON plan says it as a create's does: the body (the definition's own) has no top_p, `after` the server's.
  expect(json.body.definition).not.toHaveProperty('top_p');
  expect(json.after.definition.top_p).toBe(1);
  expect(json).not.toHaveProperty('defaulted_fields');
  expect(body(shown)).toBe(body(text));
});

test('openai-agents: a compaction the definition dropped is sent as its default and marked the server\'s', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const ws = workspace('agents', {
    'aac.yaml': 'provider: openai-agents\nnamespace: t\n',
    'bot.yaml': 'model: gpt-5\nname: Bot\ncompaction: { async: false }\n',
  }, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
  const { text, markdown, json, shown } = await views(ws, 'bot.yaml', 'model: gpt-5\nname: Bot\n');
  expect(text).toContain(['      ~ compaction:', `          ~ async: false → true (${SERVER_DEFAULT})`, ''].join('\n'));
  expect(markdown).toContain(['  compaction:', '-   async = false', `+   async = true (${SERVER_DEFAULT})`, '```'].join('\n'));
  // The body sends the default (the API's update keeps what is omitted); defaulted_fields says it is not the author's.
  expect(json).toMatchObject({ changed_fields: ['compaction'], defaulted_fields: ['compaction'], body: { compaction: { async: true } } });
  expect(body(shown)).toBe(body(text));
  // A value the author writes is the author's, even the default's.
  ws.write('bot.yaml', 'model: gpt-5\nname: Bot\ncompaction: { async: true }\n');
  const written = await ws.run(['plan']);
  expect(written.stdout).toContain('          ~ async: false → true\n');
  expect(written.stdout).not.toContain(SERVER_DEFAULT);
});

test('openai: a function\'s strict the definition dropped is the server default; a dropped temperature is the reset, as sent', async () => {
  const emu = await testEmulator({ provider: 'openai', apiKey: KEY });
  const ws = workspace('assistants', {
    'aac.yaml': 'namespace: t\n',
    'bot.yaml': 'model: gpt-4o\nname: Bot\ntemperature: 1.4\ntools:\n  - type: function\n    function: { name: lookup, strict: true }\n',
  }, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
  const { text, markdown, json, shown } = await views(ws, 'bot.yaml', 'model: gpt-4o\nname: Bot\ntools:\n  - type: function\n    function: { name: lookup }\n');
  expect(text).toContain([
    '      ~ tools[0]: function lookup',
    `          ~ function.strict: true → false (${SERVER_DEFAULT})`,
    `      ~ temperature: 1.4 → null (${RESET_NOTE})`,
    '',
  ].join('\n'));
  expect(markdown).toContain([
    '  tools[0]: function lookup',
    '-   function.strict = true',
    `+   function.strict = false (${SERVER_DEFAULT})`,
    '- temperature = 1.4',
    `+ temperature = null (${RESET_NOTE})`,
    '```',
  ].join('\n'));
  expect(json).toMatchObject({ changed_fields: ['tools', 'temperature'], defaulted_fields: ['temperature'], body: { temperature: null } });
  expect(json.body.tools[0].function).not.toHaveProperty('strict');
  expect(body(shown)).toBe(body(text));
});
