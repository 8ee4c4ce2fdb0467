// The foundry-agents resource kind: Azure AI Foundry's named, versioned prompt agents in the API's
// own vocabulary (name, description, metadata, definition), for the core to plan, apply and import.
import type { ResourceKind } from '../backend.js';
import { canonicalize } from '../../model/canonical.js';
import type { Spec } from '../../model/definition.js';
import { copyJson, isObject, ownValue, type JsonObject } from '../../model/json.js';
import { schemaFile } from '../../util/package.js';
import { foundryAgentChecks } from './checks.js';
import { FOREIGN_FIELDS } from './hints.js';
import { DEFINITION_FIELDS, OPAQUE_KEYS, normalizeVersion, type AgentVersionFields } from './normalize.js';

/** Key order inside a tool when a file is written (import, migrate): the type, then what names it. */
const TOOL_KEY_ORDER = ['type', 'name', 'description', 'vector_store_ids', 'max_num_results', 'ranking_options', 'filters', 'container', 'parameters', 'strict'];

/**
 * What names a tool within one version, so the plan lines up tools by it and not by position: its
 * type and its name — a function's or a custom tool's `name`, an MCP tool's `server_label`, or the
 * `name` inside a tool's own object (`openapi: {name}`) ([J] FunctionTool, CustomToolParam, MCPTool, OpenApiFunctionDefinition).
 */
export function toolKey(tool: JsonObject): string | undefined {
  if (typeof tool.type !== 'string') return undefined;
  const inner = ownValue(tool, tool.type);
  const name = [tool.name, tool.server_label, isObject(inner) ? inner.name : undefined].find((n) => typeof n === 'string');
  return name === undefined ? tool.type : `${tool.type} ${String(name)}`;
}

/** The governed version fields of a spec (a definition's or a live agent's). */
export function versionFields(spec: Spec): AgentVersionFields {
  return {
    description: typeof spec.description === 'string' ? spec.description : null,
    metadata: isObject(spec.metadata) ? (spec.metadata as Record<string, string>) : null,
    definition: isObject(spec.definition) ? spec.definition : {},
  };
}

export const FOUNDRY_AGENT: ResourceKind = {
  name: 'foundry-agent',
  nouns: { one: 'agent', many: 'agents' },
  // The name is the agent's address, and a prompt agent's definition needs its kind and model.
  starter: '`name: <name>` and `definition: { kind: prompt, model: <model> }`',
  schema: schemaFile('foundry-agent.schema.json'),
  // Every governed field lives in an immutable version ([M] AgentVersionObject.version: "every
  // update creates a new version"); the name is the agent's address, so a new name is a new agent.
  fields: [
    { name: 'name', update: 'immutable' },
    { name: 'description', update: 'new-version' },
    { name: 'metadata', update: 'new-version' },
    // Its tools are kept in the order written ([J] PromptAgentDefinition.tools, a list), lined up by key.
    { name: 'definition', update: 'new-version', members: { tools: { itemKey: toolKey } } },
  ],
  paths: { model: ['definition', 'model'], name: ['name'], instructions: ['definition', 'instructions'], metadata: ['metadata'] },
  identity: { addressedBy: 'name', keyMax: 512 },
  // PromptAgentDefinition.instructions has no maxLength ([J]); the request body is the only bound.
  instructionsMax: Number.MAX_SAFE_INTEGER,
  serverOnly: FOREIGN_FIELDS,
  checks: (src, value) => foundryAgentChecks(src, value),
  // An MCP tool's `headers`, and its `authorization`: "an OAuth access token"; the connection that
  // "stores authentication" is named by `project_connection_id` ([J] MCPTool). And a code
  // interpreter's network policy's `domain_secrets[].value`: "the secret value to inject for the
  // domain" ([J] ContainerNetworkPolicyDomainSecretParam), which no source offers a reference for.
  credentials: {
    headerMaps: ['headers'],
    secretFields: [{ key: 'authorization', type: 'mcp' }, { key: 'value', within: 'domain_secrets' }],
    instead: "give an MCP server a project connection named by the tool's `project_connection_id` instead (a code interpreter's domain secret has no stored form in the API: leave it out)",
  },
  normalize: (spec) => ({ name: canonicalize(spec.name ?? null), ...normalizeVersion(versionFields(spec)) }),
  comparable: (_live, desired) => desired,
  write: {
    create: (spec) => copyJson(spec),
    // A new version carries the whole version: description, metadata and definition.
    update: (_fields, desired) => {
      const v = versionFields(desired);
      return { description: v.description ?? null, metadata: v.metadata ?? {}, definition: copyJson(v.definition as JsonObject) as unknown as Spec };
    },
  },
  // The smallest agent: a prompt agent of `model` ([M] PromptAgentDefinition: kind and model are
  // required), the note as its description (≤ 512, CreateAgentRequest). Each renewal of the lock
  // is a new version of it, all deleted with the agent.
  lockSpec: ({ model, name, note }) => ({ name, description: note, definition: { kind: 'prompt', model } }),
  import: {
    requiredKeys: ['kind', 'model', 'type', 'name', 'vector_store_ids'],
    opaqueKeys: OPAQUE_KEYS,
    hostRequired: () => [],
    keyOrder: { definition: DEFINITION_FIELDS, tools: TOOL_KEY_ORDER },
  },
};
