// A saved agent of OpenAI's Agents API in the API's own vocabulary (shared/openai-agents/
// AGENTS-API.md §4–§9): what a definition file describes and what a live agent is compared on.
import type { Json, JsonObject } from '../../model/json.js';
import type { ProviderVariables } from '../backend.js';
import { OPENAI_DEFAULT_ENDPOINT } from '../http/endpoint.js';

/** The provider name (`--provider`, aac.yaml's `provider:`). */
export const PROVIDER = 'openai-agents';
/** Read as the official SDK reads them (client.ts). */
export const VARIABLES: ProviderVariables = { endpoint: 'OPENAI_BASE_URL', defaultEndpoint: OPENAI_DEFAULT_ENDPOINT, credentials: ['OPENAI_API_KEY'] };

/** The beta header's value; the agents SDKs send it on every agents call (AGENTS-API.md:13). */
export const AGENTS_BETA = 'agents=v1';

/** The top-level fields aac governs, in the order they are shown and written (AGENTS-API.md §4, plus compaction and experimental from the API reference). */
export const AGENT_FIELDS = [
  'model',
  'name',
  'instructions',
  'metadata',
  'reasoning',
  'text',
  'service_tier',
  'multi_agent',
  'compaction',
  'experimental',
  'tools',
] as const;
export type AgentField = (typeof AGENT_FIELDS)[number];

/** A definition file's keys in the order aac writes them: aac's envelope, then the API's fields. */
export const DEFINITION_KEY_ORDER: readonly string[] = ['key', 'id', ...AGENT_FIELDS.flatMap((f) => (f === 'instructions' ? [f, 'instructions_file'] : [f]))];

/** `definition` with its keys in DEFINITION_KEY_ORDER; keys not in it are left out. */
export function inDefinitionOrder(definition: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const k of DEFINITION_KEY_ORDER) if (definition[k] !== undefined) out[k] = definition[k]!;
  return out;
}

/**
 * Fields the server sends back resolved for the model (AGENTS-API.md §6, §8): a definition may
 * set part of one, and `null` resets one to what the server fills in. Which of their values are
 * the server's own pick when left out is SERVER_CHOSEN_WHEN_OMITTED's and the effort's rule, below.
 */
export const RESOLVED_FIELDS = ['reasoning', 'text', 'service_tier', 'multi_agent'] as const satisfies readonly AgentField[];
export type ResolvedField = (typeof RESOLVED_FIELDS)[number];

export function isResolvedField(field: string): field is ResolvedField {
  return (RESOLVED_FIELDS as readonly string[]).includes(field);
}

/**
 * The resolved field a definition may leave wholly to the server: `service_tier` comes back
 * "resolved, never null", and as `ultrafast`, which no request may ask for (AGENTS-API.md §6), so
 * what a server reports for an omitted one need not be §8's `auto`. The others have a stated value
 * when omitted (§8: `text` → text format, verbosity medium; `multi_agent` → disabled; `reasoning` →
 * no summary), so leaving one out asks for that value and a removed setting is reset; only the
 * effort inside `reasoning` is the model's pick, compared only where a definition sets it.
 */
export const SERVER_CHOSEN_WHEN_OMITTED: readonly ResolvedField[] = ['service_tier'];

export interface FunctionAgentTool {
  type: 'function';
  name: string;
  description: string;
  parameters: JsonObject;
  defer_loading?: boolean;
}

/** Any of the six persisted tool types (AGENTS-API.md §9); `function` has its own shape above. */
export interface AgentTool {
  type: string;
  [field: string]: Json | undefined;
}

/** One agent's governed state. In a definition an omitted field means "not set"; a live agent has every field the server sent. */
export interface AgentSpec {
  model: string;
  name?: string | null;
  instructions?: string | null;
  metadata?: Record<string, string> | null;
  reasoning?: { effort?: string | null; summary?: string | null } | null;
  text?: { format?: JsonObject | null; verbosity?: string | null } | null;
  service_tier?: string | null;
  multi_agent?: { enabled: boolean; max_concurrent_subagents?: number | null } | null;
  compaction?: { async?: boolean | null } | null;
  experimental?: { time_awareness?: boolean };
  tools?: AgentTool[] | null;
}

/** An agent after normalisation: canonical JSON for every governed field (null for a resolved field left to the server). */
export type NormalizedAgent = Record<AgentField, Json>;
