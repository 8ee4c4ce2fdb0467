// The one canonical form of an assistant, applied to the desired and the live side alike: the
// desired state is the whole truth for the fields it governs, so an omitted field is the value the
// server would store, and whatever the server fills in by itself compares equal to leaving it out.
// Only known fields survive: what else a server sends back is ignored, not fought.
import type { NormalizedSpec } from '../../model/definition.js';
import type { AssistantSpec, SpecField } from './assistant.js';
import { isMarkerKey } from '../../model/marker.js';
import type { Json, JsonObject } from '../../model/json.js';
import type { ServerDefaults } from './server-defaults.js';
import { canonicalize, withoutNulls as withoutNullMembers } from '../../model/canonical.js';
import { isObject, put } from '../../model/json.js';
import { heldStore } from './helper-store.js';

type Loose = Record<string, unknown>;

/**
 * Hosts store sampling numbers as 32-bit floats (Foundry declares `format: float`), so 0.7 may
 * come back as 0.699999988079071. Seven significant digits is what a float32 holds.
 */
function float32(value: number): number {
  let stored = storedFloats.get(value);
  if (stored === undefined) {
    stored = Number(Math.fround(value).toPrecision(7));
    if (storedFloats.size < MAX_STORED_FLOATS) storedFloats.set(value, stored);
  }
  return stored;
}
// float32 of each value met, once: `toPrecision` formats a string, which for two fields of both
// sides of 10,000 assistants was 20 ms of a plan, spent on a handful of distinct values.
const storedFloats = new Map<number, number>();
const MAX_STORED_FLOATS = 4096;

function rankingOptions(sent: unknown, defaults: ServerDefaults): JsonObject {
  const fallback = defaults.fileSearchRankingOptions.value;
  const given = isObject(sent) ? sent : {};
  const ranker = typeof given.ranker === 'string' ? given.ranker : fallback.ranker;
  const threshold = typeof given.score_threshold === 'number' ? given.score_threshold : fallback.score_threshold;
  // Anything else the server adds here (`hybrid_search: null`) is not ours to govern.
  return { ranker, score_threshold: float32(threshold) };
}

function normalizeTool(tool: unknown, defaults: ServerDefaults): Json {
  if (!isObject(tool)) return canonicalize(tool);
  switch (tool.type) {
    case 'function': {
      const fn = isObject(tool.function) ? tool.function : {};
      return canonicalize({
        type: 'function',
        function: {
          name: fn.name,
          description: fn.description ?? undefined,
          parameters: fn.parameters ?? defaults.functionParameters.value,
          strict: defaults.functionStrict && (fn.strict ?? defaults.functionStrict.value),
        },
      });
    }
    case 'file_search': {
      const fs = isObject(tool.file_search) ? tool.file_search : {};
      return canonicalize({
        type: 'file_search',
        file_search: {
          max_num_results: fs.max_num_results ?? undefined,
          ranking_options: rankingOptions(fs.ranking_options, defaults),
        },
      });
    }
    case 'code_interpreter':
      return { type: 'code_interpreter' };
    case 'openapi': {
      // `openapi.functions` is read-only, filled in by Foundry from the spec (classic-agents-v1.json).
      const api = isObject(tool.openapi) ? { ...tool.openapi, functions: undefined } : tool.openapi;
      return withoutNulls({ ...tool, openapi: api });
    }
    default:
      return withoutNulls(tool);
  }
}

/**
 * Members holding the author's own JSON: a function's `parameters`, a `json_schema`'s `schema`,
 * an OpenAPI tool's `spec` (classic-agents-v1.json OpenApiFunctionDefinition) and `metadata`.
 * They are compared as written, a null in them a value, and kept whole by import.
 */
export const OPAQUE_KEYS: readonly string[] = ['parameters', 'spec', 'schema', 'metadata'];

/**
 * A host's own tool type, compared as given in canonical key order. Its optional members may be
 * echoed as null (Foundry's schemas mark them nullable), which is the same as leaving them out;
 * not inside OPAQUE_KEYS, where a null is the author's.
 */
const withoutNulls = (value: unknown): Json => withoutNullMembers(value, OPAQUE_KEYS);

/**
 * Empty lists, empty resource objects, `{}` and null all mean "no resources": the server reports
 * `code_interpreter: {file_ids: []}` for a code_interpreter tool that was given none.
 */
function normalizeToolResources(value: unknown): JsonObject {
  const out: JsonObject = {};
  if (!isObject(value)) return out;
  for (const [tool, resources] of Object.entries(value)) {
    if (!isObject(resources)) continue;
    const kept: JsonObject = {};
    for (const [name, item] of Object.entries(resources)) {
      if (item === null || item === undefined) continue;
      if (Array.isArray(item) && item.length === 0) continue;
      put(kept, name, canonicalize(item));
    }
    if (Object.keys(kept).length > 0) put(out, tool, kept);
  }
  return canonicalize(out) as JsonObject;
}

function normalizeMetadata(value: unknown): JsonObject {
  if (!isObject(value)) return {};
  // Markers belong to the tool, never to a definition; a backend strips them already, so nearly
  // every map holds none and is canonicalized as it is. Filtered through its entries each time,
  // it cost ~2.5 µs a spec (entries, a filtered copy, an object made from them): ~50 ms of the
  // main thread's CPU for the 20,000 specs a plan of 10,000 normalizes while its pages arrive.
  const own = Object.keys(value).some(isMarkerKey) ? Object.fromEntries(Object.entries(value).filter(([k]) => !isMarkerKey(k))) : value;
  return canonicalize(own) as JsonObject;
}

function normalizeResponseFormat(value: Json, defaults: ServerDefaults): Json {
  if (!isObject(value) || value.type !== 'json_schema' || !isObject(value.json_schema)) return canonicalize(value);
  const js = value.json_schema;
  return canonicalize({
    type: 'json_schema',
    json_schema: {
      name: js.name,
      description: js.description ?? undefined,
      schema: js.schema ?? undefined,
      strict: defaults.jsonSchemaStrict && (js.strict ?? defaults.jsonSchemaStrict.value),
    },
  });
}

/** The value of one field, `null`/omitted replaced by what the server stores then. */
function filled(spec: AssistantSpec, field: SpecField, defaults: ServerDefaults): Json {
  const value = spec[field] as Json | undefined;
  if (value === undefined || value === null) return canonicalize(defaults.fields[field]?.value ?? null);
  return value;
}

/** A sampling number as the host stores it (float32); any other value as it is. */
const sampling = (value: Json): Json => (typeof value === 'number' ? float32(value) : value);

/**
 * The canonical form of `spec`: every governed field (SPEC_FIELDS), in that order, an omitted or
 * null one filled with what the server stores then (`defaults`). One object literal (a test holds
 * its order, the compiler its members): every form shares one hidden class with all its members in
 * the object, where a form built field by field through a loop's computed keys grew an
 * out-of-object property array and stored each member through a megamorphic keyed store (20,000
 * forms, 20 passes alternated in one process: 45–46 → 23–27 ms, medians of three runs).
 */
export function normalize(spec: AssistantSpec, defaults: ServerDefaults): NormalizedSpec {
  const tools = filled(spec, 'tools', defaults);
  return {
    model: canonicalize(filled(spec, 'model', defaults)),
    name: canonicalize(filled(spec, 'name', defaults)),
    description: canonicalize(filled(spec, 'description', defaults)),
    instructions: canonicalize(filled(spec, 'instructions', defaults)),
    tools: Array.isArray(tools) ? tools.map((tool) => normalizeTool(tool, defaults)) : [],
    tool_resources: normalizeToolResources(filled(spec, 'tool_resources', defaults)),
    metadata: normalizeMetadata(filled(spec, 'metadata', defaults)),
    temperature: sampling(filled(spec, 'temperature', defaults)),
    top_p: sampling(filled(spec, 'top_p', defaults)),
    response_format: normalizeResponseFormat(filled(spec, 'response_format', defaults), defaults),
    reasoning_effort: canonicalize(filled(spec, 'reasoning_effort', defaults)),
  } satisfies Record<SpecField, Json>;
}

const isFileSearch = (tool: Json): tool is JsonObject => isObject(tool) && tool.type === 'file_search' && isObject(tool.file_search);

/**
 * The file_search values the desired side leaves to the server (see `ServerDefaults.serverResolved`)
 * taken from the live side: the server's choice is what was asked for, never a difference. Tools
 * are paired by their place among the file_search tools (validate allows one), so a reordered
 * list still pairs them.
 */
function withServerResolved(before: NormalizedSpec, after: NormalizedSpec, defaults: ServerDefaults): NormalizedSpec {
  if (!Array.isArray(after.tools) || !Array.isArray(before.tools)) return after;
  const live = before.tools.filter(isFileSearch).map((t) => t.file_search as Loose);
  if (live.length === 0) return after;
  const { autoRanker } = defaults.serverResolved.value;
  let k = 0;
  const tools = after.tools.map((tool) => {
    if (!isFileSearch(tool)) return tool;
    const theirs = live[k++];
    if (!theirs) return tool;
    const options: Loose = { ...(tool.file_search as Loose) };
    const mine = isObject(options.ranking_options) ? options.ranking_options : undefined;
    const resolved = isObject(theirs.ranking_options) ? theirs.ranking_options.ranker : undefined;
    if (mine && mine.ranker === autoRanker && resolved !== undefined) options.ranking_options = { ...mine, ranker: resolved };
    return canonicalize({ type: 'file_search', file_search: options });
  });
  return { ...after, tools };
}

/**
 * The desired side as it is compared with the live one: what the definition leaves to the server
 * (an `auto` ranker) takes the live value, and `tool_resources.file_search.vector_stores` — the
 * helper that makes a new store from files, after which the live assistant shows only the store's
 * `vector_store_ids` — takes the live file_search resources while they hold the store aac made
 * from that very helper (helper-store.ts heldStore, by the record in `own`, the live assistant's
 * aac pairs). Otherwise the helper stays a difference: its store was never made, or not from it.
 */
export function comparableDesired(before: NormalizedSpec, after: NormalizedSpec, defaults: ServerDefaults, own: Readonly<Record<string, string>> = {}): NormalizedSpec {
  const resolved = withServerResolved(before, after, defaults);
  const held = heldStore(before, resolved, own);
  return held ? { ...resolved, tool_resources: canonicalize({ ...(resolved.tool_resources as JsonObject), file_search: held }) } : resolved;
}
