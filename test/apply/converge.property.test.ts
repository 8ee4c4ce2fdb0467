// Property: for any valid definitions, apply makes the live state match them so exactly that the
// next plan shows no changes — for creates, and for modifies from one arbitrary state to another.
import fc from '../helpers/fast-check.js';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers.js';

const text = (maxLength: number) => fc.string({ maxLength });
const multiline = fc.array(fc.string({ maxLength: 40 }), { maxLength: 4 }).map((lines) => lines.join('\n'));
const hundredths = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((n) => n / 100);
const ident = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,20}$/);

// Strict-mode compliant (every property required, no others allowed), so `strict: true` is valid.
const jsonSchema = fc
  .record({
    type: fc.constant('object'),
    properties: fc.dictionary(ident, fc.constantFrom({ type: 'string' }, { type: 'number', description: 'n' }, { type: 'boolean' }), { maxKeys: 3 }),
  })
  .map((s) => ({ ...s, required: Object.keys(s.properties), additionalProperties: false }));

const functionTool = fc.record(
  {
    type: fc.constant('function'),
    function: fc.record(
      { name: ident, description: text(30), parameters: jsonSchema, strict: fc.boolean() },
      { requiredKeys: ['name'] },
    ),
  },
  { requiredKeys: ['type', 'function'] },
);
const fileSearchTool = fc.record(
  {
    type: fc.constant('file_search'),
    file_search: fc.record(
      {
        max_num_results: fc.integer({ min: 1, max: 50 }),
        ranking_options: fc.record(
          { ranker: fc.constantFrom('auto', 'default_2024_08_21'), score_threshold: hundredths(1) },
          { requiredKeys: ['score_threshold'] },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['type'] },
);

const tools = fc
  .record({
    code: fc.boolean(),
    fileSearch: fc.option(fileSearchTool, { nil: undefined }),
    functions: fc.uniqueArray(functionTool, { maxLength: 3, selector: (t) => t.function.name }),
  })
  .map(({ code, fileSearch, functions }) => [
    ...(code ? [{ type: 'code_interpreter' }] : []),
    ...(fileSearch ? [fileSearch] : []),
    ...functions,
  ]);

const toolResources = fc.record(
  {
    code_interpreter: fc.record({ file_ids: fc.uniqueArray(fc.stringMatching(/^file-[a-z0-9]{4,8}$/), { maxLength: 3 }) }),
    file_search: fc.record({ vector_store_ids: fc.uniqueArray(fc.stringMatching(/^vs_[a-z0-9]{4,8}$/), { maxLength: 1 }) }),
  },
  { requiredKeys: [] },
);

const responseFormat = fc.oneof(
  fc.constant('auto'),
  fc.constant({ type: 'text' }),
  fc.constant({ type: 'json_object' }),
  fc.record(
    { type: fc.constant('json_schema'), json_schema: fc.record({ name: ident, schema: jsonSchema, strict: fc.boolean() }, { requiredKeys: ['name'] }) },
  ),
);

const spec = fc.record(
  {
    model: fc.constantFrom('gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3-mini'),
    name: fc.option(text(60), { nil: null }),
    description: fc.option(text(80), { nil: null }),
    instructions: fc.option(multiline, { nil: null }),
    tools,
    tool_resources: toolResources,
    // Not "": a host that merges metadata deletes a key sent with "", so an update cannot store
    // that value there (plan warns of it and apply refuses; see empty-metadata.test.ts).
    // Keys are the user's: `__proto__` must be written and compared as any other.
    metadata: fc.dictionary(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,15}$/), fc.constant('__proto__')), fc.string({ minLength: 1, maxLength: 40 }), { maxKeys: 6, noNullPrototype: true }),
    temperature: fc.option(hundredths(2), { nil: null }),
    top_p: fc.option(hundredths(1), { nil: null }),
    response_format: responseFormat,
    reasoning_effort: fc.constantFrom('low', 'medium', 'high', null),
  },
  { requiredKeys: ['model'] },
).map(({ tool_resources, ...rest }) => {
  // validate refuses resources for a tool that is not enabled: keep only those of enabled tools.
  const enabled = new Set((rest.tools ?? []).map((t) => t.type));
  const kept = Object.fromEntries(Object.entries(tool_resources ?? {}).filter(([tool]) => enabled.has(tool)));
  return tool_resources === undefined ? rest : { ...rest, tool_resources: kept };
});

/** One to three assistants, each with a first and a second definition. */
const fleet = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8})?$/), fc.tuple(spec, spec), { minKeys: 1, maxKeys: 3 });

/** Applies each key's first definition, then its second, checking that the plan after each apply shows no changes. */
async function converges(defs: Record<string, [Record<string, unknown>, Record<string, unknown>]>, metadataMode: 'replace' | 'merge'): Promise<void> {
  // Keys like `a` and `a/b` cannot both be files; keep the first of such a pair.
  const keys = Object.keys(defs).filter((k, _i, all) => !all.some((o) => o !== k && k.startsWith(`${o}/`)));
  // Whether a modify merges or replaces metadata is undocumented: converge either way.
  const h = await harness(Object.fromEntries(keys.map((k) => [k, defs[k]![0]])), { metadataMode });
  try {
    for (const stage of [0, 1] as const) {
      for (const k of keys) h.ws.write(k, defs[k]![stage]);
      const applied = await h.cli(['apply', '--yes']);
      expect(applied.stderr, applied.stdout).not.toContain('Error');
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(applied.stdout).not.toContain('warning:');
      const plan = await h.cli(['plan', '--detailed-exitcode']);
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    }
  } finally {
    await h.close();
  }
}

describe('apply converges for arbitrary valid definitions', () => {
  // 25 runs of apply, plan, apply, plan as processes would make them: ~29 s on a 2-core machine, so
  // the default 30 s would fail it on a slow day for doing its work, not for hanging.
  it('create, then modify to another arbitrary state: plan shows no changes after each apply', { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(fleet, fc.constantFrom('replace' as const, 'merge' as const), converges), { numRuns: 25 });
    // Each run's first apply creates, and an apply that created waits one created_at tick before
    // re-reading for concurrent copies (apply/settle.ts): 25 runs need more than the default.
  }, 90_000);

  it('a metadata key named __proto__ is added, and removed, on a host that merges metadata', async () => {
    await converges({ a: [{ model: 'gpt-4o' }, { model: 'gpt-4o', metadata: JSON.parse('{"__proto__": " "}') }] }, 'merge');
    await converges({ a: [{ model: 'gpt-4o', metadata: JSON.parse('{"__proto__": " "}') }, { model: 'gpt-4o' }] }, 'merge');
  });
});
