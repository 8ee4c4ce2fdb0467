// What each host of the Assistants protocol accepts in a definition. Static data, so `validate`
// can name the provider a field needs without credentials or a network call.
import type { SpecField } from './assistant.js';
import type { ProviderName } from './providers.js';

export interface ProviderCapabilities {
  /** Tool `type` values the host accepts. */
  toolTypes: readonly string[];
  /** `tool_resources` keys the host accepts, and the keys each accepts inside it. */
  toolResources: Readonly<Record<string, readonly string[]>>;
  /** Top-level fields the host stores (a field it silently ignores would be a perpetual diff). */
  fields: readonly SpecField[];
  /** Whether `function.strict` and `json_schema.strict` exist on this host. */
  strict: boolean;
  /**
   * Whether the host is known to refuse `temperature`/`top_p` for reasoning models (the families
   * and their sources are in reasoning-models.ts): `validate` and `plan` then warn.
   */
  refusesReasoningSampling: boolean;
  /**
   * Tool sub-fields (`function.parameters`) the host requires whenever their parent object is sent,
   * even where the value equals what it would fill in: `import` never leaves these out.
   */
  requiredToolFields: readonly string[];
  /**
   * What the host's assistant ids look like, for checking an `id:` pin before any call.
   * `documented: false` where the host's sources are silent: a pin that does not look like the
   * protocol's ids is then a warning, not an error (the host may use another form).
   */
  assistantId: { pattern: RegExp; text: string; documented: boolean };
  /**
   * The `file_search.ranking_options.ranker` values the host takes, with where that is stated;
   * absent where its spec takes any string (the host decides, and says so if it refuses one).
   */
  rankers?: { values: readonly string[]; source: string };
  /** Shown in messages: where the host's rules come from. */
  source: string;
}

/** `asst_` + 24 alphanumerics (openai-openapi/ASSISTANTS.md, "Ids look like"). */
const PROTOCOL_ID = { pattern: /^asst_[A-Za-z0-9]{24}$/, text: 'asst_ followed by 24 letters and digits' };

const ALL_FIELDS: readonly SpecField[] = [
  'model', 'name', 'description', 'instructions', 'tools', 'tool_resources', 'metadata',
  'temperature', 'top_p', 'response_format', 'reasoning_effort',
];
const OPENAI_TOOLS = ['code_interpreter', 'file_search', 'function'] as const;
const OPENAI_RESOURCES = {
  code_interpreter: ['file_ids'],
  file_search: ['vector_store_ids', 'vector_stores'],
} as const;

/** openai-openapi FileSearchRanker: an enum of these two. */
const OPENAI_RANKERS = { values: ['auto', 'default_2024_08_21'], source: 'openai-openapi FileSearchRanker' } as const;

const OPENAI_CAPABILITIES: ProviderCapabilities = {
  toolTypes: OPENAI_TOOLS,
  toolResources: OPENAI_RESOURCES,
  fields: ALL_FIELDS,
  strict: true,
  // openai/openai-python #2072: assistants.update to o3-mini refused 'temperature' (reasoning-models.ts).
  refusesReasoningSampling: true,
  requiredToolFields: [],
  rankers: OPENAI_RANKERS,
  assistantId: { ...PROTOCOL_ID, documented: true },
  source: 'openai-openapi CreateAssistantRequest / ModifyAssistantRequest',
};

export const CAPABILITIES: Readonly<Record<ProviderName, ProviderCapabilities>> = {
  openai: OPENAI_CAPABILITIES,
  // Portkey proxies the OpenAI protocol unchanged; only its auth headers differ.
  portkey: { ...OPENAI_CAPABILITIES, source: 'OpenAI protocol behind Portkey' },
  zerobot: {
    toolTypes: OPENAI_TOOLS,
    toolResources: OPENAI_RESOURCES,
    fields: ALL_FIELDS,
    strict: true,
    // No report either way: Zerobot's own rules for reasoning models are not known.
    refusesReasoningSampling: false,
    requiredToolFields: [],
    rankers: OPENAI_RANKERS,
    // Zerobot documents no id format of its own.
    assistantId: { ...PROTOCOL_ID, documented: false },
    source: 'Zerobot: OpenAI protocol, PATCH to modify, vector_stores helper on modify',
  },
  foundry: {
    toolTypes: [...OPENAI_TOOLS, 'azure_ai_search', 'bing_grounding', 'openapi', 'connected_agent', 'azure_function'],
    toolResources: {
      code_interpreter: ['file_ids', 'data_sources'],
      file_search: ['vector_store_ids', 'vector_stores'],
      azure_ai_search: ['indexes'],
    },
    // Classic agents have no reasoning_effort (azure-foundry/AGENTS.md part 1).
    fields: ALL_FIELDS.filter((f) => f !== 'reasoning_effort'),
    strict: false,
    // Azure OpenAI refuses them for o3-mini and o4-mini as OpenAI does (reasoning-models.ts).
    refusesReasoningSampling: true,
    // FunctionDefinition requires `parameters`; FileSearchRankingOptions requires `ranker` (AGENTS.md part 1).
    requiredToolFields: ['function.parameters', 'file_search.ranking_options.ranker'],
    // No `rankers`: FileSearchRankingOptions.ranker is a free string (classic-agents-v1.json), and
    // Foundry reports rankers OpenAI's enum lacks (`default-2024-11-15`, server-defaults.ts).
    // AGENTS.md gives no id format for classic agents; the ones seen follow the protocol's.
    assistantId: { ...PROTOCOL_ID, documented: false },
    source: 'azure-foundry classic-agents-v1.json (CreateAgentOptions / UpdateAgentOptions)',
  },
};

/** The providers that accept a tool type, for "needs --provider foundry" messages. */
export function providersWithTool(type: string): ProviderName[] {
  return (Object.keys(CAPABILITIES) as ProviderName[]).filter((p) => CAPABILITIES[p].toolTypes.includes(type));
}
