// The official request and response schemas, each compiled once, when first used. The JSON files
// beside this module are extracted from the API descriptions by scripts/extract-openapi.mjs; they
// are read relative to this file so the same code works from src/ (tests), tsc's dist/ and the
// bundle (scripts/bundle.mjs copies them to dist/bin/spec/).
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { closeObjects } from '../../../emulator/closed-schema.js';
import { lazy, lazyRecord } from '../../../util/lazy.js';

type JsonSchema = Record<string, unknown>;

function load(name: string): JsonSchema {
  return JSON.parse(readFileSync(new URL(`./spec/${name}`, import.meta.url), 'utf8')) as JsonSchema;
}

/** openai-openapi `AssistantSupportedModels.enum`: the model names the Assistants API lists (backends/registry.ts knownModels). */
export function assistantSupportedModels(): string[] {
  const schemas = (load('openai-assistants.json').components as { schemas: Record<string, { enum?: string[] }> }).schemas;
  return [...(schemas.AssistantSupportedModels?.enum ?? [])];
}

/**
 * Swagger 2 has no `null` type: a nullable property says `x-nullable: true`. Rewrite those into
 * JSON Schema so ajv accepts the `null` the service accepts; drop the Swagger-only `discriminator`
 * (its subtypes are checked one by one in request-validation.ts).
 */
export function swaggerToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(swaggerToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'discriminator' && typeof v === 'string') continue;
    out[k] = k === 'enum' || k === 'example' || k === 'default' ? v : swaggerToJsonSchema(v);
  }
  if (out['x-nullable'] !== true) return out;
  delete out['x-nullable'];
  if (typeof out.$ref === 'string') return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  return out;
}

/**
 * A Swagger 2 document with each discriminator base closed to its subtypes. Swagger's
 * `discriminator: "type"` on a base (azure-foundry classic ToolDefinition, OpenApiAuthDetails,
 * VectorStoreChunkingStrategyRequest) says an instance is the subtype whose
 * `x-ms-discriminator-value` its `type` holds; JSON Schema has no such keyword, and the base alone
 * lists only `type` as a string, so a tool of a `type` no subtype has, or with fields its subtype
 * does not list, passed wherever the base is referenced. Every `$ref` to a base, but the subtypes'
 * own `allOf` one, now points at `<Base>.discriminated`: `type` one of the subtypes' values, and the
 * instance checked by that subtype (`if` its value `then` its schema), which closeObjects closes in
 * requests. The sources say nothing of a `type` no subtype declares: the conservative reading,
 * refused, as the service's own SDK cannot make one. A new object; `doc` is not changed.
 */
export function discriminatedUnions(doc: JsonSchema): JsonSchema {
  const definitions = (doc.definitions ?? {}) as Record<string, JsonSchema>;
  const unions: Record<string, JsonSchema> = {};
  for (const [base, def] of Object.entries(definitions)) {
    const property = def.discriminator;
    if (typeof property !== 'string') continue;
    const ref = `#/definitions/${base}`;
    const subtypes = Object.entries(definitions).flatMap(([name, sub]) => {
      const value = sub['x-ms-discriminator-value'];
      const extends_ = Array.isArray(sub.allOf) && sub.allOf.some((a) => (a as JsonSchema)?.$ref === ref);
      return extends_ && typeof value === 'string' ? [{ name, value }] : [];
    });
    unions[`${base}.discriminated`] = {
      type: 'object',
      required: [property],
      properties: { [property]: { enum: subtypes.map((t) => t.value) } },
      allOf: subtypes.map((t) => ({ if: { properties: { [property]: { const: t.value } }, required: [property] }, then: { $ref: `#/definitions/${t.name}` } })),
    };
  }
  const repoint = (node: unknown, inAllOf: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => repoint(n, inAllOf));
    if (node === null || typeof node !== 'object') return node;
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === 'enum' || k === 'example' || k === 'default' ? v : repoint(v, k === 'allOf');
    // A subtype's `allOf: [{$ref: base}]` extends the base: it stays.
    if (!inAllOf && typeof out.$ref === 'string' && unions[`${out.$ref.replace('#/definitions/', '')}.discriminated`]) out.$ref = `${out.$ref}.discriminated`;
    return out;
  };
  return { ...(repoint(doc, false) as JsonSchema), definitions: { ...(repoint(definitions, false) as JsonSchema), ...unions } };
}

/**
 * OpenAPI 3.0's way to make a `$ref` nullable, `allOf: [{$ref}, {nullable: true}]` (openai-openapi
 * UpdateVectorStoreRequest.expires_after), rewritten into JSON Schema, which has no `nullable`:
 * `anyOf: [{allOf: [{$ref}]}, {type: 'null'}]`, so ajv accepts the `null` the service accepts.
 */
export function openapiNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openapiNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'enum' || k === 'example' || k === 'default' ? v : openapiNullable(v);
  const nullable = (m: unknown) => JSON.stringify(m) === '{"nullable":true}';
  if (!Array.isArray(out.allOf) || !out.allOf.some(nullable)) return out;
  const { allOf, ...rest } = out;
  return { ...rest, anyOf: [{ allOf: (allOf as unknown[]).filter((m) => !nullable(m)) }, { type: 'null' }] };
}

/** The request and response schemas each dialect is checked against: an assistant's, and a vector store's create, object, list page and deletion status. */
type SpecSchema = 'create' | 'modify' | 'assistant' | 'list' | 'deleted' | 'error' | 'createVectorStore' | 'modifyVectorStore' | 'vectorStore' | 'vectorStoreList' | 'vectorStoreDeleted';

export interface SpecValidators {
  openai: Record<SpecSchema, ValidateFunction>;
  foundry: Record<SpecSchema, ValidateFunction>;
  /** Classic agents tool subtypes by their `type` value (Swagger discriminator). */
  foundryTools: Record<string, ValidateFunction>;
  /**
   * ModifyAssistantRequest with CreateAssistantRequest's `tool_resources`: the modify of a host that
   * takes the `vector_stores` helper there too (ValidationRules.vectorStoresOnModify).
   */
  openaiModifyWithHelper: ValidateFunction;
  /** The OpenAI tool schemas by `type`, to name the right param when `tools[i]` fails its oneOf. */
  openaiTools: Record<string, ValidateFunction>;
  openaiResponseFormats: Record<string, ValidateFunction>;
  /** The top-level properties of Foundry's CreateAgentOptions: the fields the service stores. */
  foundryCreateFields: Record<string, unknown>;
}

/**
 * OpenAI's components with what the live service holds beyond them, which a request may carry
 * back: `FileSearchRankingOptions.hybrid_search`, which it adds to every file_search tool it echoes
 * (ASSISTANTS.md "What the live API sends back": `hybrid_search: null` added; "live objects with
 * … `hybrid_search` pass"). Its shape is documented nowhere here: any value. A new object.
 */
function withLiveFields(components: { schemas: Record<string, JsonSchema> }): { schemas: Record<string, JsonSchema> } {
  const ranking = components.schemas.FileSearchRankingOptions!;
  return { ...components, schemas: { ...components.schemas, FileSearchRankingOptions: { ...ranking, properties: { ...(ranking.properties as JsonSchema), hybrid_search: {} } } } };
}

/** A `$ref` of a schema compiled on its own, pointed into the document added under `id`. */
function refsInto(id: string, schema: unknown): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replace(/"#\//g, `"${id}#/`)) as JsonSchema;
}

let cached: SpecValidators | undefined;

/**
 * Each validator is compiled when it is first used, not all at once: compiling every one took
 * ~1 s of CPU, and an emulator of one host uses a few (an OpenAI emulator none of Foundry's). The
 * Foundry document is read and converted only when one of its schemas is first needed.
 */
export function specValidators(): SpecValidators {
  if (cached) return cached;
  const openai = openapiNullable(load('openai-assistants.json')) as JsonSchema;
  // The official settings for these documents (ASSISTANTS.md, "Validating with ajv").
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false, verbose: true });
  ajv.addSchema({ $id: 'openai', components: openai.components });
  // Requests are checked against the same documents with every described object closed
  // (emulator/closed-schema.ts: the one rule for unknown fields); responses against them as published.
  const openaiRequests = closeObjects({ components: withLiveFields(openai.components as { schemas: Record<string, JsonSchema> }) });
  ajv.addSchema({ $id: 'openai-request', ...openaiRequests });
  const foundryDefinitions = lazy(() => {
    const foundry = swaggerToJsonSchema(discriminatedUnions(load('foundry-classic-agents.json'))) as JsonSchema;
    ajv.addSchema({ $id: 'foundry', definitions: foundry.definitions, listResponse: foundry.listResponse, vectorStoreListResponse: foundry.vectorStoreListResponse });
    ajv.addSchema({ $id: 'foundry-request', ...closeObjects({ definitions: foundry.definitions }) });
    return foundry.definitions as Record<string, JsonSchema>;
  });
  const o = (name: string) => (): ValidateFunction => ajv.compile({ $ref: `openai#/components/schemas/${name}` });
  const oq = (name: string) => (): ValidateFunction => ajv.compile({ $ref: `openai-request#/components/schemas/${name}` });
  const f = (ref: string) => (): ValidateFunction => (foundryDefinitions(), ajv.compile({ $ref: `foundry#/${ref}` }));
  const fq = (name: string) => (): ValidateFunction => (foundryDefinitions(), ajv.compile({ $ref: `foundry-request#/definitions/${name}` }));
  const requestSchemas = openaiRequests.components.schemas;
  const foundryTools = lazy(() => {
    const tools: Record<string, () => ValidateFunction> = {};
    for (const [name, def] of Object.entries(foundryDefinitions())) {
      const value = def['x-ms-discriminator-value'];
      if (typeof value === 'string' && JSON.stringify(def.allOf ?? []).includes('#/definitions/ToolDefinition"')) {
        tools[value] = fq(name);
      }
    }
    return lazyRecord(tools);
  });
  const openaiModifyWithHelper = lazy(() =>
    ajv.compile(refsInto('openai-request', {
      ...requestSchemas.ModifyAssistantRequest,
      properties: { ...(requestSchemas.ModifyAssistantRequest!.properties as JsonSchema), tool_resources: (requestSchemas.CreateAssistantRequest!.properties as JsonSchema).tool_resources },
    })),
  );
  cached = {
    openai: lazyRecord({
      create: oq('CreateAssistantRequest'),
      modify: oq('ModifyAssistantRequest'),
      assistant: o('AssistantObject'),
      list: o('ListAssistantsResponse'),
      deleted: o('DeleteAssistantResponse'),
      error: o('ErrorResponse'),
      createVectorStore: oq('CreateVectorStoreRequest'),
      modifyVectorStore: oq('UpdateVectorStoreRequest'),
      vectorStore: o('VectorStoreObject'),
      vectorStoreList: o('ListVectorStoresResponse'),
      vectorStoreDeleted: o('DeleteVectorStoreResponse'),
    }),
    foundry: lazyRecord({
      create: fq('CreateAgentOptions'),
      modify: fq('UpdateAgentOptions'),
      assistant: f('definitions/Agent'),
      list: f('listResponse'),
      deleted: f('definitions/AgentDeletionStatus'),
      error: f('definitions/AgentV1Error'),
      createVectorStore: fq('VectorStoreOptions'),
      modifyVectorStore: fq('VectorStoreUpdateOptions'),
      vectorStore: f('definitions/VectorStore'),
      vectorStoreList: f('vectorStoreListResponse'),
      vectorStoreDeleted: f('definitions/VectorStoreDeletionStatus'),
    }),
    get foundryTools() {
      return foundryTools();
    },
    get foundryCreateFields() {
      return (foundryDefinitions().CreateAgentOptions?.properties ?? {}) as Record<string, unknown>;
    },
    get openaiModifyWithHelper() {
      return openaiModifyWithHelper();
    },
    openaiTools: lazyRecord({
      code_interpreter: oq('AssistantToolsCode'),
      file_search: oq('AssistantToolsFileSearch'),
      function: oq('AssistantToolsFunction'),
    }),
    openaiResponseFormats: lazyRecord({
      text: oq('ResponseFormatText'),
      json_object: oq('ResponseFormatJsonObject'),
      json_schema: oq('ResponseFormatJsonSchema'),
    }),
  };
  return cached;
}
