// Between a foundry-agents definition and the wire: the bodies of POST /agents and
// POST /agents/{agent_name}/versions, and what aac reads of an AgentObject. The marker is one
// metadata pair on every version, encoded and decoded by the core's identity rules.
import { decodeMarker, encodeMarker, type Marker } from '../../model/marker.js';
import { copyJson, isObject, type JsonObject } from '../../model/json.js';
import type { AgentVersionFields } from './normalize.js';
import { sharedText } from '../../util/shared-text.js';

export type { Marker } from '../../model/marker.js';

/** What a definition asks for: the agent's name and the version's governed fields. */
export interface DesiredAgent extends AgentVersionFields {
  name: string;
}

/**
 * The agent-level fields aac reads but never writes ([M] AgentObject `agent_card`, `agent_endpoint`;
 * a new version does not carry them, kind.ts KEPT_LIVE): those the agent holds.
 */
export type AgentLevel = { agent_card?: JsonObject; agent_endpoint?: JsonObject };

/** One agent as aac reads it: its latest version's governed fields, the marker taken out. */
export interface LiveAgent {
  name: string;
  id: string;
  /** The latest version's `version`. */
  version: string;
  /** The latest version's `created_at` (Unix seconds). */
  createdAt: number;
  /** Who manages the agent (namespace and key), or null when aac does not. */
  marker: Marker | null;
  /** The latest version's marker pairs, as read (decodeMarker). */
  markers: Record<string, string>;
  fields: AgentVersionFields;
  agentLevel: AgentLevel;
  /** The AgentObject as read, for the live resource's fingerprints (http/live-resource.ts withFingerprints). */
  wire: Record<string, unknown>;
}

/**
 * The definition as sent: FunctionTool requires `parameters` and `strict` but allows null
 * ([J] FunctionTool), and a definition may leave them out, so they are sent as null.
 */
export function wireDefinition(definition: Record<string, unknown>): JsonObject {
  const d = copyJson(definition as JsonObject);
  if (Array.isArray(d.tools)) {
    d.tools = d.tools.map((t) => (isObject(t) && t.type === 'function' ? { ...t, parameters: t.parameters ?? null, strict: t.strict ?? null } : t));
  }
  return d;
}

/** `CreateAgentVersionRequest`: metadata whole with the marker, description when set, definition, and a live blueprint_reference carried back. */
export function versionBody(desired: AgentVersionFields, marker: { namespace: string; key: string }): JsonObject {
  return {
    metadata: { ...(desired.metadata ?? {}), ...encodeMarker(marker) },
    ...(typeof desired.description === 'string' ? { description: desired.description } : {}),
    definition: wireDefinition(desired.definition),
    ...(desired.blueprint_reference ? { blueprint_reference: copyJson(desired.blueprint_reference) } : {}),
  };
}

/** `CreateAgentRequest`: the name, then the first version's fields. */
export function createBody(desired: DesiredAgent, marker: { namespace: string; key: string }): JsonObject {
  return { name: desired.name, ...versionBody(desired, marker) };
}

/**
 * An `AgentObject` read back, its latest version's marker taken out of the metadata. The
 * definition's instructions, in a version aac marked, are set in `agent` itself to the string
 * the definition of that key read them into when the two are equal (util/shared-text.ts), as
 * every backend's live resource's are (http/live-resource.ts).
 */
export function readAgent(agent: Record<string, unknown>): LiveAgent {
  const latest = (isObject(agent.versions) && isObject(agent.versions.latest) ? agent.versions.latest : {}) as Record<string, unknown>;
  const { marker, rest: metadata, markers } = decodeMarker(isObject(latest.metadata) ? (latest.metadata as Record<string, string>) : {});
  const definition = latest.definition;
  if (marker && isObject(definition) && typeof definition.instructions === 'string') definition.instructions = sharedText(marker.key, definition.instructions);
  return {
    name: String(agent.name),
    id: String(agent.id),
    version: String(latest.version),
    createdAt: typeof latest.created_at === 'number' ? latest.created_at : 0,
    marker,
    markers,
    fields: {
      description: typeof latest.description === 'string' ? latest.description : null,
      metadata,
      definition: isObject(latest.definition) ? latest.definition : {},
      ...(isObject(latest.blueprint_reference) ? { blueprint_reference: latest.blueprint_reference as JsonObject } : {}),
    },
    agentLevel: {
      ...(isObject(agent.agent_card) ? { agent_card: agent.agent_card as JsonObject } : {}),
      ...(isObject(agent.agent_endpoint) ? { agent_endpoint: agent.agent_endpoint as JsonObject } : {}),
    },
    wire: agent,
  };
}
