// The write a change needs, in the Assistants API's vocabulary: a create sends the definition's own
// fields; a modify sends only the changed top-level fields (`tools` whole, `metadata` whole), with
// what the definition dropped sent so that it clears under either reading of the API.
import type { NormalizedSpec, Spec } from '../../model/definition.js';
import { isObject, type Json } from '../../model/json.js';
import { RECORD_KEY } from '../../model/marker.js';
import { SPEC_FIELDS } from './assistant.js';
import { heldStore, helperOf } from './helper-store.js';

type Loose = Record<string, unknown>;

/**
 * Modify's `tool_resources` lists override the stored ones, but whether a list left out is kept
 * or cleared is undocumented; so each live list the definition drops is sent as `[]`, which
 * clears it under either reading and normalizes to the same thing. A file_search given as the
 * `vector_stores` helper is left as written: the helper stands for the whole store.
 */
function clearingToolResources(desired: unknown, live: unknown): Loose {
  const out: Loose = isObject(desired) ? structuredClone(desired) : {};
  if (!isObject(live)) return out;
  for (const [tool, lists] of Object.entries(live)) {
    if (!isObject(lists)) continue;
    const mine = isObject(out[tool]) ? (out[tool] as Loose) : {};
    if (tool === 'file_search' && mine.vector_stores !== undefined) continue;
    const cleared = Object.keys(lists).filter((name) => mine[name] === undefined);
    if (cleared.length > 0) out[tool] = { ...mine, ...Object.fromEntries(cleared.map((name) => [name, []])) };
  }
  return out;
}

/**
 * Fields ModifyAssistantRequest takes as `null` (openai-openapi: `anyOf: [..., {type: "null"}]`;
 * Foundry's UpdateAgentOptions: `x-nullable`): the reset a definition that dropped one sends,
 * never the default's value (`temperature: 1` would be refused on a switch to a reasoning model,
 * openai/openai-python #2072). What `null` does live is undocumented (ASSISTANTS.md "Modify
 * semantics"); the write is verified against the default either way. `tool_resources` and
 * `metadata` are nullable too but are sent as values: lists cleared one by one, the map whole
 * with the marker. `model` and `tools` are not nullable: `tools: []` is the documented "remove all".
 */
const RESET_BY_NULL: ReadonlySet<string> = new Set(['name', 'description', 'instructions', 'temperature', 'top_p', 'response_format', 'reasoning_effort']);

/**
 * The definition's own value where it gives one, else the reset (null) or the value the server
 * stores. The `vector_stores` helper (helper-store.ts) is sent only to make its store: while the
 * live assistant holds the store made from it, a `tool_resources` write sends that store's id
 * instead, and a `metadata` write keeps the record of it (`own`, the live assistant's aac pairs);
 * a helper sent takes the metadata with it, whole, for the client to record the new store in.
 */
export function updateBody(fields: readonly string[], desired: Spec, before: NormalizedSpec, after: NormalizedSpec, own: Readonly<Record<string, string>> = {}, live?: Spec): Spec {
  const held = heldStore(before, after, own);
  const makesStore = fields.includes('tool_resources') && !held && helperOf(desired.tool_resources as Json) !== undefined;
  const sent = makesStore && !fields.includes('metadata') ? SPEC_FIELDS.filter((f) => f === 'metadata' || fields.includes(f)) : fields;
  const body: Loose = {};
  for (const field of sent) {
    const given = desired[field];
    if (given !== undefined && given !== null) body[field] = given;
    else body[field] = RESET_BY_NULL.has(field) ? null : after[field];
  }
  if ('tool_resources' in body) {
    const resources = clearingToolResources(body.tool_resources, before.tool_resources);
    body.tool_resources = held ? { ...resources, file_search: held } : resources;
  }
  if (held && isObject(body.metadata)) body.metadata = { ...body.metadata, [RECORD_KEY]: own[RECORD_KEY]! };
  const hybrid = liveHybridSearch(live);
  if (hybrid !== undefined && Array.isArray(body.tools)) body.tools = body.tools.map((tool: Json) => withHybridSearch(tool, hybrid));
  return body as Spec;
}

/**
 * The live file_search tool's `ranking_options.hybrid_search` when it holds one (an object; the
 * API echoes `null` for none, ASSISTANTS.md "What the live API sends back"), else undefined. A
 * definition cannot write it: the Assistants API's FileSearchRankingOptions (openai-openapi) has
 * only `ranker` and `score_threshold`, though its RankingOptions for the Responses API documents
 * `hybrid_search: {embedding_weight, text_weight}`, and a live assistant may hold one (set by
 * another client). So an update that sends the tools sends it back as it is rather than wipe it,
 * and plan says so (keptLiveNotes). An assistant has at most one file_search tool (checks.ts).
 */
export function liveHybridSearch(live: Spec | undefined): Json | undefined {
  const tool = Array.isArray(live?.tools) ? live.tools.find((t) => isObject(t) && t.type === 'file_search') : undefined;
  const fs = isObject(tool) ? tool.file_search : undefined;
  const ranking = isObject(fs) ? fs.ranking_options : undefined;
  return isObject(ranking) && isObject(ranking.hybrid_search) ? ranking.hybrid_search : undefined;
}

/** `tool` with `hybrid` under file_search.ranking_options when it is the file_search tool. */
function withHybridSearch(tool: Json, hybrid: Json): Json {
  if (!isObject(tool) || tool.type !== 'file_search') return tool;
  const fs = isObject(tool.file_search) ? tool.file_search : {};
  const ranking = isObject(fs.ranking_options) ? fs.ranking_options : {};
  return { ...tool, file_search: { ...fs, ranking_options: { ...ranking, hybrid_search: hybrid } } };
}

/** The tools of `spec` (a live assistant, or an update's body) that hold a hybrid_search (liveHybridSearch): each one's index and value. */
function hybridSearches(spec: Spec): Array<{ index: number; value: Json }> {
  if (!Array.isArray(spec.tools)) return [];
  return spec.tools.flatMap((tool, index) => {
    const value = liveHybridSearch({ tools: [tool] });
    return value === undefined ? [] : [{ index, value }];
  });
}

const hybridPath = (index: number) => `tools[${index}].file_search.ranking_options.hybrid_search`;

/**
 * What a live assistant holds that a definition cannot write and an update sends back as it is
 * (liveHybridSearch), each as its path and value, for import to list:
 * `tools[0].file_search.ranking_options.hybrid_search {"embedding_weight":0.7,"text_weight":0.3}`.
 */
export function keptLive(live: Spec): string[] {
  return hybridSearches(live).map(({ index, value }) => `${hybridPath(index)} ${JSON.stringify(value)}`);
}

/** What plan says of an update whose `body` sends back a hybrid_search (liveHybridSearch), located at the tool's ranking options. */
export function keptLiveNotes(body: Spec): Array<{ path: string[]; code: string; message: string; hint: string }> {
  return hybridSearches(body).map(({ index, value }) => ({
    path: ['tools', String(index), 'file_search', 'ranking_options'],
    code: 'kept-live-field',
    message: `the live ${hybridPath(index)} ${JSON.stringify(value)} is sent back as it is: a definition cannot write it (the Assistants API's file_search ranking options have no hybrid_search), so this update keeps it`,
    hint: 'to change or remove it, do so on the host; aac leaves it alone',
  }));
}

/** Only the fields the definition sets: an omitted one is left to the server's default. */
export function createBody(spec: Spec): Spec {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as Spec;
}
