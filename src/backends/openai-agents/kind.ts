// The saved agent of OpenAI's Agents API as a resource kind: what the core needs to plan, check,
// write and import agents, as data and small pure functions over this folder's tables. Field names
// are the API's own (shared/openai-agents/AGENTS-API.md §4–§9).
import type { ResourceKind } from '../backend.js';
import type { JsonObject } from '../../model/json.js';
import { schemaFile } from '../../util/package.js';
import { AGENT_FIELDS, type AgentField, type AgentSpec, type NormalizedAgent } from './agent.js';
import { agentChecks } from './checks.js';
import { FOREIGN_FIELDS } from './hints.js';
import { comparableAgent, normalizeAgent, toolIdentity } from './normalize.js';
import { importedDefinition } from './import-rules.js';
import { agentsApiSchema } from './spec.js';
import { createBody, updateBody } from './write.js';

// The API's limits, read from its schema document when a run first asks (a run for another kind never does).
const limits = () => agentsApiSchema().$defs;

export const AGENT: ResourceKind = {
  name: 'openai-agent',
  nouns: { one: 'agent', many: 'agents' },
  // model is the one field CreateAgentParams requires (a name is optional, and not unique).
  starter: '`model: <model>`',
  schema: schemaFile('openai-agent.schema.json'),
  // Every field updates in place: POST /agents/{id} takes any of them (UpdateAgentParams).
  fields: AGENT_FIELDS.map((name) => (name === 'tools' ? { name, update: 'in-place', itemKey: (t: JsonObject) => toolIdentity(t), unordered: true } : { name, update: 'in-place' })),
  paths: { model: ['model'], name: ['name'], instructions: ['instructions'], metadata: ['metadata'] },
  // Ids are the server's; the key rides in a metadata value (Metadata: values ≤ 512).
  identity: {
    addressedBy: 'id',
    get keyMax() {
      return limits().Metadata!.additionalProperties.maxLength as number;
    },
  },
  get instructionsMax() {
    return limits().CreateAgentParams!.properties.instructions.maxLength as number;
  },
  serverOnly: FOREIGN_FIELDS,
  // Nothing a live agent holds is beyond a definition (model/kept-live.ts): AgentResource is a
  // closed object whose fields are AGENT_FIELDS and the server-owned `id`, `object`, `created_at`,
  // `updated_at` (AGENTS-API.md §6; spec/agents-api.json AgentResource), each nested resource
  // (ReasoningResource, TextResource, MultiAgentConfigResource, the PersistedAgentToolResource
  // variants and MCP transports, §7 and §9) is closed too and has only members a request takes,
  // and normalize.ts keeps every member it is sent. An update never sends a server-owned field.
  keptLive: [],
  bookkeeping: [{ path: ['updated_at'], source: 'AGENTS-API.md §6 AgentResource.updated_at: "server-owned; changes on update"' }],
  checks: (src, value, _provider, commands) => agentChecks(src, value, commands),
  // An MCP transport's headers are "non-secret", and so is its `server_url` (the transport is
  // "persisted, no secret fields"); a server's credential is a vault credential the tool names by
  // `credential_id`, matched to the server by its URL (AGENTS-API.md §9, mcp tool and transport).
  credentials: { headerMaps: ['headers'], secretFields: [], urlFields: ['server_url'], instead: "give the MCP server a vault credential named by the tool's `credential_id` instead" },
  normalize: (spec) => normalizeAgent(spec as unknown as AgentSpec),
  comparable: (live, desired) => comparableAgent(live as NormalizedAgent, desired as NormalizedAgent),
  write: {
    create: (spec) => createBody(spec as unknown as AgentSpec),
    update: (fields, desired) => updateBody(desired as unknown as AgentSpec, fields as AgentField[]),
  },
  // An agent has no description (AGENTS-API.md §4), so the note is its instructions (≤ 1,048,576);
  // only `model` is required, and a name is at most 128 characters.
  lockSpec: ({ model, name, note }) => ({ model, name, instructions: note }),
  import: {
    // Required by the schema inside tools and objects, so an import always writes them.
    requiredKeys: ['type', 'name', 'description', 'parameters', 'server_label', 'transport', 'server_url', 'command', 'cwd', 'enabled'],
    opaqueKeys: ['parameters', 'schema', 'metadata', 'request_metadata', 'headers'],
    hostRequired: () => [],
    // Resolved fields compare equal when left out, so the generic rule would drop a hand-set
    // service_tier or effort; this keeps every value that is not a fixed default.
    minimize: (live) => importedDefinition(live as unknown as AgentSpec),
    keyOrder: {
      tools: ['type', 'name', 'server_label', 'description', 'parameters', 'transport'],
      transport: ['type', 'server_url', 'command', 'cwd'],
      reasoning: ['effort', 'summary'],
      text: ['format', 'verbosity'],
      format: ['type', 'schema'],
    },
  },
};
