// The rules of one definition that a JSON Schema cannot express. Run on any parsed value, valid
// against the schema or not, so every guard checks shapes before reading them.
import { isMarkerKey, METADATA_KEY_MAX, METADATA_MAX_PAIRS, RECORD_KEY } from '../../model/marker.js';
import { helperOf } from './helper-store.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { isObject, type Json, type JsonObject } from '../../model/json.js';
import { checkJsonSchema } from '../../yaml/json-schema-check.js';
import { codePoints } from '../../util/characters.js';
import { checkStrictSchema } from '../../yaml/strict-schema.js';
import type { YamlSource } from '../../yaml/source.js';
import { reservedMetadataKeys } from '../../yaml/marker-check.js';
import { writtenCount } from '../../yaml/collection-limits.js';

/**
 * The API's metadata pairs (METADATA_MAX_PAIRS) less the marker, and less aac's record of the store
 * a definition's `vector_stores` helper made (helper-store.ts): that record is a pair of its own.
 * (The schema's `maxProperties` is the first.)
 */
const OWN_PAIRS_WITH_HELPER = METADATA_MAX_PAIRS - 2;

function metadataChecks(src: YamlSource, metadata: Json | undefined, helper: boolean): Diagnostic[] {
  if (!isObject(metadata)) return [];
  const out = reservedMetadataKeys(src, metadata, '(aac@<namespace>, formerly aac:key) marks the assistants it manages');
  // As written: a mapping far past its limit reaches the checks cut (yaml/collection-limits.ts).
  const pairs = writtenCount(metadata);
  if (helper && pairs > OWN_PAIRS_WITH_HELPER) {
    out.push(src.diag(['metadata'], {
      code: 'max-properties',
      message: `metadata has ${pairs} pairs; with tool_resources.file_search.vector_stores at most ${OWN_PAIRS_WITH_HELPER} are allowed: of the API's ${METADATA_MAX_PAIRS}, aac keeps one for its marker and one (${RECORD_KEY}) recording the vector store the helper made`,
      hint: `remove ${pairs - OWN_PAIRS_WITH_HELPER === 1 ? 'a pair' : `${pairs - OWN_PAIRS_WITH_HELPER} pairs`}, or attach an existing store with vector_store_ids instead of the helper`,
    }));
  }
  for (const k of Object.keys(metadata)) {
    const length = codePoints(k);
    if (!isMarkerKey(k) && length > METADATA_KEY_MAX) {
      out.push(src.diag(['metadata', k], {
        code: 'max-length',
        message: `metadata key '${k.slice(0, 20)}…' is ${length} characters; the API allows at most ${METADATA_KEY_MAX}`,
        hint: 'shorten the key',
      }));
    }
  }
  return out;
}

/** Tool types the API accepts at most once per assistant. */
const SINGLE_TOOLS = ['code_interpreter', 'file_search'];

function toolChecks(src: YamlSource, tools: Json | undefined): Diagnostic[] {
  if (!Array.isArray(tools)) return [];
  const out: Diagnostic[] = [];
  const firstOfType = new Map<string, number>();
  const firstFunction = new Map<string, number>();
  tools.forEach((tool, i) => {
    if (!isObject(tool) || typeof tool.type !== 'string') return;
    const first = firstOfType.get(tool.type);
    if (SINGLE_TOOLS.includes(tool.type) && first !== undefined) {
      out.push(src.diag(['tools', i], {
        code: 'duplicate-tool',
        message: `tools[${i}] is a second ${tool.type} tool (the first is tools[${first}]); an assistant has at most one`,
        hint: `remove one of them; settings go in the one ${tool.type} tool`,
      }, 'value'));
    }
    if (first === undefined) firstOfType.set(tool.type, i);
    const fn = tool.type === 'function' ? tool.function : undefined;
    if (!isObject(fn)) return;
    if (typeof fn.name === 'string') {
      const prev = firstFunction.get(fn.name);
      if (prev !== undefined) {
        out.push(src.diag(['tools', i, 'function', 'name'], {
          code: 'duplicate-function',
          message: `function name '${fn.name}' is used twice (tools[${prev}] and tools[${i}]); the model calls functions by name`,
          hint: 'rename one of the functions or remove the duplicate',
        }, 'value'));
      } else {
        firstFunction.set(fn.name, i);
      }
    }
    out.push(...checkJsonSchema(src, ['tools', i, 'function', 'parameters'], fn.parameters, `tools[${i}].function.parameters`));
    if (fn.strict === true) out.push(...checkStrictSchema(src, ['tools', i, 'function', 'parameters'], fn.parameters, `tools[${i}].function.parameters`));
  });
  return out;
}

/** `tool_resources` keys and the tool type each one serves. */
const RESOURCE_TOOL: Record<string, string> = {
  code_interpreter: 'code_interpreter',
  file_search: 'file_search',
  azure_ai_search: 'azure_ai_search',
};

function resourceChecks(src: YamlSource, value: JsonObject): Diagnostic[] {
  const resources = value.tool_resources;
  if (!isObject(resources)) return [];
  const enabled = new Set(
    (Array.isArray(value.tools) ? value.tools : []).flatMap((t) => (isObject(t) && typeof t.type === 'string' ? [t.type] : [])),
  );
  const out: Diagnostic[] = [];
  for (const [name, res] of Object.entries(resources)) {
    const tool = RESOURCE_TOOL[name];
    if (tool !== undefined && !enabled.has(tool)) {
      out.push(src.diag(['tool_resources', name], {
        code: 'resource-without-tool',
        message: `tool_resources.${name} is set but the ${tool} tool is not enabled`,
        hint: `add \`- type: ${tool}\` to tools, or remove tool_resources.${name}`,
      }));
    }
    if (name === 'file_search' && isObject(res) && res.vector_store_ids === undefined && res.vector_stores === undefined) {
      out.push(src.diag(['tool_resources', name], {
        code: 'missing-field',
        message: 'tool_resources.file_search has neither vector_store_ids nor vector_stores; the API takes exactly one',
        hint: 'attach a store with `vector_store_ids: [vs_…]`, or remove tool_resources.file_search',
      }));
    }
    if (name === 'file_search' && isObject(res) && res.vector_store_ids !== undefined && res.vector_stores !== undefined) {
      out.push(src.diag(['tool_resources', name, 'vector_stores'], {
        code: 'conflicting-fields',
        message: 'tool_resources.file_search has both vector_store_ids and vector_stores; the API takes exactly one',
        hint: 'attach an existing store with vector_store_ids, or make one from files with vector_stores',
      }));
    }
  }
  return out;
}

function responseFormatChecks(src: YamlSource, format: Json | undefined): Diagnostic[] {
  if (!isObject(format) || format.type !== 'json_schema' || !isObject(format.json_schema)) return [];
  const path = ['response_format', 'json_schema', 'schema'];
  const what = 'response_format.json_schema.schema';
  const schema = format.json_schema.schema;
  return [
    ...checkJsonSchema(src, path, schema, what),
    ...(format.json_schema.strict === true ? checkStrictSchema(src, path, schema, what) : []),
  ];
}

export function semanticChecks(src: YamlSource, value: JsonObject): Diagnostic[] {
  return [
    ...toolChecks(src, value.tools),
    ...resourceChecks(src, value),
    ...metadataChecks(src, value.metadata, helperOf(value.tool_resources) !== undefined),
    ...responseFormatChecks(src, value.response_format),
  ];
}
