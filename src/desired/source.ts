// A YAML file read for validation: bytes checked (binary, UTF-8), parsed once with source ranges
// kept, so every later check can point at the line and column of any field path.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { SourceLocation } from '../model/assistant.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Json } from '../model/json.js';

export type FieldPath = ReadonlyArray<string | number>;

/** `tools[0].function.name` — the form diagnostics show. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export interface DiagnosticInput {
  code: string;
  message: string;
  hint?: string;
  severity?: 'error' | 'warning';
}

/** One parsed file, or the diagnostics that explain why it could not be parsed. */
export interface YamlSource {
  /** Path for messages (relative to the working directory). */
  file: string;
  bytes: Buffer;
  /** The document's plain value; undefined when the file could not be read as one YAML mapping. */
  value: Json | undefined;
  diagnostics: Diagnostic[];
  /** Position of the field at `path` (its key for a mapping entry; nearest existing parent otherwise). */
  locate(path: FieldPath, part?: 'key' | 'value'): SourceLocation;
  /** A diagnostic located at `path`. */
  diag(path: FieldPath, input: DiagnosticInput, part?: 'key' | 'value'): Diagnostic;
}

/** Offset of the first byte that is not valid UTF-8, or -1 (a fatal TextDecoder would not say where). */
export function invalidUtf8Offset(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let extra: number;
    let min: number;
    if (b < 0x80) { i++; continue; }
    else if (b >= 0xc2 && b <= 0xdf) { extra = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { extra = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { extra = 3; min = 0x10000; }
    else return i;
    let cp = b & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += extra + 1;
  }
  return -1;
}

function lineColAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The yaml package appends "at line L, column C:" and a code excerpt; the location is shown separately. */
function yamlMessage(message: string): string {
  const cut = message.search(/ at line \d+, column \d+/);
  return (cut >= 0 ? message.slice(0, cut) : message).trim();
}

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'each field may appear once: remove or merge the repeated key',
  BAD_INDENT: 'check the indentation: nested fields are indented more than their parent, with spaces',
  TAB_AS_INDENT: 'YAML indentation uses spaces, not tabs',
  MISSING_CHAR: 'a bracket or quote is not closed',
  MULTILINE_IMPLICIT_KEY: 'a key and its colon must be on one line; quote long strings or use | for multi-line text',
};

/** Far above any real definition (256,000 characters of instructions plus 128 tools), far below what hurts. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function readYamlSource(file: string, bytes: Buffer): YamlSource {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed | undefined;
  let text = '';
  const diagnostics: Diagnostic[] = [];

  const at = (line: number, column: number, input: DiagnosticInput, path = ''): Diagnostic => ({
    severity: input.severity ?? 'error',
    code: input.code,
    location: { file, line, column },
    path,
    message: input.message,
    ...(input.hint !== undefined ? { hint: input.hint } : {}),
  });

  const fromOffset = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };

  /** The node (and the key node of its pair) at path, or the deepest existing parent. */
  const find = (path: FieldPath): { node: Node | null; key: Node | null } => {
    let node: Node | null = (doc?.contents as Node | null) ?? null;
    let key: Node | null = null;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) break;
        key = (pair.key as Node | null) ?? null;
        node = (pair.value as Node | null) ?? null;
        if (node === null) break;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        node = (node.items[seg] as Node | null) ?? null;
        key = null;
        if (node === null) break;
      } else {
        break;
      }
      if (isAlias(node)) break;
    }
    return { node, key };
  };

  const locate = (path: FieldPath, part: 'key' | 'value' = 'key'): SourceLocation => {
    const { node, key } = find(path);
    const target = part === 'key' && key?.range ? key : node?.range ? node : key;
    const offset = target?.range?.[0] ?? doc?.contents?.range?.[0] ?? 0;
    return { file, ...fromOffset(offset) };
  };

  const source: YamlSource = {
    file,
    bytes,
    value: undefined,
    diagnostics,
    locate,
    diag(path, input, part) {
      const loc = locate(path, part);
      return at(loc.line, loc.column, input, formatPath(path));
    },
  };

  if (bytes.length === 0) {
    diagnostics.push(at(1, 1, { code: 'empty-file', message: 'the file is empty', hint: 'add at least `model: <model>`, or delete the file' }));
    return source;
  }
  if (bytes.length > MAX_FILE_BYTES) {
    diagnostics.push(at(1, 1, {
      code: 'file-too-large',
      message: `the file is ${bytes.length} bytes; a definition is at most ${MAX_FILE_BYTES} bytes`,
      hint: 'keep one assistant per file; long instructions go in an instructions_file (at most 256,000 characters)',
    }));
    return source;
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    diagnostics.push(at(1, 1, {
      code: 'binary-file',
      message: `this is a binary file, not YAML (NUL byte at offset ${nul})`,
      hint: 'definitions are UTF-8 YAML text; move other files out of the definitions directory',
    }));
    return source;
  }
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) {
    const prefix = bytes.subarray(0, bad).toString('utf8');
    const pos = lineColAt(prefix, prefix.length);
    diagnostics.push(at(pos.line, pos.column, {
      code: 'not-utf8',
      message: `the file is not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`,
      hint: 'save the file as UTF-8',
    }));
    return source;
  }
  text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const docs = parseAllDocuments(text, { lineCounter, keepSourceTokens: true, uniqueKeys: true, prettyErrors: true, merge: true });
  const list: Document.Parsed[] = [...docs];
  if (list.length > 1) {
    const second = list[1]!;
    const offset = second.range?.[0] ?? 0;
    const p = fromOffset(offset);
    diagnostics.push(at(p.line, p.column, {
      code: 'multiple-documents',
      message: `the file holds ${list.length} YAML documents; one assistant per file`,
      hint: 'move each document after a `---` line into its own file',
    }));
  }
  doc = list[0];
  if (!doc) {
    diagnostics.push(at(1, 1, { code: 'empty-file', message: 'the file has no content (only comments or blank lines)', hint: 'add at least `model: <model>`, or delete the file' }));
    return source;
  }
  for (const err of doc.errors) {
    const p = err.linePos?.[0] ?? { line: 1, col: 1 };
    const duplicate = err.code === 'DUPLICATE_KEY';
    const tooDeep = /call stack/i.test(err.message);
    const keyText = duplicate ? /^[^:\n]*/.exec(text.slice(err.pos[0]))![0].trim() : '';
    const d = at(p.line, p.col, {
      code: duplicate ? 'duplicate-key' : 'yaml-syntax',
      message: duplicate ? `the key '${keyText}' appears more than once in the same mapping` : tooDeep ? 'the YAML is nested too deeply to read' : yamlMessage(err.message),
      hint: tooDeep ? 'flatten the structure; no definition needs this much nesting' : (YAML_HINTS[err.code] ?? 'fix the YAML syntax at this position'),
    });
    // One cause can fail every enclosing level the same way: say it once.
    if (!duplicate && diagnostics.some((x) => x.message === d.message)) continue;
    diagnostics.push(d);
  }
  for (const warn of doc.warnings) {
    const p = warn.linePos?.[0] ?? { line: 1, col: 1 };
    diagnostics.push(at(p.line, p.col, { code: 'yaml-warning', severity: 'warning', message: yamlMessage(warn.message) }));
  }
  // A duplicate key leaves a usable document: keep checking it so every problem shows in one run.
  if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY') || diagnostics.some((d) => d.code === 'multiple-documents')) return source;

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    diagnostics.push(at(1, 1, { code: 'empty-file', message: 'the file has no content (only comments or blank lines)', hint: 'add at least `model: <model>`, or delete the file' }));
    return source;
  }
  if (!isMap(doc.contents)) {
    const p = fromOffset(doc.contents.range?.[0] ?? 0);
    const what = isSeq(doc.contents) ? 'a list' : 'a single value';
    diagnostics.push(at(p.line, p.column, {
      code: 'not-a-mapping',
      message: `a definition is a mapping of fields, but this file holds ${what}`,
      hint: 'start with `model: <model>` and add one field per line',
    }));
    return source;
  }
  try {
    source.value = doc.toJS({ maxAliasCount: 100 }) as Json;
  } catch (err) {
    diagnostics.push(at(1, 1, { code: 'yaml-syntax', message: `the YAML cannot be read: ${(err as Error).message}`, hint: 'remove the aliases that expand too much' }));
  }
  return source;
}
