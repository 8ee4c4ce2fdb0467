// Whatever a definition says, the assistant the server stores from it (the emulator's fills, each
// taken from recorded live traffic) must normalize to the same thing: no perpetual diffs.
import fc from '../helpers/fast-check.js';
import { describe, expect, it } from 'vitest';
import { assemble, fillField, FOUNDRY_FILLS, OPENAI_FILLS, type FillProfile } from '../../src/backends/assistants/emulator/server-fills.js';
import type { AssistantSpec } from '../../src/backends/assistants/assistant.js';
import { SPEC_FIELDS } from '../../src/backends/assistants/assistant.js';
import { diffSpecs } from '../../src/plan/diff.js';
import { comparableDesired, normalize } from '../../src/backends/assistants/normalize.js';
import { SERVER_DEFAULTS } from '../../src/backends/assistants/server-defaults.js';
import type { ServerDefaults } from '../../src/backends/backend.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(undefined), fc.constant(null));
// Keys that are data (metadata, a schema's properties) may be any string, `__proto__` too.
const dataKey = (plain: fc.Arbitrary<string>) => fc.oneof(plain, fc.constantFrom('__proto__', 'constructor', 'toString'));
const metadataKey = dataKey(fc.stringMatching(/^[a-z]{1,6}$/));

const jsonSchema = fc
  .dictionary(dataKey(fc.string({ minLength: 1, maxLength: 8 })), fc.record({ type: fc.constantFrom('string', 'number', 'boolean') }), { maxKeys: 4, noNullPrototype: true })
  .map((properties) => ({ type: 'object', properties }));

/**
 * What a host's API accepts, as far as the fills go: Foundry classic agents have no `strict` on
 * functions and json_schema formats, no `reasoning_effort`, and require a ranking's `ranker`
 * (a free string there), azure-foundry/AGENTS.md part 1, "Missing fields" and `FileSearchRankingOptions`.
 */
interface Host {
  name: string;
  fills: FillProfile;
  defaults: ServerDefaults;
}
const HOSTS: Host[] = [
  { name: 'OpenAI', fills: OPENAI_FILLS, defaults: SERVER_DEFAULTS.openai },
  { name: 'Foundry classic', fills: FOUNDRY_FILLS, defaults: SERVER_DEFAULTS.foundry },
];

const strict = (host: Host) => (host.fills.openaiToolFills ? fc.constantFrom(true, false, null) : fc.constant(undefined));
const withoutUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const tool = (host: Host) => fc.oneof(
  fc.constant({ type: 'code_interpreter' }),
  fc.record(
    {
      type: fc.constant('file_search'),
      file_search: fc.record(
        {
          max_num_results: fc.integer({ min: 1, max: 50 }),
          ranking_options: fc.record(
            { ranker: fc.constantFrom('auto', 'default_2024_08_21'), score_threshold: fc.double({ min: 0, max: 1, noNaN: true }) },
            { requiredKeys: host.fills.openaiToolFills ? ['score_threshold'] : ['ranker', 'score_threshold'] },
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
      { name: fc.stringMatching(/^[a-z_]{1,12}$/), description: fc.string({ maxLength: 20 }), parameters: jsonSchema, strict: strict(host) },
      { requiredKeys: ['name'] },
    ).map(withoutUndefined),
  }),
);

const responseFormat = (host: Host) => fc.oneof(
  fc.constant('auto'),
  fc.constant({ type: 'text' }),
  fc.constant({ type: 'json_object' }),
  fc.record({
    type: fc.constant('json_schema'),
    json_schema: fc.record({ name: fc.stringMatching(/^[a-z]{1,8}$/), schema: jsonSchema, strict: strict(host) }, { requiredKeys: ['name'] }).map(withoutUndefined),
  }),
);

const spec = (host: Host) => fc.record(
  {
    model: fc.constantFrom('gpt-4o', 'gpt-4o-mini'),
    name: maybe(fc.string({ maxLength: 20 })),
    description: maybe(fc.string({ maxLength: 20 })),
    instructions: maybe(fc.string({ maxLength: 40 })),
    tools: maybe(fc.array(tool(host), { maxLength: 4 })),
    tool_resources: maybe(
      fc.record({ code_interpreter: fc.record({ file_ids: fc.array(fc.stringMatching(/^file-[a-z0-9]{4}$/), { maxLength: 2 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    ),
    metadata: maybe(fc.dictionary(metadataKey, fc.string({ maxLength: 10 }), { maxKeys: 5, noNullPrototype: true })),
    temperature: maybe(fc.double({ min: 0, max: 2, noNaN: true })),
    top_p: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
    response_format: maybe(responseFormat(host)),
    reasoning_effort: host.fills.reasoningEffort ? maybe(fc.constantFrom('low', 'medium', 'high')) : fc.constant(undefined),
  },
  { requiredKeys: ['model'] },
).map(withoutUndefined) as fc.Arbitrary<AssistantSpec>;

/** A value of `field` that differs from `s`'s (for metadata, in the value of `key`). */
function changedValue(s: AssistantSpec, field: 'name' | 'instructions' | 'temperature' | 'metadata', key: string): unknown {
  if (field === 'temperature') return (s.temperature ?? 1) === 0.25 ? 0.5 : 0.25;
  // A computed key is an own field even when it is `__proto__`.
  if (field === 'metadata') return { ...s.metadata, [key]: `${Object.hasOwn(s.metadata ?? {}, key) ? s.metadata![key] : ''}!` };
  return `${String(s[field] ?? '')}!`;
}

/** What the host's emulator stores for a create with this body (the fields only, as a backend maps them; a field the host does not send back is absent). */
function stored(body: AssistantSpec, host: Host = HOSTS[0]!): AssistantSpec {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (v !== undefined) fields[k] = fillField(k, v, host.fills);
  const wire = assemble(fields, host.fills);
  return Object.fromEntries(SPEC_FIELDS.filter((f) => f in wire).map((f) => [f, wire[f]])) as unknown as AssistantSpec;
}

/** The diff a plan makes: live `server` before, definition `s` after, made comparable. */
function planDiff(server: AssistantSpec, s: AssistantSpec, host: Host = HOSTS[0]!): ReturnType<typeof diffSpecs> {
  const before = normalize(server, host.defaults);
  return diffSpecs(before, comparableDesired(before, normalize(s, host.defaults), host.defaults), ASSISTANT);
}

describe.each(HOSTS)('normalize against the server fills of $name', (host) => {
  it('finds no difference between any definition and what the server stored from it', () => {
    fc.assert(
      fc.property(spec(host), (s) => {
        const { fieldChanges } = planDiff(stored(s, host), s, host);
        expect(fieldChanges).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds exactly the field two definitions differ in', () => {
    fc.assert(
      fc.property(spec(host), fc.constantFrom('name', 'instructions', 'temperature', 'metadata'), metadataKey, (s, field, key) => {
        const changed = { ...s, [field]: changedValue(s, field, key) };
        const { fieldChanges } = planDiff(stored(s, host), changed, host);
        expect(fieldChanges.map((c) => c.field)).toEqual([field]);
      }),
      { numRuns: 200 },
    );
  });

  it('finds a change to a metadata key or a schema property named __proto__', () => {
    const s = JSON.parse('{"model": "gpt-4o", "metadata": {"__proto__": "a"}, "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {"__proto__": {"type": "string"}}}}}]}') as AssistantSpec;
    expect(planDiff(stored(s, host), s, host).fieldChanges).toEqual([]);
    expect(planDiff(stored(s, host), { ...s, metadata: changedValue(s, 'metadata', '__proto__') }, host).fieldChanges.map((c) => c.field)).toEqual(['metadata']);
    const tools = JSON.parse(JSON.stringify(s.tools).replace('"string"', '"number"')) as AssistantSpec['tools'];
    expect(planDiff(stored(s, host), { ...s, tools }, host).fieldChanges.map((c) => c.field)).toEqual(['tools']);
  });
});
