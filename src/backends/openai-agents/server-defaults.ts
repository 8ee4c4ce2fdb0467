// What the Agents API stores for what a request left out, each value with the line of the digest
// (shared/openai-agents/AGENTS-API.md) that states it. This is the one table: the normaliser reads
// it to fold defaults on both sides, the writer to reset a field, import to leave defaults out, and
// the emulator dialect to fill what it sends back.
//
// Two kinds of value. A *fixed* default is the same for every agent and is normalised away. A
// *resolved* field (`reasoning`, `text`, `service_tier`, `multi_agent`) comes back "resolved for the
// model" (§6): its sub-fields with fixed defaults are here, and `reasoning.effort` is not — the
// server picks it per model (§8, an open question in SOURCE.md): only which live efforts count as
// that pick is stated here (MODEL_DEFAULT_EFFORT).
import type { Json, JsonObject } from '../../model/json.js';
import { sameJson } from '../../model/canonical.js';
import type { AgentField, ResolvedField } from './agent.js';
import type { AgentToolType } from './spec.js';

export interface Filled<T extends Json = Json> {
  value: T;
  source: string;
}

const at = (lines: string, what: string): string => `AGENTS-API.md:${lines} (${what})`;
const REFERENCE = 'developers.openai.com API reference, Create an agent (beta), quoted in issue 18';

/** Top-level fields that are not resolved: their value when omitted on create or sent as `null`. */
export const FIELD_DEFAULTS: { readonly [F in Exclude<AgentField, 'model' | ResolvedField>]: Filled } = {
  name: { value: null, source: at('56, 124', 'name omitted or null: unnamed, name null') },
  instructions: { value: null, source: at('57, 125', 'instructions omitted or null: null') },
  metadata: { value: {}, source: at('58, 93, 126', 'metadata omitted or null: {}; never null in a response') },
  tools: { value: [], source: at('62, 133', 'tools omitted or null: []') },
  compaction: { value: { async: true }, source: `${REFERENCE}: "Omission or null enables background compaction"; async "Omission or null defaults to true"` },
  experimental: { value: { time_awareness: false }, source: `${REFERENCE}: experimental default {"time_awareness": false}` },
};

/**
 * The fixed parts of the resolved fields: the value a resolved field has when it is left out or
 * sent as `null` (but for `service_tier`, see SERVER_CHOSEN_WHEN_OMITTED), and the sub-fields a
 * sent object gets filled with. `reasoning.effort` is absent on purpose.
 */
export const RESOLVED_DEFAULTS: { readonly [F in ResolvedField]: Filled } = {
  reasoning: { value: { summary: null }, source: at('59, 107-108, 127-128', 'summary null when summaries are off; effort resolved per model') },
  text: { value: { format: { type: 'text' }, verbosity: 'medium' }, source: at('60, 110, 129', 'missing format → {"type":"text"}; missing verbosity → "medium"') },
  service_tier: { value: 'auto', source: at('61, 130', 'service_tier omitted → "auto"') },
  multi_agent: { value: { enabled: false, max_concurrent_subagents: null }, source: at('63, 117, 131', 'omitted: subagents disabled, max_concurrent_subagents null') },
};

/**
 * The effort a reasoning model picks when none is sent (an omitted effort, or `reasoning: null`, the
 * reset). The digest says only "the model's default" (AGENTS-API.md:59, 76, 127: a response may
 * hold it or null); the one default the sources name is the schema's, for every model (openai-openapi
 * ReasoningEffort, `default: medium`). Read so: an effort of null or this one is the server's pick
 * for an agent whose definition sets none, and any other was set by someone and is reset.
 */
export const MODEL_DEFAULT_EFFORT: Filled<string> = { value: 'medium', source: 'openai-openapi ReasoningEffort (default: medium); AGENTS-API.md:59, 76, 127 (the model default, unnamed)' };

/** `multi_agent.max_concurrent_subagents` when enabled without one (AGENTS-API.md:115-117, 132). */
export const MULTI_AGENT_ENABLED_MAX: Filled<number> = { value: 6, source: at('115-117, 132', 'default 6 when enabled') };

/** Where a tool's sub-object lives, for the tables below. */
export type ToolPart = AgentToolType | 'mcp.transport.http' | 'mcp.transport.stdio' | 'web_search.location';

/** Optional tool sub-fields and what the server fills in for them (AGENTS-API.md §9: "every tool comes back fully populated"). */
export const TOOL_DEFAULTS: { readonly [P in ToolPart]: { readonly [field: string]: Filled } } = {
  function: { defer_loading: { value: false, source: at('145', 'defer_loading default false') } },
  tool_search: {},
  programmatic_tool_calling: { enabled: { value: true, source: at('147', 'enabled default true') } },
  mcp: {
    allowed_tools: { value: null, source: at('148', 'allowed_tools omitted = all tools, null') },
    connection_origin: { value: 'service', source: at('148', 'connection_origin omitted = service; non-null in a response') },
    credential_id: { value: null, source: at('148', 'credential_id string or null') },
    request_metadata: { value: {}, source: at('148', 'request_metadata: an object in a response, empty when none (inferred)') },
    required: { value: false, source: at('148', 'required default false') },
  },
  'mcp.transport.http': { headers: { value: {}, source: at('152-153', 'response always has headers, {} when none') } },
  'mcp.transport.stdio': {
    args: { value: [], source: at('154-155', 'response always has args') },
    env_vars: { value: [], source: at('154-155', 'response always has env_vars') },
  },
  web_search: {
    mode: { value: 'live', source: at('149', 'mode default live') },
    context_size: { value: 'medium', source: at('149', 'context_size default medium') },
    allowed_domains: { value: null, source: at('149', 'allowed_domains null = unrestricted') },
    location: { value: null, source: at('149', 'location null or an object') },
  },
  'web_search.location': {
    country: { value: null, source: at('149', 'location object has all four keys, null-filled') },
    region: { value: null, source: at('149', 'location object has all four keys, null-filled') },
    city: { value: null, source: at('149', 'location object has all four keys, null-filled') },
    timezone: { value: null, source: at('149', 'location object has all four keys, null-filled') },
  },
  computer_use: { include_screenshots: { value: false, source: at('150', 'include_screenshots default false') } },
};

/**
 * `object` with every field of `table` that is missing or null set to its default, in the table's
 * key order after the object's own keys. A pure copy: the input is not changed.
 */
export function withDefaults(object: JsonObject, table: { readonly [field: string]: Filled }): JsonObject {
  const out: JsonObject = structuredClone(object);
  for (const [field, filled] of Object.entries(table)) {
    if (out[field] === undefined || out[field] === null) out[field] = structuredClone(filled.value);
  }
  return out;
}

/** `object` without the fields of `table` whose value is their default (or null): the inverse of withDefaults, for import. */
export function withoutDefaults(object: JsonObject, table: { readonly [field: string]: Filled }): JsonObject {
  const out: JsonObject = {};
  for (const [field, value] of Object.entries(object)) {
    const filled = table[field];
    if (filled && (value === null || sameJson(value, filled.value))) continue;
    out[field] = structuredClone(value);
  }
  return out;
}
