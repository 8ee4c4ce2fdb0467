// The text of an imported definition file: schema line for editors, stable key order, block scalars
// for multi-line text, so the file reads well in a pull request and loads back to the same values
// as aac reads files (src/yaml/source.ts), which is checked here by reading it so.
import { isDeepStrictEqual } from 'node:util';
import { Document, parse, Scalar, visit } from 'yaml';
import type { ImportRules, ResourceKind } from '../backends/backend.js';
import type { Spec } from '../model/definition.js';
import type { Json, JsonObject } from '../model/json.js';
import { isObject, ownValue, put } from '../model/json.js';
import { parseYaml, type ParsedYaml } from '../yaml/source.js';
import { escaped, INVISIBLE_SOURCE } from '../util/invisible.js';

export interface DefinitionFile {
  /** Written only when the key differs from the file's path (re-importing over a file that had `key:`). */
  key?: string;
  /** The pin to the live resource (import); absent for a definition of a resource still to be made (migrate). */
  id?: string;
  /** The governed fields to write; the instructions absent when `instructionsFile` is set. */
  spec: Spec;
  /** `instructions_file:` value, relative to the YAML file, `/`-separated. */
  instructionsFile?: string;
  /** `x-…` fields to write as they are, before the kind's (migrate carries a source's). */
  extensions?: JsonObject;
}

function ordered(value: JsonObject, order: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of order) if (Object.hasOwn(value, k)) out[k] = value[k]!;
  for (const [k, v] of Object.entries(value)) if (!Object.hasOwn(out, k)) put(out, k, v);
  return out;
}

/** `value` (held under `key`) with the kind's key order applied all the way down, the user's own data left as written. */
function inOrder(key: string, value: Json, rules: ImportRules): Json {
  if (rules.opaqueKeys.includes(key)) return value;
  if (Array.isArray(value)) return value.map((item) => (isObject(item) ? inOrder(key, item, rules) : item));
  if (!isObject(value)) return value;
  const out = ordered(value, ownValue(rules.keyOrder, key) ?? []);
  for (const [k, v] of Object.entries(out)) put(out, k, inOrder(k, v, rules));
  return out;
}

/** The file's content as plain data, in the order it is written: envelope, then the kind's fields. */
export function definitionObject(def: DefinitionFile, kind: Pick<ResourceKind, 'fields' | 'paths' | 'import'>): JsonObject {
  const out: JsonObject = {};
  if (def.key !== undefined) out.key = def.key;
  if (def.id !== undefined) out.id = def.id;
  for (const [k, v] of Object.entries(def.extensions ?? {})) put(out, k, v);
  const [holder, ...inside] = kind.paths.instructions;
  for (const { name } of kind.fields) {
    // `instructions_file:` stands where the instructions would (before the object holding them, for a nested kind).
    if (name === holder && def.instructionsFile !== undefined) {
      out.instructions_file = def.instructionsFile;
      // The file stands for the instructions, except in an overlay whose `instructions: null`
      // removes the base's inline text that the file replaces: that null is written too.
      if (inside.length === 0 && def.spec[name] !== null) continue;
    }
    const value = def.spec[name];
    if (value !== undefined) out[name] = inOrder(name, value, kind.import);
  }
  return out;
}

/**
 * How the text is laid out. A double-quoted string stays on one line: the library's folding of a
 * long one across lines can write a line of spaces back as a backslash (yaml 2.9).
 */
const TEXT_OPTIONS = { lineWidth: 0, indentSeq: true, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER } as const;

/** Whether `text` written as a `|` block reads back as itself: not so for some whitespace the library cannot indicate (yaml 2.9). */
function blockReadsBack(text: string): boolean {
  const alone = new Document(text);
  (alone.contents as Scalar).type = Scalar.BLOCK_LITERAL;
  try {
    return parse(alone.toString(TEXT_OPTIONS)) === text;
  } catch {
    return false;
  }
}

/** YAML's merge key: aac reads files with merge keys on (src/yaml/source.ts), where a plain `<<` merges its value into the map. */
const MERGE_KEY = '<<';

/**
 * Multi-line text as `|` blocks; text a block cannot hold (whitespace only, and the odd whitespace
 * the library cannot write as a block) is double-quoted, where escapes carry every character. A
 * key `<<` (a metadata key, a JSON Schema property) is double-quoted too: plain, it would merge.
 * An integer beyond 2^53 is written with every digit of its value: the library writes JavaScript's
 * shortest form (2^60 as 1152921504606847000), whose digits are another integer, which validate
 * refuses as not sent as written (src/desired/json-numbers.ts).
 */
function chooseScalarStyles(doc: Document): void {
  visit(doc, {
    Scalar(key, node) {
      // Written as escapes (withInvisibleEscaped), which only a double-quoted scalar reads.
      if (typeof node.value === 'string' && INVISIBLE.test(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
        return;
      }
      if (key === 'key') {
        if (node.value === MERGE_KEY) node.type = Scalar.QUOTE_DOUBLE;
        return;
      }
      if (typeof node.value === 'number' && Number.isInteger(node.value) && !Number.isSafeInteger(node.value)) return new Scalar(BigInt(node.value));
      if (typeof node.value === 'string' && node.value.includes('\n')) {
        node.type = /\S/.test(node.value) && blockReadsBack(node.value) ? Scalar.BLOCK_LITERAL : Scalar.QUOTE_DOUBLE;
      }
    },
  });
}

const INVISIBLE = new RegExp(`[${INVISIBLE_SOURCE}]`);
const INVISIBLE_ALL = new RegExp(`[${INVISIBLE_SOURCE}]`, 'g');

/**
 * `text` with each invisible or bidi character (util/invisible.ts) as a `\uXXXX` escape: raw, a
 * right-to-left override reorders the line it is on in an editor or a pull request's diff ("Trojan
 * Source"). Every scalar holding one is double-quoted (chooseScalarStyles), where the escape reads
 * back as the character; the comment line holds none (a path and aac's words).
 */
function withInvisibleEscaped(text: string): string {
  return text.replace(INVISIBLE_ALL, escaped);
}

/** A file's text, and aac's own reading of it (src/yaml/source.ts), whose value is the data written. */
export interface RenderedYaml {
  text: string;
  /** For the checks validate makes (validity-check.ts), so the file is not read again. */
  read: ParsedYaml;
}

/**
 * The YAML text for one definition. `schemaRef` is the path of the JSON Schema relative to the file
 * (the editor's schema line), or null for none (`schemaReference`).
 * Throws when the text would not load back to the same data: a bug, never a silently altered file.
 */
export function renderDefinition(def: DefinitionFile, schemaRef: string | null, kind: Pick<ResourceKind, 'fields' | 'paths' | 'import'>): RenderedYaml {
  const comment = schemaRef === null ? undefined : ` yaml-language-server: $schema=${schemaRef}`;
  return yamlText(definitionObject(def, kind), comment, def.id ?? def.key ?? 'a definition');
}

/** The comment an environment's overlay that aac writes (import, migrate) opens with. */
export function overlayComment(environment: string, key: string): string {
  return `environment ${environment}: what differs from the base definition ${key}`;
}

/**
 * The YAML text for an environment's overlay: `def`'s fields in a definition's order, `null` where
 * the overlay removes the base's field, and `instructions_file: null` when `dropInstructionsFile`
 * (the overlay gives the instructions inline instead of the base's file). No schema line: an
 * overlay holds only what differs, which the definition schema would call incomplete.
 */
export function renderOverlay(def: DefinitionFile, dropInstructionsFile: boolean, comment: string, kind: Pick<ResourceKind, 'fields' | 'paths' | 'import'>): RenderedYaml {
  const data = definitionObject(def, kind);
  return yamlText(dropInstructionsFile ? { instructions_file: null, ...data } : data, ` ${comment}`, def.id ?? def.key ?? 'an overlay');
}

/**
 * `data` as YAML under a comment line (if any), read back as aac reads files and checked to give the same
 * values (else a bug: thrown). A file the reader refuses whole, with its reason (one over a
 * definition's size limit), has no value to compare: validate's checks report that reason.
 */
function yamlText(data: JsonObject, comment: string | undefined, what: string): RenderedYaml {
  const doc = new Document(data);
  if (comment !== undefined) doc.commentBefore = comment;
  chooseScalarStyles(doc);
  const text = withInvisibleEscaped(doc.toString(TEXT_OPTIONS));
  const read = parseYaml(what, Buffer.from(text, 'utf8'));
  const refused = read.value === undefined && read.diagnostics.length > 0;
  if (!refused && !isDeepStrictEqual(read.value, data)) {
    throw new Error(`the YAML written for ${what} does not load back to the same values`);
  }
  return { text, read };
}
