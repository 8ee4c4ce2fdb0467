// A live agent → the smallest definition that plans clean against it: every field it has except
// values that only repeat a fixed default (from the server-defaults table), in the order aac
// writes definitions. A live effort plan reads as the model's own pick (null or MODEL_DEFAULT_EFFORT,
// normalize.ts serverPickedEffort) is left out, as plan leaves it ungoverned; any other is kept.
import { isObject, type Json, type JsonObject } from '../../model/json.js';
import { sameJson } from '../../model/canonical.js';
import { inDefinitionOrder, type AgentSpec } from './agent.js';
import { agentsApiSchema } from './spec.js';
import { serverPickedEffort } from './normalize.js';
import { FIELD_DEFAULTS, MULTI_AGENT_ENABLED_MAX, RESOLVED_DEFAULTS, TOOL_DEFAULTS, withoutDefaults, type Filled } from './server-defaults.js';

/** Each member of an object default as a table entry, so withoutDefaults can drop the members that equal it. */
function members(filled: Filled): Record<string, Filled> {
  return Object.fromEntries(Object.entries(filled.value as JsonObject).map(([k, value]) => [k, { value, source: filled.source }]));
}

function importedTool(tool: JsonObject): JsonObject {
  const type = String(tool.type);
  if (!Object.hasOwn(TOOL_DEFAULTS, type)) return structuredClone(tool);
  const out = withoutDefaults(tool, TOOL_DEFAULTS[type as keyof typeof TOOL_DEFAULTS]);
  if (isObject(out.transport)) out.transport = withoutDefaults(out.transport, TOOL_DEFAULTS[out.transport.type === 'stdio' ? 'mcp.transport.stdio' : 'mcp.transport.http']);
  if (isObject(out.location)) {
    const location = withoutDefaults(out.location, TOOL_DEFAULTS['web_search.location']);
    if (Object.keys(location).length > 0) out.location = location;
    else delete out.location;
  }
  return out;
}

/** An object field without its default members; undefined when nothing is left. */
function slim(value: Json | undefined, filled: Filled): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const out = withoutDefaults(value, members(filled));
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A live `service_tier` a definition should hold: not the default, and one a request may ask for
 * (ServiceTierParam). One only a response names (`ultrafast`, AGENTS-API.md §6, §12) was the
 * server's pick, and an omitted tier compares as the server's, so it is left out.
 */
function chosenTier(tier: Json | undefined): Json | undefined {
  const requestable = agentsApiSchema().$defs.ServiceTierParam!.enum as Json[];
  return tier === RESOLVED_DEFAULTS.service_tier.value || !requestable.includes(tier ?? null) ? undefined : tier;
}

/** Shape: a live agent (the marker already removed from metadata) → the definition's fields, envelope excluded. */
export function importedDefinition(live: AgentSpec): JsonObject {
  const l = live as unknown as Record<string, Json | undefined>;
  // Disabled is the default; enabled with the default maximum is written as just `enabled: true`.
  let multi: JsonObject | undefined;
  if (isObject(l.multi_agent) && l.multi_agent.enabled === true) {
    const max = l.multi_agent.max_concurrent_subagents;
    multi = max === MULTI_AGENT_ENABLED_MAX.value || max === null || max === undefined ? { enabled: true } : { enabled: true, max_concurrent_subagents: max };
  }
  const fixed = (field: keyof typeof FIELD_DEFAULTS): Json | undefined => {
    const value = l[field];
    if (value === undefined || value === null || value === '' || sameJson(value, FIELD_DEFAULTS[field].value)) return undefined;
    return structuredClone(value);
  };
  const reasoning = isObject(l.reasoning)
    ? Object.fromEntries(Object.entries(l.reasoning).filter(([k, v]) => v !== null && !(k === 'effort' && serverPickedEffort(v))))
    : undefined;
  const tools = Array.isArray(l.tools) ? l.tools.filter(isObject).map((t) => importedTool(t as JsonObject)) : [];
  return inDefinitionOrder({
    model: l.model,
    name: fixed('name'),
    instructions: fixed('instructions'),
    metadata: fixed('metadata'),
    reasoning: reasoning && Object.keys(reasoning).length > 0 ? reasoning : undefined,
    text: slim(l.text, RESOLVED_DEFAULTS.text),
    service_tier: chosenTier(l.service_tier),
    multi_agent: multi,
    compaction: slim(l.compaction, FIELD_DEFAULTS.compaction),
    experimental: slim(l.experimental, FIELD_DEFAULTS.experimental),
    tools: tools.length > 0 ? tools : undefined,
  });
}
