// The canonical form of an agent, the same for a definition and a live agent, so that what the
// server fills in is never a difference (defaults from the one table in server-defaults.ts).
//
// - Fixed defaults (name, instructions, metadata, tools, compaction, experimental and every tool
//   sub-field) are filled on both sides: leaving one out equals the server's value.
// - Resolved fields (reasoning, text, service_tier, multi_agent): an omitted `service_tier` is the
//   server's choice and never a diff; an omitted `text`, `multi_agent` or `reasoning` is the value
//   the API states for it (server-defaults.ts), so a setting removed from a definition shows and
//   is reset. Inside `reasoning`, an effort the definition does not set is the model's pick when
//   the server reports null or the model default (see comparableAgent); any other is reset.
// - Tools are lined up by identity (type + name or server_label), not by position: the digest
//   does not say the server keeps their order (SOURCE.md, "Not established"), and a reorder that
//   the server might undo would otherwise be a diff forever. They are sorted by identity, and
//   the kind declares the list `unordered`, so the views show them in the file's order instead.
import type { Json, JsonObject } from '../../model/json.js';
import { isObject, put } from '../../model/json.js';
import { canonicalize } from '../../model/canonical.js';
import { AGENT_FIELDS, RESOLVED_FIELDS, SERVER_CHOSEN_WHEN_OMITTED, isResolvedField, type AgentField, type AgentSpec, type NormalizedAgent } from './agent.js';
import { FIELD_DEFAULTS, MODEL_DEFAULT_EFFORT, MULTI_AGENT_ENABLED_MAX, RESOLVED_DEFAULTS, TOOL_DEFAULTS, withDefaults } from './server-defaults.js';

/** Members that are null or absent dropped: for the API, "omitted and null mean the same thing" (AGENTS-API.md:52). */
function present(value: unknown): JsonObject {
  const out: JsonObject = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) put(out, k, v as Json);
  return out;
}

/**
 * A tool as the server sends it back: every optional sub-field filled (AGENTS-API.md §9). Shape:
 * a request or response tool object → a new object; a tool of an unknown type is copied as is.
 */
export function fillTool(tool: JsonObject): JsonObject {
  const type = typeof tool.type === 'string' ? tool.type : '';
  if (!Object.hasOwn(TOOL_DEFAULTS, type)) return structuredClone(tool);
  const out = withDefaults(tool, TOOL_DEFAULTS[type as keyof typeof TOOL_DEFAULTS]);
  if (type === 'mcp' && isObject(out.transport)) {
    const part = out.transport.type === 'stdio' ? 'mcp.transport.stdio' : 'mcp.transport.http';
    out.transport = withDefaults(out.transport, TOOL_DEFAULTS[part]);
  }
  if (type === 'web_search' && isObject(out.location)) out.location = withDefaults(out.location, TOOL_DEFAULTS['web_search.location']);
  return out;
}

/** A tool's identity within one agent: `function:lookup`, `mcp:crm`, `web_search`. */
export function toolIdentity(tool: unknown): string {
  if (!isObject(tool)) return String(tool);
  const type = String(tool.type);
  if (type === 'function') return `function:${String(tool.name)}`;
  if (type === 'mcp') return `mcp:${String(tool.server_label)}`;
  return type;
}

/** A tool in canonical form: filled, and a web_search location with no member set read as no location (the server fills all four with null). */
function normalizeTool(tool: unknown): Json {
  if (!isObject(tool)) return canonicalize(tool);
  const filled = fillTool(tool as JsonObject);
  if (isObject(filled.location) && Object.values(filled.location).every((v) => v === null)) filled.location = null;
  return canonicalize(filled);
}

function normalizeTools(value: unknown): Json {
  if (!Array.isArray(value)) return [];
  const tools = value.map(normalizeTool);
  const keyed = tools.map((t) => ({ t, id: toolIdentity(t) }));
  keyed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.t);
}

/** `""` and null are one value for these strings: whether the server keeps `""` is unknown (SOURCE.md). */
function emptyIsNull(value: unknown): Json {
  return value === '' || value === undefined ? null : (value as Json);
}

/** One field's canonical value; `value` undefined or null means "left out" (the API treats both alike). */
function normalizeField(field: AgentField, value: unknown): Json {
  switch (field) {
    case 'name':
    case 'instructions':
      return emptyIsNull(value);
    case 'metadata':
      return canonicalize(present(value));
    case 'tools':
      return normalizeTools(value);
    case 'multi_agent': {
      const given = present(value);
      const enabled = given.enabled === true;
      // The response has max_concurrent_subagents null when disabled, 6 by default when enabled (AGENTS-API.md:116-117).
      const max = enabled ? (given.max_concurrent_subagents ?? MULTI_AGENT_ENABLED_MAX.value) : null;
      return { enabled, max_concurrent_subagents: max };
    }
    case 'service_tier':
      return (value ?? RESOLVED_DEFAULTS.service_tier.value) as Json;
    case 'model':
      return (value ?? null) as Json;
    default: {
      const fixed = isResolvedField(field) ? RESOLVED_DEFAULTS[field].value : FIELD_DEFAULTS[field].value;
      return canonicalize({ ...(fixed as JsonObject), ...present(value) });
    }
  }
}

/**
 * The one canonical form of an agent, for a definition and a live agent alike: every governed
 * field present. A `service_tier` the spec leaves out is `null`, meaning "the server's choice"
 * (SERVER_CHOSEN_WHEN_OMITTED): a response never holds null there. Any other field left out, or
 * given as `null` (a reset), normalises to the defaults. Shape: AgentSpec (or any spec object) →
 * NormalizedAgent.
 */
export function normalizeAgent(spec: AgentSpec): NormalizedAgent {
  const out = {} as NormalizedAgent;
  for (const field of AGENT_FIELDS) {
    const value = (spec as unknown as Record<string, unknown>)[field];
    const serverChosen = value === undefined && isResolvedField(field) && SERVER_CHOSEN_WHEN_OMITTED.includes(field);
    out[field] = serverChosen ? null : normalizeField(field, value);
  }
  return out;
}

/**
 * The desired side as it is compared with the live one (both from normalizeAgent): what the
 * definition leaves to the server takes the live value — an omitted `service_tier`, and inside a
 * resolved field the keys it does not decide. The one such key is `reasoning.effort`, which the
 * server picks per model when none is sent: a live effort of null or the model default
 * (MODEL_DEFAULT_EFFORT) is taken as that pick, any other as set by someone, so a definition
 * without an effort (no `reasoning`, `reasoning: null`, or one without `effort`) plans its reset.
 */
export function comparableAgent(live: NormalizedAgent, desired: NormalizedAgent): NormalizedAgent {
  const out = { ...desired };
  for (const field of RESOLVED_FIELDS) {
    const want = desired[field];
    const have = live[field];
    if (want === null || want === undefined) out[field] = have ?? null;
    else if (isObject(want) && isObject(have)) {
      const merged = canonicalize({ ...have, ...want }) as JsonObject;
      if (field === 'reasoning' && want.effort === undefined && !serverPickedEffort(have.effort)) merged.effort = null;
      out[field] = merged;
    }
  }
  return out;
}

/** Whether a live `reasoning.effort` is what the server fills in when none is sent (AGENTS-API.md:127). */
export function serverPickedEffort(effort: Json | undefined): boolean {
  return effort === null || effort === undefined || effort === MODEL_DEFAULT_EFFORT.value;
}
