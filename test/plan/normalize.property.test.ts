// Whatever a definition says, the assistant the server stores from it (the emulator's fills, each
// taken from recorded live traffic) must normalize to the same thing: no perpetual diffs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, fillField, OPENAI_FILLS } from '../../src/backends/assistants/emulator/server-fills.js';
import type { AssistantSpec } from '../../src/backends/assistants/assistant.js';
import { SPEC_FIELDS } from '../../src/backends/assistants/assistant.js';
import { diffSpecs } from '../../src/plan/diff.js';
import { comparableDesired, normalize } from '../../src/backends/assistants/normalize.js';
import { DEFAULTS } from './fixtures.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(undefined), fc.constant(null));
// Keys that are data (metadata, a schema's properties) may be any string, `__proto__` too.
const dataKey = (plain: fc.Arbitrary<string>) => fc.oneof(plain, fc.constantFrom('__proto__', 'constructor', 'toString'));
const metadataKey = dataKey(fc.stringMatching(/^[a-z]{1,6}$/));

const jsonSchema = fc
  .dictionary(dataKey(fc.string({ minLength: 1, maxLength: 8 })), fc.record({ type: fc.constantFrom('string', 'number', 'boolean') }), { maxKeys: 4, noNullPrototype: true })
  .map((properties) => ({ type: 'object', properties }));

const tool = fc.oneof(
  fc.constant({ type: 'code_interpreter' }),
  fc.record(
    {
      type: fc.constant('file_search'),
      file_search: fc.record(
        {
          max_num_results: fc.integer({ min: 1, max: 50 }),
          ranking_options: fc.record(
            { ranker: fc.constantFrom('auto', 'default_2024_08_21'), score_threshold: fc.double({ min: 0, max: 1, noNaN: true }) },
            { requiredKeys: ['score_threshold'] },
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({
    type: fc.constant('function'),
    function: fc.record(
      { name: fc.stringMatching(/^[a-z_]{1,12}$/), description: fc.string({ maxLength: 20 }), parameters: jsonSchema, strict: fc.constantFrom(true, false, null) },
      { requiredKeys: ['name'] },
    ),
  }),
);

const responseFormat = fc.oneof(
  fc.constant('auto'),
  fc.constant({ type: 'text' }),
  fc.constant({ type: 'json_object' }),
  fc.record({
    type: fc.constant('json_schema'),
    json_schema: fc.record({ name: fc.stringMatching(/^[a-z]{1,8}$/), schema: jsonSchema, strict: fc.constantFrom(true, false, null) }, { requiredKeys: ['name'] }),
  }),
);

const spec = fc.record(
  {
    model: fc.constantFrom('gpt-4o', 'gpt-4o-mini'),
    name: maybe(fc.string({ maxLength: 20 })),
    description: maybe(fc.string({ maxLength: 20 })),
    instructions: maybe(fc.string({ maxLength: 40 })),
    tools: maybe(fc.array(tool, { maxLength: 4 })),
    tool_resources: maybe(
      fc.record({ code_interpreter: fc.record({ file_ids: fc.array(fc.stringMatching(/^file-[a-z0-9]{4}$/), { maxLength: 2 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    ),
    metadata: maybe(fc.dictionary(metadataKey, fc.string({ maxLength: 10 }), { maxKeys: 5, noNullPrototype: true })),
    temperature: maybe(fc.double({ min: 0, max: 2, noNaN: true })),
    top_p: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
    response_format: maybe(responseFormat),
    reasoning_effort: maybe(fc.constantFrom('low', 'medium', 'high')),
  },
  { requiredKeys: ['model'] },
) as fc.Arbitrary<AssistantSpec>;

/** A value of `field` that differs from `s`'s (for metadata, in the value of `key`). */
function changedValue(s: AssistantSpec, field: 'name' | 'instructions' | 'temperature' | 'metadata', key: string): unknown {
  if (field === 'temperature') return (s.temperature ?? 1) === 0.25 ? 0.5 : 0.25;
  // A computed key is an own field even when it is `__proto__`.
  if (field === 'metadata') return { ...s.metadata, [key]: `${Object.hasOwn(s.metadata ?? {}, key) ? s.metadata![key] : ''}!` };
  return `${String(s[field] ?? '')}!`;
}

/** What the emulator stores for a create with this body (the fields only, as a backend maps them). */
function stored(body: AssistantSpec): AssistantSpec {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (v !== undefined) fields[k] = fillField(k, v, OPENAI_FILLS);
  const wire = assemble(fields, OPENAI_FILLS);
  return Object.fromEntries(SPEC_FIELDS.map((f) => [f, wire[f]])) as unknown as AssistantSpec;
}

/** The diff a plan makes: live `server` before, definition `s` after, made comparable. */
function planDiff(server: AssistantSpec, s: AssistantSpec): ReturnType<typeof diffSpecs> {
  const before = normalize(server, DEFAULTS);
  return diffSpecs(before, comparableDesired(before, normalize(s, DEFAULTS), DEFAULTS), ASSISTANT);
}

describe('normalize against the server fills', () => {
  it('finds no difference between any definition and what the server stored from it', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const { fieldChanges } = planDiff(stored(s), s);
        expect(fieldChanges).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds exactly the field two definitions differ in', () => {
    fc.assert(
      fc.property(spec, fc.constantFrom('name', 'instructions', 'temperature', 'metadata'), metadataKey, (s, field, key) => {
        const changed = { ...s, [field]: changedValue(s, field, key) };
        const { fieldChanges } = planDiff(stored(s), changed);
        expect(fieldChanges.map((c) => c.field)).toEqual([field]);
      }),
      { numRuns: 200 },
    );
  });

  it('finds a change to a metadata key or a schema property named __proto__', () => {
    const s = JSON.parse('{"model": "gpt-4o", "metadata": {"__proto__": "a"}, "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {"__proto__": {"type": "string"}}}}}]}') as AssistantSpec;
    expect(planDiff(stored(s), s).fieldChanges).toEqual([]);
    expect(planDiff(stored(s), { ...s, metadata: changedValue(s, 'metadata', '__proto__') }).fieldChanges.map((c) => c.field)).toEqual(['metadata']);
    const tools = JSON.parse(JSON.stringify(s.tools).replace('"string"', '"number"')) as AssistantSpec['tools'];
    expect(planDiff(stored(s), { ...s, tools }).fieldChanges.map((c) => c.field)).toEqual(['tools']);
  });
});
