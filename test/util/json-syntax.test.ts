// Where a text stops being JSON: exactly when JSON.parse refuses it, at the line and column a
// person fixes; and where a field of a document is, for a message about its value.
import fc from '../helpers/fast-check.js';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError, jsonValueAt } from '../../src/util/json-syntax.js';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonSyntaxError', () => {
  it('finds an error exactly when JSON.parse does: valid documents, cut short and with a character put in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), fc.nat(), fc.constantFrom('}', ']', ',', ':', '"', 'x', '\\', '\n', '0', ' '), (value, indent, at, put) => {
        const text = JSON.stringify(value, null, indent);
        expect(jsonSyntaxError(text)).toBeUndefined();
        const cut = text.slice(0, at % (text.length + 1));
        expect(jsonSyntaxError(cut) === undefined).toBe(parses(cut));
        const i = at % (text.length + 1);
        const changed = `${text.slice(0, i)}${put}${text.slice(i)}`;
        expect(jsonSyntaxError(changed) === undefined).toBe(parses(changed));
      }),
    );
  });

  it('says where and what, in lines and characters', () => {
    expect(jsonSyntaxError('{\n  "a": 1,\n  "b": x\n}')).toEqual({ line: 3, column: 8, message: "a value was expected, not 'x'" });
    expect(jsonSyntaxError('{"é😀": 1,\r\n "b" 2}')).toEqual({ line: 2, column: 6, message: "':' was expected after the property name, not '2'" });
    expect(jsonSyntaxError('["😀", x]')).toMatchObject({ line: 1, column: 7 });
    expect(jsonSyntaxError('[1, 2')).toEqual({ line: 1, column: 6, message: "',' or ']' was expected, not the end of the text" });
    expect(jsonSyntaxError('{"a": 1}\n{')).toEqual({ line: 2, column: 1, message: "'{' after the end of the document" });
    expect(jsonSyntaxError('\ufeff{}')?.message).toBe('a value was expected, not U+FEFF');
    expect(jsonSyntaxError('"a\\qb"')).toMatchObject({ line: 1, column: 3 });
    expect(jsonSyntaxError('["\t"]')?.message).toContain('control character');
  });

  it('reads any depth without recursion', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(jsonSyntaxError(deep)).toBeUndefined();
    expect(jsonSyntaxError(`${deep}]`)?.message).toBe("']' after the end of the document");
  });
});

/** 1-based line and column (code points) of `offset`, as a reader counts them. */
function place(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: [...lines.at(-1)!].length + 1 };
}

describe('jsonValueAt', () => {
  it('finds the value at any path of any document: where it starts, whatever precedes it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), fc.array(fc.nat()), (value, indent, picks) => {
        // A path into the value, picked at random, and the document with a sentinel put there:
        // everything before the value is the same text, so the sentinel starts where the value did.
        const path: Array<string | number> = [];
        let at: unknown = value;
        for (const pick of picks) {
          if (at === null || typeof at !== 'object') break;
          const keys: Array<string | number> = Array.isArray(at) ? at.map((_, i) => i) : Object.keys(at);
          if (keys.length === 0) break;
          path.push(keys[pick % keys.length]!);
          at = (at as Record<string | number, unknown>)[path.at(-1)!];
        }
        const marked = structuredClone(value) as unknown;
        const SENTINEL = '\u0001sentinel';
        if (path.length === 0) return;
        let parent = marked as Record<string | number, unknown>;
        for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
        // `__proto__` as data, as JSON.parse made it.
        Object.defineProperty(parent, path.at(-1)!, { value: SENTINEL, enumerable: true, writable: true, configurable: true });
        const text = JSON.stringify(value, null, indent);
        const markedText = JSON.stringify(marked, null, indent);
        expect(jsonValueAt(text, path)).toEqual(place(markedText, markedText.indexOf(JSON.stringify(SENTINEL))));
      }),
    );
  });

  it("points at a missing field's object, takes the last of duplicate keys, and counts characters", () => {
    const text = '{\n  "a": {"b": 1},\n  "é😀": [true, {"c": "x"}],\n  "a": {"b": 2}\n}';
    expect(jsonValueAt(text, ['a', 'b'])).toEqual({ line: 4, column: 14 });
    expect(jsonValueAt(text, ['é😀', 1, 'c'])).toEqual({ line: 3, column: 22 });
    expect(jsonValueAt(text, ['é😀', 1, 'missing'])).toEqual({ line: 3, column: 16 });
    expect(jsonValueAt(text, ['é😀', 5])).toEqual({ line: 3, column: 9 });
    expect(jsonValueAt(text, [])).toEqual({ line: 1, column: 1 });
    expect(jsonValueAt('  [1, "a\\"b]", {"k": 2}]', [2, 'k'])).toEqual({ line: 1, column: 22 });
  });
});
