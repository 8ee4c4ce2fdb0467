// A syntax error names the field it is in — the keys and list indices enclosing it, as read before
// the file's first fault — wherever that is known for sure, and no field where it is not: in block
// YAML, in flow YAML, in a definition written as JSON, in aac.yaml and in an overlay.
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/desired/index.js';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, load, writeTree } from './helpers.js';

afterAll(cleanupTrees);

/** Each diagnostic as `line:column code [path] message`. */
const said = (r: LoadResult) => r.diagnostics.map((d) => `${d.location.line}:${d.location.column} ${d.code} [${d.path}] ${d.message}`);
const file = (content: string) => load({ 'assistants/a.yaml': content });

describe('block YAML', () => {
  it.each([
    ['a bracket never closed, deep in a tool', 'model: m\ntools:\n  - type: function\n    function:\n      name: f\n      parameters:\n        type: object\n        properties: [\n',
      ['8:21 yaml-syntax [tools[0].function.parameters.properties] the [ opened here is never closed with ] (the file ends first)']],
    ['a quote never closed', 'model: m\ninstructions: "Be brief.\nname: a\n',
      ['2:15 yaml-syntax [instructions] the " opened here is never closed (the file ends first)']],
    ['a line indented under a value', 'model: m\ntools:\n  - type: function\n    function:\n      name: f\n        description: d\n',
      ['5:13 yaml-syntax [tools[0].function.name] line 6 is indented under a scalar value (the line above)']],
    ['a key written twice in a tool', 'model: m\ntools:\n  - type: function\n    function:\n      name: f\n      name: g\n',
      ["6:7 duplicate-key [tools[0].function] the key 'name' appears more than once in the same mapping (first at line 5, column 7)"]],
    ['an escape double quotes do not have', 'model: m\ntools:\n  - type: function\n    function:\n      name: f\n      description: "a \\q"\n',
      ['6:23 yaml-syntax [tools[0].function.description] invalid escape sequence \\q']],
  ])('%s: the field it is in', async (_name, content, expected) => {
    expect(said(await file(content))).toEqual(expected);
  });

  // The line may be meant as a field of the item above or as an item of its own: the list it is in, surely.
  it('a line between an item\'s `-` and its fields: the list, not the item', async () => {
    expect(said(await file('model: m\ntools:\n  - type: function\n   function:\n      name: f\n'))).toEqual([
      '4:4 yaml-syntax [tools] line 4 is indented to column 4: past the `-` of the list item above (column 3) but short of its fields (column 5)',
    ]);
  });

  it('an item off its siblings\' column: their list', async () => {
    expect(said(await file('model: m\ntools:\n  - type: code_interpreter\n  - type: file_search\n   - type: function\n'))).toEqual([
      '5:4 yaml-syntax [tools] the list item on line 5 starts at column 4, but the items of `tools:` above it start at column 3',
    ]);
  });

  // Short of `function:`'s fields, it may be one of them or the item's own: the item, surely.
  it('a field short of its mapping\'s fields: the mapping that holds that mapping\'s key', async () => {
    expect(said(await file('model: m\ntools:\n  - type: function\n    function:\n        name: f\n      description: d\n'))).toEqual([
      '6:7 yaml-syntax [tools[0]] line 6 is indented to column 7, but the fields of `function:` above it start at column 9',
    ]);
  });

  // Whether the tab's line is `tools:`'s or a field of its own is not known: no field is named.
  it('a tab as indentation: no field', async () => {
    expect(said(await file('model: m\ntools:\n\t- type: code_interpreter\n'))).toEqual(['3:1 yaml-syntax [] tabs are not allowed as indentation']);
  });

  // Past the first fault, the parser's reading may be a guess built on it: said as today, without a field.
  it('only what is read before the first fault is named', async () => {
    expect(said(await file('model: m\ninstructions: "a \\q"\nmetadata:\n  team: a\n  team: b\n'))).toEqual([
      '2:18 yaml-syntax [instructions] invalid escape sequence \\q',
      "5:3 duplicate-key [] the key 'team' appears more than once in the same mapping (first at line 4, column 3)",
    ]);
    // The same repeat alone names its mapping.
    expect(said(await file('model: m\ninstructions: "a"\nmetadata:\n  team: a\n  team: b\n'))).toEqual([
      "5:3 duplicate-key [metadata] the key 'team' appears more than once in the same mapping (first at line 4, column 3)",
    ]);
  });
});

describe('many faults', () => {
  // Each misindented item is an error of the parser's: the text was split into lines for each
  // (80 s of CPU for these 20,000 lines on an idle machine; 4 s now, most of it the parse). The
  // limit sits between the two with room for a loaded machine.
  it('a list of 10,000 misindented items among 20,000 is said item by item, the first with its field', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 1 ? '   - type: code_interpreter' : '  - type: code_interpreter'));
    const r = said(await file(`model: m\ntools:\n${items.join('\n')}\n`));
    expect(r).toHaveLength(10_000);
    expect(r[0]).toBe('4:4 yaml-syntax [tools] the list item on line 4 starts at column 4, but the items of `tools:` above it start at column 3');
    expect(r[9_999]).toBe('20002:4 yaml-syntax [] the list item on line 20002 starts at column 4, but the items of `tools:` above it start at column 3');
  }, 60_000);
});

describe('flow YAML', () => {
  it('a quote never closed inside brackets: its field, and the brackets it leaves open theirs', async () => {
    expect(said(await file('model: m\ntools: [ { type: function, function: { name: f, parameters: { type: "object } } } ]\n'))).toEqual([
      '2:8 yaml-syntax [tools] the [ opened here is never closed with ] (the file ends first)',
      '2:69 yaml-syntax [tools[0].function.parameters.type] the " opened here is never closed (the file ends first)',
    ]);
  });

  it('an alias of no anchor: its field', async () => {
    expect(said(await file('model: m\nmetadata: { team: *owner }\n'))).toEqual(['2:19 yaml-syntax [metadata.team] the alias *owner names no anchor set before it']);
  });
});

describe('a definition written as JSON', () => {
  // Whether a colon or a comma is missing, the parser reads `"type" "object"` as `type: object`: the object, surely.
  it('a colon missing: the object it is in, not the key the parser guessed', async () => {
    expect(said(await file('{"model": "m", "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type" "object"}}}]}\n'))).toEqual([
      '1:95 yaml-syntax [tools[0].function.parameters] missing , or : between flow map items',
    ]);
  });

  // The parser reads the two objects as one item whose key is the first: the list, surely.
  it('a comma missing between two items: the list, not the item the parser made of them', async () => {
    const r = said(await file('{"model": "m", "tools": [{"type": "code_interpreter"} {"type": "file_search"}]}\n'));
    expect(r).toContain('1:55 yaml-syntax [tools] unexpected flow-map-start at node end');
    // The parser's other errors of the line follow from it: no field, or the list.
    expect(r.filter((d) => !/^\S+ \S+ \[(tools)?\] /.test(d))).toEqual([]);
  });

  it('an object never closed: its item, and the list it leaves open', async () => {
    const text = '{"model": "m",\n  "tools": [\n    {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}\n  ]\n}\n';
    expect(said(await file(text))).toEqual([
      '2:12 yaml-syntax [tools] the [ opened here is not closed with ] before line 4, which is indented no more than its field',
      '3:5 yaml-syntax [tools[0]] the { opened here is not closed with } before line 4, which is indented no more than its field',
      '5:1 yaml-syntax [] flow map must end with a }',
    ]);
  });

  it('the whole document never closed: no field', async () => {
    expect(said(await file('{"model": "m", "name": "a"\n'))).toEqual(['2:1 yaml-syntax [] flow map must end with a }']);
  });
});

describe('aac.yaml and an overlay, through `aac validate`', () => {
  it('each names the field, as a definition does', async () => {
    const root = writeTree({
      'assistants/aac.yaml': 'variables:\n  tier: { type: string }\nenvironments:\n  prod:\n    namespace: team-prod\n    values: { tier: "gold }\n',
      'assistants/a.yaml': 'model: m\n',
    });
    const config = await runCli(['validate', '--no-color'], { cwd: root });
    expect(config.code).toBe(1);
    expect(config.stdout).toContain('assistants/aac.yaml:6:21: error: the " opened here is never closed (the file ends first) [environments.prod.values.tier]\n');

    const overlaid = writeTree({
      'assistants/aac.yaml': 'environments:\n  prod:\n    namespace: team-prod\n',
      'assistants/a.yaml': 'model: m\n',
      'assistants/overlays/prod/a.yaml': 'metadata:\n  team: a\n  team: b\n',
    });
    const overlay = await runCli(['validate', '--no-color'], { cwd: overlaid });
    expect(overlay.code).toBe(1);
    expect(overlay.stdout).toContain("assistants/overlays/prod/a.yaml:3:3: error: the key 'team' appears more than once in the same mapping (first at line 2, column 3) [metadata]\n");
  });
});
