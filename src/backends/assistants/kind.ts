// The assistant as a resource kind: what the core needs to plan, check, write and import
// assistants, as data and small pure functions over this folder's tables. Field names are the
// Assistants API's own (openai-openapi AssistantObject, CreateAssistantRequest).
import type { ResourceKind } from '../backend.js';
import type { KeptField } from '../../model/kept-live.js';
import { isObject, type JsonObject } from '../../model/json.js';
import { schemaFile } from '../../util/package.js';
import { SPEC_FIELDS, type AssistantSpec } from './assistant.js';
import { CAPABILITIES } from './capabilities.js';
import { semanticChecks } from './checks.js';
import { providerChecks } from './host-checks.js';
import { OPAQUE_KEYS, comparableDesired, normalize } from './normalize.js';
import { assistantsProvider } from './providers.js';
import { SERVER_DEFAULTS } from './server-defaults.js';
import { createBody, updateBody } from './write.js';
import { madeStoreForm, recordedStore, storeNotes } from './helper-store.js';

/** `function lookup_order`, `code_interpreter`, `openapi weather`: how a tool is recognised (its type, and the name inside it). */
export function toolKey(tool: JsonObject): string | undefined {
  if (typeof tool.type !== 'string') return undefined;
  const inner = tool[tool.type];
  const name = isObject(inner) && typeof inner.name === 'string' ? inner.name : undefined;
  return name ? `${tool.type} ${name}` : tool.type;
}

/**
 * What a live assistant may hold that a definition cannot write (model/kept-live.ts), from an audit
 * of what normalize.ts reads against the response schemas (openai-openapi AssistantObject and its
 * tools, tool_resources and response formats; azure-foundry classic-agents-v1.json Agent and its
 * ToolDefinitions, ToolResources, ResponseFormatJsonSchema):
 * - `tools[].file_search.ranking_options.hybrid_search`: the Assistants API's FileSearchRankingOptions
 *   (openai-openapi) has only `ranker` and `score_threshold`, and so has classic-agents-v1.json's;
 *   the Responses API's RankingOptions documents `hybrid_search: {embedding_weight, text_weight}`,
 *   and a live assistant may hold one (set by another client; the host echoes it, `null` for none,
 *   ASSISTANTS.md "What the live API sends back"). An update sending the tools replaces them whole.
 * Every other member a host sends is one a definition writes, or read-only and left out of every
 * write: AssistantObject's `id`, `object`, `created_at` (a modify never sends them, so never wipes
 * them), an OpenAPI tool's `functions` (classic-agents-v1.json OpenApiFunctionDefinition.functions,
 * readOnly: the host fills it from the spec). A host's own tool type is compared and written whole.
 */
const KEPT_LIVE = [
  {
    path: ['tools', '*', 'file_search', 'ranking_options', 'hybrid_search'],
    keep: 'with-field',
    why: "(the Assistants API's file_search ranking options have no hybrid_search)",
  },
] as const satisfies readonly KeptField[];

const defaults = (provider: string) => SERVER_DEFAULTS[assistantsProvider(provider)];

export const ASSISTANT: ResourceKind = {
  name: 'assistant',
  nouns: { one: 'assistant', many: 'assistants' },
  // model is the one field CreateAssistantRequest requires.
  starter: '`model: <model>`',
  schema: schemaFile('assistant.schema.json'),
  // Every field updates in place: modify takes any of them (ModifyAssistantRequest).
  fields: SPEC_FIELDS.map((name) => (name === 'tools' ? { name, update: 'in-place', itemKey: toolKey } : { name, update: 'in-place' })),
  paths: { model: ['model'], name: ['name'], instructions: ['instructions'], metadata: ['metadata'] },
  // Ids are the server's (`asst_…`); the key rides in a metadata value, at most 512 characters (Metadata).
  identity: { addressedBy: 'id', keyMax: 512 },
  // AssistantObject.instructions: "The maximum length is 256,000 characters."
  instructionsMax: 256_000,
  schemaHints: { response_format: 'use auto, {type: text}, {type: json_object} or {type: json_schema, json_schema: {name: …, schema: …}}' },
  // What the API adds to the assistants it sends back (AssistantObject), for definitions pasted from a response.
  serverOnly: {
    object: "the API sets 'object' on what it sends back; remove it",
    created_at: "the API sets 'created_at'; remove it",
    hybrid_search: "the API adds 'hybrid_search: null' to what it sends back, but does not take it; remove it",
  },
  // ModifyAssistantRequest does not say whether metadata is merged or replaced, nor what "" does
  // (openai-openapi Metadata: "values are strings with a maximum length of 512 characters";
  // ASSISTANTS.md: merge or replace undocumented; azure-foundry classic-agents-v1.json
  // UpdateAgentOptions.metadata: the same prose). Silent, so a merging host is possible.
  metadataMayMerge: true,
  updateNotes: storeNotes,
  recorded: recordedStore,
  copyForm: madeStoreForm,
  keptLive: KEPT_LIVE,
  // AssistantObject (openai-openapi, the Assistants spec) has `created_at` and no time of the last
  // change: a modify that changes nothing answers the same object, byte for byte.
  bookkeeping: [],
  // A tool's type: the schema lists every host's (capabilities.ts toolTypes), the host takes its own.
  allowedValues: (provider, path) => (path.length === 3 && path[0] === 'tools' && typeof path[1] === 'number' && path[2] === 'type' ? CAPABILITIES[assistantsProvider(provider)].toolTypes : undefined),
  checks: (src, value, provider) => [...semanticChecks(src, value), ...providerChecks(src, value, assistantsProvider(provider))],
  // An OpenAPI tool's servers (Foundry classic: `url` of each of its `spec.servers`, the OpenAPI
  // document the tool calls, classic-agents-v1.json OpenApiFunctionDefinition `spec`), whose
  // credential its `auth` of type `connection` names (OpenApiConnectionAuthDetails).
  // A URL field is matched by its member's name wherever it stands, so any other `url` is judged
  // alike: a password or token in a URL is a credential whatever holds it.
  credentials: {
    headerMaps: [],
    secretFields: [],
    urlFields: ['url'],
    instead: "give an OpenAPI tool a project connection named by its `auth` of type `connection` instead",
  },
  normalize: (spec, provider) => normalize(spec as unknown as AssistantSpec, defaults(provider)),
  comparable: (live, desired, provider, own = {}) => comparableDesired(live, desired, defaults(provider), own),
  write: { create: createBody, update: updateBody },
  // The note fits `description` (512 characters, ../shared/openai-openapi AssistantObject).
  lockSpec: ({ model, name, note }) => ({ model, name, description: note }),
  import: {
    // Required by the schema (`type`, `name`, `score_threshold`), or a value OpenAI echoes only when
    // it was sent (`max_num_results`, ASSISTANTS.md "What the live API sends back"): someone chose it.
    requiredKeys: ['type', 'name', 'score_threshold', 'max_num_results'],
    opaqueKeys: OPAQUE_KEYS,
    hostRequired: (provider) => CAPABILITIES[assistantsProvider(provider)].requiredToolFields.map((path) => `tools.${path}`),
    keyOrder: {
      tools: ['type', 'function', 'file_search'],
      function: ['name', 'description', 'parameters', 'strict'],
      file_search: ['max_num_results', 'ranking_options'],
      ranking_options: ['ranker', 'score_threshold'],
      response_format: ['type', 'json_schema'],
      json_schema: ['name', 'description', 'schema', 'strict'],
    },
  },
};
