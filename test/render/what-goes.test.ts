// What a plan shows, end to end through the CLI against the emulator over HTTP: what goes, with its
// value (a metadata key, a json_schema, a deleted assistant), a reordered tool as one move, and a
// create as written with what the server fills in marked.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../apply/helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const lookup = { type: 'function', function: { name: 'lookup', description: 'Find an order.', parameters: { type: 'object', properties: {} } } };
const schema = { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { text: { type: 'string' } } } } };

describe('the text and markdown plan', () => {
  it('shows removed values, a removed json_schema with its schema, a reordered tool as a move, and a deleted assistant with what goes', async () => {
    h = await harness({
      bot: { model: 'gpt-4o', name: 'Bot', tools: [lookup, { type: 'code_interpreter' }], metadata: { owner: 'alice', team: 'x' }, response_format: schema },
      old: { model: 'gpt-4o-mini', name: 'Old Bot' },
    });
    expect((await h.cli(['apply', '--yes'])).code).toBe(0);
    h.ws.write('bot', { model: 'gpt-4o', name: 'Bot', tools: [{ type: 'code_interpreter' }, lookup], metadata: { team: 'x' } });
    h.ws.remove('old');
    const text = await h.cli(['plan', '--prune']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('      - owner = "alice" → null');
    expect(text.stdout).toContain('      ~ tools[1]: function lookup (moved from tools[0])');
    expect(text.stdout).not.toContain('+ tools[1]');
    // The dropped response_format is sent as null, the API's reset: one entry saying so (not the
    // default "auto" it is compared as), with what goes below it.
    expect(text.stdout).toMatch(/~ response_format: \(reset: the host's default applies\)\n {10}- type = "json_schema" → null\n {10}- json_schema:\n {14}- name = "answer" → null\n {14}- schema:/);
    expect(text.stdout).not.toContain('+ response_format');
    expect(text.stdout).toMatch(/- old \(asst_\w+\) \(delete: no longer defined\)\n {6}- model = "gpt-4o-mini" → null\n {6}- name = "Old Bot" → null/);
    const md = await h.cli(['plan', '--prune', '--format', 'markdown']);
    expect(md.stdout).toContain('-   owner = "alice"');
    expect(md.stdout).toContain('  tools[1]: function lookup (moved from tools[0])');
    expect(md.stdout).toContain('- name = "Old Bot"');
  });

  it('shows a tool that moved and changed as moved, with its changes, in text and markdown; JSON has both places', async () => {
    const fn = (name: string, description?: string) => ({ type: 'function', function: { name, ...(description ? { description } : {}) } });
    h = await harness({ bot: { model: 'gpt-4o', tools: [{ type: 'code_interpreter' }, { type: 'file_search' }, fn('loose'), fn('get_invoice', 'old')] } });
    expect((await h.cli(['apply', '--yes'])).code).toBe(0);
    h.ws.write('bot', { model: 'gpt-4o', tools: [fn('get_invoice', 'new'), fn('loose'), { type: 'file_search' }, { type: 'code_interpreter' }] });
    const text = await h.cli(['plan']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/~ tools\[0\]: function get_invoice \(moved from tools\[3\]\)\n +~ function\.description: "old" → "new"/);
    // Of the other three, reversed around it, all but one (the one the rest are aligned with) moved.
    expect(text.stdout.match(/\(moved from tools\[\d\]\)/g)).toHaveLength(3);
    expect(text.stdout).not.toMatch(/^ *[+-] tools\[/m);
    const md = await h.cli(['plan', '--format', 'markdown']);
    expect(md.stdout).toContain('tools[0]: function get_invoice (moved from tools[3])');
    const json = JSON.parse((await h.cli(['plan', '--format', 'json'])).stdout);
    const [change] = json.resource_changes;
    expect(change.before.tools[3].function).toMatchObject({ name: 'get_invoice', description: 'old' });
    expect(change.after.tools[0].function).toMatchObject({ name: 'get_invoice', description: 'new' });
  });

  it('shows a tool changed in place without a move, beside an insertion that shifts it', async () => {
    const fn = (name: string, description?: string) => ({ type: 'function', function: { name, ...(description ? { description } : {}) } });
    h = await harness({ bot: { model: 'gpt-4o', tools: [fn('a'), fn('b', 'old'), fn('c')] } });
    expect((await h.cli(['apply', '--yes'])).code).toBe(0);
    h.ws.write('bot', { model: 'gpt-4o', tools: [{ type: 'code_interpreter' }, fn('a'), fn('b', 'new'), fn('c')] });
    const text = await h.cli(['plan']);
    expect(text.stdout).toMatch(/~ tools\[2\]: function b\n +~ function\.description: "old" → "new"/);
    expect(text.stdout).toContain('+ tools[0]: code_interpreter');
    expect(text.stdout).not.toContain('moved from');
  });

  it('shows a field the update resets with null as sent (a switch to a reasoning model), in text, markdown and a saved plan', async () => {
    h = await harness({ r: { model: 'gpt-4o', name: 'R', temperature: 0.5, top_p: 0.9 } });
    expect((await h.cli(['apply', '--yes'])).code).toBe(0);
    h.ws.write('r', { model: 'o3-mini', name: 'R', reasoning_effort: 'low' });
    const text = await h.cli(['plan', '--out', 'p.json']);
    expect(text.code, text.stderr).toBe(0);
    const reset = "(reset: the host's default applies)";
    expect(text.stdout).toContain(`      ~ temperature: 0.5 → null ${reset}\n      ~ top_p: 0.9 → null ${reset}\n`);
    const shown = await h.cli(['show', 'p.json']);
    expect(shown.stdout).toContain(`      ~ temperature: 0.5 → null ${reset}`);
    const md = await h.cli(['show', 'p.json', '--format', 'markdown']);
    expect(md.stdout).toContain(`- temperature = 0.5\n+ temperature = null ${reset}\n- top_p = 0.9\n+ top_p = null ${reset}\n`);
    // What the views say is what the body sends.
    const doc = JSON.parse((await h.cli(['show', 'p.json', '--format', 'json'])).stdout);
    expect(doc.resource_changes[0].body).toMatchObject({ temperature: null, top_p: null });
  });

  it('shows a create as written, in the file\'s order, with server-filled values folded into one line', async () => {
    h = await harness();
    h.ws.write('new', { name: 'New', model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }] });
    const r = await h.cli(['plan']);
    expect(r.stdout).toContain(
      [
        '  + new (create)',
        '      + model = "gpt-4o"',
        '      + name = "New"',
        '      + tools[0]: function f',
        '          + function:',
        '              + name = "f"',
        '              + parameters:',
        '                  + type = "object"',
        '                  + properties = {}',
        '      (server defaults: tools[0].function.strict = false, temperature = 1, top_p = 1, response_format = "auto")',
        '',
      ].join('\n'),
    );
  });
});

/**
 * The keys drawn under `field` in a text or markdown plan, in the order drawn (`- name = …`, `- schema:`;
 * markdown puts the marker first, a blank for `~`); the field's own line may end in a note (`(reset: …)`).
 */
function keysDrawn(out: string, field: string): string[] {
  const entry = (line: string) => /^(\s*[-~]?\s+)(\w+)(?: =|:)/.exec(line);
  const lines = out.split('\n');
  const start = lines.findIndex((l) => entry(l)?.[2] === field && /:( \(.*\))?$/.test(l));
  expect(start, out).toBeGreaterThanOrEqual(0);
  const depth = entry(lines[start]!)![1]!.length;
  const keys: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = entry(line);
    if (!m || m[1]!.length <= depth) break;
    keys.push(m[2]!);
  }
  return keys;
}

describe('what goes is drawn as the server sent it, never in the alphabet\'s order', () => {
  // The order written, which the server stores and sends back: no two neighbours in the alphabet's order.
  const written = {
    type: 'json_schema',
    json_schema: {
      name: 'answer',
      strict: true,
      schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
    },
  };
  const drawn = ['type', 'json_schema', 'name', 'strict', 'schema', 'type', 'properties', 'text', 'type', 'required', 'additionalProperties'];

  it('a removed json_schema response format, in text, markdown and the JSON plan', async () => {
    h = await harness({ bot: { model: 'gpt-4o', name: 'Bot', response_format: written } });
    expect((await h.cli(['apply', '--yes'])).code).toBe(0);
    h.ws.write('bot', { model: 'gpt-4o', name: 'Bot' });
    const text = await h.cli(['plan', '--no-color']);
    expect(keysDrawn(text.stdout, 'response_format')).toEqual(drawn);
    const md = await h.cli(['plan', '--format', 'markdown']);
    expect(keysDrawn(md.stdout, 'response_format')).toEqual(drawn);
    const doc = JSON.parse((await h.cli(['plan', '--format', 'json'])).stdout);
    const before = doc.resource_changes[0].before.response_format;
    expect(Object.keys(before.json_schema)).toEqual(['name', 'strict', 'schema']);
    expect(Object.keys(before.json_schema.schema)).toEqual(['type', 'properties', 'required', 'additionalProperties']);
  });

  it('a deleted assistant\'s response format, and the same from a saved plan', async () => {
    h = await harness({ bot: { model: 'gpt-4o', name: 'Bot', response_format: written }, keep: { model: 'gpt-4o' } });
    expect((await h.cli(['apply', '--yes'])).code).toBe(0);
    h.ws.remove('bot');
    const text = await h.cli(['plan', '--prune', '--no-color', '--out', 'plan.json']);
    expect(keysDrawn(text.stdout, 'response_format')).toEqual(drawn);
    const shown = await h.cli(['show', 'plan.json', '--no-color']);
    expect(keysDrawn(shown.stdout, 'response_format')).toEqual(drawn);
  });
});
