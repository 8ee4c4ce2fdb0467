// The checks a JSON Schema cannot express, each with the line and column it points at.
import { chmodSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../src/desired/index.js';
import { asUnprivileged, brief, cleanupTrees, errors, load, writeTree } from './helpers.js';

afterAll(cleanupTrees);

const one = (yaml: string, extra: Record<string, string> = {}) => load({ 'assistants/a.yaml': yaml, ...extra });

describe('checks within one definition', () => {
  // `café` composed (U+00E9) and decomposed (e + U+0301): two keys to YAML and JSON.parse, one to whatever normalizes Unicode.
  it.each([
    ['YAML', 'model: gpt-4o\nmetadata:\n  caf\u00e9: a\n  cafe\u0301: b\n', '4:3'],
    ['JSON', '{"model": "gpt-4o", "metadata": {"caf\u00e9": "a", "cafe\u0301": "b"}}', '1:47'],
  ])('refuses metadata keys that differ only in Unicode normalization (%s), at the second, showing the code points', async (_, text, at) => {
    const r = await one(text);
    expect(brief(r)).toEqual([`${at} duplicate-key metadata`]);
    expect(errors(r)[0]!.message).toMatch(/^the key '"?cafe\\u\{301\}"?' differs only in Unicode normalization \(NFC → NFD\) from the key '"?caf\\u\{e9\}"?' at line \d+, column \d+ in the same mapping/);
    expect(errors(r)[0]!.hint).toContain('write the key once');
  });

  it('refuses a YAML key given twice, at the second one', async () => {
    const r = await one('model: gpt-4o\nname: a\nname: b\n');
    expect(brief(r)).toEqual(['3:1 duplicate-key ']);
    expect(errors(r)[0]!.message).toBe("the key 'name' appears more than once in the same mapping (first at line 2, column 1)");
  });

  it.each([
    ['YAML, quoted', 'model: gpt-4o\n"name": a\nname: b\n', '3:1'],
    ['YAML, single-quoted', "model: gpt-4o\n'name': a\n\"name\": b\n", '3:1'],
    ['JSON', '{"model": "gpt-4o", "name": "a", "name": "b"}', '1:34'],
  ])('names a key given twice as read, a quoted one quoted once (%s)', async (_, text, at) => {
    const r = await one(text);
    expect(brief(r)).toEqual([`${at} duplicate-key `]);
    expect(errors(r)[0]!.message).toMatch(/^the key 'name' appears more than once in the same mapping \(first at line \d+, column \d+\)$/);
  });

  it('names a long key given twice cut, and a key holding a colon whole', async () => {
    const long = 'k'.repeat(1_000);
    const r = await one(`{"model": "gpt-4o", "metadata": {"${long}": "a", "${long}": "b", "a:b": "c", "a:b": "d"}}`);
    expect(errors(r).filter((e) => e.code === 'duplicate-key').map((e) => e.message.replace(/ \(first at.*/, ''))).toEqual([`the key '${'k'.repeat(64)}…' appears more than once in the same mapping`, "the key 'a:b' appears more than once in the same mapping"]);
  });

  it("says a key given twice with the value read, the last, at that value: not at the first one's, quoting another", async () => {
    const r = await one('model: gpt-4o\nname: a\nname: 5\nmetadata: {a: 1, a: 2}\n');
    expect(brief(r)).toEqual(['3:1 duplicate-key ', '3:7 wrong-type name', '4:18 duplicate-key metadata', '4:21 wrong-type metadata.a']);
    expect(errors(r)[3]!.message).toBe('metadata.a must be a string, not number 2');
  });

  it('refuses two functions with the same name, at the second name', async () => {
    const r = await one(
      'model: gpt-4o\ntools:\n  - type: function\n    function: {name: lookup}\n  - type: function\n    function:\n      name: lookup\n',
    );
    expect(brief(r)).toEqual(['7:13 duplicate-function tools[1].function.name']);
    expect(errors(r)[0]!.message).toContain('(tools[0] and tools[1])');
  });

  it.each(['code_interpreter', 'file_search'])('refuses a second %s tool', async (type) => {
    const r = await one(`model: gpt-4o\ntools:\n  - type: ${type}\n  - type: function\n    function: {name: f}\n  - type: ${type}\n`);
    expect(brief(r)).toEqual([`6:5 duplicate-tool tools[2]`]);
  });

  it('refuses tool_resources for a tool that is not enabled, at the resource key', async () => {
    const r = await one('model: gpt-4o\ntools: [{type: file_search}]\ntool_resources:\n  code_interpreter:\n    file_ids: [f1]\n');
    expect(brief(r)).toEqual(['4:3 resource-without-tool tool_resources.code_interpreter']);
    expect(errors(r)[0]!.hint).toBe('add `- type: code_interpreter` to tools, or remove tool_resources.code_interpreter');
  });

  it('refuses file_search resources with both vector_store_ids and vector_stores', async () => {
    const r = await one('model: m\ntools: [{type: file_search}]\ntool_resources:\n  file_search:\n    vector_store_ids: [vs_1]\n    vector_stores: [{file_ids: [f]}]\n');
    expect(brief(r)).toEqual(['6:5 conflicting-fields tool_resources.file_search.vector_stores']);
  });

  it('refuses file_search resources with neither vector_store_ids nor vector_stores', async () => {
    const r = await one('model: m\ntools: [{type: file_search}]\ntool_resources:\n  file_search: {}\n');
    expect(brief(r)).toEqual(['4:3 missing-field tool_resources.file_search']);
    const empty = await one('model: m\ntools: [{type: file_search}]\ntool_resources:\n  file_search: {vector_store_ids: []}\n');
    expect(errors(empty)).toEqual([]);
  });

  it('reads merge keys, and ignores x- extension fields that hold the anchors', async () => {
    const r = await one('model: m\nx-common: &team {team: support, tier: gold}\nmetadata:\n  <<: *team\n  tier: silver\n');
    expect(errors(r)).toEqual([]);
    expect(r.definitions[0]!.spec).toEqual({ model: 'm', metadata: { team: 'support', tier: 'silver' } });
  });

  it("keeps a definition's x- fields only when it is read to be written out again (aac migrate)", async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: m\nx-common: &team {team: support}\nmetadata: *team\n' });
    const read = (asWritten: boolean) => loadDefinitions(join(root, 'assistants'), { cwd: root, provider: 'openai', asWritten });
    expect((await read(false)).definitions[0]!.extensions).toBeUndefined();
    expect((await read(true)).definitions[0]!.extensions).toEqual({ 'x-common': { team: 'support' } });
  });

  it('says which pasted fields the API only sends back', async () => {
    const r = await one('model: m\nobject: assistant\ntools:\n  - type: file_search\n    file_search:\n      ranking_options: {ranker: auto, score_threshold: 0, hybrid_search: null}\n');
    expect(brief(r)).toEqual(['2:1 unknown-field object', '6:59 unknown-field tools[0].file_search.ranking_options.hybrid_search']);
    expect(errors(r)[1]!.hint).toContain('does not take it');
  });

  it('refuses function parameters that are not a JSON Schema, pointing inside them', async () => {
    const r = await one('model: m\ntools:\n  - type: function\n    function:\n      name: f\n      parameters:\n        type: object\n        properties:\n          city: {type: strng}\n');
    expect(brief(r)).toEqual(['9:24 invalid-json-schema tools[0].function.parameters.properties.city.type']);
    expect(errors(r)[0]!.message).toContain("is not a valid JSON Schema at 'properties.city.type'");
  });

  it('points into a parameters list by index and at a property named by digits by name', async () => {
    const r = await one("model: m\ntools:\n  - type: function\n    function:\n      name: f\n      parameters:\n        type: object\n        required: [a, 1]\n        properties:\n          '10': {type: strng}\n");
    expect(brief(r)).toEqual(['8:23 invalid-json-schema tools[0].function.parameters.required[1]', '10:24 invalid-json-schema tools[0].function.parameters.properties["10"].type']);
  });

  it('refuses a json_schema.schema that is not a JSON Schema (unresolvable $ref)', async () => {
    const r = await one('model: m\nresponse_format:\n  type: json_schema\n  json_schema:\n    name: out\n    schema:\n      $ref: "#/$defs/missing"\n');
    expect(brief(r)).toEqual(['7:7 invalid-json-schema response_format.json_schema.schema']);
    expect(errors(r)[0]!.message).toMatch(/can't resolve reference #\/\$defs\/missing/);
  });

  it('accepts valid JSON Schemas, key order and $schema included', async () => {
    const r = await one('model: m\ntools:\n  - type: function\n    function:\n      name: f\n      parameters: {$schema: "http://json-schema.org/draft-07/schema#", required: [a], properties: {a: {type: string}}, type: object}\n');
    expect(errors(r)).toEqual([]);
  });

  it('refuses the reserved marker key set by hand, at the key', async () => {
    const r = await one('model: m\nmetadata:\n  team: a\n  "aac:key": other\n');
    expect(brief(r)).toEqual(['4:3 reserved-metadata-key metadata["aac:key"]']);
    expect(errors(r)[0]!.hint).toContain('`key:`');
  });

  it('refuses both instructions and instructions_file; either alone or neither is fine', async () => {
    const both = await one('model: m\ninstructions: hi\ninstructions_file: p.md\n', { 'assistants/p.md': 'x' });
    expect(brief(both)).toEqual(['3:1 conflicting-fields instructions_file']);
    const neither = await one('model: m\n');
    expect(errors(neither)).toEqual([]);
    expect(neither.definitions[0]!.spec).toEqual({ model: 'm' });
  });

  it('reads instructions_file relative to the YAML file and hashes both files', async () => {
    const a = await load({ 'assistants/team/a.yaml': 'model: m\ninstructions_file: ../../prompts/a.md\n', 'prompts/a.md': 'Be brief.\n' });
    const b = await load({ 'assistants/team/a.yaml': 'model: m\ninstructions_file: ../../prompts/a.md\n', 'prompts/a.md': 'Be verbose.\n' });
    expect(errors(a)).toEqual([]);
    expect(a.definitions[0]).toMatchObject({ key: 'team/a', file: 'assistants/team/a.yaml', instructionsFile: 'prompts/a.md', spec: { model: 'm', instructions: 'Be brief.\n' } });
    expect(a.definitions[0]!.spec).not.toHaveProperty('instructions_file');
    expect(a.definitions[0]!.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.definitions[0]!.sourceHash).not.toBe(b.definitions[0]!.sourceHash);
  });

  it('refuses a missing instructions_file and one that escapes the repository', async () => {
    const missing = await one('model: m\ninstructions_file: nope.md\n');
    expect(brief(missing)).toEqual(['2:20 file-not-found instructions_file']);
    const escape = await one('model: m\ninstructions_file: ../../../etc/passwd\n');
    expect(brief(escape)).toEqual(['2:20 path-outside-repository instructions_file']);
    expect(errors(escape)[0]!.message).toContain("the definitions directory's parent; not a git repository");
  });

  it('reports an instructions_file it may not read as a located error, not a crash', async () => {
    const r = await load({ 'assistants/a.yaml': 'model: m\ninstructions_file: p.md\n', 'assistants/p.md': 'hi' });
    chmodSync(join(r.root, 'assistants/p.md'), 0o000);
    const { loadDefinitions } = await import('../../src/desired/index.js');
    const again = await asUnprivileged(r.root, () => loadDefinitions(join(r.root, 'assistants'), { cwd: r.root, provider: 'openai' }));
    expect(brief(again)).toEqual(['2:20 unreadable instructions_file']);
    expect(errors(again)[0]!.message).toBe("cannot read instructions_file 'p.md': permission denied");
    expect(errors(again)[0]!.hint).toBe('give the user running aac permission to read the file and to enter each directory above it');
  });

  it('says where an instructions_file stops being UTF-8 text: a NUL byte (binary) or a byte that is not UTF-8', async () => {
    const r = await load({
      'assistants/a.yaml': 'model: m\ninstructions_file: a.bin\n',
      'assistants/a.bin': Buffer.from('Be brief.\nno\x00pe\n', 'latin1'),
      'assistants/b.yaml': 'model: m\ninstructions_file: b.md\n',
      'assistants/b.md': Buffer.from('Be brief.\ncaf\xe9\n', 'latin1'),
    });
    expect(errors(r).map((d) => `${d.location.file}:${d.location.line}:${d.location.column} ${d.message} / ${d.hint}`)).toEqual([
      "assistants/a.yaml:2:20 instructions_file 'a.bin' is not UTF-8 text: it is a binary file: a NUL byte at line 2, column 3 of the file (offset 12) / point instructions_file at a text file of the instructions",
      "assistants/b.yaml:2:20 instructions_file 'b.md' is not UTF-8 text: the byte 0xe9 at line 2, column 4 of the file (offset 13) is not UTF-8 / save the file as UTF-8 text",
    ]);
  });

  it('refuses a symlink that points outside the repository', async () => {
    const outside = await load({ 'secret.md': 'top secret' });
    const r = await load({ 'assistants/a.yaml': 'model: m\ninstructions_file: p.md\n' });
    symlinkSync(join(outside.root, 'secret.md'), join(r.root, 'assistants/p.md'));
    const { loadDefinitions } = await import('../../src/desired/index.js');
    const again = await loadDefinitions(join(r.root, 'assistants'), { cwd: r.root, provider: 'openai' });
    expect(brief(again)).toEqual(['2:20 path-outside-repository instructions_file']);
    expect(errors(again)[0]!.message).toContain(`leads to ${realpathSync(join(outside.root, 'secret.md'))}, outside`);
  });

  it('uses the git work tree as the boundary when there is one', async () => {
    const r = await load({ '.git/HEAD': 'ref: refs/heads/main\n', 'prompts/p.md': 'hi', 'assistants/deep/a.yaml': 'model: m\ninstructions_file: ../../prompts/p.md\n' });
    expect(errors(r)).toEqual([]);
  });

  it('checks an explicit key: non-empty, path-like, no spaces', async () => {
    const good = await one('model: m\nkey: support/billing-v2\n');
    expect(good.definitions[0]!.key).toBe('support/billing-v2');
    for (const bad of ['"support bot"', '""', '/lead', 'a//b']) {
      const r = await one(`model: m\nkey: ${bad}\n`);
      expect(brief(r)[0]).toMatch(/^2:6 (invalid-key|empty-value) key$/);
    }
  });

  it('refuses a key taken from a file name with a space', async () => {
    const r = await load({ 'assistants/my bot.yaml': 'model: m\n' });
    // At the file: the key is its name, not a line of it.
    expect(brief(r)).toEqual(['undefined:undefined invalid-key ']);
  });

  it('refuses a key taken from a path longer than the 512 characters metadata holds', async () => {
    const long = `${'a'.repeat(200)}/${'b'.repeat(200)}/${'c'.repeat(111)}`;
    const r = await load({ [`assistants/${long}.yaml`]: 'model: m\n', [`assistants/${long.slice(0, -1)}.yaml`]: 'model: m\n' });
    expect(brief(r)).toEqual(['undefined:undefined invalid-key ']);
    expect(errors(r)[0]!.message).toMatch(/is not valid: it is 513 characters; at most 512/);
    expect(r.definitions.map((a) => a.key.length)).toEqual([512]);
  });
});

describe('checks across files', () => {
  it('refuses two files with the same key, naming the first', async () => {
    const r = await load({ 'assistants/a.yaml': 'model: m\n', 'assistants/b.yaml': 'model: m\nkey: a\n' });
    expect(brief(r)).toEqual(['2:6 duplicate-key key']);
    expect(errors(r)[0]!.location.file).toBe('assistants/b.yaml');
    expect(errors(r)[0]!.message).toBe("the key 'a' is already used by assistants/a.yaml");
    expect(r.definitions.map((a) => a.key)).toEqual(['a']);
  });

  it('refuses two keys that print alike (café composed and decomposed), showing the code points', async () => {
    const r = await load({ 'assistants/caf\u00e9.yaml': 'model: m\n', 'assistants/cafe\u0301.yaml': 'model: m\n' });
    expect(errors(r).map((d) => d.code)).toEqual(['look-alike-key']);
    expect(errors(r)[0]!.message).toMatch(/^the key 'caf(e\\u\{301\}|\\u\{e9\})' \(in assistants\/caf(e\\u\{301\}|\\u\{e9\})\.yaml\) prints like the key 'caf(e\\u\{301\}|\\u\{e9\})' of assistants\/caf(e\\u\{301\}|\\u\{e9\})\.yaml; it differs only in Unicode normalization \((NFC → NFD|NFD → NFC)\), and the code points that differ are shown as/);
    expect(r.definitions).toHaveLength(1);
  });

  it('refuses a.yaml and a.yml side by side (same key from the path)', async () => {
    const r = await load({ 'assistants/a.yaml': 'model: m\n', 'assistants/a.yml': 'model: m\n' });
    expect(errors(r).map((d) => `${d.location.file} ${d.code}`)).toEqual(['assistants/a.yml duplicate-key']);
  });

  it('refuses two files pinning the same id', async () => {
    const id = 'asst_0123456789abcdefghijklmn';
    const r = await load({ 'assistants/a.yaml': `model: m\nid: ${id}\n`, 'assistants/b.yaml': `model: m\nid: ${id}\n` });
    expect(brief(r)).toEqual(['2:5 duplicate-id id']);
    expect(errors(r)[0]!.location.file).toBe('assistants/b.yaml');
  });

  it('reports every problem of every file in one run, in file order', async () => {
    const r = await load({ 'assistants/b.yaml': 'model: m\ntemperature: 9\n', 'assistants/a.yaml': 'name: x\ntemprature: 1\n' });
    expect(errors(r).map((d) => `${d.location.file}:${d.location.line}:${d.location.column} ${d.code}`)).toEqual([
      'assistants/a.yaml:1:1 missing-field',
      'assistants/a.yaml:2:1 unknown-field',
      'assistants/b.yaml:2:14 out-of-range',
    ]);
    expect(errors(r)[1]!.hint).toBe("did you mean 'temperature'?");
  });
});

describe('one typo, one error', () => {
  it('an unknown field that means a missing required one is the only error: no "missing" beside "did you mean"', async () => {
    const r = await one('Model: gpt-4o\nname: x\n');
    expect(brief(r)).toEqual(['1:1 unknown-field Model']);
    expect(errors(r)[0]!.hint).toBe("did you mean 'model'?");
    // A missing field the unknown one does not account for is still said.
    expect(brief(await one('name: x\ntemprature: 1\n'))).toEqual(['1:1 missing-field ', '2:1 unknown-field temprature']);
  });

  it("an agent's function tool written with the Assistants API's `function:` wrapper is one error, the flatten hint", async () => {
    const r = await load({
      'assistants/a.yaml': 'model: gpt-5\ntools:\n  - type: function\n    function:\n      name: f\n      description: d\n      parameters: {type: object, properties: {}}\n',
    }, 'openai-agents');
    expect(brief(r)).toEqual(['4:5 unknown-field tools[0].function']);
    expect(errors(r)[0]!.hint).toBe("an OpenAI agent takes flat function tools: move name, description and parameters up one level, out of 'function:'");
  });
});

describe('provider capabilities', () => {
  const foundryDef = 'model: m\ntools:\n  - type: bing_grounding\n    bing_grounding:\n      search_configurations: [{connection_id: conn1}]\n';

  it("names the provider a Foundry tool needs", async () => {
    const r = await one(foundryDef);
    expect(brief(r)).toEqual(['3:5 needs-provider tools[0].type']);
    expect(errors(r)[0]!.message).toBe("tool type 'bing_grounding' needs --provider foundry (or provider: foundry in aac.yaml); the current provider is openai");
    const ok = await load({ 'assistants/a.yaml': foundryDef }, 'foundry');
    expect(errors(ok)).toEqual([]);
  });

  it('refuses reasoning_effort and strict under foundry, naming them', async () => {
    const def = 'model: m\nreasoning_effort: low\ntools:\n  - type: function\n    function: {name: f, strict: true, parameters: {}}\nresponse_format: {type: json_schema, json_schema: {name: o, strict: false}}\n';
    const r = await load({ 'assistants/a.yaml': def }, 'foundry');
    expect(brief(r)).toEqual([
      '2:1 needs-provider reasoning_effort',
      '5:25 needs-provider tools[0].function.strict',
      '6:61 needs-provider response_format.json_schema.strict',
    ]);
    expect(errors(r)[0]!.message).toMatch(/^reasoning_effort needs --provider openai or --provider portkey or --provider zerobot/);
    const openai = await load({ 'assistants/a.yaml': def }, 'openai');
    expect(errors(openai)).toEqual([]);
  });

  it("requires what Foundry's schema requires inside a tool, only under foundry", async () => {
    const def =
      'model: m\ntools:\n  - type: function\n    function: {name: f}\n  - type: file_search\n    file_search:\n      ranking_options: {score_threshold: 0.5}\n';
    const r = await load({ 'assistants/a.yaml': def }, 'foundry');
    expect(brief(r)).toEqual([
      '4:5 required-by-provider tools[0].function',
      '7:7 required-by-provider tools[1].file_search.ranking_options',
    ]);
    expect(errors(r)[0]!.message).toMatch(/^function\.parameters is required by provider foundry/);
    expect(errors(await load({ 'assistants/a.yaml': def }, 'openai'))).toEqual([]);
  });

  it('refuses Foundry-only resources under openai', async () => {
    const r = await one('model: m\ntools: [{type: code_interpreter}]\ntool_resources:\n  code_interpreter:\n    data_sources: [{uri: "azureml://x", type: uri_asset}]\n');
    expect(brief(r)).toEqual(['5:5 needs-provider tool_resources.code_interpreter.data_sources']);
  });
});
