// The text of an imported definition file: schema line for editors, stable key order, block scalars
// for multi-line text, so the file reads well in a pull request and loads back to the same values.
import { isDeepStrictEqual } from 'node:util';
import { Document, parse, Scalar, visit } from 'yaml';
import { SPEC_FIELDS, type AssistantSpec } from '../model/assistant.js';
import type { Json, JsonObject } from '../model/json.js';
import { isObject } from '../model/json.js';

export interface DefinitionFile {
  /** Written only when the key differs from the file's path (re-importing over a file that had `key:`). */
  key?: string;
  id: string;
  /** The governed fields to write; `instructions` absent when `instructionsFile` is set. */
  spec: Partial<AssistantSpec>;
  /** `instructions_file:` value, relative to the YAML file, `/`-separated. */
  instructionsFile?: string;
}

/** Preferred key order inside the API's objects; keys not listed keep the server's order after these. */
const OBJECT_ORDER: Record<string, readonly string[]> = {
  tool: ['type', 'function', 'file_search'],
  function: ['name', 'description', 'parameters', 'strict'],
  file_search: ['max_num_results', 'ranking_options'],
  ranking_options: ['ranker', 'score_threshold'],
  response_format: ['type', 'json_schema'],
  json_schema: ['name', 'description', 'schema', 'strict'],
};

function ordered(value: JsonObject, order: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of order) if (k in value) out[k] = value[k]!;
  for (const [k, v] of Object.entries(value)) if (!(k in out)) out[k] = v;
  return out;
}

function orderTool(tool: JsonObject): JsonObject {
  const out = ordered(tool, OBJECT_ORDER.tool!);
  if (isObject(out.function)) out.function = ordered(out.function, OBJECT_ORDER.function!);
  if (isObject(out.file_search)) {
    const fs = ordered(out.file_search, OBJECT_ORDER.file_search!);
    if (isObject(fs.ranking_options)) fs.ranking_options = ordered(fs.ranking_options, OBJECT_ORDER.ranking_options!);
    out.file_search = fs;
  }
  return out;
}

function orderResponseFormat(rf: Json): Json {
  if (!isObject(rf)) return rf;
  const out = ordered(rf, OBJECT_ORDER.response_format!);
  if (isObject(out.json_schema)) out.json_schema = ordered(out.json_schema, OBJECT_ORDER.json_schema!);
  return out;
}

/** The file's content as plain data, in the order it is written. */
export function definitionObject(def: DefinitionFile): JsonObject {
  const out: JsonObject = {};
  if (def.key !== undefined) out.key = def.key;
  out.id = def.id;
  const spec = def.spec as Record<string, Json | undefined>;
  for (const field of SPEC_FIELDS) {
    if (field === 'instructions' && def.instructionsFile !== undefined) {
      out.instructions_file = def.instructionsFile;
      continue;
    }
    const value = spec[field];
    if (value === undefined) continue;
    if (field === 'tools' && Array.isArray(value)) out.tools = value.map((t) => (isObject(t) ? orderTool(t) : t));
    else if (field === 'response_format') out.response_format = orderResponseFormat(value);
    else out[field] = value;
  }
  return out;
}

/** Multi-line text as `|` blocks; whitespace-only text cannot be a block scalar and stays quoted. */
function useBlockScalars(doc: Document): void {
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key') return;
      if (typeof node.value === 'string' && node.value.includes('\n') && /\S/.test(node.value)) {
        node.type = Scalar.BLOCK_LITERAL;
      }
    },
  });
}

/**
 * The YAML text for one definition. `schemaRef` is the path of the JSON Schema relative to the file.
 * Throws when the text would not load back to the same data: a bug, never a silently altered file.
 */
export function renderDefinition(def: DefinitionFile, schemaRef: string): string {
  const data = definitionObject(def);
  const doc = new Document(data);
  doc.commentBefore = ` yaml-language-server: $schema=${schemaRef}`;
  useBlockScalars(doc);
  const text = doc.toString({ lineWidth: 0, indentSeq: true });
  const back = parse(text) as unknown;
  if (!isDeepStrictEqual(back, data)) {
    throw new Error(`the YAML written for ${def.id} does not load back to the same values`);
  }
  return text;
}
