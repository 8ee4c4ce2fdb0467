// The Agents API's request and response schemas (spec/agents-api.json, written from the digest),
// compiled once, and the checks the API applies that a JSON Schema cannot state: the discriminated
// tool variants named precisely, and the tools' 3 MiB byte budget. Every refusal is the API's 400
// with `param` = the JSON path of the offending value.
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { isObject } from '../../model/json.js';
import { paramPath } from '../../emulator/param-path.js';
import { codePoints } from '../../util/characters.js';
import { ApiError, invalid as invalidRequest } from '../../emulator/errors.js';
// ajv loads with the first validation (the emulator's): this module is imported by every command through the kind.
import { ajv2020 } from '../../yaml/precompiled.js';
import { withArticle } from '../../util/words.js';
import { lazyRecord } from '../../util/lazy.js';
import { schemaProblem } from '../../emulator/schema-problem.js';
import type { ItemProblem } from '../../emulator/state-file.js';
import { pointerTokens } from '../../util/json-pointer.js';

export type AgentsSchemaName =
  | 'CreateAgentParams'
  | 'UpdateAgentParams'
  | 'ListAgentsQuery'
  | 'AgentResource'
  | 'AgentListResource'
  | 'DeletedAgentResource'
  | 'ErrorResponse';

/** The request tool variants by `type` (AGENTS-API.md §9): the six types a saved agent can hold. */
const TOOL_PARAMS = {
  function: 'FunctionToolParam',
  tool_search: 'ToolSearchToolParam',
  programmatic_tool_calling: 'ProgrammaticToolCallingToolParam',
  mcp: 'McpToolParam',
  web_search: 'WebSearchToolParam',
  computer_use: 'ComputerUseToolParam',
} as const;
export type AgentToolType = keyof typeof TOOL_PARAMS;
export const AGENT_TOOL_TYPES = Object.keys(TOOL_PARAMS) as AgentToolType[];

/** The whole `tools` list as compact UTF-8 JSON, in bytes (AGENTS-API.md:62). */
export const TOOLS_MAX_BYTES = 3 * 1024 * 1024;

type SchemaDocument = { $defs: Record<string, Record<string, any>> };
let document: SchemaDocument | undefined;

/** The schema document itself (read once): the one statement of each limit, read by code and tests. Do not modify. */
export function agentsApiSchema(): SchemaDocument {
  document ??= JSON.parse(readFileSync(new URL('./spec/agents-api.json', import.meta.url), 'utf8')) as SchemaDocument;
  return document;
}

/** An agent's name limit in characters (CreateAgentParams.name.maxLength, AGENTS-API.md:56). */
export function agentNameMax(): number {
  return agentsApiSchema().$defs.CreateAgentParams!.properties.name.maxLength as number;
}

/** How many characters a metadata key has (Metadata.propertyNames, AGENTS-API.md:58: 1–64). */
export function metadataKeyLength(): { min: number; max: number } {
  const { minLength, maxLength } = agentsApiSchema().$defs.Metadata!.propertyNames as { minLength: number; maxLength: number };
  return { min: minLength, max: maxLength };
}

interface Compiled {
  byName: Record<AgentsSchemaName, ValidateFunction>;
  tools: Record<AgentToolType, ValidateFunction>;
}
let compiled: Compiled | undefined;

function validators(): Compiled {
  if (compiled) return compiled;
  // unicode (the default) counts code points: the API's limits are Unicode characters (AGENTS-API.md:65).
  const ajv = ajv2020({ strict: false, validateFormats: false, allErrors: false, verbose: true, discriminator: true });
  ajv.addSchema(structuredClone(agentsApiSchema()));
  const ref = (name: string): ValidateFunction => ajv.compile({ $ref: `aac:openai-agents-api#/$defs/${name}` });
  const names: AgentsSchemaName[] = ['CreateAgentParams', 'UpdateAgentParams', 'ListAgentsQuery', 'AgentResource', 'AgentListResource', 'DeletedAgentResource', 'ErrorResponse'];
  // Each compiled on first use: a run checks a few of them.
  compiled = {
    byName: lazyRecord(Object.fromEntries(names.map((n) => [n, () => ref(n)])) as Record<AgentsSchemaName, () => ValidateFunction>),
    tools: lazyRecord(Object.fromEntries(AGENT_TOOL_TYPES.map((t) => [t, () => ref(TOOL_PARAMS[t])])) as Record<AgentToolType, () => ValidateFunction>),
  };
  return compiled;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a decimal';
  return typeof v === 'object' ? 'an object' : withArticle(typeof v);
}

/** The most specific of ajv's errors, in the OpenAI APIs' wording. */
function toApiError(errors: readonly ErrorObject[], prefix: ReadonlyArray<string | number>): ApiError {
  // anyOf [T, null] and oneOf report every branch; the useful error is the deepest one that is not
  // the null alternative or the combinator's own summary.
  const useful = errors.filter((e) => !['anyOf', 'oneOf', 'allOf'].includes(e.keyword) &&
    !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'));
  const e = [...useful].sort((a, b) => pointerTokens(b.instancePath).length - pointerTokens(a.instancePath).length)[0] ?? errors[0]!;
  const at = [...prefix, ...pointerTokens(e.instancePath)];
  const p = paramPath(at);
  const params = e.params as Record<string, unknown>;
  const shown = p || 'body';
  switch (e.keyword) {
    case 'required': {
      const q = paramPath([...at, String(params.missingProperty)]);
      return invalidRequest(q, `Missing required parameter: '${q}'.`, 'missing_required_parameter');
    }
    case 'additionalProperties': {
      const q = paramPath([...at, String(params.additionalProperty)]);
      return invalidRequest(q, `Unknown parameter: '${q}'.`, 'unknown_parameter');
    }
    case 'type':
      return invalidRequest(p || null, `Invalid type for '${shown}': expected ${String(params.type).replace(/,/g, ' or ')}, but got ${describe(e.data)} instead.`, 'invalid_type');
    case 'maxLength':
    case 'minLength': {
      const above = e.keyword === 'maxLength';
      return invalidRequest(p, `Invalid '${shown}': string too ${above ? 'long' : 'short'}. Expected a string with ${above ? 'maximum' : 'minimum'} length ${String(params.limit)}, but got a string with length ${codePoints(String(e.data))} instead.`,
        above ? 'string_above_max_length' : 'string_below_min_length');
    }
    case 'maxItems':
      return invalidRequest(p, `Invalid '${shown}': array too long. Expected an array with maximum length ${String(params.limit)}, but got an array with length ${(e.data as unknown[]).length} instead.`, 'array_above_max_length');
    case 'maxProperties':
      return invalidRequest(p, `Invalid '${shown}': too many properties. Expected an object with at most ${String(params.limit)} properties, but got an object with ${Object.keys(e.data as object).length} properties instead.`, 'object_above_max_properties');
    case 'minimum':
    case 'maximum': {
      const above = e.keyword === 'maximum';
      return invalidRequest(p, `Invalid '${shown}': integer ${above ? 'above maximum' : 'below minimum'} value. Expected a value ${above ? '<=' : '>='} ${String(params.limit)}, but got ${String(e.data)} instead.`,
        above ? 'integer_above_max_value' : 'integer_below_min_value');
    }
    case 'enum':
    case 'const': {
      const allowed = ((params.allowedValues as unknown[] | undefined) ?? [params.allowedValue]).filter((v) => v !== null);
      return invalidRequest(p, `Invalid value: '${String(e.data)}'. Supported values are: ${allowed.map((v) => `'${String(v)}'`).join(', ')}.`);
    }
    case 'discriminator': {
      // A `type` that names no variant (or none at all) of a discriminated object.
      const q = paramPath([...at, 'type']);
      if ((params as { error?: string }).error === 'tag') return invalidRequest(q, `Missing required parameter: '${q}'.`, 'missing_required_parameter');
      return invalidRequest(q, `Invalid value: '${String((params as { tagValue?: unknown }).tagValue)}' for '${q}'.`);
    }
    default:
      // propertyNames reports the offending key as the instance itself.
      return invalidRequest(p || null, `Invalid '${shown}': ${e.message ?? 'invalid value'}.`);
  }
}

function check(validate: ValidateFunction, value: unknown, prefix: ReadonlyArray<string | number> = []): void {
  if (!validate(value)) throw toApiError(validate.errors ?? [], prefix);
}

/** A tool checked against its own variant, so the 400 names the field inside it, not "oneOf". */
function checkTool(tool: unknown, i: number): void {
  if (!isObject(tool)) return; // the list schema reports the wrong type
  const at = ['tools', i];
  if (tool.type === undefined) throw invalidRequest(paramPath([...at, 'type']), `Missing required parameter: '${paramPath([...at, 'type'])}'.`, 'missing_required_parameter');
  const validate = typeof tool.type === 'string' ? validators().tools[tool.type as AgentToolType] : undefined;
  if (!validate) {
    throw invalidRequest(paramPath([...at, 'type']), `Invalid value: '${String(tool.type)}'. Supported values are: ${AGENT_TOOL_TYPES.map((t) => `'${t}'`).join(', ')}.`);
  }
  check(validate, tool, at);
}

/**
 * Throws the API's 400 for an invalid create or update body (closed objects: an unknown key is
 * refused). Shape: `body` is the parsed JSON. Sources: spec/agents-api.json; AGENTS-API.md §4, §5, §9.
 */
export function validateAgentBody(body: unknown, op: 'create' | 'update'): void {
  if (!isObject(body)) throw invalidRequest(null, `Invalid type for body: expected an object, but got ${describe(body)} instead.`, 'invalid_type');
  if (Array.isArray(body.tools)) body.tools.forEach(checkTool);
  check(validators().byName[op === 'create' ? 'CreateAgentParams' : 'UpdateAgentParams'], body);
  if (Array.isArray(body.tools)) {
    const bytes = Buffer.byteLength(JSON.stringify(body.tools));
    if (bytes > TOOLS_MAX_BYTES) {
      throw invalidRequest('tools', `Invalid 'tools': the tool list is ${bytes} bytes of JSON; the maximum is ${TOOLS_MAX_BYTES} bytes (3 MiB).`, 'tools_too_large');
    }
  }
}

export interface AgentListQuery {
  limit: number;
  order: 'asc' | 'desc';
  after?: string;
}

/**
 * The first problem of an agent's configuration as the emulator keeps it (its --state file's
 * `fields`: a create's and updates' fields, nulls reset) against CreateAgentParams, the schema a
 * request of them passed; undefined when it fits (emulator/schema-problem.ts).
 */
export function agentFieldsProblem(fields: unknown): ItemProblem | undefined {
  return schemaProblem(validators().byName.CreateAgentParams, fields);
}

/** `limit` 1–100 (default 20), `order` asc|desc (default desc), `after`; anything else is refused (AGENTS-API.md §3). */
export function parseAgentListQuery(query: URLSearchParams): AgentListQuery {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of query) {
    if (k in raw) throw invalidRequest(k, `Invalid '${k}': given more than once.`);
    raw[k] = k === 'limit' && /^-?\d+$/.test(v) ? Number(v) : v;
  }
  check(validators().byName.ListAgentsQuery, raw);
  return { limit: (raw.limit as number | undefined) ?? 20, order: (raw.order as 'asc' | 'desc' | undefined) ?? 'desc', ...(typeof raw.after === 'string' && raw.after !== '' ? { after: raw.after } : {}) };
}

/** The violations of a response body against its schema, as `path: message` lines (empty when valid). */
export function responseViolations(name: AgentsSchemaName, body: unknown): string[] {
  const validate = validators().byName[name];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${paramPath(pointerTokens(e.instancePath)) || '(body)'}: ${e.message ?? e.keyword}`);
}

