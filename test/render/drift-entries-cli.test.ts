// Two shapes a drift plan drew unlike the rest, through the real CLI against the emulators over
// loopback, the live resource changed by a plain HTTP request behind aac's back:
// - a map an update resets (the definition omits `multi_agent`, someone turned it on) is one entry,
//   `~ multi_agent: (reset: …)` with what goes below it, as a scalar's reset is one line — not the
//   map's removal followed by `+ multi_agent = null`; in text and markdown alike;
// - a tool removed behind aac's back is drawn as its create draws it: as the definition writes it,
//   with what the server fills in folded into the resource's `(server defaults: …)` line by its
//   path, and what it leaves unset not listed — on every backend (the Assistants API's tools, the
//   Agents API's, Foundry agents' definition.tools).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from '../environments/helpers.js';
import { RESET_NOTE, SERVER_DEFAULT } from '../../src/render/field-diff.js';
import { SERVER_DEFAULTS_PATH } from '../../src/render/server-defaults.js';

const KEY = 'sk-test-drift-entries-000000';

/** The lines of the block an entry `+ <head>` opens in a text plan: it and the lines indented deeper. */
function block(plan: string, head: string): string[] {
  const lines = plan.split('\n');
  const at = lines.findIndex((l) => l.trimStart().startsWith(`+ ${head}`));
  if (at < 0) return [];
  const depth = (l: string) => l.length - l.trimStart().length;
  const end = lines.findIndex((l, i) => i > at && depth(l) <= depth(lines[at]!));
  return lines.slice(at, end < 0 ? undefined : end);
}

/** The values of a plan's folded `(server defaults: …)` lines (text or markdown), as `path = value`, those under `under` only. */
function folded(plan: string, under = ''): string[] {
  return plan.split('\n').flatMap((l) => {
    const m = new RegExp(`^\\s*\\((?:${SERVER_DEFAULTS_PATH}|${SERVER_DEFAULT}): (.*)\\)$`).exec(l);
    return m ? m[1]!.split(', ').filter((v) => v.startsWith(under)) : [];
  });
}

/** A workspace with `files`, and aac run in it against `env`. */
function workspace(files: Record<string, string>, env: Record<string, string>) {
  const cwd = testDir('aac-drift-entries-');
  mkdirSync(join(cwd, '.git'));
  for (const [rel, text] of Object.entries(files)) writeFile(cwd, rel, text);
  const run = (argv: string[]) => runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, AZURE_AI_PROJECT_ENDPOINT: undefined, ...env } });
  return Object.assign(run, { cwd });
}

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
}

test('openai-agents: a map reset is one entry in text and markdown; a tool removed behind aac\'s back is drawn as its create draws it', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const aac = workspace({
    'agents/aac.yaml': 'provider: openai-agents\nnamespace: t\n',
    'agents/bot.yaml': 'model: gpt-5\nname: Bot\ntools:\n  - { type: mcp, server_label: crm, transport: { type: http, server_url: "https://mcp.example.com" } }\n  - { type: web_search }\n',
  }, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
  const created = await aac(['plan', '--dir', 'agents']);
  const tool = block(created.stdout, 'tools[0]: mcp:crm');
  expect(tool.join('\n')).not.toContain('connection_origin');
  expect(folded(created.stdout)).toContain('tools[0].connection_origin = "service"');
  expect((await aac(['apply', '--yes', '--dir', 'agents'])).code).toBe(0);

  const id = String(emu.resources()[0]!.id);
  await post(`${emu.url}/agents/${id}`, { authorization: `Bearer ${KEY}`, 'openai-beta': 'agents=v1' }, { multi_agent: { enabled: true }, tools: [{ type: 'web_search' }] });
  const drift = await aac(['plan', '--dir', 'agents']);
  expect(drift.stdout).toContain([
    `      ~ multi_agent: (${RESET_NOTE})`,
    '          - enabled = true → null',
    '          - max_concurrent_subagents = 6 → null',
    '',
  ].join('\n'));
  expect(drift.stdout.match(/multi_agent/g)).toHaveLength(1);
  expect(block(drift.stdout, 'tools[0]: mcp:crm')).toEqual(tool);
  expect(folded(drift.stdout)).toEqual(folded(created.stdout, 'tools[0].'));
  expect(drift.stdout).not.toMatch(/allowed_tools|credential_id|request_metadata|headers/);

  const markdown = await aac(['plan', '--dir', 'agents', '--format', 'markdown']);
  expect(markdown.stdout).toContain(`\n  multi_agent: (${RESET_NOTE})\n-   enabled = true\n-   max_concurrent_subagents = 6\n+ tools[0]: mcp:crm\n`);
  expect(folded(markdown.stdout)).toEqual(folded(drift.stdout));
  expect(markdown.stdout).toMatch(/\n {2}\(server defaults?: tools\[0\]\.connection_origin = "service"/);
  expect(markdown.stdout).not.toMatch(/multi_agent = null|allowed_tools/);
  // The JSON plan has one change per field: the reset sent as null.
  const json = JSON.parse((await aac(['plan', '--dir', 'agents', '--format', 'json'])).stdout);
  expect(json.resource_changes[0]).toMatchObject({ changed_fields: ['multi_agent', 'tools'], body: { multi_agent: null } });
});

test('assistants: a function tool removed behind aac\'s back is drawn as its create draws it, strict marked as the server\'s', async () => {
  const emu = await testEmulator({ provider: 'openai', apiKey: KEY });
  const aac = workspace({
    'assistants/aac.yaml': 'namespace: t\n',
    'assistants/bot.yaml': 'model: gpt-4o\nname: Bot\ntools:\n  - type: function\n    function: { name: lookup, description: Look up. }\n  - type: file_search\n',
  }, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
  const created = await aac(['plan']);
  const tool = block(created.stdout, 'tools[0]: function lookup');
  expect(tool.join('\n')).not.toContain('strict');
  expect(folded(created.stdout)).toContain('tools[0].function.strict = false');
  expect((await aac(['apply', '--yes'])).code).toBe(0);

  const id = String(emu.resources()[0]!.id);
  await post(`${emu.url}/assistants/${id}`, { authorization: `Bearer ${KEY}`, 'openai-beta': 'assistants=v2' }, { tools: [{ type: 'file_search' }] });
  const drift = await aac(['plan']);
  expect(block(drift.stdout, 'tools[0]: function lookup')).toEqual(tool);
  expect(folded(drift.stdout)).toEqual(folded(created.stdout, 'tools[0].'));
});

test('foundry-agents: a tool of definition.tools removed behind aac\'s back is drawn as its create draws it', async () => {
  const emu = await testEmulator({ provider: 'foundry-agents' });
  const aac = workspace({
    'agents/aac.yaml': 'provider: foundry-agents\nnamespace: t\n',
    'agents/bot.yaml': 'name: bot\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n    - { type: code_interpreter }\n    - { type: file_search, vector_store_ids: [vs_1] }\n',
  }, { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token' });
  // A create draws the list under `+ tools:` (`+ [0]: …`), an update the item alone (`+ tools[0]: …`): what is below them is compared.
  const below = (plan: string, head: string) => block(plan, head).slice(1).map((l) => l.trim());
  const created = await aac(['plan', '--dir', 'agents']);
  const tool = below(created.stdout, '[0]: code_interpreter');
  expect(tool).toEqual([]);
  expect(folded(created.stdout)).toContain('definition.tools[0].container.type = "auto"');
  expect((await aac(['apply', '--yes', '--dir', 'agents'])).code).toBe(0);

  await post(`${emu.url}/agents/bot/versions?api-version=v1`, { authorization: 'Bearer entra-token' }, { metadata: (emu.resources()[0] as { versions: { latest: { metadata: unknown } } }).versions.latest.metadata, definition: { kind: 'prompt', model: 'gpt-4o', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] } });
  const drift = await aac(['plan', '--dir', 'agents']);
  expect(below(drift.stdout, 'tools[0]: code_interpreter')).toEqual(tool);
  expect(folded(drift.stdout)).toEqual(folded(created.stdout, 'definition.tools[0].'));
});

test('openai-agents: a field of a changed tool the update sets to null (an MCP tool\'s allowed_tools the definition omits) is one entry, in text and markdown', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const aac = workspace({
    'agents/aac.yaml': 'provider: openai-agents\nnamespace: t\n',
    'agents/bot.yaml': 'model: gpt-5\nname: Bot\ntools:\n  - { type: mcp, server_label: crm, transport: { type: http, server_url: "https://mcp.example.com" } }\n',
  }, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
  expect((await aac(['apply', '--yes', '--dir', 'agents'])).code).toBe(0);

  const id = String(emu.resources()[0]!.id);
  await post(`${emu.url}/agents/${id}`, { authorization: `Bearer ${KEY}`, 'openai-beta': 'agents=v1' }, {
    tools: [{ type: 'mcp', server_label: 'crm', allowed_tools: ['x'], transport: { type: 'http', server_url: 'https://mcp.example.com' } }],
  });
  const drift = await aac(['plan', '--dir', 'agents']);
  expect(drift.stdout).toContain('      ~ tools[0]: mcp:crm\n          - allowed_tools = ["x"] → null\n\n');
  expect(drift.stdout.match(/allowed_tools/g)).toHaveLength(1);

  const markdown = await aac(['plan', '--dir', 'agents', '--format', 'markdown']);
  expect(markdown.stdout).toContain('\n  tools[0]: mcp:crm\n-   allowed_tools = ["x"]\n```');
  expect(markdown.stdout.match(/allowed_tools/g)).toHaveLength(1);
  // The JSON plan is as it was: one change of that field, the definition's tool sent as written.
  const json = JSON.parse((await aac(['plan', '--dir', 'agents', '--format', 'json'])).stdout);
  expect(json.resource_changes[0]).toMatchObject({ changed_fields: ['tools'], patch: [{ op: 'replace', path: '/tools/0/allowed_tools', value: null }] });
  expect(json.resource_changes[0].body.tools[0]).not.toHaveProperty('allowed_tools');
});

test('a tool the definition removes is drawn with the members it had, not those it holds as null (the server\'s unset), in text and markdown', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const mcp = '  - { type: mcp, server_label: crm, transport: { type: http, server_url: "https://mcp.example.com" } }\n';
  const aac = workspace({
    'agents/aac.yaml': 'provider: openai-agents\nnamespace: t\n',
    'agents/bot.yaml': `model: gpt-5\nname: Bot\ntools:\n  - { type: web_search }\n${mcp}`,
  }, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
  expect((await aac(['apply', '--yes', '--dir', 'agents'])).code).toBe(0);
  // The live MCP tool holds allowed_tools and credential_id as null (the server's unset).
  const live = (emu.resources()[0] as { tools: Array<Record<string, unknown>> }).tools.find((t) => t.type === 'mcp')!;
  expect([live.allowed_tools, live.credential_id]).toEqual([null, null]);

  writeFile(aac.cwd, 'agents/bot.yaml', 'model: gpt-5\nname: Bot\ntools:\n  - { type: web_search }\n');
  for (const format of ['text', 'markdown']) {
    const removed = await aac(['plan', '--dir', 'agents', '--format', format]);
    expect(removed.stdout).toContain('server_url = "https://mcp.example.com"');
    expect(removed.stdout).not.toMatch(/allowed_tools|credential_id/);
  }
});
