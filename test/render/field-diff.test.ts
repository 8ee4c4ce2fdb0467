import { describe, expect, it } from 'vitest';
import { describeChange } from '../../src/render/field-diff.js';
import { toolKey } from '../../src/backends/assistants/kind.js';
import { change, spec } from './fixtures.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';

describe('describeChange', () => {
  it('lists nothing for a no-op', () => {
    expect(describeChange(change('a', spec(), spec()), ASSISTANT)).toEqual([]);
  });

  it('lists what a delete removes, value and all: model, name, metadata', () => {
    const gone = spec({ name: 'Old Bot', metadata: { owner: 'alice' } });
    expect(describeChange(change('a', gone, null), ASSISTANT)).toEqual([
      { kind: 'value', marker: '-', path: 'model', value: 'gpt-4o' },
      { kind: 'value', marker: '-', path: 'name', value: 'Old Bot' },
      { kind: 'group', marker: '-', path: 'metadata', label: undefined, children: [{ kind: 'value', marker: '-', path: 'owner', value: 'alice' }] },
    ]);
  });

  it('shows a removed metadata value, and a removed json_schema with its schema', () => {
    const schema = { type: 'json_schema', json_schema: { name: 'notes', schema: { type: 'object' } } };
    const c = change('a', spec({ metadata: { owner: 'alice', team: 'x' }, response_format: schema }), spec({ metadata: { team: 'x' }, response_format: 'auto' }));
    expect(describeChange(c, ASSISTANT)).toEqual([
      { kind: 'group', marker: '~', path: 'metadata', children: [{ kind: 'value', marker: '-', path: 'owner', value: 'alice' }] },
      {
        kind: 'group',
        marker: '-',
        path: 'response_format',
        label: undefined,
        children: [
          { kind: 'value', marker: '-', path: 'type', value: 'json_schema' },
          {
            kind: 'group',
            marker: '-',
            path: 'json_schema',
            label: undefined,
            children: [
              { kind: 'value', marker: '-', path: 'name', value: 'notes' },
              { kind: 'group', marker: '-', path: 'schema', label: undefined, children: [{ kind: 'value', marker: '-', path: 'type', value: 'object' }] },
            ],
          },
        ],
      },
      { kind: 'value', marker: '+', path: 'response_format', value: 'auto' },
    ]);
  });

  it('shows a reordered tool as one move, not a removal and an addition', () => {
    const lookup = { type: 'function', function: { name: 'lookup', description: 'Find it.' } };
    const code = { type: 'code_interpreter' };
    const search = { type: 'file_search' };
    const c = change('a', spec({ tools: [lookup, code, search] }), spec({ tools: [code, search, { ...lookup, function: { ...lookup.function, description: 'Find one.' } }] }));
    expect(describeChange(c, ASSISTANT)).toEqual([
      {
        kind: 'group',
        marker: '~',
        path: 'tools[2]',
        label: 'function lookup',
        movedFrom: 'tools[0]',
        children: [{ kind: 'change', path: 'function.description', before: 'Find it.', after: 'Find one.' }],
      },
    ]);
  });

  it('draws a create as written, in the file\'s order, with what the server fills in marked', () => {
    const written = { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }], name: 'Bot' };
    const after = spec({ name: 'Bot', tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' }, strict: false } }], temperature: 1 });
    const c = { ...change('a', null, after), body: written };
    expect(describeChange(c, ASSISTANT)).toEqual([
      { kind: 'value', marker: '+', path: 'model', value: 'gpt-4o' },
      {
        kind: 'group',
        marker: '+',
        path: 'tools[0]',
        label: 'function f',
        children: [
          {
            kind: 'group',
            marker: '+',
            path: 'function',
            label: undefined,
            children: [
              { kind: 'value', marker: '+', path: 'name', value: 'f' },
              { kind: 'group', marker: '+', path: 'parameters', label: undefined, children: [{ kind: 'value', marker: '+', path: 'type', value: 'object' }] },
              { kind: 'value', marker: '+', path: 'strict', value: false, note: 'server default' },
            ],
          },
        ],
      },
      { kind: 'value', marker: '+', path: 'name', value: 'Bot' },
      { kind: 'value', marker: '+', path: 'temperature', value: 1, note: 'server default' },
    ]);
  });

  it('shows a tool replaced by another as a removal, at its live index said so, and an addition', () => {
    const c = change('a', spec({ tools: [{ type: 'code_interpreter' }] }), spec({ tools: [{ type: 'file_search' }] }));
    expect(describeChange(c, ASSISTANT)).toEqual([
      { kind: 'group', marker: '-', path: 'tools[0] (live index)', label: 'code_interpreter', children: [] },
      { kind: 'group', marker: '+', path: 'tools[0]', label: 'file_search', children: [] },
    ]);
  });

  it("says of a removed item's index that it is the live list's, where the two lists' indices differ", () => {
    // A duplicate live tool goes and another comes: the same `tools[1]` would name two items of two lists.
    const dup = change('a', spec({ tools: [{ type: 'code_interpreter' }, { type: 'code_interpreter' }] }), spec({ tools: [{ type: 'code_interpreter' }, { type: 'file_search' }] }));
    expect(describeChange(dup, ASSISTANT).map((e) => `${e.kind === 'group' ? e.marker : ''} ${e.path}`)).toEqual(['- tools[1] (live index)', '+ tools[1]']);
    // The live list's tools[1] goes; the definition's tools[1] is the live tools[2], kept.
    const gone = change('a', spec({ tools: [{ type: 'code_interpreter' }, { type: 'file_search' }, { type: 'function', function: { name: 'f' } }] }), spec({ tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'f' } }] }));
    expect(describeChange(gone, ASSISTANT).map((e) => `${e.kind === 'group' ? e.marker : ''} ${e.path}`)).toEqual(['- tools[1] (live index)']);
  });

  it('pairs a replaced item of a plain list and diffs it key by key', () => {
    const before = spec({ tool_resources: { x: { items: [{ id: 1, v: 'a' }] } } });
    const after = spec({ tool_resources: { x: { items: [{ id: 1, v: 'b' }] } } });
    expect(describeChange(change('a', before, after), ASSISTANT)).toEqual([
      {
        kind: 'group',
        marker: '~',
        path: 'tool_resources',
        children: [
          {
            kind: 'group',
            marker: '~',
            path: 'x.items[0]',
            label: undefined,
            children: [{ kind: 'change', path: 'v', before: 'a', after: 'b' }],
          },
        ],
      },
    ]);
  });

  it('quotes metadata keys and nested keys that are not plain words', () => {
    const c = change(
      'a',
      spec({ metadata: {}, tool_resources: { a: {} } }),
      spec({ metadata: { 'cost center': '42' }, tool_resources: { a: { 'x.y': 1 } } }),
    );
    expect(describeChange(c, ASSISTANT)).toEqual([
      { kind: 'group', marker: '~', path: 'tool_resources', children: [{ kind: 'value', marker: '+', path: 'a["x.y"]', value: 1 }] },
      { kind: 'group', marker: '~', path: 'metadata', children: [{ kind: 'value', marker: '+', path: '"cost center"', value: '42' }] },
    ]);
  });

  it('keeps a scalar that becomes a map on one line', () => {
    const c = change('a', spec({ response_format: 'auto' }), spec({ response_format: { type: 'json_object' } }));
    expect(describeChange(c, ASSISTANT)).toEqual([
      { kind: 'change', path: 'response_format', before: 'auto', after: { type: 'json_object' } },
    ]);
  });

  it('diffs text that gains its first line break as text', () => {
    const c = change('a', spec({ instructions: null }), spec({ instructions: 'a\nb' }));
    expect(describeChange(c, ASSISTANT)).toEqual([
      { kind: 'text', marker: '~', path: 'instructions', lines: ['@@ -0,0 +1,2 @@', '+a', '+b'] },
    ]);
  });
});

describe('toolKey', () => {
  it('names a tool by its type and, when it has one, its name', () => {
    expect(toolKey({ type: 'function', function: { name: 'f' } })).toBe('function f');
    expect(toolKey({ type: 'openapi', openapi: { name: 'weather', spec: {} } })).toBe('openapi weather');
    expect(toolKey({ type: 'code_interpreter' })).toBe('code_interpreter');
    expect(toolKey({ name: 'no type' })).toBeUndefined();
  });
});
