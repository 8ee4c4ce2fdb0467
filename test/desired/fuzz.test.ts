// Property: whatever is in the definitions directory, `aac validate` ends with exit 0, or exit 1
// and at least one located error, and never with a crash or a stack trace.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from '../helpers/fast-check.js';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = ['hr/benefits.yaml', 'support/billing.yaml', 'engineering/release-notes.yaml', 'data/analyst.yaml'];
const work = mkdtempSync(join(tmpdir(), 'aac-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let run = 0;
/** A fresh project per run holding the examples' prompts, with `files` written below assistants/. */
function project(files: Record<string, Uint8Array | string>): string {
  const root = join(work, String(run++));
  cpSync(join(repo, 'assistants/prompts'), join(root, 'assistants/prompts'), { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, 'assistants', rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

async function expectLocatedOutcome(root: string): Promise<void> {
  const r = await runCli(['validate'], { cwd: root });
  const all = r.stdout + r.stderr;
  expect(all).not.toMatch(/\n\s+at .+:\d+/);
  expect(all).not.toContain('internal error');
  if (r.code === 0) {
    expect(r.stdout).toMatch(/\d+ definitions? valid\.\n$/);
  } else {
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^[^\n]+\.ya?ml:\d+:\d+: error: \S/m);
  }
}

const FIELDS = ['model', 'name', 'description', 'instructions', 'instructions_file', 'tools', 'tool_resources', 'metadata', 'temperature', 'top_p', 'response_format', 'reasoning_effort', 'key', 'id', 'temprature'];
const toolArb = fc.oneof(
  fc.constant({ type: 'code_interpreter' }),
  fc.record({ type: fc.constant('file_search'), file_search: fc.dictionary(fc.constantFrom('max_num_results', 'ranking_options', 'x'), fc.jsonValue({ maxDepth: 2 })) }),
  fc.record({ type: fc.constantFrom('function', 'bing_grounding', 'web'), function: fc.dictionary(fc.constantFrom('name', 'parameters', 'strict', 'description'), fc.jsonValue({ maxDepth: 3 })) }),
  fc.jsonValue({ maxDepth: 2 }),
);
const definitionArb = fc.dictionary(
  fc.constantFrom(...FIELDS),
  fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(toolArb, { maxLength: 4 }), fc.string()),
  { maxKeys: 8 },
);

type Mutation = { at: number; kind: 'delete' | 'insert' | 'duplicate-line' | 'replace'; text: string; length: number };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'insert', 'duplicate-line', 'replace'),
  text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(':', '- ', '\n', '\t', '"', '[', '{', '&a', '*a', '---\n', '  ', '#', '\u0000')),
  length: fc.integer({ min: 1, max: 20 }),
});

function mutate(source: string, mutations: Mutation[]): string {
  let s = source;
  for (const m of mutations) {
    const at = s.length === 0 ? 0 : m.at % s.length;
    if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.length);
    else if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.kind === 'replace') s = s.slice(0, at) + m.text + s.slice(at + m.text.length);
    else {
      const lines = s.split('\n');
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      s = lines.join('\n');
    }
  }
  return s;
}

describe('aac validate never crashes (property-based)', () => {
  it('on random bytes, as a definition and as aac.yaml', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, asConfig) => {
        await expectLocatedOutcome(project(asConfig ? { 'aac.yaml': bytes, 'a.yaml': 'model: m\n' } : { 'a.yaml': bytes }));
      }),
      { numRuns: 60 },
    );
  });

  it('on random YAML documents shaped like definitions', async () => {
    await fc.assert(
      fc.asyncProperty(definitionArb, fc.anything({ maxDepth: 2 }), fc.boolean(), async (def, other, shaped) => {
        const text = stringify(shaped ? def : other, { lineWidth: 0 }) ?? '';
        await expectLocatedOutcome(project({ 'team/a.yaml': text }));
      }),
      { numRuns: 70 },
    );
  });

  it('on random mutations of the examples', async () => {
    const sources = EXAMPLES.map((f) => [f, readFileSync(join(repo, 'assistants', f), 'utf8')] as const);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...sources), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), async ([file, text], mutations) => {
        await expectLocatedOutcome(project({ [file]: mutate(text, mutations) }));
      }),
      { numRuns: 70 },
    );
  });
});
