// Every API limit at its boundary: at the limit the definition loads, one over it fails with the
// field named. Table-driven over the same base definition.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTrees, errors, load, loadOne } from './helpers.js';

afterAll(cleanupTrees);

const s = (n: number) => 'x'.repeat(n);
const pairs = (n: number, keyLen = 3, valueLen = 1) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${'k'.repeat(Math.max(0, keyLen - String(i).length))}${i}`, s(valueLen)]));
const fns = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'function', function: { name: `fn_${i}` } }));
const fileSearch = (fs: object) => ({ tools: [{ type: 'file_search', file_search: fs }] });

interface Limit {
  name: string;
  path: string;
  ok: object;
  over: object;
  message: RegExp;
  /** A second boundary at the low end, when there is one. */
  under?: object;
}

const LIMITS: Limit[] = [
  { name: 'name ≤ 256', path: 'name', ok: { name: s(256) }, over: { name: s(257) }, message: /name is 257 characters; the API allows at most 256/ },
  { name: 'description ≤ 512', path: 'description', ok: { description: s(512) }, over: { description: s(513) }, message: /description is 513 characters; the API allows at most 512/ },
  { name: 'instructions ≤ 256,000', path: 'instructions', ok: { instructions: s(256_000) }, over: { instructions: s(256_001) }, message: /instructions is 256001 characters; the API allows at most 256000/ },
  { name: 'tools ≤ 128', path: 'tools', ok: { tools: fns(128) }, over: { tools: fns(129) }, message: /tools has 129 items; the API allows at most 128/ },
  {
    name: 'code_interpreter file_ids ≤ 20',
    path: 'tool_resources.code_interpreter.file_ids',
    ok: { tools: [{ type: 'code_interpreter' }], tool_resources: { code_interpreter: { file_ids: Array.from({ length: 20 }, (_, i) => `file-${i}`) } } },
    over: { tools: [{ type: 'code_interpreter' }], tool_resources: { code_interpreter: { file_ids: Array.from({ length: 21 }, (_, i) => `file-${i}`) } } },
    message: /file_ids has 21 items; the API allows at most 20/,
  },
  {
    name: 'vector_store_ids ≤ 1',
    path: 'tool_resources.file_search.vector_store_ids',
    ok: { tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: ['vs_1'] } } },
    over: { tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: ['vs_1', 'vs_2'] } } },
    message: /vector_store_ids has 2 items; the API allows at most 1/,
  },
  {
    name: 'metadata ≤ 16 pairs, one of them the marker',
    path: 'metadata',
    ok: { metadata: pairs(15) },
    over: { metadata: pairs(16) },
    message: /metadata has 16 pairs; at most 15 are allowed \(the API allows 16, and aac keeps one for its marker aac@<namespace>\)/,
  },
  { name: 'metadata key ≤ 64', path: 'metadata', ok: { metadata: pairs(1, 64) }, over: { metadata: pairs(1, 65) }, message: /metadata key '.*' is 65 characters; the API allows at most 64/ },
  { name: 'metadata value ≤ 512', path: 'metadata.k0', ok: { metadata: { k0: s(512) } }, over: { metadata: { k0: s(513) } }, message: /metadata\.k0 is 513 characters; the API allows at most 512/ },
  { name: 'temperature 0–2', path: 'temperature', ok: { temperature: 2 }, over: { temperature: 2.01 }, under: { temperature: -0.01 }, message: /temperature is (2\.01|-0\.01); it must be between 0 and 2/ },
  { name: 'top_p 0–1', path: 'top_p', ok: { top_p: 1 }, over: { top_p: 1.01 }, under: { top_p: -0.01 }, message: /top_p is (1\.01|-0\.01); it must be between 0 and 1/ },
  {
    name: 'file_search max_num_results 1–50',
    path: 'tools[0].file_search.max_num_results',
    ok: fileSearch({ max_num_results: 50 }),
    over: fileSearch({ max_num_results: 51 }),
    under: fileSearch({ max_num_results: 0 }),
    message: /max_num_results is (51|0); it must be between 1 and 50/,
  },
  {
    name: 'file_search score_threshold 0–1',
    path: 'tools[0].file_search.ranking_options.score_threshold',
    ok: fileSearch({ ranking_options: { ranker: 'auto', score_threshold: 1 } }),
    over: fileSearch({ ranking_options: { ranker: 'auto', score_threshold: 1.5 } }),
    under: fileSearch({ ranking_options: { score_threshold: -0.5 } }),
    message: /score_threshold is (1\.5|-0\.5); it must be between 0 and 1/,
  },
  {
    name: 'function name ≤ 64',
    path: 'tools[0].function.name',
    ok: { tools: [{ type: 'function', function: { name: s(64) } }] },
    over: { tools: [{ type: 'function', function: { name: s(65) } }] },
    message: /tools\[0\]\.function\.name is 65 characters; the API allows at most 64/,
  },
  {
    name: 'function name pattern',
    path: 'tools[0].function.name',
    ok: { tools: [{ type: 'function', function: { name: 'get-weather_2' } }] },
    over: { tools: [{ type: 'function', function: { name: 'get weather' } }] },
    message: /'get weather' is not valid: only a-z, A-Z, 0-9, underscores and dashes/,
  },
  {
    name: 'json_schema name ≤ 64',
    path: 'response_format.json_schema.name',
    ok: { response_format: { type: 'json_schema', json_schema: { name: s(64) } } },
    over: { response_format: { type: 'json_schema', json_schema: { name: s(65) } } },
    message: /json_schema\.name is 65 characters; the API allows at most 64/,
  },
  {
    name: 'json_schema name pattern',
    path: 'response_format.json_schema.name',
    ok: { response_format: { type: 'json_schema', json_schema: { name: 'A-z_0' } } },
    over: { response_format: { type: 'json_schema', json_schema: { name: 'a.b' } } },
    message: /'a\.b' is not valid: only a-z, A-Z, 0-9, underscores and dashes/,
  },
];

describe('API limits at their boundaries', () => {
  it.each(LIMITS)('$name', async (limit) => {
    const ok = await loadOne({ model: 'gpt-4o', ...limit.ok });
    expect(errors(ok)).toEqual([]);
    expect(ok.definitions).toHaveLength(1);

    for (const bad of [limit.over, ...(limit.under ? [limit.under] : [])]) {
      const r = await loadOne({ model: 'gpt-4o', ...bad });
      expect(r.definitions).toHaveLength(0);
      const errs = errors(r);
      expect(errs).toHaveLength(1);
      expect(errs[0]!.path.startsWith(limit.path)).toBe(true);
      expect(errs[0]!.message).toMatch(limit.message);
      expect(errs[0]!.location.line).toBeGreaterThan(0);
    }
  });

  it('counts instructions read from instructions_file against 256,000', async () => {
    const def = 'model: gpt-4o\ninstructions_file: ../prompts/p.md\n';
    const ok = await load({ 'assistants/a.yaml': def, 'prompts/p.md': s(256_000) });
    expect(errors(ok)).toEqual([]);
    expect(ok.definitions[0]!.spec.instructions).toHaveLength(256_000);

    const over = await load({ 'assistants/a.yaml': def, 'prompts/p.md': s(256_001) });
    expect(errors(over).map((d) => [d.location.line, d.location.column, d.path, d.message])).toEqual([
      [2, 20, 'instructions_file', "instructions read from '../prompts/p.md' are 256001 characters; the API allows at most 256000"],
    ]);

    // Characters, not UTF-16 units: 256,000 emoji are 512,000 units and within the limit.
    const astral = await load({ 'assistants/a.yaml': def, 'prompts/p.md': '😀'.repeat(256_000) });
    expect(errors(astral)).toEqual([]);
    const astralOver = await load({ 'assistants/a.yaml': def, 'prompts/p.md': '😀'.repeat(256_001) });
    expect(errors(astralOver).map((d) => d.message)).toEqual(["instructions read from '../prompts/p.md' are 256001 characters; the API allows at most 256000"]);
  });

  it('counts characters, not bytes or UTF-16 units', async () => {
    const r = await loadOne({ model: 'gpt-4o', name: '😀'.repeat(256) });
    expect(errors(r)).toEqual([]);
  });

  it('counts characters at every maxLength, including those inside conditional subschemas', async () => {
    const astral = (n: number) => '😀'.repeat(n);
    const def = (n: number) => ({
      model: 'gpt-4o',
      name: astral(n(256)),
      description: astral(n(512)),
      instructions: astral(n(256_000)),
      metadata: { k: astral(n(512)) },
      response_format: { type: 'json_schema', json_schema: { name: 'x'.repeat(n(64)), schema: { type: 'object' } } },
    });
    expect(errors(await loadOne(def((limit) => limit)))).toEqual([]);
    expect(errors(await loadOne(def((limit) => limit + 1))).map((d) => d.message)).toEqual([
      'name is 257 characters; the API allows at most 256',
      'description is 513 characters; the API allows at most 512',
      'instructions is 256001 characters; the API allows at most 256000',
      'metadata.k is 513 characters; the API allows at most 512',
      'response_format.json_schema.name is 65 characters; the API allows at most 64',
    ]);
  });

  it('counts characters in key names too, and says which key of which map, where it is written', async () => {
    const keyed = (n: number) => ({ model: 'gpt-4o', instructions: 'hi', metadata: { ['😀'.repeat(n)]: 'x' } });
    expect(errors(await loadOne(keyed(64), 'openai-agents'))).toEqual([]);
    expect(errors(await loadOne({ name: 'a', definition: { kind: 'prompt', model: 'm' }, metadata: { ['😀'.repeat(64)]: 'x' } }, 'foundry-agents'))).toEqual([]);
    const over = errors(await loadOne(keyed(65), 'openai-agents'));
    expect(over.map((d) => `${d.location.line}:${d.location.column} ${d.message} (${d.hint})`)).toEqual([
      `4:3 the key '${'😀'.repeat(40)}…' in metadata is 65 characters; the API allows at most 64 (shorten the key)`,
    ]);
    expect(errors(await loadOne({ model: 'gpt-4o', instructions: 'hi', metadata: { '': 'x' } }, 'openai-agents')).map((d) => `${d.message} (${d.hint})`)).toEqual([
      'metadata has an empty key (give the key a name, or remove the entry)',
    ]);
  });
});

// A collection far past its limit is one mistake: checked item by item, each invalid item added
// errors and ajv's handling of them grew with the count (20,000 tools took 13 s, 200,000 half an hour).
describe('a list or mapping far past its limit', () => {
  const N = 5_000;

  it('is reported once with its count as written, and only the items within the limit are checked', async () => {
    const r = await loadOne({ model: 'gpt-4o', tools: Array.from({ length: N }, () => 'a') });
    const errs = errors(r);
    expect(errs[0]!.path).toBe('tools');
    expect(errs[0]!.message).toBe(`tools has ${N} items; the API allows at most 128`);
    // Items 0 to 128 (one past the limit) are checked, each once; none after.
    const itemPaths = new Set(errs.slice(1).map((d) => d.path));
    expect([...itemPaths].sort()).toEqual(Array.from({ length: 129 }, (_, i) => `tools[${i}]`).sort());
    expect(errs.every((d) => !/^tools\[(129|[2-9]\d\d|\d{4,})\]/.test(d.path))).toBe(true);
  });

  it("reaches the kind's own checks cut too, and a mapping's entries alike", async () => {
    const tools = await loadOne({ model: 'gpt-4o', tools: Array.from({ length: N }, () => ({ type: 'code_interpreter' })) });
    expect(errors(tools).filter((d) => /second code_interpreter/.test(d.message))).toHaveLength(128);

    // Written as JSON: in YAML, a definition's metadata is refused at its 16th pair as it is read (large-yaml-positions.test.ts).
    const meta = await load({ 'assistants/a.yaml': JSON.stringify({ model: 'gpt-4o', metadata: pairs(N) }) }, 'openai');
    expect(errors(meta).map((d) => d.message)).toEqual([
      `metadata has ${N} pairs; at most 15 are allowed (the API allows 16, and aac keeps one for its marker aac@<namespace>)`,
    ]);
  });

  it('is cut by the schema of the provider it is for', async () => {
    const r = await loadOne({ model: 'gpt-4o', tools: Array.from({ length: N }, () => 'a') }, 'openai-agents');
    const errs = errors(r);
    expect(errs.filter((d) => d.path === 'tools').map((d) => d.message)).toContain(`tools has ${N} items; the API allows at most 2000`);
    expect(errs.some((d) => d.path === `tools[${N - 1}]`)).toBe(false);
  });
});

it("counts a mapping cut for the checks as written in the kind's own messages too", async () => {
  // Written as JSON, read whole (in YAML, refused at its 16th pair as it is read).
  const r = await load({ 'assistants/a.yaml': JSON.stringify({
    model: 'gpt-4o',
    tools: [{ type: 'file_search' }],
    tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-1'] }] } },
    metadata: pairs(5_000),
  }) }, 'openai');
  const messages = errors(r).map((d) => d.message);
  expect(messages.some((m) => m.startsWith('metadata has 5000 pairs; with tool_resources.file_search.vector_stores at most 14'))).toBe(true);
  expect(messages.every((m) => !/metadata has (16|17) pairs/.test(m))).toBe(true);
});
