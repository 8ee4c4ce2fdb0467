// A YAML file read for validation: bytes checked (binary, UTF-8), parsed, and every field
// path's line and column kept in a small index, so any later check can point at any field. The
// index is made while parsing only when the parse has something to say, or the file holds a list
// or mapping large enough to be refused for its size: a file that parses cleanly (read without
// counting its lines), or one written as JSON (which is YAML, read with JSON.parse), has its
// positions worked out when a message needs one.
import type { Document, LineCounter as LineCounterType, Node, Scalar } from 'yaml';
import type { SourceLocation } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Json } from '../model/json.js';
import { formatPath, PATH_KEY_SHOWN, shortened, type FieldPath } from './path-text.js';
import { jsonFieldFinder, jsonStructureProblem } from '../util/json-syntax.js';
import { decodeText, notUtf8, notUtf8At, SAVE_AS_UTF8, unicodeEncoding } from '../util/text.js';
import { onFirstUse } from '../util/on-first-use.js';
import { MERGE_CONFLICT, MERGE_CONFLICT_HINT, mergeConflict } from '../util/merge-conflict.js';
import { colonSlipProblem } from './colon-slips.js';
import { quoteSlipProblem } from './quote-slips.js';
import { indentedUnderScalar, indentedUnderScalarProblem, type IndentedUnderScalar } from './indented-under-scalar.js';
import { misalignedIndent, type Misaligned } from './misaligned-indent.js';
import { enclosingPath, keyPath } from './syntax-path.js';
import { holdsLargeCollection } from './collection-limits.js';
import { metadataPairsWatch, pairsPast } from './metadata-pairs.js';
import { OWN_METADATA_PAIRS, tooManyPairs } from '../model/marker.js';
import { codeSpan } from '../util/code-span.js';
import { composed } from '../util/characters.js';
import { alikeNote, ESCAPES_NOTE, revealDifference, revealedText } from '../util/look-alike.js';
import type { DiagnosticCode } from '../model/diagnostic-codes.js';

export { formatPath, type FieldPath } from './path-text.js';

/**
 * Which position of a field a message points at: its key, its value, or its `name` — the key's
 * text, in the file that writes that text: the same as `key`, except at a `$ref` include, whose
 * key stands in the including file while the fragment wrote what is under it (an unknown field
 * is its name's mistake; a field missing from the included mapping, the fragment's).
 */
export type FieldPart = 'key' | 'value' | 'name';

export interface DiagnosticInput {
  code: DiagnosticCode;
  message: string;
  hint?: string;
  severity?: 'error' | 'warning';
}

/** One parsed file, or the diagnostics that explain why it could not be parsed. */
export interface YamlSource {
  /** Path for messages (relative to the working directory). */
  file: string;
  /** The document's plain value; undefined when the file could not be read as one YAML mapping. */
  value: Json | undefined;
  diagnostics: Diagnostic[];
  /** Position of the field at `path` (its key for a mapping entry; nearest existing parent otherwise). */
  locate(path: FieldPath, part?: FieldPart): SourceLocation;
  /** A diagnostic located at `path`. */
  diag(path: FieldPath, input: DiagnosticInput, part?: FieldPart): Diagnostic;
  /** The text of the scalar at `path` as written, when YAML read it as a number, a boolean or null (`1.10`, `0755`). */
  written(path: FieldPath): string | undefined;
  /**
   * The string the value at `path` was written as, when `${var.…}` references in it (or an escaped
   * `$${`) were replaced: a string that is exactly one reference took its variable's value with its
   * type, any other the text (an assembled definition's only).
   */
  reference?(path: FieldPath): string | undefined;
  /**
   * Where aac.yaml writes the value the variable `name` has in this run, as a message names it
   * (`assistants/aac.yaml:9:16 (environments.prod.values.mcp_url)`, or its `default`): where a
   * problem a reference brought in is fixed. An assembled definition whose references were replaced only.
   */
  variableAt?(name: string): string | undefined;
  /**
   * The value the variable `name` has in this run (the chosen environment's, else its default),
   * undefined for one without: what tells which of a string's references brought a problem in.
   * An assembled definition whose references were replaced only.
   */
  variableValue?(name: string): Json | undefined;
}

/** The yaml package, loaded on first use: a repository written as JSON never needs it. */
const yaml = onFirstUse<typeof import('yaml')>('yaml');

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

/**
 * How many times an anchor's value may be used, counting the uses inside it (the yaml library's
 * `maxAliasCount`): an alias bomb is megabytes from a few lines. As many as the longest list of
 * the APIs (2,000 OpenAI agent tools), so that every item of one may share an `x-…` anchor.
 */
const MAX_ALIASES = 2_000;

/**
 * The most values a file's aliases may expand it to (each use of an anchor counts its value's
 * values again): every check walks the expanded value, and 2,000 uses of a large anchor would
 * otherwise be hundreds of millions of values, each walked.
 */
const MAX_EXPANDED_VALUES = 1_000_000;

/**
 * Lists and mappings nest at most this deep in one file. No definition needs a tenth of it (a
 * tool's JSON Schema ten levels deep is some 25), and it is far below where a parse, or the copy
 * of its value from a worker thread, runs out of call stack: the YAML library composes by
 * recursion, which failed at about 850 levels on the main thread (or aborted the process, when a
 * regular expression was first compiled that deep), and a worker thread, whose stack is larger,
 * read 2,000 levels whose copy then overflowed the main thread's stack as it arrived. A limit of
 * its own, not the stack's, also says the same, at the same place, on every thread.
 */
export const MAX_NESTING = 200;
const TOO_DEEP = { message: `the YAML is nested more than ${MAX_NESTING} levels deep`, hint: 'flatten the structure; no definition needs this much nesting' };

/** What a definition holds: plain YAML values, the ones JSON has too. */
const PLAIN_VALUES = 'strings, numbers, true/false, null, lists and mappings';

type YamlCode = import('yaml').ErrorCode;

/**
 * The longest key a file may write, in characters: YAML 1.2's limit on an implicit key (§7.4.2,
 * "restricted to … at most 1024 Unicode characters"), which the library enforces in a block mapping
 * (KEY_OVER_1024_CHARS) and aac in a flow one (longFlowKeys).
 */
const MAX_KEY_CHARS = 1024;

const KEY_HINT = 'a key is a plain name: `name: value`';

/**
 * Each of the yaml package's error and warning codes (its `ErrorCode`) in aac's words: `message`
 * replaces the library's sentence, or, absent, the library's sentence (which then names the
 * character or token it found) is kept; `hint` says what to do, by the library's sentence where
 * one code covers several faults.
 */
const YAML_CODES: Record<YamlCode, { message?: string; hint: string | ((libraryMessage: string) => string) }> = {
  ALIAS_PROPS: { message: 'an alias (*name) cannot have an anchor or tag of its own', hint: 'remove the & or ! before the alias, or write the value out' },
  BAD_ALIAS: { message: 'an anchor or alias name is empty or ends in a colon', hint: 'name anchors with letters, digits, - or _: `&base` … `*base`' },
  BAD_DIRECTIVE: { message: 'this % directive is not one aac reads (only %YAML and %TAG are)', hint: 'remove the % line' },
  BAD_DQ_ESCAPE: { hint: 'write a backslash as \\\\ in double quotes, or use single quotes, where a backslash is itself' },
  BAD_INDENT: { hint: 'check the indentation: nested fields are indented more than their parent, with spaces' },
  BAD_PROP_ORDER: { message: 'an anchor or tag must come after the -, ? or : it belongs to', hint: 'move the & or ! after that indicator' },
  BAD_SCALAR_START: { hint: 'quote the value' },
  BLOCK_AS_IMPLICIT_KEY: { message: 'a list or mapping cannot be a key', hint: KEY_HINT },
  BLOCK_IN_FLOW: { message: 'an indented value cannot sit inside [ ] or { }', hint: 'write the value inside the brackets, or drop the brackets and indent it' },
  DUPLICATE_KEY: { hint: 'each field may appear once: remove or merge the repeated key' },
  IMPOSSIBLE: { hint: 'fix the YAML syntax at this position' },
  KEY_OVER_1024_CHARS: { message: `a key is at most ${MAX_KEY_CHARS} characters long`, hint: 'shorten the key, or check for a missing line break before its colon' },
  MISSING_CHAR: { hint: missingCharHint },
  MULTILINE_IMPLICIT_KEY: { hint: 'a key and its colon must be on one line; quote long strings or use | for multi-line text' },
  MULTIPLE_ANCHORS: { message: 'a value can have one anchor (&name) only', hint: 'remove all but one &' },
  MULTIPLE_DOCS: { message: 'the file holds more than one YAML document', hint: 'move each document after a `---` line into its own file' },
  MULTIPLE_TAGS: { message: 'a value can have one tag only', hint: 'remove the tags: a definition needs none' },
  NON_STRING_KEY: { message: 'a key must be a plain string', hint: KEY_HINT },
  RESOURCE_EXHAUSTION: { message: `the aliases here expand too far: an anchor used more than ${MAX_ALIASES} times (its uses inside it counted), or more than ${MAX_EXPANDED_VALUES} values in all`, hint: 'remove the aliases that expand too much, or write the values out' },
  TAB_AS_INDENT: { hint: 'YAML indentation uses spaces, not tabs' },
  TAG_RESOLVE_FAILED: { hint: `remove the tag: a definition holds plain values (${PLAIN_VALUES}), which need none` },
  UNEXPECTED_TOKEN: { hint: 'remove or quote the character at this position' },
  BAD_COLLECTION_TYPE: { message: 'the tag here is for another kind of value', hint: `remove the tag: a definition holds plain values (${PLAIN_VALUES}), which need none` },
};

/** MISSING_CHAR covers several faults; the library's sentence tells which. */
function missingCharHint(libraryMessage: string): string {
  if (/quote/i.test(libraryMessage)) return 'a quote is not closed: close it';
  if (/between .* items/i.test(libraryMessage)) return 'separate the items with a comma';
  if (/space after :/i.test(libraryMessage)) return 'put a space after the colon';
  if (/map keys need to be followed/i.test(libraryMessage)) return 'give the key a value after a colon: `key: value`';
  if (/comments must be separated/i.test(libraryMessage)) return 'put a space before the #';
  if (/tags and anchors must be separated/i.test(libraryMessage)) return 'put a space after the tag or anchor';
  if (/without - indicator/i.test(libraryMessage)) return 'start each list item with `- `';
  return 'a bracket or quote is not closed';
}

/** A library error or warning (`code`, its sentence, its offset in `text`) in aac's words. */
function yamlProblem(code: YamlCode, libraryMessage: string, text: string, offset: number): { message: string; hint: string } {
  const entry = YAML_CODES[code] ?? { hint: 'fix the YAML syntax at this position' };
  const said = yamlMessage(libraryMessage);
  const hint = typeof entry.hint === 'function' ? entry.hint(said) : entry.hint;
  if (code === 'TAG_RESOLVE_FAILED') {
    // The tag as written (`!!binary`), not as the library expands it (tag:yaml.org,2002:binary).
    const tag = /^!\S*/.exec(text.slice(offset))?.[0];
    return { message: `the tag ${tag ?? 'here'} is not one aac reads`, hint };
  }
  return { message: entry.message ?? said.charAt(0).toLowerCase() + said.slice(1), hint };
}

/** Far above any real definition (256,000 characters of instructions plus 128 tools), far below what hurts. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** The code of the diagnostic for a file with no content, and for one that holds no mapping. */
export const EMPTY_FILE = 'empty-file';
export const NOT_A_MAPPING = 'not-a-mapping';

/**
 * What a file is for, as its messages say when it is not what it must be: not a mapping, binary,
 * too large, or several documents. Each kind of file aac reads as YAML (definition, aac.yaml,
 * fragment) has its own, so a message never speaks of definitions about aac.yaml.
 */
export interface FileRole {
  /** Completes "…, but this file holds a list": what the file must be. */
  mapping: string;
  /** What to write instead. */
  hint: string;
  /** What to write into it when it is empty. */
  empty: string;
  /** Completes "the file is N bytes; …": the limit, said of this file (MAX_FILE_BYTES). */
  size: string;
  /** What to do about a file over that size. */
  tooLarge: string;
  /** What to do about a binary file (one that holds a NUL byte). */
  binary: string;
  /** Completes "the file holds 2 YAML documents; …": that it must be one. */
  oneDocument: string;
  /** What to do about the documents after the first. */
  documents: string;
  /**
   * Whether its syntax errors may quote its values as written (the line to write): a definition's
   * and a fragment's, never aac.yaml's, whose schema errors never quote them either (schema.ts
   * MapOptions.quoteValues): a value there may be what no one should see in a log.
   */
  quotesValues: boolean;
}

/**
 * A definition's role: the default of every parse. What a definition starts with is its kind's
 * (ResourceKind.starter), which the reader of definitions puts into these hints.
 */
export const DEFINITION_ROLE: FileRole = {
  mapping: 'a definition is a mapping of fields',
  hint: 'write one field per line',
  empty: "add the definition's fields, or delete the file",
  size: `a definition is at most ${MAX_FILE_BYTES} bytes`,
  // Whichever kind it defines (each kind states its own instructions limit).
  tooLarge: 'keep one definition per file; long instructions go in an instructions_file',
  binary: 'definitions are UTF-8 YAML text; move other files out of the definitions directory',
  oneDocument: 'one definition per file',
  documents: 'move each document after a `---` line into its own file',
  quotesValues: true,
};

/** Where a field sits: its key (for a mapping entry) and its value node, each when present. */
export interface Spot {
  key?: Position;
  node?: Position;
  /**
   * A plain scalar's text as written when YAML read it as something other than a string (`1.10`
   * became 1.1, `0755` became 755): a hint that says "quote it" must quote what was typed.
   */
  text?: string;
}
type Position = { line: number; column: number };

// Index keys: one step per path segment, a mapping's key length-prefixed so no name can fake a step.
const mapStep = (at: string, name: string) => `${at}m${name.length}:${name}`;
const seqStep = (at: string, i: number) => `${at}[${i}]`;

/**
 * Every field path the document holds, with its positions, so that locating needs neither the
 * document nor its source text once the file is read (10,000 files would keep them all alive).
 * A mapping's first entry of a name wins and aliases are not followed, as a path lookup reads them.
 */
function indexPositions(root: Node | null, lineCounter: LineCounterType): Map<string, Spot> {
  const { isAlias, isMap, isScalar, isSeq } = yaml();
  const pos = (n: Node | null | undefined): Position | undefined => {
    if (!n?.range) return undefined;
    const p = lineCounter.linePos(n.range[0]);
    return { line: p.line, column: p.col };
  };
  const spot = (key: Node | null | undefined, value: Node | null): Spot => {
    const typed = isScalar(value) && typeof value.value !== 'string' && typeof value.source === 'string';
    return { ...(key !== undefined ? { key: pos(key) } : {}), node: pos(value), ...(typed ? { text: (value as { source: string }).source } : {}) };
  };
  const index = new Map<string, Spot>([['', { node: pos(root) }]]);
  // A stack, not recursion: the document may be nested deeper than the call stack allows.
  const stack: Array<[string, Node | null]> = [['', root]];
  while (stack.length > 0) {
    const [at, node] = stack.pop()!;
    if (isMap(node)) {
      // A key written twice (an error of its own) holds the value of its last entry, as the value read
      // does: its other messages point there, so the text they quote is the value they speak of.
      const last = new Map<string, (typeof node.items)[number]>();
      for (const pair of node.items) last.set(mapStep(at, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)), pair);
      for (const [step, pair] of last) {
        const value = (pair.value as Node | null) ?? null;
        index.set(step, spot(pair.key as Node | null, value));
        if (!isAlias(value)) stack.push([step, value]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const value = (item as Node | null) ?? null;
        index.set(seqStep(at, i), spot(undefined, value));
        if (!isAlias(value)) stack.push([seqStep(at, i), value]);
      });
    }
  }
  return index;
}

/**
 * Where the first list or mapping (in document order) nested more than MAX_NESTING deep starts
 * in the parser's tokens, or undefined when none is. Walked before the documents are composed
 * from the tokens, as the library composes them by recursion (the parse into tokens is a loop);
 * walked with a stack, not recursion, for the same reason.
 */
function tooDeep(tokens: readonly CstToken[]): number | undefined {
  let first: number | undefined;
  const stack: Array<[CstToken | null | undefined, number]> = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (token.type === 'document') stack.push([token.value, depth]);
    else if (isCollection(token)) {
      if (depth >= MAX_NESTING) {
        if (first === undefined || token.offset < first) first = token.offset;
        continue;
      }
      for (const item of token.items) stack.push([(item as { key?: CstToken | null }).key, depth + 1], [item.value, depth + 1]);
    }
  }
  return first;
}

type CstToken = import('yaml').CST.Token;

const isCollection = (token: CstToken): token is import('yaml').CST.BlockMap | import('yaml').CST.BlockSequence | import('yaml').CST.FlowCollection =>
  token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';

/**
 * Where a list or mapping nested more than MAX_NESTING deep starts among the tokens the parser
 * holds open (each one inside the one below it), or undefined when none is. Checked as the parser
 * goes, so a file nested 100,000 deep is refused at its 201st level: parsing all of it into tokens
 * first took seconds and hundreds of megabytes, most of it the garbage collector's. The parser
 * opens the mapping of a block key written as a list (`[a]: b`) only at its colon, so an open
 * stack may count one level less than there is; `tooDeep`, over the finished tokens, is the exact
 * rule, and this only the early refusal of what is over it anyway.
 */
function tooDeepSoFar(open: readonly CstToken[]): number | undefined {
  let depth = 0;
  for (const token of open) {
    if (isCollection(token) && depth++ === MAX_NESTING) return token.offset;
  }
  return undefined;
}

/** A double-quoted scalar this long is decoded by decodeLongQuoted; shorter ones cost the library little. */
const LONG_QUOTED = 4096;

/**
 * The values of the long double-quoted scalars among the tokens that are JSON strings, by their
 * offsets, each token's text replaced by `""` so that the library does not decode it. The library
 * decodes a double-quoted scalar one character at a time into a string built by `+=`: a value of
 * 7 MB (a JSON definition's instructions, whose positions are read the YAML way) made millions of
 * string pieces, 600 MB and seconds of garbage collection, before the schema could say the value
 * was too long. A JSON string, one line with JSON's escapes only, means in YAML 1.2 what it means
 * in JSON (YAML 1.2 §7.3.1 has all of JSON's escapes), so JSON.parse decodes it, at once; any
 * other (a line break to fold, a YAML-only escape) is left to the library.
 */
function decodeLongQuoted(tokens: readonly CstToken[]): Map<number, { value: string; end: number }> {
  const decoded = new Map<number, { value: string; end: number }>();
  const stack: Array<CstToken | null | undefined> = [...tokens];
  while (stack.length > 0) {
    const token = stack.pop();
    if (!token) continue;
    if (token.type === 'document') stack.push(token.value);
    else if (isCollection(token)) {
      for (const item of token.items) stack.push((item as { key?: CstToken | null }).key, item.value);
    } else if (token.type === 'double-quoted-scalar' && token.source.length > LONG_QUOTED) {
      let value: unknown;
      try {
        value = JSON.parse(token.source);
      } catch {
        continue;
      }
      decoded.set(token.offset, { value: value as string, end: token.offset + token.source.length });
      token.source = '""';
    }
  }
  return decoded;
}

/** The values decodeLongQuoted took out of the tokens, put into the document's scalars (and their ranges made whole again). */
function putDecoded(doc: Document.Parsed, decoded: ReadonlyMap<number, { value: string; end: number }>): void {
  yaml().visit(doc, {
    Scalar(_key, node) {
      const found = node.range ? decoded.get(node.range[0]) : undefined;
      if (found === undefined || node.value !== '') return;
      node.value = found.value;
      node.source = found.value;
      node.range = [node.range![0], found.end, Math.max(found.end, node.range![2])];
    },
  });
}

/**
 * Takes out of `doc.errors` the library's "key over 1024 characters" of a block mapping's key that
 * is not: the library measures from where the previous value ended by its token's text, which
 * decodeLongQuoted shortened to `""`, so the key after a long value seemed to start that much
 * earlier. Kept when the key, as written in `text` (its own value decoded too, if long), runs more
 * than 1024 characters to its `:`. The error's position is the key's (resolve-block-map.js).
 */
function dropMisplacedLongKeys(doc: Document.Parsed, text: string, decoded: ReadonlyMap<number, { end: number }>): void {
  const kept = doc.errors.filter((e) => {
    if (e.code !== 'KEY_OVER_1024_CHARS' || text[e.pos[0]] === ':') return true;
    const colon = text.indexOf(':', decoded.get(e.pos[0])?.end ?? e.pos[1]);
    return colon < 0 || colon - e.pos[0] > MAX_KEY_CHARS;
  });
  doc.errors.splice(0, doc.errors.length, ...kept);
}

/**
 * Adds to `doc.errors` the library's KEY_OVER_1024_CHARS for each key of a flow mapping (`{…}`)
 * written in more than MAX_KEY_CHARS characters, which the library lets pass (it checks a block
 * mapping's only), so that one limit holds for every key. Only a text with a `{` and that many
 * characters is walked.
 */
function addLongFlowKeys(doc: Document.Parsed, text: string): void {
  if (text.length <= MAX_KEY_CHARS || !text.includes('{')) return;
  const { isScalar, visit, YAMLParseError } = yaml();
  const found: Array<InstanceType<typeof YAMLParseError>> = [];
  visit(doc, {
    Map(_key, map) {
      if (!map.flow) return undefined;
      for (const { key } of map.items) {
        const range = isScalar(key) ? key.range : undefined;
        if (range && range[1] - range[0] > MAX_KEY_CHARS) found.push(new YAMLParseError([range[0], range[1]], 'KEY_OVER_1024_CHARS', 'The key is over 1024 characters'));
      }
      return undefined;
    },
  });
  if (found.length === 0) return;
  doc.errors.push(...found);
  doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
}

/**
 * Why readDocuments stopped before the end of the text, and where: the problem's input and its
 * field path ('' for none); `readOn`, the text to read instead, when the rest of the file can still
 * be read (the pairs past metadata's limit left blank: pairsPast).
 */
interface Stopped {
  stopped: { offset: number; input: DiagnosticInput; path: string; readOn?: string };
}

/** The text's problem that stops its parse: a list or mapping nested more than MAX_NESTING deep, at `offset` (tooDeep). */
const nestedTooDeep = (offset: number): Stopped => ({ stopped: { offset, input: { code: 'yaml-syntax', ...TOO_DEEP }, path: '' } });

/**
 * A definition's `metadata:` past its limit, at the first pair past it (metadataPairsWatch), with
 * the text to read on (`readOn`: pairsPast's), or none when the file is read no further.
 */
const tooManyMetadataPairs = (offset: number, readOn: string | undefined): Stopped => ({
  stopped: {
    offset,
    input: {
      code: 'max-properties',
      message: `${tooManyPairs(`more than ${OWN_METADATA_PAIRS}`, OWN_METADATA_PAIRS)}: this is pair ${OWN_METADATA_PAIRS + 1}, and ${readOn === undefined ? 'the file was read no further' : 'the pairs after it were not read'}`,
      hint: readOn === undefined ? 'remove entries from metadata; its other fields are checked once it holds no more' : 'remove entries from metadata',
    },
    path: 'metadata',
    ...(readOn === undefined ? {} : { readOn }),
  },
});

/**
 * The text's YAML documents, as the library's parseAllDocuments reads them (errors located with
 * `lineCounter`, when given), or, stopped there (Stopped), where a list or mapping nested too deep
 * starts (tooDeep), or, with `definition` (a definition's parse), where its `metadata:` passes its
 * limit (metadataPairsWatch). The library's Parser.parse, written out, so that both are checked
 * after each lexical token.
 */
function readDocuments(text: string, lineCounter?: LineCounterType, definition = false): Document.Parsed[] | Stopped {
  const { Composer, Lexer, Parser } = yaml();
  const parser = new Parser(lineCounter?.addNewLine);
  lineCounter?.addNewLine(0);
  const tokens: CstToken[] = [];
  const metadataPast = definition ? metadataPairsWatch() : undefined;
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // Only a stack this long can hold that many collections: the count is not made on every token.
    if (parser.stack.length > MAX_NESTING) {
      const deep = tooDeepSoFar(parser.stack);
      if (deep !== undefined) return nestedTooDeep(deep);
    }
    const past = metadataPast?.(parser.stack);
    if (past !== undefined) return tooManyMetadataPairs(past.offset, pairsPast(text, past));
  }
  for (const token of parser.end()) tokens.push(token);
  const deep = tooDeep(tokens);
  if (deep !== undefined) return nestedTooDeep(deep);
  const decoded = decodeLongQuoted(tokens);
  const docs = [...new Composer(PARSE_OPTIONS).compose(tokens)];
  if (decoded.size > 0) {
    for (const doc of docs) {
      putDecoded(doc, decoded);
      dropMisplacedLongKeys(doc, text, decoded);
    }
  }
  for (const doc of docs) addLongFlowKeys(doc, text);
  // As the library's prettyErrors does, without the excerpt of the text it adds to each message.
  if (lineCounter) {
    for (const problem of docs.flatMap((d) => [...d.errors, ...d.warnings])) {
      if (problem.pos[0] !== -1) problem.linePos = problem.pos.map((pos) => lineCounter.linePos(pos)) as [LinePos] | [LinePos, LinePos];
    }
  }
  return docs;
}

type LinePos = { line: number; col: number };

/**
 * Where each repeated key of a mapping starts (`offset`), and where that key first does
 * (`first`), ordered by `offset`, in linear time: the YAML library's own check
 * compares every key with every other (40,000 keys took 16 s). Keys compare as the library
 * compares them: scalars by value and type, anything else never equal, `<<` merge keys exempt.
 * `odd` collects the keys that would not be the JSON key written (unreadableNodes says why): a key
 * that is no scalar (a list, a mapping, an alias), and a plain one YAML reads as other than its
 * text (alteredKey).
 */
function duplicateKeys(root: Node | null, odd: Node[] = []): Array<{ offset: number; first: number; normalization: boolean; key: string }> {
  const { isMap, isScalar, isSeq } = yaml();
  const found: Array<{ offset: number; first: number; normalization: boolean; key: string }> = [];
  const stack: Array<Node | null> = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isMap(node)) {
      const seen = new Map<string, { offset: number; written: string }>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (isScalar(key) && typeof key.value !== 'symbol') {
          // Keys that differ only in Unicode normalization (`café` composed, NFC, and decomposed,
          // NFD) count as one. YAML reads two keys, but the sources say nothing of what an API does
          // with such a pair (metadata, a schema's properties, headers); one that normalizes what
          // it stores keeps one of the two values. The conservative reading: refused as a repeat.
          const written = String(key.value);
          const id = `${typeof key.value}:${typeof key.value === 'string' ? composed(written) : written}`;
          const first = seen.get(id);
          if (first !== undefined) found.push({ offset: key.range?.[0] ?? 0, first: first.offset, normalization: first.written !== written, key: written });
          else seen.set(id, { offset: key.range?.[0] ?? 0, written });
          if (alteredKey(key) !== undefined) odd.push(key);
        } else if (key !== null && !isScalar(key)) {
          odd.push(key);
        }
        stack.push(key, (pair.value as Node | null) ?? null);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push((item as Node | null) ?? null);
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/**
 * For a plain key YAML reads as a number or null whose text as a JSON key is not the key as written
 * (`1.10` is the number 1.1 and becomes the key "1.1"; `0x1F` "31"; `null` and `~` ""): what it was
 * read as and the key it would become. The library makes a JSON key of a scalar with `String`, and
 * of null the empty string (yaml's addPairToJSMap stringifyKey). A key that comes out as written
 * (`1`, `true`) or that was quoted is undefined: nothing is changed.
 */
function alteredKey(key: Scalar): { read: string; becomes: string } | undefined {
  if (typeof key.value === 'string' || typeof key.value === 'symbol' || typeof key.source !== 'string') return undefined;
  const becomes = key.value === null ? '' : String(key.value);
  if (becomes === key.source) return undefined;
  return { read: key.value === null ? 'null' : `the ${typeof key.value} ${becomes}`, becomes };
}

/**
 * What the library would read wrongly or throw on when converting the document, found before it
 * does, each with where it starts: an alias with no anchor set before it (the library throws,
 * unlocated), a key that is a list or mapping (it makes a string of it, with a warning of its
 * own), a plain key it reads as a number or null that would become another key than the one
 * written (alteredKey), a `<<` merge of something that is no mapping (it throws). One walk in
 * document order.
 */
function unreadableNodes(doc: Document.Parsed, oddKeys: readonly Node[]): Array<{ offset: number; message: string; hint: string }> {
  const { isAlias, isMap, isPair, isScalar, isSeq, visit } = yaml();
  const found: Array<{ offset: number; message: string; hint: string }> = [];
  const anchored = new Map<string, Node>();
  const resolved = (node: unknown): unknown => (isAlias(node) ? anchored.get(node.source) : node);
  const { message: keyProblem, hint: keyHint } = YAML_CODES.NON_STRING_KEY as { message: string; hint: string };
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        if (!anchored.has(node.source)) {
          found.push({ offset: node.range?.[0] ?? 0, message: `the alias *${node.source} names no anchor set before it`, hint: `set ${codeSpan(`&${node.source}`)} on a value above it, or write the value out` });
        }
      } else if (node.anchor) {
        anchored.set(node.anchor, node);
      }
      return undefined;
    },
    Pair(_key, pair) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === 'symbol') {
        const value = resolved(pair.value);
        const sources = isSeq(value) ? value.items.map(resolved) : [value];
        if (!sources.every((v) => isMap(v))) {
          found.push({ offset: (pair.value as Node | null)?.range?.[0] ?? key.range?.[0] ?? 0, message: 'a `<<` merge takes a mapping, an alias of one, or a list of them', hint: 'merge a mapping (`<<: *defaults`, where `&defaults` is set on a mapping), or remove the `<<` line' });
        }
      }
      return undefined;
    },
  });
  for (const key of oddKeys) {
    const altered = isScalar(key) ? alteredKey(key) : undefined;
    if (altered !== undefined) {
      const written = (key as Scalar).source!;
      found.push({ offset: key.range?.[0] ?? 0, message: `${keyProblem}, not ${altered.read} (written ${written}), which would be sent as the key "${altered.becomes}"`, hint: `quote it to keep it as written: ${JSON.stringify(written)}:` });
      continue;
    }
    const target = resolved(key);
    if (isScalar(target) || (isAlias(key) && target === undefined)) continue;
    const what = isSeq(target) ? 'a list' : isMap(target) ? 'a mapping' : isPair(target) ? 'a pair' : 'no string';
    found.push({ offset: key.range?.[0] ?? 0, message: `${keyProblem}, not ${what}`, hint: keyHint });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Where the document's first alias starts, if it has one. */
function firstAlias(doc: Document.Parsed): number | undefined {
  let offset: number | undefined;
  yaml().visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return yaml().visit.BREAK;
    },
  });
  return offset;
}

/** A file's parse as plain data, which can cross from a worker thread: `yamlSource` makes it a YamlSource. */
export interface ParsedYaml {
  value: Json | undefined;
  diagnostics: Diagnostic[];
  /**
   * Field positions; absent when the file was read as JSON, or parsed cleanly and holds no
   * collection past CHECKED_WHOLE entries (see `reread` in yamlSource).
   */
  index?: Map<string, Spot>;
  /** The value's strings are cut out of the file's text (a YAML parse): see ownedParse. */
  sliced?: true;
  /** Read as JSON (parseYaml's `asJson`): its positions are found in its text, not by a YAML parse. */
  json?: true;
}

/** The spot of the longest prefix of `path` that a file holds (its root for none), and that prefix's length. */
type Positions = (path: FieldPath) => { spot: Spot; depth: number };

/** `path`'s positions in a YAML parse's index (every field's, made with the parse): Positions' answer. */
function spotIn(index: ReadonlyMap<string, Spot>, path: FieldPath): { spot: Spot; depth: number } {
  let spot = index.get('')!;
  let at = '';
  let depth = 0;
  for (const seg of path) {
    const step = (typeof seg === 'number' ? [seqStep(at, seg), mapStep(at, String(seg))] : [mapStep(at, seg)]).find((s) => index.has(s));
    if (step === undefined) break;
    at = step;
    spot = index.get(step)!;
    depth++;
  }
  return { spot, depth };
}

/**
 * The index of a file whose parse had nothing to say, read again for a message's position: the
 * index `parseYaml` with `positions` makes, from its document alone, without the value and the
 * checks a first reading makes (which found nothing), nor their garbage.
 */
function cleanPositions(text: string): Map<string, Spot> {
  const lineCounter = new (yaml().LineCounter)();
  const docs = readDocuments(text, lineCounter);
  return indexPositions(Array.isArray(docs) ? ((docs[0]?.contents as Node | null | undefined) ?? null) : null, lineCounter);
}

/** The offsets where the text's lines start: the first at 0, each other after a line feed, as the YAML parser counts lines. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A line counter for the text, as readDocuments' parse fills one, for a parse made without it (cleanValue). */
function linesOf(text: string): LineCounterType {
  const lines = new (yaml().LineCounter)();
  lines.lineStarts = lineStartsOf(text);
  return lines;
}

/**
 * Positions found in the text of a file read as JSON (jsonFieldFinder), each as the YAML way
 * places it: a key at its quote, a value at its first character, columns in UTF-16 units as the
 * YAML parser counts them. Only the fields asked for are looked for: the YAML way's index of a
 * JSON definition of 300,000 metadata pairs took seconds and hundreds of megabytes to say that
 * metadata has too many.
 */
function inJsonText(text: string): Positions {
  const find = jsonFieldFinder(text);
  let lineStarts: number[] | undefined;
  const at = (offset: number): Position => {
    lineStarts ??= lineStartsOf(text);
    let [lo, hi] = [0, lineStarts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  return (path) => {
    const { field, depth } = find(path);
    const spot: Spot = { ...(field.key !== undefined ? { key: at(field.key) } : {}), node: at(field.value), ...(field.scalar !== undefined ? { text: field.scalar } : {}) };
    return { spot, depth };
  };
}

/** Where a file whose positions cannot be worked out (read again, it changed) points every message: its first line. */
const FIRST_LINE: ReadonlyMap<string, Spot> = new Map([['', { node: { line: 1, column: 1 } }]]);

/**
 * Where the fields of one file are written (`locate`, `written`, `diag`: YamlSource's), as one
 * object whose methods live on its prototype: what a definition keeps of its file to point into
 * it (Definition.locate, this object's `locate` bound to it). The closures and contexts that did
 * this before were eight objects a definition, kept by a plan of 10,000 through every scavenge.
 * Holds the parse's index of positions when it made one; a file read as JSON or parsed cleanly
 * has none, and the first `locate` or `written` reads the file again (`reread`) and finds the
 * positions in its text (JSON) or indexes its YAML parse, unless the file changed meanwhile
 * (`reread` answers undefined), when a message points at its first line rather than at a place
 * that may have moved. Holds neither the parsed value nor the document.
 */
export class FileLocator {
  /** The positions: the parse's index, or, for a file read as JSON, found in its text when asked; undefined until worked out. */
  private found: ReadonlyMap<string, Spot> | Positions | undefined;
  private readonly json: boolean;

  constructor(readonly file: string, { index, json }: Pick<ParsedYaml, 'index' | 'json'>) {
    this.found = index;
    this.json = json === true;
  }

  /** The file's bytes read again, when they are still the ones parsed; undefined when they cannot be (this class: never read again). */
  protected reread(): Uint8Array | undefined {
    return undefined;
  }

  private positions(path: FieldPath): { spot: Spot; depth: number } {
    if (this.found === undefined) {
      const bytes = this.reread();
      this.found = !bytes ? FIRST_LINE : this.json ? inJsonText(decodeText(bytes)) : cleanPositions(decodeText(bytes));
    }
    return typeof this.found === 'function' ? this.found(path) : spotIn(this.found, path);
  }

  /** Position of the field at `path` (its key for a mapping entry; nearest existing parent otherwise): YamlSource.locate. */
  locate(path: FieldPath, part: FieldPart = 'key'): SourceLocation {
    // The deepest existing parent: the first segment the document does not have ends the walk.
    const { spot } = this.positions(path);
    const p = (part !== 'value' ? spot.key : undefined) ?? spot.node ?? spot.key ?? this.positions([]).spot.node ?? { line: 1, column: 1 };
    return { file: this.file, line: p.line, column: p.column };
  }

  /** A diagnostic located at `path`: YamlSource.diag. */
  diag(path: FieldPath, input: DiagnosticInput, part?: FieldPart): Diagnostic {
    const loc = this.locate(path, part);
    return located(this.file, loc.line, loc.column, input, formatPath(path));
  }

  /** The scalar's text as written where YAML read another type: YamlSource.written. */
  written(path: FieldPath): string | undefined {
    const { spot, depth } = this.positions(path);
    return depth === path.length ? spot.text : undefined;
  }
}

/** A FileLocator that reads the file again by calling `again`. */
class RereadBy extends FileLocator {
  constructor(file: string, parsed: ParsedYaml, private readonly again: () => Uint8Array | undefined) {
    super(file, parsed);
  }

  protected override reread(): Uint8Array | undefined {
    return this.again();
  }
}

/** The parse as a YamlSource whose positions `locator` gives (its `locate`, `diag` and `written`, bound to it). */
export function locatedSource(locator: FileLocator, { value, diagnostics }: ParsedYaml): YamlSource {
  return {
    file: locator.file,
    value,
    diagnostics,
    locate: locator.locate.bind(locator),
    diag: locator.diag.bind(locator),
    written: locator.written.bind(locator),
  };
}

/**
 * The parse as a YamlSource (see FileLocator); `reread` gives the file's bytes again when they
 * are the ones parsed, else undefined (absent: never read again).
 */
export function yamlSource(file: string, parsed: ParsedYaml, reread?: () => Uint8Array | undefined): YamlSource {
  return locatedSource(reread ? new RereadBy(file, parsed, reread) : new FileLocator(file, parsed), parsed);
}

function located(file: string, line: number, column: number, input: DiagnosticInput, path = ''): Diagnostic {
  return {
    severity: input.severity ?? 'error',
    code: input.code,
    location: { file, line, column },
    path,
    message: input.message,
    ...(input.hint !== undefined ? { hint: input.hint } : {}),
  };
}

/** `role`: what the file is for (aac.yaml, a fragment), when it is no definition. */
export function readYamlSource(file: string, bytes: Uint8Array, role?: FileRole): YamlSource {
  return yamlSource(file, ownedParse(parseYaml(file, bytes, { role })), () => bytes);
}

/**
 * A YAML parse's value copied: the strings the parser cuts out of the text keep the whole text
 * alive (V8 slices), and the value outlives this file's parse; 10,000 files' texts would stay in
 * memory. (A worker's parse is copied by postMessage instead; JSON.parse makes strings of its own.)
 */
export function ownedParse(parsed: ParsedYaml): ParsedYaml {
  return parsed.sliced ? { ...parsed, value: structuredClone(parsed.value) } : parsed;
}

/**
 * Reads the bytes as one YAML document: every problem found, the value when usable, the positions.
 * `asJson` (default true): a file whose text starts with `{` is tried as JSON first, which reads
 * the same value (JSON is YAML 1.2) some fifty times faster; it has no index then. Anything JSON
 * refuses, or a repeated key, which JSON.parse would let the last one win, goes the YAML way for
 * YAML's diagnostics. `positions` (default false): the index even when the parse found nothing to
 * say, which otherwise is left out (indexing was a tenth of a parse, and 10,000 files' indexes
 * were tens of megabytes kept for messages that almost never come). Without `positions`, the file
 * is first read for its value alone (cleanValue); only a file with something to say is parsed a
 * second time, counting lines, for its located diagnostics and its index. A clean file holding a
 * list or mapping past CHECKED_WHOLE entries (collection-limits.ts) has its index made from that
 * first parse: its size is most likely refused, at a position.
 */
export function parseYaml(file: string, bytes: Uint8Array, opts: { asJson?: boolean; positions?: boolean; role?: FileRole } = {}): ParsedYaml {
  const diagnostics: Diagnostic[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const role = opts.role ?? DEFINITION_ROLE;
  const text = checkBytes(file, buffer, diagnostics, role);
  if (text === undefined) return { value: undefined, diagnostics, index: new Map([['', {}]]) };
  if (opts.asJson !== false) {
    const value = parseJsonObject(text);
    if (value !== undefined) return { value, diagnostics, json: true };
  }
  if (!opts.positions) {
    const clean = cleanValue(text, role === DEFINITION_ROLE);
    if (clean !== undefined) {
      const { value, doc } = clean;
      // A list or mapping this large is most likely refused for its size, and the message is
      // located: indexed now from this parse, with its lines found in the text, rather than by a
      // second parse of the whole file (seconds, for 300,000 metadata pairs) when it is needed.
      if (holdsLargeCollection(value)) return { value, diagnostics, index: indexPositions((doc.contents as Node | null) ?? null, linesOf(text)), sliced: true };
      return { value, diagnostics, sliced: true };
    }
  }
  const lineCounter = new (yaml().LineCounter)();
  const { doc, value } = parse(file, text, lineCounter, diagnostics, role);
  return { value, diagnostics, index: indexPositions((doc?.contents as Node | null | undefined) ?? null, lineCounter), sliced: true };
}

/**
 * How every definition is read: repeated keys are found by `duplicateKeys` (the library's own
 * check is quadratic), `<<` merge keys are honoured, aliases expand at most MAX_ALIASES times (TO_JS_OPTIONS, below).
 * `resolveKnownTags: false`: YAML 1.1's !!binary, !!set, !!omap, !!timestamp would make values JSON
 * has not (a Buffer, a Date), which the schema checks would misname; unresolved, they are reported.
 * `logLevel: 'error'`: the library never prints a warning of its own (process.emitWarning); what it
 * would warn of is found and located here.
 */
const PARSE_OPTIONS = { uniqueKeys: false, merge: true, resolveKnownTags: false, logLevel: 'error' } as const;
// One more: the library refuses the use that reaches its count (yaml 2.9: 10 uses of a limit of 10).
const TO_JS_OPTIONS = { maxAliasCount: MAX_ALIASES + 1 } as const;

/**
 * The document's value; throws (as the library does past MAX_ALIASES) when its aliases expand it
 * past MAX_EXPANDED_VALUES. An alias's value is the anchor's object itself, so the expanded count
 * is taken once per object (memoized), in time linear in the values written.
 */
function documentValue(doc: Document.Parsed, text: string): Json {
  const value = doc.toJS(TO_JS_OPTIONS) as Json;
  if (text.includes('*') && expandedValues(value, new Map()) > MAX_EXPANDED_VALUES) throw new RangeError('the aliases expand too far');
  return value;
}

function expandedValues(value: Json, seen: Map<object, number>): number {
  if (value === null || typeof value !== 'object') return 1;
  const known = seen.get(value);
  if (known !== undefined) return known;
  // Met again before it is counted, the value holds itself (`&a [*a]`): no finite expansion.
  seen.set(value, MAX_EXPANDED_VALUES + 1);
  let n = 1;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    n += expandedValues(item, seen);
    if (n > MAX_EXPANDED_VALUES) break;
  }
  seen.set(value, n);
  return n;
}

/**
 * The value of a file whose one YAML document is not a mapping (parse's NOT_A_MAPPING: a list, a
 * single value), which a parse does not give, for a hint built from it (a fragment holding one:
 * environments/include.ts); undefined when the text does not read as one clean document.
 */
export function heldValue(bytes: Uint8Array): Json | undefined {
  const text = decodeText(bytes);
  const docs = readDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length > 0) return undefined;
  try {
    return documentValue(docs[0]!, text);
  } catch {
    return undefined;
  }
}

/**
 * The value of a file that `parse` would find nothing to say about (one document, a mapping, no
 * error, warning or repeated key), and its document, read without recording where lines start,
 * which only messages need; undefined for any other file, which is then parsed again by `parse`
 * for its diagnostics.
 */
function cleanValue(text: string, definition: boolean): { value: Json; doc: Document.Parsed } | undefined {
  const { isMap } = yaml();
  // No line counter: only messages need lines.
  const docs = readDocuments(text, undefined, definition);
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const doc = docs[0]!;
  const oddKeys: Node[] = [];
  if (doc.errors.length > 0 || doc.warnings.length > 0 || !isMap(doc.contents) || duplicateKeys(doc.contents, oddKeys).length > 0 || oddKeys.length > 0) return undefined;
  try {
    return { value: documentValue(doc, text), doc };
  } catch {
    return undefined;
  }
}

/**
 * The text as a JSON object, or undefined when it is not one JSON object with each key once in
 * each object, nested at most MAX_NESTING deep (V8's JSON.parse reads any depth; a value deeper
 * than that is refused by the YAML way, located), each key at most MAX_KEY_CHARS long (JSON's are
 * a flow mapping's: addLongFlowKeys refuses a longer one the YAML way, located).
 */
function parseJsonObject(text: string): Json | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return jsonBeyondYaml(text) || (text.length > MAX_KEY_CHARS && holdsLongKey(value as Json)) ? undefined : (value as Json);
}

/** Whether an object in `value` has a key longer than MAX_KEY_CHARS (keys are looked at, never strings; only lists and objects are kept to visit). */
function holdsLongKey(value: Json): boolean {
  const stack: Json[] = [value];
  const visit = (v: Json) => {
    if (v !== null && typeof v === 'object') stack.push(v);
  };
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
    } else if (v !== null && typeof v === 'object') {
      // for…in, not Object.entries: an object of 300,000 pairs (metadata's limit is checked later) makes no array per pair.
      for (const k in v) {
        if (k.length > MAX_KEY_CHARS) return true;
        visit(v[k]!);
      }
    }
  }
  return false;
}

/**
 * Where this valid JSON text breaks a rule of YAML's that JSON.parse does not keep, so that a
 * definition must be read the YAML way for its diagnostics (and a plan file is refused): the
 * second of a key an object holds twice (`repeatedKey`, offset at its opening quote), or the first
 * bracket past MAX_NESTING levels; undefined when there is none.
 */
export function jsonBeyondYaml(text: string): { offset: number; repeatedKey?: string } | undefined {
  return jsonStructureProblem(text, { maxDepth: MAX_NESTING, uniqueKeys: true });
}

/** The checks of the bytes, in order: the text when they are a definition's to parse, else undefined with the diagnostic. */
function checkBytes(file: string, bytes: Buffer, diagnostics: Diagnostic[], role: FileRole): string | undefined {
  const at = (line: number, column: number, input: DiagnosticInput): Diagnostic => located(file, line, column, input);
  if (bytes.length === 0) {
    diagnostics.push(at(1, 1, { code: EMPTY_FILE, message: 'the file is empty', hint: role.empty }));
    return undefined;
  }
  if (bytes.length > MAX_FILE_BYTES) {
    diagnostics.push(at(1, 1, {
      code: 'file-too-large',
      message: `the file is ${bytes.length} bytes; ${role.size}`,
      hint: role.tooLarge,
    }));
    return undefined;
  }
  // Each at the byte it is about: the line and column of the text before it (decoded as far as it is UTF-8).
  const atByte = (offset: number, input: DiagnosticInput): Diagnostic => {
    const prefix = bytes.subarray(0, offset).toString('utf8');
    const pos = lineColAt(prefix, prefix.length);
    return at(pos.line, pos.column, input);
  };
  const encoding = unicodeEncoding(bytes);
  if (encoding) {
    const { what, hint } = notUtf8(encoding);
    diagnostics.push(at(1, 1, { code: 'not-utf8', message: `the file is ${what}`, hint }));
    return undefined;
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    diagnostics.push(atByte(nul, {
      code: 'binary-file',
      message: `this is a binary file, not YAML (NUL byte at offset ${nul})`,
      hint: role.binary,
    }));
    return undefined;
  }
  const bad = notUtf8At(bytes);
  if (bad) {
    diagnostics.push(at(bad.line, bad.column, { code: 'not-utf8', message: `the file is ${bad.what}`, hint: SAVE_AS_UTF8 }));
    return undefined;
  }
  const text = decodeText(bytes);
  // Said as what it is, not as the parser's errors at its lines.
  const conflict = mergeConflict(text);
  if (conflict) {
    diagnostics.push(at(conflict.line, 1, { code: MERGE_CONFLICT, message: `unresolved merge conflict (${codeSpan(conflict.marker)})`, hint: MERGE_CONFLICT_HINT }));
    return undefined;
  }
  return text;
}

/** A quote or bracket the parser found open at the offset where it stopped. */
type Opened = { start: number; quote: string } | { start: number; open: string; close: string };

/**
 * Where each quoted scalar (`quote`) and flow collection (`open`, `close`: `[…]`, `{…}`) of the
 * document opens, by the offset where it ends, the first in document order for each: what a
 * parser's error at that offset left open. A quote found unclosed ends where the file does; a
 * bracket, at a line indented no more than its field, whether the closing bracket is missing or
 * comes later on such a line. One walk however many errors ask (a list of 10,000 misindented
 * items gives as many).
 */
function openedBy(doc: Document.Parsed): { quotes: Map<number, Opened & { quote: string }>; flows: Map<number, Opened & { open: string; close: string }> } {
  const quotes = new Map<number, Opened & { quote: string }>();
  const flows = new Map<number, Opened & { open: string; close: string }>();
  const flow = (node: { flow?: boolean; range?: [number, number, number] | null }, open: string, close: string) => {
    if (node.flow && node.range && !flows.has(node.range[1])) flows.set(node.range[1], { start: node.range[0], open, close });
  };
  yaml().visit(doc, {
    Scalar(_key, node) {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && !quotes.has(node.range[1])) {
        quotes.set(node.range[1], { start: node.range[0], quote: node.type === 'QUOTE_DOUBLE' ? '"' : "'" });
      }
    },
    Seq: (_key, node) => flow(node, '[', ']'),
    Map: (_key, node) => flow(node, '{', '}'),
  });
  return { quotes, flows };
}

/**
 * Where the parser's error `err` shows the parse went wrong (an offset into the text): where the
 * quote or bracket it left open opens, when it is one (said there), else where the parser stopped.
 * `opened`: openedBy's answer, asked for the first error that needs it.
 */
function faultOf(err: import('yaml').YAMLError, opened: () => ReturnType<typeof openedBy>): { offset: number; quote?: { start: number; quote: string }; flow?: { start: number; open: string; close: string } } {
  // The parser finds a quote unclosed where the file ends; the fix is where it opens.
  const quote = err.code === 'MISSING_CHAR' ? opened().quotes.get(err.pos[0]) : undefined;
  // Likewise a `[` or `{` left open: the parser stops at the next line, the fix is at the bracket.
  const flow = err.code === 'BAD_INDENT' ? opened().flows.get(err.pos[0]) : undefined;
  return { offset: Math.min(err.pos[0], quote?.start ?? flow?.start ?? Infinity), ...(quote ? { quote } : {}), ...(flow ? { flow } : {}) };
}

/**
 * The field a line at the wrong indent is surely in (misaligned-indent.ts says which line it is
 * written under): a list item off its siblings' column is in their list, whichever item it meant to
 * be; a field short of an item's fields is in that item's list (it may be a field of the item or
 * an item of its own); a field short of a mapping's fields is in the mapping that holds that
 * mapping's key (it may be one of its fields or its key's sibling). Found by the enclosing path
 * of the line it is written under (the list's key, the item's `-`, the key), which the parser read
 * before the fault.
 */
function misalignedWithin(doc: Document.Parsed, text: string, lines: LineCounterType, { parentLine, kind }: Misaligned): FieldPath {
  const start = lines.lineStarts[parentLine - 1]!;
  const indent = /^[ ]*(?:-[ ]+)*/.exec(text.slice(start))![0];
  // The list is the value of the key that line writes; the field, in the list of the item's `-`,
  // or in the mapping of the key; the document's own indent, at its top.
  if (kind === 'top') return [];
  if (kind === 'item') return keyPath(doc, text, start + indent.length);
  return enclosingPath(doc, text, start + (kind === 'field' ? indent.length - /-[ ]+$/.exec(indent)![0].length : indent.length));
}

/** The parser's errors that a line at the wrong indent in a list gives (misaligned-indent.ts). */
const MISALIGNED_CODES: ReadonlySet<string> = new Set(['BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'MISSING_CHAR', 'NON_STRING_KEY', 'UNEXPECTED_TOKEN']);

/**
 * The checks of the YAML, in order; the document when there is one, and its value when it is
 * usable. A definition whose `metadata:` passes its limit is refused at its first pair past it,
 * and, where the rest can be read (Stopped.readOn), checked on without those pairs: its value then
 * holds the pairs within the limit, and the refusal keeps the definition from being used.
 */
function parse(file: string, text: string, lineCounter: LineCounterType, diagnostics: Diagnostic[], role: FileRole): { doc?: Document.Parsed; value?: Json } {
  const stop = ({ stopped: { offset, input, path } }: Stopped) => {
    const p = lineCounter.linePos(offset);
    return located(file, p.line, p.col, input, path);
  };
  const list = readDocuments(text, lineCounter, role === DEFINITION_ROLE);
  if (Array.isArray(list)) return parsed(file, text, list, lineCounter, diagnostics, role);
  const { readOn } = list.stopped;
  const stopped = stop(list);
  let result = {};
  if (readOn !== undefined) {
    // Read again from the start, its lines counted again: every line keeps its number.
    lineCounter.lineStarts.length = 0;
    const again = readDocuments(readOn, lineCounter, role === DEFINITION_ROLE);
    // What else stops a read (nesting too deep) is said as in any file.
    if (Array.isArray(again)) result = parsed(file, readOn, again, lineCounter, diagnostics, role);
    else diagnostics.push(stop(again));
  }
  diagnostics.push(stopped);
  return result;
}

/** parse's checks of the documents read (`list`) from `text`. */
function parsed(file: string, text: string, list: Document.Parsed[], lineCounter: LineCounterType, diagnostics: Diagnostic[], role: FileRole): { doc?: Document.Parsed; value?: Json } {
  const { isMap, isScalar, isSeq } = yaml();
  const at = (line: number, column: number, input: DiagnosticInput, path = ''): Diagnostic => located(file, line, column, input, path);
  const fromOffset = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (list.length > 1) {
    const second = list[1]!;
    const offset = second.range?.[0] ?? 0;
    const p = fromOffset(offset);
    diagnostics.push(at(p.line, p.column, {
      code: 'multiple-documents',
      message: `the file holds ${list.length} YAML documents; ${role.oneDocument}`,
      hint: role.documents,
    }));
  }
  const doc = list[0];
  if (!doc) {
    diagnostics.push(at(1, 1, { code: EMPTY_FILE, message: 'the file has no content (only comments or blank lines)', hint: role.empty }));
    return {};
  }
  // Lines indented under a scalar value already said (indented-under-scalar.ts).
  const slips: IndentedUnderScalar[] = [];
  // The lists (by their parent's line) with a line at the wrong indent already said, and those lines (misaligned-indent.ts).
  const misalignedLists = new Set<number>();
  const misalignedLines = new Set<number>();
  // Where the parse first went wrong: what the parser built before it is the file as written, so
  // a problem there is said with the field it is in (syntax-path.ts); past it, the parser's guesses are not.
  let opened: ReturnType<typeof openedBy> | undefined;
  const faults = doc.errors.map((err) => faultOf(err, () => (opened ??= openedBy(doc))));
  // A quote or bracket left open leaves open every bracket it is in (a quote runs to the end of
  // the file): those follow from the last one opened inside them, where the parse went wrong.
  const openings = faults.flatMap((f) => [f.quote?.start, f.flow?.start]).filter((o): o is number => o !== undefined);
  for (const [i, f] of faults.entries()) {
    if (!f.flow) continue;
    // The last opened inside it (its offset starts at its own bracket).
    for (const o of openings) if (o > f.offset && o < doc.errors[i]!.pos[0]) f.offset = o;
  }
  // A loop, not Math.min(...): a file may give more errors than a call takes arguments.
  let firstFault = Infinity;
  for (const f of faults) firstFault = Math.min(firstFault, f.offset);
  const field = (offset: number, subject = false) => (offset <= firstFault ? formatPath(enclosingPath(doc, text, offset, subject)) : '');
  const misalignedAt = misalignedIndent(text);
  const wordedSlipsAt = new Set<number>();
  for (const [i, err] of doc.errors.entries()) {
    const { quote: opened, flow, offset: fault } = faults[i]!;
    const misaligned = MISALIGNED_CODES.has(err.code) && err.linePos ? misalignedAt(err.linePos[0].line) : undefined;
    if (misaligned !== undefined) {
      // The parser's other errors of that line, and of a later item at the list's own column, follow from it.
      if ('aligned' in misaligned && misalignedLists.has(misaligned.parentLine)) {
        misalignedLines.add(err.linePos![0].line);
        continue;
      }
      if (!('aligned' in misaligned) && misalignedLines.has(misaligned.line)) continue;
      if (!('aligned' in misaligned)) {
        misalignedLists.add(misaligned.parentLine);
        misalignedLines.add(misaligned.line);
        diagnostics.push(at(misaligned.line, misaligned.column, { code: 'yaml-syntax', message: misaligned.message, hint: misaligned.hint }, fault > firstFault ? '' : formatPath(misalignedWithin(doc, text, lineCounter, misaligned))));
        continue;
      }
    }
    // The parser says "a list or mapping cannot be a key" and "implicit keys need to be on a
    // single line" of that one slip, at the value, and the same again of lines in its block.
    const implicitKey = err.code === 'BLOCK_AS_IMPLICIT_KEY' || err.code === 'MULTILINE_IMPLICIT_KEY';
    const slip = implicitKey ? indentedUnderScalar(text, err.pos[0]) : undefined;
    const line = err.linePos?.[0]?.line ?? 0;
    if (implicitKey && !slip && slips.some((s) => line >= s.line && line <= s.lastLine)) continue;
    if (slip) slips.push(slip);
    const start = opened?.start ?? flow?.start;
    const p = start === undefined ? (err.linePos?.[0] ?? { line: 1, col: 1 }) : lineCounter.linePos(start);
    const stopped = err.linePos?.[0];
    // The parser's other errors at the place of a colon's or a quote's slip follow from it (`implicit map keys
    // need to be followed by map values` beside a multi-line key).
    if (wordedSlipsAt.has(err.pos[0])) continue;
    const wordedSlip = slip ? undefined : colonSlipProblem(err.code, err.message, text, err.pos[0], role.quotesValues) ?? quoteSlipProblem(err.code, err.message, text, err.pos[0], role.quotesValues);
    if (wordedSlip) wordedSlipsAt.add(err.pos[0]);
    const problem = slip ? indentedUnderScalarProblem(slip) : wordedSlip ?? yamlProblem(err.code, err.message, text, err.pos[0]);
    const d = at(p.line, p.col, {
      code: err.code === 'TAG_RESOLVE_FAILED' ? 'yaml-tag' : 'yaml-syntax',
      message: opened !== undefined
          ? `the ${opened.quote} opened here is never closed (the file ends first)`
          : flow !== undefined
            ? text.slice(err.pos[0]).trim() === ''
              ? `the ${flow.open} opened here is never closed with ${flow.close} (the file ends first)`
              : `the ${flow.open} opened here is not closed with ${flow.close} before ${stopped ? `line ${stopped.line}, which is` : 'a line'} indented no more than its field`
            : problem.message,
      hint: flow !== undefined
          ? `close it with ${flow.close}, or indent the lines that continue it more than its field`
          : problem.hint,
    // A quote or bracket left open is its value's fault, as is a line indented under a value (slip).
    }, fault > firstFault ? '' : field(start ?? err.pos[0], start !== undefined || slip !== undefined));
    // One cause can fail every enclosing level the same way: say it once.
    if (diagnostics.some((x) => x.message === d.message)) continue;
    diagnostics.push(d);
  }
  const oddKeys: Node[] = [];
  for (const { offset, first, normalization, key } of duplicateKeys(doc.contents as Node | null, oddKeys)) {
    const p = fromOffset(offset);
    const f = fromOffset(first);
    const keyText = /^[^:\n]*/.exec(text.slice(offset))![0].trim();
    const firstText = /^[^:\n]*/.exec(text.slice(first))![0].trim();
    const [mine, theirs] = normalization ? revealDifference(keyText, firstText) : [[], []];
    // At the key: the field is the mapping that holds it twice.
    diagnostics.push(at(p.line, p.column, normalization
      ? {
          code: 'duplicate-key',
          message: `the key '${revealedText(mine)}' ${alikeNote(firstText, keyText)} from the key '${revealedText(theirs)}' at line ${f.line}, column ${f.column} in the same mapping: they print alike, and YAML reads two keys where whatever normalizes Unicode reads one (${ESCAPES_NOTE})`,
          hint: 'write the key once, with its values merged, in one spelling (your editor\'s composed form, NFC, is the usual one)',
        }
      : {
          code: 'duplicate-key',
          // The key as read, not as written: `"name"` quoted is the key name, said once quoted.
          message: `the key '${shortened(key, PATH_KEY_SHOWN)}' appears more than once in the same mapping (first at line ${f.line}, column ${f.column})`,
          hint: YAML_CODES.DUPLICATE_KEY.hint as string,
        }, field(offset)));
  }
  for (const warn of doc.warnings) {
    const p = warn.linePos?.[0] ?? { line: 1, col: 1 };
    // A tag the library cannot resolve leaves a value other than the one written (`!!binary
    // aGVsbG8=` a string of base64): an error. Any other warning leaves the value as meant.
    const tag = warn.code === 'TAG_RESOLVE_FAILED';
    diagnostics.push(at(p.line, p.col, { code: tag ? 'yaml-tag' : 'yaml-warning', ...(tag ? {} : { severity: 'warning' as const }), ...yamlProblem(warn.code, warn.message, text, warn.pos[0]) }, field(warn.pos[0], tag)));
  }
  for (const { offset, message, hint } of unreadableNodes(doc, oddKeys)) {
    const p = fromOffset(offset);
    // A list item read as a key because its `-` (or an earlier item's) is off its siblings' column: said above, as that.
    if (misalignedLines.has(p.line)) continue;
    diagnostics.push(at(p.line, p.column, { code: 'yaml-syntax', message, hint }, field(offset, true)));
  }
  // A duplicate key leaves a usable document: keep checking it so every problem shows in one run.
  if (diagnostics.some((d) => d.severity === 'error' && d.code !== 'duplicate-key')) return { doc };

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    // A null written (`null`, `~`) is said as such: the file is not blank, and its author may be looking for what is there.
    const [start, end] = doc.contents?.range ?? [0, 0];
    const written = end > start ? text.slice(start, end) : undefined;
    const p = fromOffset(start);
    diagnostics.push(written === undefined
      ? at(1, 1, { code: EMPTY_FILE, message: 'the file has no content (only comments or blank lines)', hint: role.empty })
      : at(p.line, p.column, { code: EMPTY_FILE, message: `the file has no content: it holds only \`${written}\`, which YAML reads as null`, hint: role.empty }));
    return { doc };
  }
  if (!isMap(doc.contents)) {
    const p = fromOffset(doc.contents.range?.[0] ?? 0);
    const what = isSeq(doc.contents) ? 'a list' : 'a single value';
    diagnostics.push(at(p.line, p.column, {
      code: NOT_A_MAPPING,
      message: `${role.mapping}, but this file holds ${what}`,
      hint: role.hint,
    }));
    return { doc };
  }
  try {
    return { doc, value: documentValue(doc, text) };
  } catch {
    // What unreadableNodes finds is not converted; what is left to fail is the aliases' expansion.
    const first = firstAlias(doc);
    const p = fromOffset(first ?? 0);
    diagnostics.push(at(p.line, p.column, { code: 'yaml-syntax', ...(YAML_CODES.RESOURCE_EXHAUSTION as { message: string; hint: string }) }));
    return { doc };
  }
}
