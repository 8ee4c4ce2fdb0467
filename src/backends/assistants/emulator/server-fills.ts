// Every value the server fills in that the client did not send, in one place, each with where it
// was observed. The reconciler's normalizer is tested against the objects these produce, so a fill
// that is wrong here is a false diff (or a missed one) in the tool.
//
// Primary source, cited below as [R]: OpenAI's .NET SDK test recordings of real traffic,
// github.com/openai/openai-dotnet tests/SessionRecords/AssistantsTests/*.json (2025-09-29, 2025-10-30),
// as digested in shared/openai-openapi/ASSISTANTS.md, "What the live API sends back".

import { isObject } from '../../../model/json.js';

export type Wire = Record<string, unknown>;

/** How a host fills: the OpenAI protocol (openai, portkey, zerobot) or Foundry classic agents. */
export interface FillProfile {
  /** Foundry's `Agent` has no `reasoning_effort` (azure-foundry/AGENTS.md part 1, "Missing fields"). */
  reasoningEffort: boolean;
  /** Foundry's function and ranking schemas have no `strict` / `hybrid_search` (AGENTS.md part 1). */
  openaiToolFills: boolean;
}

export const OPENAI_FILLS: FillProfile = { reasoningEffort: true, openaiToolFills: true };
export const FOUNDRY_FILLS: FillProfile = { reasoningEffort: false, openaiToolFills: false };

/**
 * The value a field has when it was never sent, or was sent as `null` on modify. [R]
 * BasicAssistantOperationsWork: create `{model}` only returns all of these. Resetting on `null` is
 * the emulator's choice (the live effect of `null` is undocumented, ASSISTANTS.md "Modify semantics").
 */
const FIELD_DEFAULTS: Readonly<Record<string, unknown>> = {
  name: null,
  description: null,
  instructions: null,
  tools: [],
  top_p: 1,
  temperature: 1,
  reasoning_effort: null,
  tool_resources: {},
  metadata: {},
  response_format: 'auto',
};

/** Key order as sent back. [R] BasicAssistantOperationsWork. */
export const KEY_ORDER = [
  'id', 'object', 'created_at', 'name', 'description', 'model', 'instructions', 'tools', 'top_p',
  'temperature', 'reasoning_effort', 'tool_resources', 'metadata', 'response_format',
] as const;

/** `ranking_options.ranker` when omitted. [R] FileSearchWorks; also sashirestela/simple-openai #300 (shown where `auto` is documented). */
const DEFAULT_RANKER = 'default_2024_08_21';

/** Parameters of a function sent without them. [R] FunctionToolsWork. */
const DEFAULT_FUNCTION_PARAMETERS = { type: 'object', properties: {} } as const;

/**
 * A copy the store owns. A string, number, boolean or null is its own copy: structuredClone of one
 * (its serializer and deserializer) was most of a create's ~10 clones, ~40 µs of the emulator's
 * CPU a create on its one event loop (a CPU profile of an apply of 1,000 creates).
 */
const clone = <T>(v: T): T => (v === null || typeof v !== 'object' ? v : structuredClone(v));

/** One tool as the server stores it. */
export function fillTool(tool: unknown, profile: FillProfile): unknown {
  if (!isObject(tool) || !profile.openaiToolFills) return clone(tool);
  if (tool.type === 'file_search') {
    // [R] FileSearchWorks: `{type, file_search: {}}` comes back with ranking_options filled and
    // hybrid_search: null; max_num_results is echoed when sent and never filled; a sent
    // ranking_options is echoed with hybrid_search: null added.
    const sent = isObject(tool.file_search) ? tool.file_search : {};
    const ranking = isObject(sent.ranking_options) ? sent.ranking_options : {};
    return {
      ...clone(tool),
      file_search: {
        ...clone(sent),
        ranking_options: {
          ranker: ranking.ranker ?? DEFAULT_RANKER,
          score_threshold: ranking.score_threshold ?? 0,
          ...clone(ranking),
          hybrid_search: ranking.hybrid_search ?? null,
        },
      },
    };
  }
  if (tool.type === 'function' && isObject(tool.function)) {
    // [R] FunctionToolsWork / StreamingToolCall: echoed with `strict: false` added; parameters
    // omitted come back as an empty object schema.
    const fn = clone(tool.function);
    if (fn.parameters === undefined) fn.parameters = clone(DEFAULT_FUNCTION_PARAMETERS);
    if (fn.strict === undefined || fn.strict === null) fn.strict = false;
    return { ...clone(tool), function: fn };
  }
  return clone(tool);
}

/**
 * tool_resources as stored, given the tools. [R] BasicRunStepFunctionalityWorks: a code_interpreter
 * tool with no tool_resources sent comes back with `code_interpreter: {file_ids: []}`; a sent
 * `code_interpreter` without `file_ids` gets the schema default `[]` (openapi.yaml, default: []).
 */
export function fillToolResources(resources: unknown, tools: unknown[]): Wire {
  const out: Wire = isObject(resources) ? clone(resources) : {};
  const hasCode = tools.some((t) => isObject(t) && t.type === 'code_interpreter');
  if (hasCode && !isObject(out.code_interpreter)) out.code_interpreter = {};
  if (isObject(out.code_interpreter) && out.code_interpreter.file_ids === undefined) {
    out.code_interpreter = { file_ids: [], ...out.code_interpreter };
  }
  return out;
}

/**
 * `tool_resources.file_search.vector_stores` (the helper that makes a store from file ids) is
 * replaced by the new store's id. [R] FileSearchWorks: the response shows only
 * `file_search: {vector_store_ids: ["vs_…"]}`.
 */
export function replaceVectorStoresHelper(resources: Wire, makeStore: (spec: Wire) => string): Wire {
  const fs = resources.file_search;
  if (!isObject(fs) || !Array.isArray(fs.vector_stores)) return resources;
  const ids = fs.vector_stores.map((s) => makeStore(isObject(s) ? s : {}));
  const { vector_stores: _made, ...rest } = fs;
  return { ...resources, file_search: { ...rest, vector_store_ids: ids } };
}

/** A stored value for `field` as sent (`null` resets to the default, see FIELD_DEFAULTS). */
export function fillField(field: string, value: unknown, profile: FillProfile): unknown {
  if (value === null && field in FIELD_DEFAULTS) return clone(FIELD_DEFAULTS[field]);
  if (field === 'tools' && Array.isArray(value)) return value.map((t) => fillTool(t, profile));
  // [R] SettingResponseFormatWorks: `{type: "text"}` is echoed as the object, not folded into "auto".
  return clone(value);
}

/** The full wire object in the order the server sends it, every field present. */
export function assemble(fields: Wire, profile: FillProfile): Wire {
  const out: Wire = {};
  for (const key of KEY_ORDER) {
    if (key === 'reasoning_effort' && !profile.reasoningEffort) continue;
    out[key] = key in fields ? fields[key] : clone(FIELD_DEFAULTS[key]);
  }
  out.tool_resources = fillToolResources(out.tool_resources, out.tools as unknown[]);
  // Anything else stored (a field set by a drift mutation) follows, so nothing is silently lost.
  for (const [k, v] of Object.entries(fields)) if (!(k in out)) out[k] = v;
  return out;
}

/**
 * The response text. [R] BasicAssistantOperationsWork: whole-number `temperature` and `top_p` are
 * sent as `1.0`, a float; JSON.stringify would write `1`. Equal for a JavaScript client, not for a
 * typed one (or a byte comparison), so the emulator writes what the service writes. Only the
 * unescaped key followed by a bare integer matches: text inside strings has its quotes escaped.
 */
export function wireJson(body: unknown): string {
  return JSON.stringify(body).replace(/"(temperature|top_p)":(-?\d+)(?=[,}])/g, '"$1":$2.0');
}
