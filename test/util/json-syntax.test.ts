// Where a text stops being JSON: exactly when JSON.parse refuses it, at the line and column a
// person fixes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from '../../src/util/json-syntax.js';

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
