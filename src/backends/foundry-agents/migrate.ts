// Assistants-shaped definitions (a Foundry classic or OpenAI-protocol fleet) → foundry-agents
// definitions, by the mapping table of ../shared/azure-foundry/AGENTS.md part 2 ("Mapping an
// OpenAI assistant to a prompt agent"): `aac migrate --to foundry-agents`. Pure: it returns the
// new definition's fields and every source field it could not carry over; writing (or not) is the
// command's decision, and so is refusing two definitions that end up with one name.
import type { AssistantSpec, Tool } from '../assistants/assistant.js';
import type { Spec } from '../../model/definition.js';
import { isObject, type JsonObject } from '../../model/json.js';
import { slugify } from '../../util/slug.js';
import { AGENT_NAME_PATTERN, AGENT_NAME_RULE, proposedAgentName } from './limits.js';
import { loadSpec } from './spec.js';
import { isWholeReference } from '../../model/reference.js';
import { orList } from '../../util/words.js';

/** A source field that cannot be carried over: its path in the source definition, and why. */
export interface MigrationLoss {
  path: Array<string | number>;
  why: string;
}

/** What changed shape but kept its meaning (the name slugged), for the command to show. */
export interface MigrationNote {
  path: Array<string | number>;
  what: string;
}

export interface Migration {
  /** The foundry-agents definition's fields: name, description, metadata, definition. */
  definition: Spec;
  losses: MigrationLoss[];
  notes: MigrationNote[];
  /** What can be neither carried over nor left out: a name required of every agent that nothing in the source gives. */
  choices: MigrationLoss[];
}

/**
 * The string values a `$defs` entry of the new API's extracted spec lists (its `const`s and `enum`,
 * through `anyOf`): `ReasoningEffort` ([J] $defs.ReasoningEffort: OpenAI's `max` is not among
 * them), `RankerVersionType` ([J] $defs.RankerVersionType: `auto`, `default-2024-11-15`),
 * `OpenApiAuthType` ([J] $defs.OpenApiAuthType: `anonymous`, `project_connection`,
 * `managed_identity`; its open `string` branch lists nothing). A value the source holds is carried
 * as it is when the new API lists it, and is a loss only when it does not.
 */
function listed(def: 'ReasoningEffort' | 'RankerVersionType' | 'OpenApiAuthType'): Set<string> {
  const collect = (node: unknown): string[] =>
    isObject(node)
      ? [
        ...(typeof node.const === 'string' ? [node.const] : []),
        ...(Array.isArray(node.enum) ? node.enum.filter((v): v is string => typeof v === 'string') : []),
        ...(Array.isArray(node.anyOf) ? node.anyOf.flatMap(collect) : []),
      ]
      : [];
  let values = lists.get(def);
  if (!values) lists.set(def, (values = new Set(collect(loadSpec().$defs[def]))));
  return values;
}
const lists = new Map<string, Set<string>>();

/**
 * The agent's name, always in lower case: the assistant's name when the API's rule allows it,
 * else slugged (`Billing Support` → `billing-support`, `FAQ` → `faq`), else its key's; '' when
 * neither has a letter or digit an agent name can keep (`支援` in `支援.yaml`). The sources state
 * the name's characters (AGENT_NAME_RULE, upper case allowed) but not whether the service tells
 * `FAQ` from `faq` (../shared/azure-foundry: AGENTS.md part 2, the TypeSpec and JSON Schema of
 * CreateAgentRequest are silent), so migrate never relies on case: every name it makes is lower
 * case, and two that differ only in case collide (aac migrate's check).
 */
export function agentName(spec: AssistantSpec, key: string): string {
  if (typeof spec.name === 'string' && AGENT_NAME_PATTERN.test(spec.name) && spec.name.length <= 63) return spec.name.toLowerCase();
  return proposedAgentName(spec.name ?? '') ?? slugify(key.replace(/\//g, '-'));
}

/** Why `name` became `made`: only its case (see agentName), or the API's rule. */
function nameReason(name: string, made: string): string {
  return made === name.toLowerCase() ? 'agent names are written in lower case: whether the service tells names apart by case is not documented' : AGENT_NAME_RULE;
}

function resources(spec: AssistantSpec, tool: string): Record<string, unknown> {
  const r = isObject(spec.tool_resources) ? spec.tool_resources[tool] : undefined;
  return isObject(r) ? r : {};
}

type Lose = (path: Array<string | number>, why: string) => void;

/**
 * Whether `value` carries over as a field of `type`: a value of that type, or a string that is
 * exactly one `${var.…}` reference (read as written, it takes its variable's type in each
 * environment, where the converted definition is checked).
 */
function carries(value: unknown, type: 'number' | 'boolean'): value is number | boolean | string {
  return typeof value === type || isWholeReference(value);
}

/**
 * Shape: `source` is a parsed Assistants definition's fields (`model`, `name`, `tools`, …), `key`
 * its definition key (the name when the assistant has none); returns the agent definition, the
 * losses and the notes. The `id` pin is not carried: the agent is a new object, found by its name.
 */
export function migrateAssistant(source: Spec, { key }: { key: string }): Migration {
  const spec = source as unknown as AssistantSpec;
  const losses: MigrationLoss[] = [];
  const notes: MigrationNote[] = [];
  const lose: Lose = (path, why) => void losses.push({ path, why });
  const definition: JsonObject = { kind: 'prompt', model: spec.model };
  if (typeof spec.instructions === 'string') definition.instructions = spec.instructions;
  if (carries(spec.temperature, 'number')) definition.temperature = spec.temperature;
  if (carries(spec.top_p, 'number')) definition.top_p = spec.top_p;
  if (typeof spec.reasoning_effort === 'string') {
    if (listed('ReasoningEffort').has(spec.reasoning_effort) || isWholeReference(spec.reasoning_effort)) definition.reasoning = { effort: spec.reasoning_effort };
    else lose(['reasoning_effort'], `'${spec.reasoning_effort}' is not a reasoning effort of the new API (${[...listed('ReasoningEffort')].join(', ')})`);
  }

  const rf = spec.response_format;
  if (isObject(rf)) {
    if (rf.type === 'json_schema') {
      const js = isObject(rf.json_schema) ? rf.json_schema : undefined;
      if (!js || !isObject(js.schema)) lose(['response_format', 'json_schema', 'schema'], 'the new API requires a schema for a json_schema format and this one has none');
      else {
        definition.text = {
          format: {
            type: 'json_schema', name: js.name,
            ...(typeof js.description === 'string' ? { description: js.description } : {}),
            schema: js.schema,
            ...(carries(js.strict, 'boolean') ? { strict: js.strict } : {}),
          },
        };
      }
    } else definition.text = { format: { type: rf.type } };
  }

  const tools: JsonObject[] = [];
  (spec.tools ?? []).forEach((tool, i) => {
    const converted = migrateTool(tool, spec, ['tools', i], lose);
    if (converted) tools.push(converted);
  });
  if (tools.length > 0) definition.tools = tools;
  foldedResources(spec, lose);

  const name = agentName(spec, key);
  const choices: MigrationLoss[] = [];
  // The name is the agent's address: one made up would be nobody's choice.
  if (name === '') {
    const given = spec.name ? `neither '${spec.name}' nor the key '${key}' has a` : `the assistant has no name, and its key '${key}' has no`;
    choices.push({ path: ['name'], why: `${given} letter or digit an agent name can keep, and the name addresses the agent (${AGENT_NAME_RULE}): give the assistant a \`name:\` that has some` });
  }
  else if (name !== spec.name) notes.push({ path: ['name'], what: spec.name ? `'${spec.name}' becomes the agent name '${name}' (${nameReason(spec.name, name)})` : `the agent name is '${name}', from the key (the assistant has no name)` });
  const out: JsonObject = { name };
  if (typeof spec.description === 'string') out.description = spec.description;
  if (isObject(spec.metadata) && Object.keys(spec.metadata).length > 0) out.metadata = { ...spec.metadata };
  out.definition = definition;
  return { definition: out as Spec, losses, notes, choices };
}

/** One tool, flattened Responses-style, its `tool_resources` folded in; undefined when it is lost. */
function migrateTool(tool: Tool, spec: AssistantSpec, at: Array<string | number>, lose: Lose): JsonObject | undefined {
  const t = tool as unknown as Record<string, unknown>;
  switch (t.type) {
    case 'function': {
      const fn = isObject(t.function) ? t.function : {};
      return {
        type: 'function',
        name: fn.name as string,
        ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
        ...(isObject(fn.parameters) ? { parameters: fn.parameters as JsonObject } : {}),
        // The Assistants API stores an omitted `strict` as false (ASSISTANTS.md); keep that behaviour.
        // Classic Foundry has no `strict` at all (azure-foundry AGENTS.md part 1, [C]
        // FunctionDefinition); the sources are silent on whether it keeps one sent anyway, and the
        // emulator refuses it (emulator/closed-schema.ts), so a classic function is not strict: false.
        strict: carries(fn.strict, 'boolean') ? fn.strict : false,
      };
    }
    case 'code_interpreter': {
      const files = resources(spec, 'code_interpreter').file_ids;
      return Array.isArray(files) && files.length > 0
        ? { type: 'code_interpreter', container: { type: 'auto', file_ids: files as string[] } }
        : { type: 'code_interpreter' };
    }
    case 'file_search': {
      const fs = isObject(t.file_search) ? t.file_search : {};
      const stores = resources(spec, 'file_search').vector_store_ids;
      const out: JsonObject = { type: 'file_search', vector_store_ids: Array.isArray(stores) ? (stores as string[]) : [] };
      if (carries(fs.max_num_results, 'number')) out.max_num_results = fs.max_num_results;
      if (isObject(fs.ranking_options)) {
        const ranking: JsonObject = {};
        const ranker = fs.ranking_options.ranker;
        const rankers = listed('RankerVersionType');
        if (typeof ranker === 'string' && (rankers.has(ranker) || isWholeReference(ranker))) ranking.ranker = ranker;
        else if (ranker !== undefined) lose([...at, 'file_search', 'ranking_options', 'ranker'], `the ranker '${String(ranker)}' has no counterpart; the new API takes ${orList([...rankers].map((r) => `'${r}'`))}`);
        if (carries(fs.ranking_options.score_threshold, 'number')) ranking.score_threshold = fs.ranking_options.score_threshold;
        if (Object.keys(ranking).length > 0) out.ranking_options = ranking;
      }
      return out;
    }
    case 'openapi': {
      const api = isObject(t.openapi) ? t.openapi : {};
      const auth = isObject(api.auth) ? api.auth : {};
      // The types both APIs list keep their shape (managed_identity's `security_scheme.audience`:
      // [C] and [J] OpenApiManagedSecurityScheme); classic `connection` is the new API's
      // `project_connection`, whose id the sources do not map from a classic connection id.
      if (typeof auth.type !== 'string' || !listed('OpenApiAuthType').has(auth.type)) {
        lose([...at, 'openapi', 'auth'], `'${String(auth.type)}' authentication takes a project connection in the new API (project_connection, [J] OpenApiProjectConnectionAuthDetails), which the sources do not map from a classic connection; recreate it by hand`);
        return undefined;
      }
      // `functions` is read-only (filled by the service from the spec).
      const { functions: _readOnly, ...rest } = api;
      return { type: 'openapi', openapi: rest as JsonObject };
    }
    case 'azure_function':
      // The one shape in both APIs: {function: {name, description?, parameters}, input_binding,
      // output_binding}, each binding a storage_queue {queue_service_endpoint, queue_name}
      // (classic [C] AzureFunctionDefinition, AzureFunctionBinding; new [J] AzureFunctionTool,
      // AzureFunctionDefinition, AzureFunctionBinding). Neither function has `strict`.
      if (isObject(t.azure_function)) return { type: 'azure_function', azure_function: t.azure_function as JsonObject };
      lose(at, 'the azure_function tool has no azure_function definition to carry over');
      return undefined;
    case 'connected_agent':
      // The new API's tool types ([J] ToolType) have no connected_agent: it calls another agent
      // over A2A (a2a_preview: base_url and a project connection) or composes agents in a workflow
      // agent (kind: workflow), neither of which a classic agent id maps to.
      lose(at, 'the new API has no connected_agent tool: a sub-agent is called over A2A (an a2a_preview tool: its base URL and a project connection) or composed in a workflow agent, and neither is made from a classic agent id; recreate it by hand once the agent it calls is migrated');
      return undefined;
    default:
      lose(at, `the ${String(t.type)} tool is not carried over: the new API's counterpart takes other fields (e.g. a project connection id instead of a connection id), which the sources do not map`);
      return undefined;
  }
}

/** tool_resources that no converted tool took. */
function foldedResources(spec: AssistantSpec, lose: Lose): void {
  if (!isObject(spec.tool_resources)) return;
  const types = new Set((spec.tools ?? []).map((t) => t.type));
  for (const [tool, value] of Object.entries(spec.tool_resources)) {
    if (!isObject(value)) continue;
    for (const [field, v] of Object.entries(value)) {
      const empty = Array.isArray(v) && v.length === 0;
      const folded = (tool === 'code_interpreter' && field === 'file_ids') || (tool === 'file_search' && field === 'vector_store_ids');
      if (empty || (folded && types.has(tool))) continue;
      lose(['tool_resources', tool, field], folded
        ? `the ${tool} tool is not enabled, so there is no tool to fold these into`
        : field === 'vector_stores'
          ? 'the create-time vector store helper has no counterpart; make the store first and list its id in vector_store_ids'
          : 'the new API has no counterpart for it');
    }
  }
}
