// Property: whatever a hand-made assistant looks like, importing it gives definitions that validate
// and that `aac plan` finds identical to the live state, apart from the adoption marker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from '../helpers/fast-check.js';
import { expect, test } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import type { Resource } from '../../src/emulator/dialect.js';
import { runCli } from '../helpers/cli.js';

// Printable text, and text of the characters that files, YAML and terminals treat specially: the
// printable alphabet alone never holds a CR, a tab, a byte order mark or a NUL.
const special = fc.constantFrom('\r', '\n', '\t', '\ufeff', '\u200b', '\u0000', '\u0085', '\u2028', '\ud800', '\u001b', ' ', '#', ':', '-', '|', '"', "'", '\\', 'a');
const text = (maxLength: number) => fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: special, maxLength }));
const identifier = fc.stringMatching(/^[a-zA-Z0-9_-]{1,20}$/);

const tool = fc.oneof(
  fc.constant({ type: 'code_interpreter' }),
  fc.record(
    {
      max_num_results: fc.integer({ min: 1, max: 50 }),
      ranking_options: fc.record({ ranker: fc.constantFrom('auto', 'default_2024_08_21'), score_threshold: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: ['score_threshold'] }),
    },
    { requiredKeys: [] },
  ).map((file_search) => ({ type: 'file_search', file_search })),
  fc.record(
    {
      name: identifier,
      description: text(60),
      parameters: fc.constantFrom({ type: 'object', properties: {} }, { type: 'object', properties: { q: { type: 'string' } }, required: ['q'], additionalProperties: false }),
      strict: fc.boolean(),
    },
    { requiredKeys: ['name'] },
    // The API refuses a strict function whose parameters are not strict-mode compliant.
  ).map((fn) => ({ type: 'function', function: fn.strict && fn.parameters ? { ...fn, parameters: { ...fn.parameters, additionalProperties: false } } : fn })),
);

const assistant = fc.record(
  {
    model: fc.constantFrom('gpt-4o', 'gpt-4o-mini'),
    name: fc.option(text(40), { nil: null }),
    description: fc.option(text(100), { nil: null }),
    instructions: fc.option(fc.oneof(text(50), fc.array(text(80), { maxLength: 12 }).map((l) => l.join('\n'))), { nil: null }),
    tools: fc.uniqueArray(tool, { maxLength: 4, selector: (t) => (t.type === 'function' ? `f:${(t as { function: { name: string } }).function.name}` : t.type) }),
    // Metadata keys are the user's: any string, `__proto__` too.
    metadata: fc.dictionary(fc.oneof(identifier, fc.constantFrom('__proto__', 'constructor', '<<')), text(20), { maxKeys: 4, noNullPrototype: true }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    top_p: fc.double({ min: 0, max: 1, noNaN: true }),
    response_format: fc.oneof(
      fc.constantFrom('auto', { type: 'text' }, { type: 'json_object' }),
      fc.record(
        { name: identifier, description: text(40), schema: fc.constant({ type: 'object', properties: { a: { type: 'number' } }, required: ['a'], additionalProperties: false }), strict: fc.boolean() },
        { requiredKeys: ['name'] },
      ).map((json_schema) => ({ type: 'json_schema', json_schema })),
    ),
    reasoning_effort: fc.constantFrom('low', 'medium', 'high'),
  },
  { requiredKeys: ['model'] },
);

/**
 * Seeds `bodies` as hand-made assistants, imports them, and checks the definitions validate, hold
 * each assistant's metadata as it is, and plan as adoption only.
 */
async function importsAsAdoptionOnly(bodies: unknown[]): Promise<void> {
  const emu = await startEmulator();
  const cwd = mkdtempSync(join(tmpdir(), 'aac-import-prop-'));
  try {
    const metadata = new Map(emu.seed(bodies as Resource[]).map((a) => [a.id as string, a.metadata]));
    const env = { OPENAI_API_KEY: 'sk-prop', OPENAI_BASE_URL: emu.url };
    const imported = await runCli(['import'], { cwd, env });
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const validate = await runCli(['validate'], { cwd, env });
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    const plan = await runCli(['plan', '--format', 'json'], { cwd, env });
    expect(plan.code, plan.stderr).toBe(0);
    const changes = (JSON.parse(plan.stdout) as { resource_changes: Array<{ id: string; actions: string[]; adopt: boolean; patch: unknown[]; after: { metadata: unknown } }> }).resource_changes;
    expect(changes).toHaveLength(bodies.length);
    for (const c of changes) {
      expect(c).toMatchObject({ actions: ['update'], adopt: true, patch: [] });
      // The empty patch is the proof (`after` may say `ranker: auto` where the server chose one),
      // unless both sides lost the same thing: what a definition holds is checked too.
      expect(c.after.metadata).toEqual(metadata.get(c.id));
    }
  } finally {
    await emu.close();
    rmSync(cwd, { recursive: true, force: true });
  }
}

test('any hand-made assistant imports to a definition that plans as adoption only', async () => {
  await fc.assert(fc.asyncProperty(fc.array(assistant, { minLength: 1, maxLength: 3 }), importsAsAdoptionOnly), { numRuns: 25 });
}, 60_000);

test('text the YAML library would write so that it reads back otherwise imports double-quoted, and plans as adoption only', async () => {
  // Whitespace-only lines: the library wrote `|+` with no indentation indicator, and folded a long
  // double-quoted line of one space back as a backslash; import stopped with an internal error.
  await importsAsAdoptionOnly([
    { model: 'gpt-4o', instructions: '\n \n' },
    { model: 'gpt-4o', description: `Rules:\u0000\n \n${'Answer briefly and politely. '.repeat(2)}` },
  ]);
});

test('instructions that a prompt file would not give back as they are import inline, and plan as adoption only', async () => {
  // Six lines would go to prompts/<key>.md, but a file's CRLF reads as LF and its leading byte order mark is dropped.
  await importsAsAdoptionOnly([{ model: 'gpt-4o', instructions: '\n\n\n\n\r\n' }]);
  await importsAsAdoptionOnly([{ model: 'gpt-4o', instructions: '\ufeffa\nb\nc\nd\ne\nf' }]);
});

test('a metadata key or a schema property named << is imported as a key, not a merge, and plans as adoption only', async () => {
  // Written plain, aac's reader (merge keys on) merged a map into its parent and refused a string,
  // while the write's own check read the file with the YAML library's defaults and let it through.
  await importsAsAdoptionOnly([
    { model: 'gpt-4o', metadata: { '<<': 'v' } },
    { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { '<<': { type: 'object', properties: { a: { type: 'string' } } } } } } }] },
  ]);
});

test('a metadata key or a schema property named __proto__ is imported as data, and plans as adoption only', async () => {
  await importsAsAdoptionOnly([
    JSON.parse('{"model": "gpt-4o", "metadata": {"__proto__": "v"}, "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {"__proto__": {"type": "string"}}}}}]}'),
  ]);
});
