// Files that are not one YAML mapping: each a clear, located error, never a crash.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from '../helpers/fast-check.js';
import { describe, expect, it, afterAll, vi } from 'vitest';
import { loadDefinitions } from '../../src/desired/index.js';
import { MAX_NESTING, parseYaml, readYamlSource, yamlSource } from '../../src/yaml/source.js';
import { asUnprivileged, brief, cleanupTrees, errors, load, writeTree } from './helpers.js';

afterAll(cleanupTrees);

const file = (content: string | Buffer) => load({ 'assistants/a.yaml': content });

describe('reading definition files', () => {
  it.each([
    ['an empty file', '', '1:1 empty-file '],
    ['only comments', '# nothing here\n\n', '1:1 empty-file '],
    // At its NUL byte, as a bad byte is.
    ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), '1:5 binary-file '],
    ['Latin-1 bytes', Buffer.from('model: m\nname: caf\xe9\n', 'latin1'), '2:10 not-utf8 '],
    ['a list', '- model: m\n', '1:1 not-a-mapping '],
    ['a scalar', 'just text\n', '1:1 not-a-mapping '],
    ['two documents', 'model: a\n---\nmodel: b\n', '2:1 multiple-documents '],
    // Where the bracket opens, not where the parser stopped.
    ['an unclosed flow sequence', 'model: m\ntools: [\n', '2:8 yaml-syntax tools'],
    ['a tab as indentation', 'model: m\ntools:\n\t- type: code_interpreter\n', '3:1 yaml-syntax '],
    // Where the quote opens, not where the file ends (the parser's position).
    ['an unclosed quote', 'model: "m\n', '1:8 yaml-syntax model'],
    ['an unclosed quote with fields after it', 'model: m\nname: \'Billing\ninstructions: hi\n', '2:7 yaml-syntax name'],
  ])('%s', async (_name, content, expected) => {
    const r = await file(content);
    expect(brief(r)[0]).toBe(expected);
    expect(r.definitions).toEqual([]);
    for (const d of errors(r)) {
      expect(d.message).not.toMatch(/\n/);
      expect(d.hint).toBeTruthy();
    }
  });

  it('refuses numbers that would not be sent as written (YAML .inf and .nan, JSON 1e999, integers beyond 2^53) where they are written, on every backend', async () => {
    const schema = (bound: string) => `{ type: object, properties: { x: { type: number, maximum: ${bound} } } }`;
    const openai = await load({
      'assistants/a.yaml': `model: m\ntools:\n  - type: function\n    function:\n      name: f\n      parameters: ${schema('.inf')}\n`,
      'assistants/b.yaml': '{"model": "m", "tools": [{"type": "function", "function": {"name": "f", "parameters": {"minimum": -1e999}}}]}\n',
    });
    expect(brief(openai)).toEqual([
      '6:77 not-a-json-number tools[0].function.parameters.properties.x.maximum',
      '1:99 not-a-json-number tools[0].function.parameters.minimum',
    ]);
    expect(errors(openai).map((d) => d.message)).toEqual([
      'tools[0].function.parameters.properties.x.maximum is .inf, a number JSON cannot carry: it would be sent as null',
      'tools[0].function.parameters.minimum is -1e999, a number JSON cannot carry: it would be sent as null',
    ]);
    const agents = await load({ 'assistants/a.yaml': `model: m\ninstructions: hi\ntools:\n  - type: function\n    name: f\n    description: d\n    parameters: ${schema('.NaN')}\n` }, 'openai-agents');
    expect(brief(agents)).toEqual(['7:75 not-a-json-number tools[0].parameters.properties.x.maximum']);
    const foundry = await load({ 'assistants/a.yaml': `name: a\ndefinition:\n  kind: prompt\n  model: m\n  text: { format: { type: json_schema, name: s, schema: ${schema('-.inf')} } }\n` }, 'foundry-agents');
    expect(brief(foundry)).toEqual(['5:115 not-a-json-number definition.text.format.schema.properties.x.maximum']);
    // An integer beyond 2^53 loses digits when read; one written as a float, or exact, does not.
    const big = await load({
      'assistants/a.yaml': 'model: m\ntools:\n  - type: function\n    function: { name: f, parameters: { maximum: 9007199254740993, minimum: -9007199254740993, multipleOf: 0x20000000000001, exclusiveMaximum: 1e20, x-exact: 9007199254740992 } }\n',
      'assistants/b.yaml': '{"model": "m", "tools": [{"type": "function", "function": {"name": "f", "parameters": {"maximum": 12345678901234567890123}}}]}\n',
    });
    expect(errors(big).map((d) => `${d.location.line}:${d.location.column} ${d.message}`)).toEqual([
      '4:49 tools[0].function.parameters.maximum is 9007199254740993, an integer too large to be read exactly (beyond ±9007199254740991): it would be sent as 9007199254740992',
      '4:76 tools[0].function.parameters.minimum is -9007199254740993, an integer too large to be read exactly (beyond ±9007199254740991): it would be sent as -9007199254740992',
      '4:107 tools[0].function.parameters.multipleOf is 0x20000000000001, an integer too large to be read exactly (beyond ±9007199254740991): it would be sent as 9007199254740992',
      '1:99 tools[0].function.parameters.maximum is 12345678901234567890123, an integer too large to be read exactly (beyond ±9007199254740991): it would be sent as 1.2345678901234568e+22',
    ]);
    // A field whose own check already said so is not reported twice.
    expect(brief(await file('model: m\ntemperature: .inf\n'))).toEqual(['2:14 out-of-range temperature']);
    // A value out of range is shown as written, not as the double YAML read it as.
    expect(errors(await file('model: m\ntop_p: 9007199254740993\n')).map((d) => d.message)).toEqual(['top_p is 9007199254740993; it must be between 0 and 1']);
    // An empty key fails its pattern too: said once.
    expect(brief(await file('model: m\nkey: ""\n'))).toEqual(['2:6 empty-value key']);
  });

  it('says which quote is never closed', async () => {
    expect(errors(await file('model: m\nname: "Billing\n')).map((d) => d.message)).toEqual(['the " opened here is never closed (the file ends first)']);
  });

  it('says which bracket is not closed, at the bracket', async () => {
    const at = async (yaml: string) => errors(await file(yaml)).map((d) => `${d.location.line}:${d.location.column} ${d.message} / ${d.hint}`)[0];
    expect(await at('model: m\nname: [unclosed\n')).toBe('2:7 the [ opened here is never closed with ] (the file ends first) / close it with ], or indent the lines that continue it more than its field');
    expect(await at('model: m\nmetadata: {a: "1"\n')).toBe('2:11 the { opened here is never closed with } (the file ends first) / close it with }, or indent the lines that continue it more than its field');
    // Closed, but on a line indented as its field: the continuation is what to move.
    expect(await at('model: m\ntools: [a,\nb]\n')).toBe('2:8 the [ opened here is not closed with ] before line 3, which is indented no more than its field / close it with ], or indent the lines that continue it more than its field');
  });

  it('says which line is indented under a scalar value, once, at the value (not "a list or mapping cannot be a key")', async () => {
    const said = async (yaml: string) => errors(await file(yaml)).map((d) => `${d.location.line}:${d.location.column} ${d.message} / ${d.hint}`);
    expect(await said('model: gpt-4o\nname: a\n  instructions: x\n')).toEqual([
      '2:7 line 3 is indented under a scalar value (the line above) / un-indent line 3, or make the value on the line above a mapping (its fields on their own lines, indented under it)',
    ]);
    // Nested, in a list item, with more lines after it, with CRLF line ends: the same.
    expect(await said('model: m\nmetadata:\n  a: b\n    c: d\n')).toEqual([expect.stringMatching(/^3:6 line 4 is indented under a scalar value \(the line above\) \//)]);
    expect(await said('model: m\ntools:\n  - type: function\n    function: x\n      name: y\n      strict: true\n')).toEqual([expect.stringMatching(/^4:15 line 5 is indented under a scalar value/)]);
    expect(await said('model: m\r\nname: a\r\n  instructions: x\r\n')).toEqual([expect.stringMatching(/^2:7 line 3 is indented under a scalar value/)]);
    // A key that really spans lines keeps the parser's words.
    expect((await said('model: m\n? [a,\n b]\n: x\n')).join('\n')).not.toContain('indented under a scalar');
  });

  it('says a colon slip as the colon: a plain value holding ": " is to be quoted, a field without its colon gets one', async () => {
    const said = async (yaml: string) => errors(await file(yaml)).map((d) => `${d.location.line}:${d.location.column} ${d.message} / ${d.hint}`);
    expect(await said('model: gpt-4o\ninstructions: You are: a bot\n')).toEqual([
      "2:15 the value of 'instructions' holds ': ', which YAML reads as the start of a field inside it / quote the whole value, as `instructions: \"You are: a bot\"`, or write it as a block: `instructions: |` and the text on the lines below, indented",
    ]);
    // In a list item, with a comment and CRLF; a value holding a double quote is quoted in single quotes.
    expect(await said('model: m\r\ntools:\r\n  - type: say "x": y  # note\r\n')).toEqual([
      expect.stringContaining("the value of 'type' holds ': ', which YAML reads as the start of a field inside it / quote the whole value, as `type: 'say \"x\": y'`"),
    ]);
    // Below a field with a plain value, the line may as well continue that value: both are said.
    expect(await said('model: gpt-4o\nname E\ntemperature: 1\n')).toEqual([
      "2:1 line 2 has no colon after 'name', so YAML reads it and the line after it as one key / if it is a field, write `name: E`; if it continues the value of `model:` on line 1, indent it more than `model:` (or quote the whole value)",
    ]);
    expect(await said('model gpt-4o\nname: E\n')).toEqual(["1:1 line 1 has no colon after 'model', so YAML reads it and the line after it as one key / write `model: gpt-4o`"]);
    expect(await said('model: m\nmetadata: {}\ninstructions\nname: E\n')).toEqual([
      "3:1 line 3 ('instructions') has no colon, so YAML reads it and the line after it as one key / write `instructions:`, with its value after the colon or on the lines below it, indented",
    ]);
    // A line indented under the value is still that slip, not a colon's.
    expect((await said('model: gpt-4o\nname: a\n  instructions: x\n')).join('\n')).toContain('indented under a scalar value');
  });

  it('says text after a quoted value as the quote to fix: an apostrophe doubled, or the whole value quoted', async () => {
    const said = async (yaml: string) => errors(await file(yaml)).map((d) => `${d.location.line}:${d.location.column} ${d.message} / ${d.hint}`);
    expect(await said("model: gpt-4o\ninstructions: 'It's fine'\nname: x\n")).toEqual([
      "2:19 the value of 'instructions' ends at the apostrophe of \"It's\": inside single quotes, an apostrophe is written twice / write `instructions: 'It''s fine'`, or put the value in double quotes",
    ]);
    expect(await said('model: gpt-4o\nname: "Billing" Support  # the name\n')).toEqual([
      "2:17 the value of 'name' goes on after its closing \" / put the whole value inside the quotes: `name: \"Billing Support\"`",
    ]);
    expect(await said('model: m\r\ntools:\r\n  - type: "function"x\r\n')).toEqual([
      expect.stringContaining("the value of 'type' goes on after its closing \" / put the whole value inside the quotes: `type: \"functionx\"`"),
    ]);
  });

  it("says a block scalar's text written without its indent as that, once, not as a field without its colon", async () => {
    const said = async (yaml: string) => errors(await file(yaml)).map((d) => `${d.location.line}:${d.location.column} ${d.message} / ${d.hint}`);
    expect(await said('model: gpt-4o\ninstructions: |\nYou are a bot.\nBe nice.\n')).toEqual([
      '3:1 the text of `instructions: |` on line 2 is not indented under it, so YAML reads line 3 as a field / indent the text\'s lines by 2 spaces, more than `instructions:`',
    ]);
    // With indicators, a blank line and a comment between, in a list item's mapping.
    expect(await said('model: m\ntools:\n  - type: function\n    function:\n      description: >-  # long\n\n      Look up.\n      name: x\n')).toEqual([
      expect.stringMatching(/^7:7 the text of `description: >-` on line 5 is not indented under it, so YAML reads line 7 as a field \/ indent the text's lines by 8 spaces, more than `description:`$/),
    ]);
  });

  it('says a line of a list at the wrong indent at that line and column, with the column it should reach, once', async () => {
    const said = async (yaml: string) => errors(await file(yaml)).map((d) => `${d.location.line}:${d.location.column} ${d.message} / ${d.hint}`);
    // An item one space further in, or one space short (the parser said four errors of it at column 1, then one of the next item).
    expect(await said('model: m\ntools:\n  - type: code_interpreter\n   - type: file_search\n')).toEqual([
      '4:4 the list item on line 4 starts at column 4, but the items of `tools:` above it start at column 3 / indent its `-` to column 3 (2 spaces), as the items above',
    ]);
    expect(await said('model: m\ntools:\n    - type: code_interpreter\n  - type: file_search\n    vector_store_ids: [vs_1]\n    - type: x\n')).toEqual([
      '4:3 the list item on line 4 starts at column 3, but the items of `tools:` above it start at column 5 / indent its `-` to column 5 (4 spaces), as the items above',
    ]);
    // An item's field short of its fields, after the item's own lines, with CRLF line ends.
    expect(await said('model: m\r\ntools:\r\n  - type: file_search\r\n    vector_store_ids: [vs_1]\r\n   max_num_results: 3\r\n')).toEqual([
      '5:4 line 5 is indented to column 4: past the `-` of the list item above (column 3) but short of its fields (column 5) / if it is a field of that item, indent it to column 5 (4 spaces), as `type:` above; if it is an item of its own, start it with `- ` at column 3',
    ]);
    // A mapping's field short of the fields above it.
    expect(await said('model: m\ntools:\n  - type: function\n    function:\n      name: x\n     description: y\n')).toEqual([
      '6:6 line 6 is indented to column 6, but the fields of `function:` above it start at column 7 / if it is one of them, indent it to column 7 (6 spaces), as the fields above',
    ]);
  });

  it('refuses nesting too deep to read and files too large, without a crash', async () => {
    const deep = await file(`model: m\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(errors(deep).map((d) => `${d.location.line}:${d.location.column} ${d.message}`)).toEqual([`2:${4 + MAX_NESTING - 1} the YAML is nested more than ${MAX_NESTING} levels deep`]);
    const big = await file(`model: m\n#${'x'.repeat(9_000_000)}\n`);
    expect(brief(big)).toEqual(['1:1 file-too-large ']);
  });

  it('accepts a UTF-8 byte order mark and a leading ---', async () => {
    const r = await file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('---\nmodel: m\nname: café\n')]));
    expect(errors(r)).toEqual([]);
    expect(r.definitions[0]!.spec).toEqual({ model: 'm', name: 'café' });
  });

  // Each in aac's words, where the fault is, with a hint that fits it; never the library's own
  // warning on stderr (process.emitWarning), nor a value the schema checks would misname.
  it.each([
    ['an alias with no anchor', 'model: *nope\n', '1:8 yaml-syntax', 'the alias *nope names no anchor set before it', 'set `&nope` on a value above it, or write the value out'],
    ['a YAML 1.1 tag', 'model: m\nmetadata: {a: !!binary aGVsbG8=}\n', '2:15 yaml-tag', 'the tag !!binary is not one aac reads', /^remove the tag/],
    ['a tag of its own', 'model: m\nname: !custom x\n', '2:7 yaml-tag', 'the tag !custom is not one aac reads', /^remove the tag/],
    ['a list as a key', 'model: m\n? [a, b]\n: 1\n', '2:3 yaml-syntax', 'a key must be a plain string, not a list', 'a key is a plain name: `name: value`'],
    ['an alias of a mapping as a key', 'model: m\nx-base: &b {a: 1}\n? *b\n: 1\n', '3:3 yaml-syntax', 'a key must be a plain string, not a mapping', 'a key is a plain name: `name: value`'],
    // A key YAML reads as a number or null becomes another key: a version-like metadata key, a property name.
    ['a key read as a decimal number', 'model: m\nmetadata:\n  1.10: stable\n', '3:3 yaml-syntax', 'a key must be a plain string, not the number 1.1 (written 1.10), which would be sent as the key "1.1"', 'quote it to keep it as written: "1.10":'],
    ['a key read as a hexadecimal number', 'model: m\nmetadata: {0x1F: w}\n', '2:12 yaml-syntax', 'a key must be a plain string, not the number 31 (written 0x1F), which would be sent as the key "31"', 'quote it to keep it as written: "0x1F":'],
    ['a key read as null', 'model: m\nx-p:\n  properties:\n    ~: {type: string}\n', '4:5 yaml-syntax', 'a key must be a plain string, not null (written ~), which would be sent as the key ""', 'quote it to keep it as written: "~":'],
    ['a key read as a boolean of other case', 'model: m\nmetadata:\n  True: t\n', '3:3 yaml-syntax', 'a key must be a plain string, not the boolean true (written True), which would be sent as the key "true"', 'quote it to keep it as written: "True":'],
    ['a merge of a list', 'model: m\nx-l: &l [1]\nx-m:\n  <<: *l\n', '4:7 yaml-syntax', 'a `<<` merge takes a mapping, an alias of one, or a list of them', /^merge a mapping/],
    ['an invalid escape', 'model: "a\\q"\n', '1:10 yaml-syntax', 'invalid escape sequence \\q', /single quotes/],
    ['two anchors', 'model: &a &b m\n', '1:11 yaml-syntax', 'a value can have one anchor (&name) only', 'remove all but one &'],
  ])('%s', async (_name, content, where, message, hint) => {
    const warned = vi.spyOn(process, 'emitWarning');
    try {
      const r = await file(content);
      expect(errors(r).map((d) => [`${d.location.line}:${d.location.column} ${d.code}`, d.message, d.hint])).toEqual([[where, message, typeof hint === 'string' ? hint : expect.stringMatching(hint)]]);
      expect(warned).not.toHaveBeenCalled();
    } finally {
      warned.mockRestore();
    }
  });

  describe('aliases', () => {
    const TOO_FAR = 'the aliases here expand too far: an anchor used more than 2000 times (its uses inside it counted), or more than 1000000 values in all';
    it('take an anchor shared by as many items as the longest list of the APIs', async () => {
      const uses = Array.from({ length: 2_000 }, () => '*p').join(', ');
      const r = await file(`x-p: &p {type: object}\nmodel: m\nx-uses: [${uses}]\n`);
      expect(errors(r)).toEqual([]);
    });
    it.each([
      ['an anchor used once too often', `x-p: &p {type: object}\nmodel: m\nx-uses: [${Array.from({ length: 2_001 }, () => '*p').join(', ')}]\n`, '3:10'],
      ['uses of a large anchor past a million values', `x-b: &b {${Array.from({ length: 1_000 }, (_, i) => `k${i}: v`).join(', ')}}\nmodel: m\nx-uses: [${Array.from({ length: 1_001 }, () => '*b').join(', ')}]\n`, '3:10'],
      ['a value that holds itself', 'model: m\nx-a: &a [*a]\n', '2:10'],
    ])('refuse %s, at the first alias', async (_name, content, where) => {
      const r = await file(content);
      expect(errors(r).map((d) => [`${d.location.line}:${d.location.column}`, d.message])).toEqual([[where, TOO_FAR]]);
    });
  });

  it('takes keys YAML reads as numbers or booleans that come out as written, and any quoted key', async () => {
    const r = await file('model: m\nmetadata:\n  1: one\n  true: t\n  "1.10": a\n  \'null\': b\n  -1: c\n');
    expect(errors(r)).toEqual([]);
    expect(r.definitions[0]!.spec.metadata).toEqual({ 1: 'one', true: 't', '1.10': 'a', null: 'b', '-1': 'c' });
  });

  it('keeps checking a file whose only YAML problem is a duplicate key', async () => {
    const r = await file('model: m\nmodel: n\ntemperature: 5\n');
    expect(brief(r)).toEqual(['2:1 duplicate-key ', '3:14 out-of-range temperature']);
  });

  it('ignores aac.yaml at the top and anything hidden, sorts the rest, and warns on an empty directory', async () => {
    const r = await load({ 'assistants/aac.yaml': 'provider: openai\n', 'assistants/z.yml': 'model: m\n', 'assistants/b/a.yaml': 'model: m\n', 'assistants/.hidden/x.yaml': 'nope', 'assistants/node_modules/p/x.yml': 'nope', 'assistants/readme.md': '#' });
    expect(errors(r)).toEqual([]);
    expect(r.definitions.map((a) => a.key)).toEqual(['b/a', 'z']);
    const empty = await load({});
    expect(empty.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning no-definitions']);
    // A directory has no line or column: it is named alone.
    expect(empty.diagnostics[0]!.location).toEqual({ file: 'assistants' });
  });

  it('reports a directory it cannot list as an error instead of skipping its definitions', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: m\n', 'assistants/team/b.yaml': 'model: m\n' });
    chmodSync(join(root, 'assistants/team'), 0o000);
    try {
      const r = await asUnprivileged(root, () => loadDefinitions(join(root, 'assistants'), { cwd: root, provider: 'openai' }));
      expect(errors(r).map((d) => [d.code, d.location])).toEqual([['unreadable', { file: 'assistants/team' }]]);
      // In words, with what to do: the bare errno (EACCES) said neither.
      expect(errors(r)[0]!.message).toBe('cannot read the directory: permission denied');
      expect(errors(r)[0]!.hint).toBe('give the user running aac permission to read the directory and to enter each directory above it, or move it out of the definitions directory');
      expect(r.definitions.map((x) => x.key)).toEqual(['a']);
    } finally {
      chmodSync(join(root, 'assistants/team'), 0o755);
    }
  });

  it('throws a UserError with a hint for a missing directory', async () => {
    const { loadDefinitions } = await import('../../src/desired/index.js');
    await expect(loadDefinitions('/nonexistent/aac-defs', { cwd: '/', provider: 'openai' })).rejects.toMatchObject({
      name: 'UserError',
      hint: expect.stringContaining('--dir'),
    });
  });
});

describe('locate', () => {
  const src = readYamlSource('a.yaml', Buffer.from([
    'model: gpt-4o',
    'tools:',
    '  - type: function',
    '    function:',
    '      name: lookup',
    '      parameters: {type: object}',
    'metadata: {team: a}',
    '',
  ].join('\n')));

  it('finds keys, values and list items by field path', () => {
    expect(src.locate(['model'])).toEqual({ file: 'a.yaml', line: 1, column: 1 });
    expect(src.locate(['model'], 'value')).toEqual({ file: 'a.yaml', line: 1, column: 8 });
    expect(src.locate(['tools', 0])).toEqual({ file: 'a.yaml', line: 3, column: 5 });
    expect(src.locate(['tools', 0, 'function', 'name'])).toEqual({ file: 'a.yaml', line: 5, column: 7 });
    expect(src.locate(['tools', 0, 'function', 'parameters', 'type'], 'value')).toEqual({ file: 'a.yaml', line: 6, column: 26 });
    expect(src.locate(['metadata', 'team'])).toEqual({ file: 'a.yaml', line: 7, column: 12 });
  });

  it('keeps no positions for a file that parses cleanly, and finds them when a message needs one', () => {
    const text = 'model: gpt-4o\ntools:\n  - type: function\n    function:\n      name: 0755\n';
    const parsed = parseYaml('a.yaml', Buffer.from(text));
    expect(parsed.index).toBeUndefined();
    expect(parsed.sliced).toBe(true);
    let reads = 0;
    const src = yamlSource('a.yaml', parsed, () => {
      reads++;
      return Buffer.from(text);
    });
    expect(reads).toBe(0);
    expect(src.locate(['tools', 0, 'function', 'name'], 'value')).toEqual({ file: 'a.yaml', line: 5, column: 13 });
    expect(src.written(['tools', 0, 'function', 'name'])).toBe('0755');
    expect(reads).toBe(1);
    // Whatever the parse has to say comes with the positions at once.
    const repeated = parseYaml('a.yaml', Buffer.from('model: a\nmodel: b\n'));
    expect(repeated.diagnostics.map((d) => d.code)).toEqual(['duplicate-key']);
    expect(repeated.index).toBeDefined();
  });

  it('reads a file with nothing to say without counting its lines, and any other the full way, with the same value and diagnostics', () => {
    // Lines that make clean files and every kind of finding: repeated keys, syntax errors, a
    // warning (an unknown tag), several documents, a list or a scalar at the top, aliases, merges.
    const line = fc.constantFrom('model: m', 'model: n', 'name: "x', 'name: x', 'tools:', '  - type: function', '\t- x', '---', 'a: &a {x: 1}', 'b: *a', '<<: {c: 1}', 'x: !foo 1', 'y: |', '  text', '# c', '', '- item', 'z: [1, 2', 'just text', 'k: [*a, *a]');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const text = Buffer.from(`${lines.join('\n')}\n`);
        const quick = parseYaml('a.yaml', text, { asJson: false });
        const full = parseYaml('a.yaml', text, { asJson: false, positions: true });
        expect(quick.diagnostics).toEqual(full.diagnostics);
        expect(quick.value).toEqual(full.value);
        // Positions come from the parse exactly when it has something to say.
        expect(quick.index === undefined).toBe(full.diagnostics.length === 0);
      }),
      { numRuns: 400 },
    );
  });

  it('locates a warning and a later message in a file read the full way because of the warning', async () => {
    const r = await file('%FUTURE directive\n---\nmodel: m\ntemperature: 5\n');
    expect(r.diagnostics.map((d) => `${d.severity} ${d.location.line}:${d.location.column} ${d.code} ${d.message}`)).toEqual([
      'warning 1:1 yaml-warning this % directive is not one aac reads (only %YAML and %TAG are)',
      'error 4:14 out-of-range temperature is 5; it must be between 0 and 2',
    ]);
  });

  it('falls back to the nearest existing parent', () => {
    expect(src.locate(['tools', 0, 'function', 'description'])).toEqual({ file: 'a.yaml', line: 4, column: 5 });
    expect(src.locate(['tools', 7])).toEqual({ file: 'a.yaml', line: 2, column: 1 });
    expect(src.locate(['temperature'])).toEqual({ file: 'a.yaml', line: 1, column: 1 });
  });

  it('locates the last of repeated keys, whose value is the one read, does not follow aliases, and takes numbers as mapping keys too', () => {
    const odd = readYamlSource('b.yaml', Buffer.from([
      'metadata: {team: a}',
      'base: &b {x: 1}',
      'alias: *b',
      'metadata: {team: b}',
      'codes: {200: ok}',
      'list: [a, b]',
      '',
    ].join('\n')));
    expect(odd.value).toMatchObject({ metadata: { team: 'b' } });
    expect(odd.locate(['metadata', 'team'])).toEqual({ file: 'b.yaml', line: 4, column: 12 });
    expect(odd.locate(['base', 'x'])).toEqual({ file: 'b.yaml', line: 2, column: 11 });
    expect(odd.locate(['alias', 'x'])).toEqual({ file: 'b.yaml', line: 3, column: 1 });
    expect(odd.locate(['alias', 'x'], 'value')).toEqual({ file: 'b.yaml', line: 3, column: 8 });
    expect(odd.locate(['codes', 200], 'value')).toEqual({ file: 'b.yaml', line: 5, column: 14 });
    expect(odd.locate(['list', 1], 'value')).toEqual({ file: 'b.yaml', line: 6, column: 11 });
    expect(odd.locate(['list', '1'])).toEqual({ file: 'b.yaml', line: 6, column: 1 });
  });

  it('points at the top of a file that could not be read or is not text', () => {
    expect(readYamlSource('c.yaml', Buffer.alloc(0)).locate(['model'])).toEqual({ file: 'c.yaml', line: 1, column: 1 });
    expect(readYamlSource('c.yaml', Buffer.from('model: m\0\n')).locate(['model'])).toEqual({ file: 'c.yaml', line: 1, column: 1 });
  });

  it('is what DesiredAssistant.locate answers', async () => {
    const r = await file('model: m\ntools:\n  - type: code_interpreter\n');
    expect(r.definitions[0]!.locate(['tools', 0, 'type'])).toEqual({ file: 'assistants/a.yaml', line: 3, column: 5 });
  });

  it("answers called apart from its definition, reads a YAML file again only while it is unchanged, and leaves the spec plain data in the kind's order", async () => {
    const r = await load({
      'assistants/a.yaml': 'model: m\nname: a\n',
      'assistants/b.yaml': 'temperature: 0.5\nmodel: m\nmetadata:\n  team: x\nname: b\ntop_p: 1\ninstructions: i\ndescription: d\n',
    });
    const [a, b] = r.definitions;
    const { locate } = b!;
    expect(locate(['metadata', 'team'], 'value')).toEqual({ file: 'assistants/b.yaml', line: 4, column: 9 });
    expect(locate(['metadata', 'owner'])).toEqual({ file: 'assistants/b.yaml', line: 3, column: 1 });
    writeFileSync(join(r.root, 'assistants/a.yaml'), '\nmodel: m\nname: a\n');
    expect(a!.locate(['name'])).toEqual({ file: 'assistants/a.yaml', line: 1, column: 1 });
    // More fields than `{}` holds in itself: still an object as JSON makes one, which redaction and the plan's comparisons walk.
    expect(Object.keys(b!.spec)).toEqual(['model', 'name', 'description', 'instructions', 'metadata', 'temperature', 'top_p']);
    for (const d of r.definitions) {
      expect(Object.getPrototypeOf(d.spec)).toBe(Object.prototype);
      expect(d.spec.constructor).toBe(Object);
      expect(d.movedFrom).toEqual([]);
    }
    // One list for every definition with no moved_from: frozen, as nothing may write to it.
    expect(() => a!.movedFrom.push('x')).toThrow(TypeError);
  });
});
