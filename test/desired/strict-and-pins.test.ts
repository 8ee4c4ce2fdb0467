// Strict mode's schema rules and `id:` pins checked at validate time (issue 19): what the API
// would refuse at apply time is a located error now, with the fix in the hint.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, errors, load } from './helpers.js';

afterEach(cleanupTrees);

const strictFunction = (parameters: string) =>
  `model: gpt-4o
tools:
  - type: function
    function:
      name: lookup
      strict: true
      parameters:
${parameters.replace(/^/gm, '        ')}
`;

describe('strict mode schemas', () => {
  it('refuses a strict function whose object lacks additionalProperties: false or a required property, at the right place', async () => {
    const r = await load({
      'assistants/a.yaml': strictFunction(`type: object
properties:
  order: { type: string }
  note: { type: string }
required: [order]`),
    });
    expect(errors(r).map((d) => [d.location.line, d.location.column, d.code, d.message, d.hint])).toEqual([
      [7, 7, 'strict-schema', 'tools[0].function.parameters: strict mode needs `additionalProperties: false` on every object, and this one has none', 'add `additionalProperties: false` to this object (or set strict: false)'],
      [12, 19, 'strict-schema', "tools[0].function.parameters: strict mode needs every property in `required`; 'note' is not", 'write `required: [order, note]`, and make an optional property nullable (e.g. `type: [string, "null"]`) (or set strict: false)'],
    ]);
  });

  it('checks nested objects, array items, anyOf branches and $defs', async () => {
    const r = await load({
      'assistants/a.yaml': strictFunction(`type: object
additionalProperties: false
required: [lines, ship, who]
properties:
  lines:
    type: array
    items: { type: object, properties: { sku: { type: string } }, required: [sku] }
  ship:
    anyOf:
      - { type: object, properties: { to: { type: string } }, required: [to], additionalProperties: true }
      - { type: "null" }
  who: { $ref: "#/$defs/person" }
$defs:
  person: { type: object, properties: { name: { type: string } }, additionalProperties: false }`),
    });
    expect(errors(r).map((d) => d.message.split(':')[0] + ' ' + d.path)).toEqual([
      'tools[0].function.parameters.properties.lines.items tools[0].function.parameters.properties.lines.items',
      'tools[0].function.parameters.properties.ship.anyOf[0] tools[0].function.parameters.properties.ship.anyOf[0].additionalProperties',
      'tools[0].function.parameters.$defs.person tools[0].function.parameters.$defs.person',
    ]);
  });

  it('accepts a compliant strict function, and does not apply the rules without strict: true', async () => {
    const ok = await load({ 'assistants/a.yaml': strictFunction('{ type: object, properties: { q: { type: string } }, required: [q], additionalProperties: false }') });
    expect(errors(ok)).toEqual([]);
    const loose = await load({ 'assistants/a.yaml': strictFunction('{ type: object, properties: { q: { type: string } } }').replace('strict: true', 'strict: false') });
    expect(errors(loose)).toEqual([]);
  });

  it('names at most 20 of the properties missing from `required`, and how many more', async () => {
    const names = Array.from({ length: 30_000 }, (_, i) => `p${i}`);
    const properties = Object.fromEntries(names.map((n) => [n, { type: 'string' }]));
    const r = await load({
      'assistants/a.yaml': JSON.stringify({ model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f', strict: true, parameters: { type: 'object', properties, required: ['p0'], additionalProperties: false } } }] }),
    });
    const [d] = errors(r);
    expect(d!.message).toBe(`tools[0].function.parameters: strict mode needs every property in \`required\`; ${names.slice(1, 21).map((n) => `'${n}'`).join(', ')} and ${30_000 - 21} more are not`);
    expect(d!.hint).toBe('list every property in `required`, and make an optional property nullable (e.g. `type: [string, "null"]`) (or set strict: false)');
  });

  it('applies to response_format json_schema with strict: true', async () => {
    const r = await load({
      'assistants/a.yaml': `model: gpt-4o
response_format:
  type: json_schema
  json_schema:
    name: notes
    strict: true
    schema: { type: object, properties: { title: { type: string } }, additionalProperties: false }
`,
    });
    expect(errors(r).map((d) => [d.code, d.message])).toEqual([
      ['strict-schema', "response_format.json_schema.schema: strict mode needs every property in `required`; 'title' is not"],
    ]);
  });
});

describe('id: pins', () => {
  const VALID = 'asst_0123456789abcdefghijklmn';

  it('refuses an id that is not the protocol form under openai, with the fix', async () => {
    const r = await load({ 'assistants/a.yaml': 'model: m\nid: assistant-42\n' });
    expect(errors(r).map((d) => [d.location.line, d.location.column, d.code, d.message])).toEqual([
      [2, 5, 'invalid-id', "id 'assistant-42' is not an assistant id of provider openai: ids are asst_ followed by 24 letters and digits"],
    ]);
    expect(errors(r)[0]!.hint).toContain('`aac import` writes pins for you');
    expect(errors(await load({ 'assistants/a.yaml': `model: m\nid: ${VALID}\n` }))).toEqual([]);
  });

  it('only warns under a host that documents no id format (foundry)', async () => {
    const r = await load({ 'assistants/a.yaml': 'model: m\nid: agent-42\n' }, 'foundry');
    expect(errors(r)).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'invalid-id']]);
  });

  it('stops a plan before any write, against the emulator', async () => {
    const emu: RunningEmulator = await startEmulator({ apiKey: 'sk-pin-000000000000' });
    try {
      const r = await load({ 'assistants/a.yaml': 'model: gpt-4o\nid: asst_123\n' });
      const plan = await runCli(['plan'], { cwd: r.root, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-pin-000000000000' } });
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain("assistants/a.yaml:2:5: error: id 'asst_123' is not an assistant id of provider openai");
      expect(Object.keys(emu.stats().byRoute).every((route) => route.startsWith('GET '))).toBe(true);
    } finally {
      await emu.close();
    }
  });
});

describe('unknown fields named like Object.prototype members', () => {
  it.each(['__proto__', 'toString', 'constructor'])('%s gets a string hint, not an internal error', async (field) => {
    const r = await load({ 'assistants/a.yaml': `model: m\n${field}: false\n` });
    const d = errors(r).find((e) => e.code === 'unknown-field')!;
    expect(typeof d.hint).toBe('string');
    expect(d.message).toContain(field);
  });
});
