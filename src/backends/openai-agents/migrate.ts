// An Assistants-shaped definition (the fields of src/model/assistant.ts, plus aac's envelope) →
// an openai-agents definition, by the mapping of AGENTS-API.md §11, and every field that has no
// counterpart listed as a loss. Pure: the command decides what to write (nothing, unless there are
// no losses or the user accepts them).
import { isObject, pathText, put, type Json, type JsonObject } from '../../model/json.js';
import { inDefinitionOrder } from './agent.js';
import { agentNameMax, metadataKeyLength } from './spec.js';
import { codePoints, firstCodePoints } from '../../util/characters.js';
import { effortFinding } from '../reasoning-models.js';

export interface MigrationLoss {
  /** Where in the source definition, e.g. ['tools', 1] or ['temperature']. */
  path: Array<string | number>;
  /** The same path as shown: `tools[1]`, `response_format.json_schema.strict`. */
  field: string;
  /** Why it cannot be carried over, and what the migrated file does instead. */
  why: string;
}

export interface Migration {
  /** The openai-agents definition, keys in DEFINITION_KEY_ORDER; envelope `key` and `instructions_file` kept. */
  definition: JsonObject;
  losses: MigrationLoss[];
}

/** A function's parameters when the assistant gave none: what the Assistants API stored for it, and valid for agents. */
const NO_PARAMETERS: JsonObject = { type: 'object', properties: {} };

function nonEmptyResources(value: unknown): boolean {
  if (!isObject(value)) return false;
  return Object.values(value).some((inner) => isObject(inner) && Object.values(inner).some((v) => v !== null && !(Array.isArray(v) && v.length === 0)));
}

/**
 * Shape: `source` is a parsed Assistants definition file (`model`, `name`, `tools`, …, and aac's
 * `key`, `id`, `instructions_file`); returns the agent definition and the losses. The `id` pin is
 * not carried: an agent is a new object with a new id, found by its marker.
 */
export function migrateAssistant(source: JsonObject): Migration {
  const losses: MigrationLoss[] = [];
  const lose = (path: Array<string | number>, why: string): void => void losses.push({ path, field: pathText(path), why });
  const out: JsonObject = {};
  const set = (k: string, v: Json | undefined): void => {
    if (v !== undefined && v !== null) out[k] = v;
  };

  if (typeof source.key === 'string') out.key = source.key;
  set('model', source.model);

  const limit = agentNameMax();
  if (typeof source.name === 'string' && codePoints(source.name) > limit) {
    lose(['name'], `is ${codePoints(source.name)} characters; an agent's name has at most ${limit}: shortened to its first ${limit}`);
    set('name', firstCodePoints(source.name, limit));
  } else set('name', source.name);

  // The meaning shifts (agents append it to the harness's base instructions, AGENTS-API.md:177),
  // but the text carries over whole: not a loss.
  set('instructions', source.instructions);
  set('instructions_file', source.instructions_file);
  if (isObject(source.metadata)) {
    // A pair whose key an agent cannot hold (an empty key: an assistant's may be) cannot carry over.
    const length = metadataKeyLength();
    const kept: JsonObject = {};
    for (const [k, v] of Object.entries(source.metadata)) {
      const n = codePoints(k);
      if (n < length.min || n > length.max) lose(['metadata', k], `an agent's metadata key has ${length.min} to ${length.max} characters, and this one has ${n}: the pair is dropped`);
      else put(kept, k, v);
    }
    if (Object.keys(kept).length > 0) out.metadata = kept;
  }

  if (typeof source.reasoning_effort === 'string') {
    // Carried, the effort would be a warning or an error in the written definition, whose create
    // the Agents API refuses (AGENTS-API.md:80-81): listed instead, as a field with no counterpart.
    // A model from a `${var.…}` reference is checked in each environment, once substituted.
    const finding = effortFinding(source.model, 'reasoning_effort', { hostRefuses: true, reset: 'drop it' });
    if (finding) lose(['reasoning_effort'], `${finding.why}: dropped`);
    else out.reasoning = { effort: source.reasoning_effort };
  }

  const format = source.response_format;
  if (isObject(format) && format.type === 'json_object') {
    lose(['response_format'], 'an agent has no JSON mode; the nearest is text.format {type: json_schema} with a schema you write: left out');
  } else if (isObject(format) && format.type === 'json_schema' && isObject(format.json_schema)) {
    const js = format.json_schema;
    if (isObject(js.schema)) out.text = { format: { type: 'json_schema', schema: js.schema } };
    else lose(['response_format', 'json_schema'], 'has no schema, and an agent\'s json_schema format requires one: left out');
    if (typeof js.name === 'string' && js.name !== '') lose(['response_format', 'json_schema', 'name'], 'an agent\'s json_schema format has no name: dropped');
    if (typeof js.description === 'string' && js.description !== '') lose(['response_format', 'json_schema', 'description'], 'an agent\'s json_schema format has no description: dropped');
    if (js.strict !== undefined && js.strict !== null) lose(['response_format', 'json_schema', 'strict'], 'an agent\'s json_schema format has no strict flag: dropped');
  }
  // "auto" and {type: text} are an agent's default text format: nothing to write.

  const tools: JsonObject[] = [];
  (Array.isArray(source.tools) ? source.tools : []).forEach((tool, i) => {
    if (!isObject(tool)) return;
    if (tool.type === 'function' && isObject(tool.function)) {
      const fn = tool.function;
      // description and parameters are required by the Agents API.
      tools.push({ type: 'function', name: fn.name ?? null, description: typeof fn.description === 'string' ? fn.description : '', parameters: isObject(fn.parameters) ? fn.parameters : NO_PARAMETERS });
      if (fn.strict !== undefined && fn.strict !== null) lose(['tools', i, 'function', 'strict'], 'agents\' function tools have no strict flag: dropped');
    } else if (tool.type === 'code_interpreter') {
      lose(['tools', i], 'a saved agent has no code_interpreter tool; code runs in a session\'s environment, configured per session: left out');
    } else if (tool.type === 'file_search') {
      lose(['tools', i], 'a saved agent has no file_search tool and no vector stores; an MCP server is the alternative: left out');
    } else {
      lose(['tools', i], `a saved agent has no '${String(tool.type)}' tool: left out`);
    }
  });
  if (tools.length > 0) out.tools = tools;

  if (nonEmptyResources(source.tool_resources)) {
    lose(['tool_resources'], 'an agent holds no files or vector stores: left out');
  }
  // The Agents API has no sampling at all: CreateAgentParams is a closed object whose fields are
  // model, name, instructions, metadata, reasoning, text, service_tier, tools, multi_agent
  // (AGENTS-API.md §4; §11 maps temperature and top_p to no counterpart). Each is dropped by name.
  for (const field of ['temperature', 'top_p'] as const) {
    if (source[field] !== undefined && source[field] !== null) lose([field], `an agent has no ${field}, nor any other sampling setting (the Agents API's CreateAgentParams has none): dropped`);
  }
  if (typeof source.description === 'string' && source.description !== '') {
    lose(['description'], 'an agent has no description; keep it in a metadata value if you need it: dropped');
  }
  return { definition: inDefinitionOrder(out), losses };
}
