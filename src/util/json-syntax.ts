// Where a text stops being JSON. JSON.parse says that it failed, but Node 20's messages often give
// no position (`Unexpected token 'x', ..."b": x}" is not valid JSON`), and a person fixing a plan
// file by hand needs the line and the column.

import { codePoints, composed } from './characters.js';
import { codePoint } from './invisible.js';

/** The first place `text` is not JSON, and what was expected there. */
export interface JsonSyntaxError {
  /** 1-based line (lines end at LF, CRLF or a lone CR). */
  line: number;
  /** 1-based column, in characters (code points) from the line's start. */
  column: number;
  message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
const LITERALS = ['true', 'false', 'null'];

/**
 * The first syntax error of `text` by RFC 8259's grammar (one value, optionally surrounded by
 * whitespace), or undefined when `text` is JSON. Walks with an explicit stack, so any nesting
 * depth is read without recursion. Pure; linear in the length of `text`.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const stack: Array<'}' | ']'> = [];
  const at = (message: string): JsonSyntaxError => ({ ...lineAndColumn(text, i), message });
  const found = (): string => (i >= text.length ? 'the end of the text' : shown(text.codePointAt(i)!));
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = (): JsonSyntaxError | undefined => {
    i++;
    for (;;) {
      if (i >= text.length) return at('a string is not closed: a \'"\' was expected');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c === 0x5c) {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) return at('a string has an invalid escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits were expected');
        i = ESCAPE.lastIndex;
      } else if (c < 0x20) {
        return at('a string holds a control character: it must be escaped (\\n, \\t, \\u…)');
      } else {
        i++;
      }
    }
  };
  // 'value': a value is expected; 'key': a property name; 'after': a value ended.
  let state: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    skipSpace();
    if (state === 'key') {
      if (text[i] !== '"') return at(`a property name in double quotes was expected, not ${found()}`);
      const bad = string();
      if (bad) return bad;
      skipSpace();
      if (text[i] !== ':') return at(`':' was expected after the property name, not ${found()}`);
      i++;
      state = 'value';
      continue;
    }
    if (state === 'after') {
      const close = stack[stack.length - 1];
      if (close === undefined) return i < text.length ? at(`${found()} after the end of the document`) : undefined;
      if (text[i] === ',') {
        i++;
        state = close === '}' ? 'key' : 'value';
      } else if (text[i] === close) {
        i++;
        stack.pop();
      } else {
        return at(`',' or '${close}' was expected, not ${found()}`);
      }
      continue;
    }
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      skipSpace();
      const close = c === '{' ? '}' : ']';
      if (text[i] === close) {
        i++;
        state = 'after';
      } else {
        stack.push(close);
        state = c === '{' ? 'key' : 'value';
      }
      continue;
    }
    if (c === '"') {
      const bad = string();
      if (bad) return bad;
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return at(`a number was expected, not ${found()}`);
      i = NUMBER.lastIndex;
    } else {
      const word = LITERALS.find((w) => text.startsWith(w, i));
      if (word === undefined) return at(`a value was expected, not ${found()}`);
      i += word.length;
    }
    state = 'after';
  }
}

/** A character as a message quotes it: `'x'`, or `U+FEFF` for one that does not print (a byte order mark, a control). */
function shown(point: number): string {
  const c = String.fromCodePoint(point);
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(c) ? `'${c}'` : codePoint(c);
}

/** The 1-based line and column (in code points) of `offset` (in UTF-16 units) in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const breaks = before.match(/\r\n|\r|\n/g);
  const start = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { line: (breaks?.length ?? 0) + 1, column: codePoints(before.slice(start)) + 1 };
}

/** A place in a JSON document: object keys and array indices from the top. */
export type JsonPath = ReadonlyArray<string | number>;

/**
 * Where the value at `path` starts in `text` (a JSON document, as JSON.parse took it), or where
 * the nearest of its parents that exists starts when it does not (a missing field: its object).
 * Of duplicate keys, the last, as JSON.parse keeps it. Walks only the objects along the path, and
 * skips every other value without recursion, so it is linear in the length of `text`. Meant for
 * messages about a field, after the document was read: undefined only when `text` is not JSON.
 */
export function jsonValueAt(text: string, path: JsonPath): { line: number; column: number } | undefined {
  let i = skipSpace(text, 0);
  if (i >= text.length) return undefined;
  for (const step of path) {
    const open = text[i];
    if (!((open === '{' && typeof step === 'string') || (open === '[' && typeof step === 'number'))) break;
    let found: number | undefined;
    const start = i;
    i = skipSpace(text, i + 1);
    for (let index = 0; text[i] !== '}' && text[i] !== ']' && i < text.length; index++) {
      let name: string | number = index;
      if (open === '{') {
        const end = skipValue(text, i);
        name = JSON.parse(text.slice(i, end)) as string;
        i = skipSpace(text, skipSpace(text, end) + 1); // past ':'
      }
      if (name === step) found = i;
      i = skipSpace(text, skipValue(text, i));
      if (text[i] === ',') i = skipSpace(text, i + 1);
    }
    if (found === undefined) {
      i = start;
      break;
    }
    i = found;
  }
  return lineAndColumn(text, i);
}

/**
 * Where one field of a JSON document is written, as offsets (UTF-16 units) in its text: its key's
 * opening quote (an object's entry), its value's first character, and the value as written when
 * it is a number, `true`, `false` or `null`.
 */
export interface JsonField {
  key?: number;
  value: number;
  scalar?: string;
}

/**
 * A finder of the fields of `text`, a JSON document as JSON.parse took it with each key once in
 * each object: for a path, the field of the longest prefix of it that the document holds (the
 * document itself for none) and that prefix's length. A number segment indexes a list or names an
 * object's key written as that number, as YAML's path lookups read them; a string never indexes a
 * list. Reads only the lists and objects along the paths asked, each up to the entry sought, and
 * remembers what it read, so the text is walked at most once for each level it nests at, however
 * many paths are asked; a collection of 300,000 entries that is only ever named is not walked.
 * Holds `text` while it is held.
 */
export function jsonFieldFinder(text: string): (path: JsonPath) => { field: JsonField; depth: number } {
  /** What was read of each list or object asked into, by the offset of its bracket: its entries by name, and where the next one starts (-1: none is left). */
  const read = new Map<number, { fields: Map<string, JsonField>; next: number }>();
  const fieldAt = (value: number, key?: number): JsonField => {
    const c = text[value];
    const scalar = c === '"' || c === '{' || c === '[' ? undefined : text.slice(value, skipValue(text, value));
    return { ...(key !== undefined ? { key } : {}), value, ...(scalar !== undefined ? { scalar } : {}) };
  };
  const child = (at: number, seg: string | number): JsonField | undefined => {
    const open = text[at];
    if (open !== '{' && !(open === '[' && typeof seg === 'number')) return undefined;
    let seen = read.get(at);
    if (!seen) read.set(at, (seen = { fields: new Map(), next: skipSpace(text, at + 1) }));
    const name = String(seg);
    for (;;) {
      const known = seen.fields.get(name);
      if (known) return known;
      let i = seen.next;
      if (i < 0 || i >= text.length || text[i] === '}' || text[i] === ']') {
        seen.next = -1;
        return undefined;
      }
      if (open === '{') {
        const end = skipValue(text, i);
        const raw = text.slice(i + 1, end - 1);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
        const value = skipSpace(text, skipSpace(text, end) + 1); // past ':'
        seen.fields.set(key, fieldAt(value, i));
        i = value;
      } else {
        seen.fields.set(String(seen.fields.size), fieldAt(i));
      }
      i = skipSpace(text, skipValue(text, i));
      seen.next = text[i] === ',' ? skipSpace(text, i + 1) : i;
    }
  };
  const root: JsonField = { value: skipSpace(text, 0) };
  return (path) => {
    let field = root;
    let depth = 0;
    for (const seg of path) {
      const next = child(field.value, seg);
      if (next === undefined) break;
      field = next;
      depth++;
    }
    return { field, depth };
  };
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  return i;
}

/** The offset just past the JSON value (of a valid document) that starts at `i`. */
function skipValue(text: string, i: number): number {
  let depth = 0;
  do {
    const c = text[i];
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      i++;
    } else if (c === '{' || c === '[') {
      depth++;
      i++;
    } else if (c === '}' || c === ']') {
      depth--;
      i++;
    } else if (depth > 0) {
      i++;
    } else {
      // A number or a literal: up to what ends it.
      while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
    }
  } while (depth > 0 && i < text.length);
  return i;
}

/**
 * Where valid JSON `text` (JSON.parse took it) first breaks a rule JSON.parse does not keep: a
 * list or object nested more than `maxDepth` deep (`offset` of its bracket; JSON.parse reads any
 * depth, but whatever walks the value by recursion afterwards, JSON.stringify included, runs out
 * of call stack), or, with `uniqueKeys`, an object holding a key twice (`repeatedKey`, `offset`
 * at the second one's opening quote; JSON.parse keeps the last), or two keys that differ only in
 * Unicode normalization (equal in NFC: one to whatever normalizes them). Undefined when neither. Strings
 * are skipped with indexOf, so the cost is in the structure, not in long texts.
 */
export function jsonStructureProblem(text: string, { maxDepth, uniqueKeys }: { maxDepth: number; uniqueKeys: boolean }): { offset: number; repeatedKey?: string } | undefined {
  // One entry per open object (its keys so far) or array (null).
  const open: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c /* \ */) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      if (expectKey && uniqueKeys) {
        const raw = text.slice(i + 1, end);
        const written = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        // Canonically equivalent keys (`café` composed and decomposed) count as one: see yaml/source.ts duplicateKeys.
        const key = composed(written);
        const keys = open[open.length - 1]!;
        if (keys.has(key)) return { offset: i, repeatedKey: written };
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (open.length === maxDepth) return { offset: i };
      open.push(c === 0x7b ? new Set() : null);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
    } else if (c === 0x2c /* , */) {
      expectKey = open[open.length - 1] !== null;
    }
  }
  return undefined;
}
