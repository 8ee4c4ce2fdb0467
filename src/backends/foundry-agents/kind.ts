// The foundry-agents resource kind: Azure AI Foundry's named, versioned prompt agents in the API's
// own vocabulary (name, description, metadata, definition), for the core to plan, apply and import.
import type { ResourceKind } from '../backend.js';
import type { KeptField } from '../../model/kept-live.js';
import { canonicalize } from '../../model/canonical.js';
import type { Spec } from '../../model/definition.js';
import { copyJson, isObject, ownValue, type JsonObject } from '../../model/json.js';
import { schemaFile } from '../../util/package.js';
import { foundryAgentChecks } from './checks.js';
import { proposedAgentName } from './limits.js';
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

/** The version fields of a spec (a definition's, an update's body or a live agent's): the governed ones, and a kept blueprint_reference. */
export function versionFields(spec: Spec): AgentVersionFields {
  return {
    description: typeof spec.description === 'string' ? spec.description : null,
    metadata: isObject(spec.metadata) ? (spec.metadata as Record<string, string>) : null,
    definition: isObject(spec.definition) ? spec.definition : {},
    ...(isObject(spec.blueprint_reference) ? { blueprint_reference: spec.blueprint_reference as JsonObject } : {}),
  };
}

/**
 * What a live agent may hold that a definition cannot write (model/kept-live.ts), from an audit of
 * what aac reads against the response schemas (azure-foundry AGENTS.md Part 2 "Responses";
 * spec/foundry-agents.json AgentObject, AgentVersionObject, PromptAgentDefinition and its Tool union).
 * A prompt definition is read whole (DEFINITION_FIELDS is PromptAgentDefinition's properties, and
 * normalize.ts drops no member of them), so the fields in question are the agent's and the version's:
 * - `blueprint_reference` ([M] CreateAgentVersionRequest, AgentVersionObject): a client may send it
 *   with a version, but it names an identity blueprint made outside any definition (`blueprint_id`,
 *   ManagedAgentIdentityBlueprintReference), and the paths excerpt, trusted where the sources differ
 *   (SOURCE.md), does not have it. The sources are silent on whether a version without one keeps
 *   the agent's: the conservative reading is that it does not, so every new version carries back
 *   the live latest version's.
 * - `agent_card`, `agent_endpoint` ([M] CreateAgentRequest, AgentObject, PatchAgentRequest): the
 *   agent's, not a version's (CreateAgentVersionRequest has neither), so the new versions aac makes
 *   never touch them; after the create only `PATCH /agents/{agent_name}` writes them (AGENTS.md
 *   Agents_patchAgentObject), an operation aac does not send. Listed by import, left as they are.
 * Not kept, as nothing to keep: the server-owned `id`, `object`, `state`, `instance_identity`,
 * `blueprint`, and a version's `version`, `created_at`, `status`, `agent_guid`; `draft` (a draft is
 * never the latest version, [M] AgentVersionObject.draft, so never what aac reads).
 */
const KEPT_LIVE = [
  { path: ['blueprint_reference'], keep: 'every-update', why: '(foundry-agents definitions have no blueprint_reference: it names an identity blueprint made outside aac)' },
  { path: ['agent_card'], keep: 'untouched', why: "(it is the agent's own, not a version's, and only a PATCH of the agent writes it, which aac never sends)" },
  { path: ['agent_endpoint'], keep: 'untouched', why: "(it is the agent's own, not a version's, and only a PATCH of the agent writes it, which aac never sends)" },
] as const satisfies readonly KeptField[];

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
  // An invalid name is told a valid one made of it, the one aac migrate would make.
  proposals: { name: proposedAgentName },
  // PromptAgentDefinition.instructions has no maxLength ([J]); the request body is the only bound.
  instructionsMax: Number.MAX_SAFE_INTEGER,
  serverOnly: FOREIGN_FIELDS,
  keptLive: KEPT_LIVE,
  // A re-save of the same definition is a new version ([M] AgentVersionObject.version: "every
  // update creates a new version"), so the latest version's identity and time move with it: its
  // `id` ("the unique identifier of the agent version"), `version` and `created_at`. The plan
  // records the version it read (PlanChange.liveVersion) and says where it depends on it. The
  // agent's other fields (`state`, `instance_identity`, the version's `status`) are not said to
  // move on a new version: they stay in.
  bookkeeping: [
    { path: ['versions', 'latest', 'id'], source: '[M] AgentVersionObject.id' },
    { path: ['versions', 'latest', 'version'], source: '[M] AgentVersionObject.version' },
    { path: ['versions', 'latest', 'created_at'], source: '[M] AgentVersionObject.created_at' },
  ],
  checks: (src, value) => foundryAgentChecks(src, value),
  // An MCP tool's `headers`, and its `authorization`: "an OAuth access token"; the connection that
  // "stores authentication" is named by `project_connection_id` ([J] MCPTool). And a code
  // interpreter's network policy's `domain_secrets[].value`: "the secret value to inject for the
  // domain" ([J] ContainerNetworkPolicyDomainSecretParam), which no source offers a reference for.
  // The URLs of an MCP server (`server_url`, [J] MCPTool) and of an A2A agent (`base_url`, [J]
  // A2APreviewTool), each of whose tools names its credential by `project_connection_id`; and an
  // OpenAPI tool's servers (`url` of each of its `spec.servers`, the OpenAPI document the tool
  // calls, [J] OpenApiFunctionDefinition `spec`), whose credential its `auth` of type
  // `project_connection` names ([J] OpenApiProjectConnectionAuthDetails).
  // A URL field is matched by its member's name wherever it stands, so any other `url` is judged
  // alike: a password or token in a URL is a credential whatever holds it.
  credentials: {
    headerMaps: ['headers'],
    secretFields: [{ key: 'authorization', type: 'mcp' }, { key: 'value', within: 'domain_secrets' }],
    urlFields: ['server_url', 'base_url', 'url'],
    instead: "give an MCP or A2A server a project connection named by the tool's `project_connection_id` instead, and an OpenAPI tool one named by its `auth` of type `project_connection` (a code interpreter's domain secret has no stored form in the API: leave it out)",
  },
  normalize: (spec) => ({ name: canonicalize(spec.name ?? null), ...normalizeVersion(versionFields(spec)) }),
  comparable: (_live, desired) => desired,
  write: {
    create: (spec) => copyJson(spec),
    // A new version carries the whole version: description, metadata and definition.
    update: (_fields, desired) => {
      const v = versionFields(desired);
      // A kept blueprint_reference is added by the core (KEPT_LIVE), never taken from a definition.
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
