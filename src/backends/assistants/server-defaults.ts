// What the Assistants API stores for a field the client left out, each entry with where it was
// seen. `normalize` applies this table to desired and live state alike, so a value the server
// fills in never shows as a difference. Sources are the recordings digested in
// shared/openai-openapi/ASSISTANTS.md, "What the live API sends back".
import type { Json, JsonObject } from '../../model/json.js';
import type { SpecField } from './assistant.js';
import type { ProviderName } from './providers.js';

/** A value the server fills in when a definition leaves something out, and where that was seen. */
export interface DefaultEntry<T> {
  value: T;
  source: string;
}

/**
 * The backend's table of server-filled values. `normalize` applies it to desired and live state
 * alike, so a value the server fills in is never a difference.
 */
export interface ServerDefaults {
  /** Top-level field → the value stored when the field is omitted (or sent as null). */
  fields: { [F in SpecField]?: DefaultEntry<Json> };
  /**
   * `function.strict` when omitted; absent on a host that has no such field, where whatever the
   * server echoes there is not governed (neither side of a comparison keeps it).
   */
  functionStrict?: DefaultEntry<boolean>;
  /** `function.parameters` when omitted. */
  functionParameters: DefaultEntry<JsonObject>;
  /** `file_search.ranking_options` when omitted; a sent one gets its missing `ranker` from here. */
  fileSearchRankingOptions: DefaultEntry<{ ranker: string; score_threshold: number }>;
  /**
   * Values the definition may leave to the server, which resolves them when it stores them, so
   * whatever it reports then is what was asked for: `ranker` given as `autoRanker` (or omitted,
   * when `fileSearchRankingOptions.ranker` is that word). Not `max_num_results`: the server echoes
   * it only when sent and never fills it, so a live value is one a client chose, compared as such.
   */
  serverResolved: DefaultEntry<{ autoRanker: string }>;
  /** `json_schema.strict` when omitted; absent, as `functionStrict`, on a host without it. */
  jsonSchemaStrict?: DefaultEntry<boolean>;
}


const CREATE_MODEL_ONLY =
  'ASSISTANTS.md "What the live API sends back": create {model} only (openai-dotnet BasicAssistantOperationsWork.json, 2025-09-29)';
const FUNCTION_TOOL = 'ASSISTANTS.md: function tool echoed with strict:false added (openai-dotnet FunctionToolsWork.json)';

function entry<T>(value: T, source: string): DefaultEntry<T> {
  return { value, source };
}

export const OPENAI_DEFAULTS: ServerDefaults = {
  fields: {
    name: entry(null, `${CREATE_MODEL_ONLY}: name null`),
    description: entry(null, `${CREATE_MODEL_ONLY}: description null`),
    instructions: entry(null, `${CREATE_MODEL_ONLY}: instructions null`),
    tools: entry([], `${CREATE_MODEL_ONLY}: tools []`),
    tool_resources: entry({}, `${CREATE_MODEL_ONLY}: tool_resources {}`),
    metadata: entry({}, `${CREATE_MODEL_ONLY}: metadata {}`),
    temperature: entry(1, `${CREATE_MODEL_ONLY}: temperature 1.0`),
    top_p: entry(1, `${CREATE_MODEL_ONLY}: top_p 1.0`),
    response_format: entry('auto', `${CREATE_MODEL_ONLY}: response_format "auto"`),
    reasoning_effort: entry(null, `${CREATE_MODEL_ONLY}: reasoning_effort null`),
  },
  functionStrict: entry(false, FUNCTION_TOOL),
  functionParameters: entry(
    { type: 'object', properties: {} },
    'ASSISTANTS.md: a function sent without parameters comes back with {"type":"object","properties":{}} (openai-dotnet FunctionToolsWork.json)',
  ),
  fileSearchRankingOptions: entry(
    { ranker: 'auto', score_threshold: 0 },
    'ASSISTANTS.md "Tool objects": unspecified ranking_options mean ranker "auto", threshold 0 (openapi.yaml FileSearchRankingOptions)',
  ),
  // A server names the ranker it chose for `auto`: `default_2024_08_21` (openai-dotnet
  // FileSearchWorks.json; sashirestela/simple-openai #300), and a host may pick a later one (the
  // Foundry spec lists `default-2024-11-15`). Neither source lists what a host may resolve, so any
  // reported ranker is accepted. `max_num_results` is not resolved: its prose default (20 for
  // gpt-4*, 5 for gpt-3.5-turbo) is applied at search time, and the recordings show it "not filled
  // in when omitted; when sent it is echoed", so an omitted one compares with a live one as absent.
  serverResolved: entry(
    { autoRanker: 'auto' },
    'ASSISTANTS.md "Tool objects" and "What the live API sends back": ranker auto resolved to a dated ranker; max_num_results never filled',
  ),
  jsonSchemaStrict: entry(
    false,
    'ASSISTANTS.md "response_format variants": json_schema.strict default false (openapi.yaml ResponseFormatJsonSchema)',
  ),
};

/**
 * Foundry classic stores what OpenAI does, as far as its spec says, but has no `strict` on function
 * tools or json_schema formats (AGENTS.md part 1: [C] FunctionDefinition,
 * ResponseFormatJsonSchemaType), which `validate` refuses under it: a plan does not show a
 * `strict = false` the host would never hold. `reasoning_effort`, which it lacks too, reads as
 * OpenAI's null. Its spec is silent on what it stores for omitted ranking options (its `ranker` is
 * free text, required when the options are sent): OpenAI's `auto` stands, and any ranker it reports
 * for `auto` is accepted (serverResolved). It is silent too on whether it fills an omitted
 * `max_num_results` (FileSearchToolDefinitionDetails: optional, 1–50, no default): read as OpenAI's
 * recordings show, never filled, so a value it reports is shown, never taken as asked for.
 */
const { functionStrict: _functionStrict, jsonSchemaStrict: _jsonSchemaStrict, ...FOUNDRY_DEFAULTS } = OPENAI_DEFAULTS;

export const SERVER_DEFAULTS: Readonly<Record<ProviderName, ServerDefaults>> = {
  openai: OPENAI_DEFAULTS,
  // Portkey and Zerobot serve the OpenAI protocol unchanged in what they store.
  portkey: OPENAI_DEFAULTS,
  zerobot: OPENAI_DEFAULTS,
  foundry: FOUNDRY_DEFAULTS,
};
