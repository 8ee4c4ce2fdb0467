// Keys that are data — a metadata key, a property of a function's JSON Schema — may be any string,
// `__proto__` too: planned, written, shown and saved like any other, never lost to a prototype.
import { expect, it } from 'vitest';
import { harness } from '../apply/helpers.js';
import { TEST_MARKER } from '../helpers/cli.js';

/** A definition whose metadata and function parameters have keys named like members of Object.prototype. */
const withProto = (value: string) => {
  const type = value === 'one' ? 'string' : 'number';
  const added = value === 'one' ? '' : ', "constructor": "new"';
  return JSON.parse(`{"model": "gpt-4o", "metadata": {"__proto__": "${value}", "team": "a"${added}}, "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {"__proto__": {"type": "${type}"}, "constructor": {"type": "${type}"}}}}}]}`) as Record<string, unknown>;
};

it('a key named __proto__ is created, changed through a saved plan, shown, and converges', async () => {
  const h = await harness({ bot: withProto('one') });
  try {
    const created = await h.cli(['apply', '--yes']);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    const stored = () => h.emu.resources()[0]!;
    expect(Object.entries(stored().metadata as object)).toEqual([['__proto__', 'one'], ['team', 'a'], [TEST_MARKER, 'bot']]);
    expect(JSON.stringify(stored().tools)).toContain('"properties":{"__proto__":{"type":"string"},"constructor":{"type":"string"}}');

    h.ws.write('bot', withProto('two'));
    const plan = await h.cli(['plan', '--out', 'plan.json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('~ __proto__: "one" → "two"');
    expect(plan.stdout).toContain('+ constructor = "new"');
    expect(plan.stdout).toContain('~ function.parameters.properties.__proto__.type: "string" → "number"');
    expect(plan.stdout).toContain('~ function.parameters.properties.constructor.type: "string" → "number"');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to modify');
    const applied = await h.cli(['apply', 'plan.json']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((stored().metadata as Record<string, string>)['__proto__']).toBe('two');
    expect(JSON.stringify(stored().tools)).toContain('"properties":{"__proto__":{"type":"number"},"constructor":{"type":"number"}}');

    const again = await h.cli(['plan', '--detailed-exitcode']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  } finally {
    await h.close();
  }
});
