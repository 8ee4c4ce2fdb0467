// `aac migrate` keeps `$ref` includes as references, as it keeps `${var.…}` ones: a fragment whose
// content the conversion carries unchanged (a JSON Schema shared by a function's parameters and a
// response format) stays one file, copied as it is to the same place under --out, and the new
// definitions name it. A fragment it cannot keep — what it gives is converted (a whole tool), its
// file lies outside --dir, or a run on --out would read it as a definition — is written out, and
// each such one is said on stdout. The new directory then applies to the emulator and plans clean.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeEach, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

const KEY = 'sk-test-migrate-includes-000000';
let cwd: string;
const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const read = (rel: string) => readFileSync(join(cwd, rel), 'utf8');
const aac = (argv: string[], env: Record<string, string | undefined> = {}) => runCli([...argv, '--no-color'], { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: undefined, AAC_NAMESPACE: undefined, ...env } });

// CRLF and a comment: the copy is the file as it is, byte for byte.
const ORDER = '# the order schema\r\ntype: object\r\nproperties: { order_id: { type: string } }\r\nrequired: [order_id]\r\nadditionalProperties: false\r\n';
const BOT = [
  'model: gpt-4o',
  'name: Bot',
  'tools:',
  '  - type: function',
  '    function: { name: get_order, description: One order., parameters: { $ref: ../_schemas/order.yaml } }',
  'response_format:',
  '  type: json_schema',
  '  json_schema: { name: order, schema: { $ref: ../_schemas/order.yaml } }',
  '',
].join('\n');

beforeEach(() => {
  cwd = testDir('aac-migrate-includes-');
  mkdirSync(join(cwd, '.git'));
  write('assistants/aac.yaml', 'namespace: support\n');
  write('assistants/_schemas/order.yaml', ORDER);
  write('assistants/support/bot.yaml', BOT);
});

test('a fragment the conversion carries unchanged stays a reference, its file copied as it is; the new directory applies and plans clean', async () => {
  for (const to of ['openai-agents', 'foundry-agents'] as const) {
    const out = `to-${to}`;
    const r = await aac(['migrate', '--to', to, '--out', out, '--accept-losses']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Migrated 1 definition and 1 $ref fragment to ${out} (${to})`);
    expect(r.stdout).not.toContain('inlined');
    expect(read(`${out}/_schemas/order.yaml`)).toBe(ORDER);
    const bot = parse(read(`${out}/support/bot.yaml`));
    const ref = { $ref: '../_schemas/order.yaml' };
    if (to === 'openai-agents') {
      expect(bot.tools[0].parameters).toEqual(ref);
      expect(bot.text.format.schema).toEqual(ref);
    } else {
      expect(bot.definition.tools[0].parameters).toEqual(ref);
      expect(bot.definition.text.format.schema).toEqual(ref);
    }
    const validated = await aac(['validate', '--dir', out]);
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
  }
  const emulator = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const on = { OPENAI_BASE_URL: emulator.url };
  const applied = await aac(['apply', '--yes', '--dir', 'to-openai-agents'], on);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  const agent = emulator.resources().find((a) => a.name === 'Bot') as { tools: Array<{ parameters: unknown }> };
  expect(agent.tools[0]!.parameters).toEqual({ type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'], additionalProperties: false });
  expect((await aac(['plan', '--dir', 'to-openai-agents', '--detailed-exitcode'], on)).code).toBe(0);
});

test('a fragment that cannot stay a reference is written out, and each is said on stdout with why', async () => {
  write('assistants/_tools.yaml', 'lookup:\n  type: function\n  function: { name: lookup, description: Look up., parameters: { type: object, properties: {} } }\n');
  write('shared/order.yaml', ORDER);
  write('assistants/.aacignore', 'ignored/\n');
  write('assistants/ignored/meta.yaml', 'team: billing\n');
  write('assistants/support/more.yaml', [
    'model: gpt-4o',
    'name: More',
    'metadata: { $ref: ../ignored/meta.yaml }',
    'tools:',
    '  - $ref: ../_tools.yaml#/lookup',
    '  - type: function',
    '    function: { name: outside, description: "", parameters: { $ref: ../../shared/order.yaml } }',
    '',
  ].join('\n'));
  const r = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain("assistants/support/more.yaml:3:19: metadata — $ref '../ignored/meta.yaml' inlined: at agents/ignored/meta.yaml a run on agents would read the fragment as a definition (a name starting with '_' keeps it out)\n");
  expect(r.stdout).toContain("assistants/support/more.yaml:5:11: tools[0] — $ref '../_tools.yaml#/lookup' inlined: what it gives is converted for openai-agents\n");
  expect(r.stdout).toContain("assistants/support/more.yaml:7:69: tools[1].function.parameters — $ref '../../shared/order.yaml' inlined: the fragment shared/order.yaml lies outside assistants, so its place under agents would be outside it\n");
  expect(r.stdout).toContain('Migrated 2 definitions and 1 $ref fragment to agents (openai-agents)');
  expect(parse(read('agents/support/more.yaml'))).toEqual({
    model: 'gpt-4o',
    name: 'More',
    metadata: { team: 'billing' },
    tools: [
      { type: 'function', name: 'lookup', description: 'Look up.', parameters: { type: 'object', properties: {} } },
      { type: 'function', name: 'outside', description: '', parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'], additionalProperties: false } },
    ],
  });
  expect(existsSync(join(cwd, 'agents/_tools.yaml'))).toBe(false);
  expect(existsSync(join(cwd, 'agents/ignored'))).toBe(false);
  expect((await aac(['validate', '--dir', 'agents'])).code).toBe(0);
});

test('an environment overlay\'s fragment stays a reference too; an existing fragment file in --out is kept without --force', async () => {
  write('assistants/aac.yaml', 'namespace: support\nenvironments:\n  dev: {}\n  prod: { namespace: support-prod }\n');
  write('assistants/overlays/prod/_meta.yaml', 'tier: platinum\n');
  write('assistants/overlays/prod/support/bot.yaml', 'metadata: { $ref: ../_meta.yaml }\n');
  write('agents/_schemas/order.yaml', 'type: object\n');
  const refused = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('agents/_schemas/order.yaml already exists; nothing was written');
  const r = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses', '--force']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('Migrated 1 definition, 1 environment overlay and 2 $ref fragments to agents (openai-agents)');
  expect(read('agents/_schemas/order.yaml')).toBe(ORDER);
  expect(parse(read('agents/overlays/prod/support/bot.yaml'))).toEqual({ metadata: { $ref: '../_meta.yaml' } });
  expect(read('agents/overlays/prod/_meta.yaml')).toBe('tier: platinum\n');
  const validated = await aac(['validate', '--dir', 'agents']);
  expect(validated.code, validated.stdout + validated.stderr).toBe(0);
});

test('a field lost in a $ref fragment is listed at the definition\'s $ref and at the fragment\'s own line, naming each definition that includes it there', async () => {
  write('assistants/_shared.yaml', [
    'search:',
    '  type: file_search',
    'format:',
    '  type: json_schema',
    '  json_schema: { name: order, schema: { type: object } }',
    'stores:',
    '  vector_store_ids: [vs_1]',
    '',
  ].join('\n'));
  write('assistants/support/bot.yaml', [
    'model: gpt-4o',
    'name: Bot',
    'tools:',
    '  - $ref: ../_shared.yaml#/search',
    'response_format: { $ref: ../_shared.yaml#/format }',
    'tool_resources:',
    '  file_search: { $ref: ../_shared.yaml#/stores }',
    '',
  ].join('\n'));
  write('assistants/support/desk.yaml', 'model: gpt-4o\nname: Desk\ntools:\n  - type: code_interpreter\n  - $ref: ../_shared.yaml#/search\n');
  const file = 'a saved agent has no file_search tool and no vector stores; an MCP server is the alternative: left out';
  const r = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents']);
  expect(r.code).toBe(1);
  const lines = r.stderr.split('\n');
  // At the definition: its $ref (the key, where the definition writes it and the fragment what it holds).
  expect(lines).toContain(`assistants/support/bot.yaml:4:11: tools[0] — ${file}`);
  expect(lines).toContain('assistants/support/bot.yaml:5:26: response_format.json_schema.name — an agent\'s json_schema format has no name: dropped');
  expect(lines).toContain('assistants/support/bot.yaml:6:1: tool_resources — an agent holds no files or vector stores: left out');
  expect(lines).toContain(`assistants/support/desk.yaml:5:11: tools[1] — ${file}`);
  // At the fragment, after the definitions, in its order: one line a place, naming what includes it (and at which path, where they differ).
  const inFragment = lines.filter((l) => l.startsWith('assistants/_shared.yaml:'));
  expect(inFragment).toEqual([
    `assistants/_shared.yaml:1:1: ${file} (in a $ref fragment, which assistants/support/bot.yaml at tools[0] and assistants/support/desk.yaml at tools[1] include)`,
    'assistants/_shared.yaml:5:18: response_format.json_schema.name — an agent\'s json_schema format has no name: dropped (in a $ref fragment, which assistants/support/bot.yaml includes)',
    'assistants/_shared.yaml:6:1: tool_resources.file_search — an agent holds no files or vector stores: left out (in a $ref fragment, which assistants/support/bot.yaml includes)',
  ]);
  expect(lines.indexOf(inFragment[0]!)).toBeGreaterThan(lines.indexOf(`assistants/support/desk.yaml:5:11: tools[1] — ${file}`));
  // The JSON error document locates each at its file, the fragment's too.
  const json = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--format', 'json']);
  const located = (JSON.parse(json.stdout) as { diagnostics: Array<{ file: string; line: number; column: number; path: string }> }).diagnostics;
  expect(located).toContainEqual(expect.objectContaining({ file: 'assistants/_shared.yaml', line: 5, column: 18, path: 'response_format.json_schema.name' }));
  expect(located).toContainEqual(expect.objectContaining({ file: 'assistants/_shared.yaml', line: 1, column: 1, path: '' }));
  // Five fields lost, each counted once, though listed at eight places.
  expect(r.stderr).toContain('Error: 5 fields have no counterpart in openai-agents; nothing was written');
  const accepted = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(accepted.code, accepted.stderr).toBe(0);
  expect(accepted.stdout).toContain('5 fields dropped (no counterpart in openai-agents), as --accept-losses accepted:\n');
  expect(accepted.stdout.split('\n').filter((l) => l.startsWith('  assistants/'))).toHaveLength(8);
  expect(accepted.stdout).toContain(', 5 fields dropped as accepted.');
});

test('a loss listed at the definition\'s $ref and at the fragment\'s line is one field: counted once', async () => {
  write('assistants/_tools.yaml', 'search:\n  type: file_search\n');
  write('assistants/support/bot.yaml', 'model: gpt-4o\nname: Bot\ntools:\n  - $ref: ../_tools.yaml#/search\n');
  const refused = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents']);
  expect(refused.code).toBe(1);
  const listed = refused.stderr.split('\n').filter((l) => / — a saved agent has no file_search tool/.test(l));
  expect(listed.map((l) => l.split(':')[0])).toEqual(['assistants/support/bot.yaml', 'assistants/_tools.yaml']);
  expect(refused.stderr).toContain('Error: 1 field has no counterpart in openai-agents; nothing was written');
  const accepted = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(accepted.code, accepted.stderr).toBe(0);
  expect(accepted.stdout).toContain('1 field dropped (no counterpart in openai-agents), as --accept-losses accepted:\n');
  expect(accepted.stdout).toContain(', 1 field dropped as accepted.');
});
