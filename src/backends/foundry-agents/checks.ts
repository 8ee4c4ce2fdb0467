// The rules of one foundry-agents definition that its JSON Schema cannot express. Run on any
// parsed value, valid against the schema or not, so every guard checks shapes before reading.
import type { Diagnostic } from '../../model/diagnostic.js';
import { isObject, type Json, type JsonObject } from '../../model/json.js';
import { checkJsonSchema } from '../../yaml/json-schema-check.js';
import type { YamlSource } from '../../yaml/source.js';
import { reservedMetadataKeys } from '../../yaml/marker-check.js';
import { foundryAgentsValidators } from './spec.js';
import { effortFinding } from '../reasoning-models.js';
import { partDiagnostics, type MapOptions } from '../../yaml/schema.js';

/**
 * How a tool's errors against the API's schema are said (yaml/schema.ts MapOptions): values quoted,
 * and the hint for a field of an OpenAI agent's tool (openai-agents) that a Foundry agent's tool of
 * the same type writes otherwise.
 */
const TOOL_SCHEMA_OPTIONS: MapOptions = {
  ownFields: new Set(),
  quoteValues: true,
  serverOnly: {
    transport: "'transport' is how an OpenAI agent's (openai-agents) MCP tool names its server; a foundry-agents MCP tool writes server_url (and headers) beside its type: move them up one level, out of 'transport:'",
  },
};

function toolChecks(src: YamlSource, tools: Json | undefined): Diagnostic[] {
  if (!Array.isArray(tools)) return [];
  const v = foundryAgentsValidators();
  const out: Diagnostic[] = [];
  const firstFunction = new Map<string, number>();
  tools.forEach((tool, i) => {
    if (!isObject(tool) || typeof tool.type !== 'string') return;
    const type = tool.type;
    const at = ['definition', 'tools', i];
    if (type === 'function') {
      if (typeof tool.name === 'string') {
        const prev = firstFunction.get(tool.name);
        if (prev !== undefined) {
          out.push(src.diag([...at, 'name'], {
            code: 'duplicate-function',
            message: `function name '${tool.name}' is used twice (definition.tools[${prev}] and definition.tools[${i}]); the model calls functions by name`,
            hint: 'rename one of the functions or remove the duplicate',
          }, 'value'));
        } else firstFunction.set(tool.name, i);
      }
      out.push(...checkJsonSchema(src, [...at, 'parameters'], tool.parameters, `definition.tools[${i}].parameters`));
      return;
    }
    if (type === 'file_search' || type === 'code_interpreter') return; // closed in the file's own schema
    // Every other type is open in the file's schema: the API's own schema for it decides, said as
    // the file's schema says its errors (an unknown field with its did-you-mean, the values allowed).
    const validate = v.tool(type);
    if (validate && !validate(tool)) out.push(...partDiagnostics(src, at, validate.errors ?? [], v.requestRef, TOOL_SCHEMA_OPTIONS));
  });
  return out;
}

function schemaChecks(src: YamlSource, definition: JsonObject): Diagnostic[] {
  const out: Diagnostic[] = [];
  const format = isObject(definition.text) ? definition.text.format : undefined;
  if (isObject(format) && format.type === 'json_schema') {
    out.push(...checkJsonSchema(src, ['definition', 'text', 'format', 'schema'], format.schema, 'definition.text.format.schema'));
  }
  if (isObject(definition.structured_inputs)) {
    for (const [name, input] of Object.entries(definition.structured_inputs)) {
      if (isObject(input)) out.push(...checkJsonSchema(src, ['definition', 'structured_inputs', name, 'schema'], input.schema, `definition.structured_inputs.${name}.schema`));
    }
  }
  return out;
}

/**
 * An effort on a model of no reasoning family (reasoning-models.ts's rule, stated once for every
 * backend): a warning, as Foundry's sources (AGENTS.md, the TypeSpec and JSON Schema of
 * PromptAgentDefinition) say nothing of what the service does with it.
 */
function effortChecks(src: YamlSource, definition: JsonObject): Diagnostic[] {
  const effort = isObject(definition.reasoning) ? definition.reasoning.effort : undefined;
  const finding = typeof effort === 'string' ? effortFinding(definition.model, 'definition.reasoning.effort', { hostRefuses: false, reset: 'remove the effort' }) : undefined;
  return finding ? [src.diag(['definition', 'reasoning', 'effort'], finding, 'value')] : [];
}

/** Every rule of a foundry-agents definition file beyond its JSON Schema. */
export function foundryAgentChecks(src: YamlSource, value: JsonObject): Diagnostic[] {
  const definition = isObject(value.definition) ? value.definition : {};
  return [
    ...reservedMetadataKeys(src, value.metadata, '(aac@<namespace>) goes into every version it makes'),
    ...toolChecks(src, definition.tools),
    ...schemaChecks(src, definition),
    ...effortChecks(src, definition),
  ];
}
