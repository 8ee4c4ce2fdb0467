// Assistants-shaped definitions (a Foundry classic or OpenAI-protocol fleet) → foundry-agents
// definitions, by the mapping table of ../shared/azure-foundry/AGENTS.md part 2 ("Mapping an
// OpenAI assistant to a prompt agent"). Pure: it reads specs and returns files' contents and
// every field it could not carry over; writing (or not) is the command's decision.
import type { AssistantSpec, Tool } from '../assistants/assistant.js';
import { isObject, type JsonObject } from '../../model/json.js';
import { slugify } from '../../util/slug.js';
import { AGENT_NAME_PATTERN, AGENT_NAME_RULE } from './limits.js';
import { loadSpec } from './spec.js';

/** One Assistants-shaped definition to convert. */
export interface MigrationSource {
  /** The definition file, for messages. */
  file: string;
  key: string;
  spec: AssistantSpec;
}

/** A foundry-agents definition file's API fields (the envelope — key, instructions_file — is the writer's). */
export interface FoundryAgentFile {
  name: string;
  description?: string;
  metadata?: Record<string, string>;
  definition: JsonObject;
}

/** A field that cannot be carried over: `field` is its path in the source file. */
export interface Loss {
  file: string;
  field: string;
  why: string;
}

export interface MigratedAgent {
  source: MigrationSource;
  agent: FoundryAgentFile;
  /** What changed shape but kept its meaning, e.g. the name slugged. */
  notes: string[];
}

export interface MigrationResult {
  agents: MigratedAgent[];
  /** Fields dropped; writing anyway needs the user's explicit acceptance. */
  losses: Loss[];
  /** Two definitions that would address one agent: never accepted, the user renames one. */
  conflicts: Loss[];
}

/**
 * The `reasoning.effort` values the new API takes ([J] $defs.ReasoningEffort), from the extracted
 * spec: OpenAI's `max` is not among them.
 */
function reasoningEfforts(): Set<string> {
  const collect = (node: unknown): string[] =>
    isObject(node) ? [...(typeof node.const === 'string' ? [node.const] : []), ...(Array.isArray(node.anyOf) ? node.anyOf.flatMap(collect) : [])] : [];
  return new Set(collect(loadSpec().$defs.ReasoningEffort));
}

/** The agent's name: the assistant's name slugged (`Billing Support` → `billing-support`), else its key's. */
export function agentName(spec: AssistantSpec, key: string): string {
  if (typeof spec.name === 'string' && AGENT_NAME_PATTERN.test(spec.name) && spec.name.length <= 63) return spec.name;
  // slugify keeps ASCII letters, digits and inner hyphens and cuts below 63: always a valid name.
  return slugify(spec.name) || slugify(key.replace(/\//g, '-'));
}

function resources(spec: AssistantSpec, tool: string): Record<string, unknown> {
  const r = isObject(spec.tool_resources) ? spec.tool_resources[tool] : undefined;
  return isObject(r) ? r : {};
}

/** Converts one definition; `lose(field, why)` collects what cannot be carried over. */
export function migrateAssistant(source: MigrationSource): { agent: FoundryAgentFile; losses: Loss[]; notes: string[] } {
  const { spec, file } = source;
  const losses: Loss[] = [];
  const notes: string[] = [];
  const lose = (field: string, why: string): void => void losses.push({ file, field, why });
  const definition: JsonObject = { kind: 'prompt', model: spec.model };
  if (typeof spec.instructions === 'string') definition.instructions = spec.instructions;
  if (typeof spec.temperature === 'number') definition.temperature = spec.temperature;
  if (typeof spec.top_p === 'number') definition.top_p = spec.top_p;
  if (typeof spec.reasoning_effort === 'string') {
    if (reasoningEfforts().has(spec.reasoning_effort)) definition.reasoning = { effort: spec.reasoning_effort };
    else lose('reasoning_effort', `'${spec.reasoning_effort}' is not a reasoning effort of the new API (${[...reasoningEfforts()].join(', ')})`);
  }

  const rf = spec.response_format;
  if (isObject(rf)) {
    if (rf.type === 'json_schema') {
      const js = isObject(rf.json_schema) ? rf.json_schema : undefined;
      if (!js || !isObject(js.schema)) lose('response_format.json_schema.schema', 'the new API requires a schema for a json_schema format and this one has none');
      else {
        definition.text = {
          format: {
            type: 'json_schema', name: js.name,
            ...(typeof js.description === 'string' ? { description: js.description } : {}),
            schema: js.schema,
            ...(typeof js.strict === 'boolean' ? { strict: js.strict } : {}),
          },
        };
      }
    } else definition.text = { format: { type: rf.type } };
  }

  const tools: JsonObject[] = [];
  (spec.tools ?? []).forEach((tool, i) => {
    const converted = migrateTool(tool, spec, `tools[${i}]`, lose);
    if (converted) tools.push(converted);
  });
  if (tools.length > 0) definition.tools = tools;
  foldedResources(spec, lose);

  const name = agentName(spec, source.key);
  if (name !== spec.name) notes.push(spec.name ? `name '${spec.name}' → '${name}' (${AGENT_NAME_RULE})` : `name '${name}' (from the key; the assistant had none)`);
  const agent: FoundryAgentFile = { name, definition };
  if (typeof spec.description === 'string') agent.description = spec.description;
  if (isObject(spec.metadata) && Object.keys(spec.metadata).length > 0) agent.metadata = { ...spec.metadata };
  return { agent, losses, notes };
}

/** One tool, flattened Responses-style, its `tool_resources` folded in; undefined when it is lost. */
function migrateTool(tool: Tool, spec: AssistantSpec, at: string, lose: (field: string, why: string) => void): JsonObject | undefined {
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
        strict: typeof fn.strict === 'boolean' ? fn.strict : false,
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
      if (typeof fs.max_num_results === 'number') out.max_num_results = fs.max_num_results;
      if (isObject(fs.ranking_options)) {
        const ranking: JsonObject = {};
        const ranker = fs.ranking_options.ranker;
        if (ranker === 'auto') ranking.ranker = 'auto';
        else if (ranker !== undefined) lose(`${at}.file_search.ranking_options.ranker`, `the ranker '${String(ranker)}' has no counterpart; the new API takes 'auto' or 'default-2024-11-15'`);
        if (typeof fs.ranking_options.score_threshold === 'number') ranking.score_threshold = fs.ranking_options.score_threshold;
        if (Object.keys(ranking).length > 0) out.ranking_options = ranking;
      }
      return out;
    }
    case 'openapi': {
      const api = isObject(t.openapi) ? t.openapi : {};
      const auth = isObject(api.auth) ? api.auth : {};
      if (auth.type !== 'anonymous') {
        lose(`${at}.openapi.auth`, `'${String(auth.type)}' authentication takes a project connection or an audience in the new API ([J] OpenApiAuthDetails); recreate it by hand`);
        return undefined;
      }
      // `functions` is read-only (filled by the service from the spec).
      const { functions: _readOnly, ...rest } = api;
      return { type: 'openapi', openapi: rest as JsonObject };
    }
    default:
      lose(at, `the ${String(t.type)} tool is not carried over: the new API's counterpart takes other fields (e.g. a project connection id instead of a connection id), which the sources do not map`);
      return undefined;
  }
}

/** tool_resources that no converted tool took. */
function foldedResources(spec: AssistantSpec, lose: (field: string, why: string) => void): void {
  if (!isObject(spec.tool_resources)) return;
  const types = new Set((spec.tools ?? []).map((t) => t.type));
  for (const [tool, value] of Object.entries(spec.tool_resources)) {
    if (!isObject(value)) continue;
    for (const [field, v] of Object.entries(value)) {
      const empty = Array.isArray(v) && v.length === 0;
      const folded = (tool === 'code_interpreter' && field === 'file_ids') || (tool === 'file_search' && field === 'vector_store_ids');
      if (empty || (folded && types.has(tool))) continue;
      lose(`tool_resources.${tool}.${field}`, folded
        ? `the ${tool} tool is not enabled, so there is no tool to fold these into`
        : field === 'vector_stores'
          ? 'the create-time vector store helper has no counterpart; make the store first and list its id in vector_store_ids'
          : 'the new API has no counterpart for it');
    }
  }
}

/**
 * Converts a fleet. Names are slugged to the 63-character rule; two definitions that end up with
 * one name are conflicts (both listed), never renamed silently: the user chooses.
 */
export function migrateFleet(sources: MigrationSource[]): MigrationResult {
  const agents: MigratedAgent[] = [];
  const losses: Loss[] = [];
  const byName = new Map<string, MigratedAgent[]>();
  for (const source of sources) {
    const m = migrateAssistant(source);
    losses.push(...m.losses);
    const migrated = { source, agent: m.agent, notes: m.notes };
    agents.push(migrated);
    // Names compare as the service might: case-insensitively (the sources do not say; the conservative reading).
    const k = m.agent.name.toLowerCase();
    byName.set(k, [...(byName.get(k) ?? []), migrated]);
  }
  const conflicts: Loss[] = [];
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    for (const g of group) {
      const others = group.filter((o) => o !== g).map((o) => o.source.file).join(', ');
      conflicts.push({ file: g.source.file, field: 'name', why: `becomes the agent name '${g.agent.name}', as ${others} does; give one of them another name` });
    }
  }
  return { agents, losses, conflicts };
}
