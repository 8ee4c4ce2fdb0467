import { describe, expect, it } from 'vitest';
import { describeChange } from '../../src/render/field-diff.js';
import { toolKey } from '../../src/backends/assistants/kind.js';
import { change, spec } from './fixtures.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';

describe('describeChange', () => {
  it('lists nothing for a delete or a no-op', () => {
    expect(describeChange(change('a', spec(), null), ASSISTANT)).toEqual([]);
    expect(describeChange(change('a', spec(), spec()), ASSISTANT)).toEqual([]);
  });

  it('shows a tool replaced by another as a removal and an addition', () => {
    const c = change('a', spec({ tools: [{ type: 'code_interpreter' }] }), spec({ tools: [{ type: 'file_search' }] }));
    expect(describeChange(c, ASSISTANT)).toEqual([
      { kind: 'group', marker: '-', path: 'tools[0]', label: 'code_interpreter', children: [] },
      { kind: 'group', marker: '+', path: 'tools[0]', label: 'file_search', children: [] },
    ]);
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
