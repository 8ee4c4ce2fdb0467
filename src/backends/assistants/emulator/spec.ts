// The official request and response schemas, compiled once. The JSON files beside this module are
// extracted from the API descriptions by scripts/extract-openapi.mjs; they are read relative to
// this file so the same code works from src/ (tests), tsc's dist/ and the bundle (scripts/bundle.mjs
// copies them to dist/bin/spec/).
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type JsonSchema = Record<string, unknown>;

function load(name: string): JsonSchema {
  return JSON.parse(readFileSync(new URL(`./spec/${name}`, import.meta.url), 'utf8')) as JsonSchema;
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

/** The request and response schemas each dialect is checked against: an assistant's, and a vector store's create, object, list page and deletion status. */
type SpecSchema = 'create' | 'modify' | 'assistant' | 'list' | 'deleted' | 'error' | 'createVectorStore' | 'vectorStore' | 'vectorStoreList' | 'vectorStoreDeleted';

export interface SpecValidators {
  openai: Record<SpecSchema, ValidateFunction>;
  foundry: Record<SpecSchema, ValidateFunction>;
  /** Classic agents tool subtypes by their `type` value (Swagger discriminator). */
  foundryTools: Record<string, ValidateFunction>;
  /** The OpenAI tool schemas by `type`, to name the right param when `tools[i]` fails its oneOf. */
  openaiTools: Record<string, ValidateFunction>;
  openaiResponseFormats: Record<string, ValidateFunction>;
  /** The top-level properties of Foundry's CreateAgentOptions: the fields the service stores. */
  foundryCreateFields: Record<string, unknown>;
}

let cached: SpecValidators | undefined;

export function specValidators(): SpecValidators {
  if (cached) return cached;
  const openai = load('openai-assistants.json');
  const foundry = swaggerToJsonSchema(load('foundry-classic-agents.json')) as JsonSchema;
  // The official settings for these documents (ASSISTANTS.md, "Validating with ajv").
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false, verbose: true });
  ajv.addSchema({ $id: 'openai', components: openai.components });
  ajv.addSchema({ $id: 'foundry', definitions: foundry.definitions, listResponse: foundry.listResponse, vectorStoreListResponse: foundry.vectorStoreListResponse });
  const o = (name: string): ValidateFunction => ajv.compile({ $ref: `openai#/components/schemas/${name}` });
  const f = (name: string): ValidateFunction => ajv.compile({ $ref: `foundry#/definitions/${name}` });
  const defs = foundry.definitions as Record<string, JsonSchema>;
  const foundryTools: Record<string, ValidateFunction> = {};
  for (const [name, def] of Object.entries(defs)) {
    const value = def['x-ms-discriminator-value'];
    if (typeof value === 'string' && JSON.stringify(def.allOf ?? []).includes('#/definitions/ToolDefinition"')) {
      foundryTools[value] = f(name);
    }
  }
  cached = {
    openai: {
      create: o('CreateAssistantRequest'),
      modify: o('ModifyAssistantRequest'),
      assistant: o('AssistantObject'),
      list: o('ListAssistantsResponse'),
      deleted: o('DeleteAssistantResponse'),
      error: o('ErrorResponse'),
      createVectorStore: o('CreateVectorStoreRequest'),
      vectorStore: o('VectorStoreObject'),
      vectorStoreList: o('ListVectorStoresResponse'),
      vectorStoreDeleted: o('DeleteVectorStoreResponse'),
    },
    foundry: {
      create: f('CreateAgentOptions'),
      modify: f('UpdateAgentOptions'),
      assistant: f('Agent'),
      list: ajv.compile({ $ref: 'foundry#/listResponse' }),
      deleted: f('AgentDeletionStatus'),
      error: f('AgentV1Error'),
      createVectorStore: f('VectorStoreOptions'),
      vectorStore: f('VectorStore'),
      vectorStoreList: ajv.compile({ $ref: 'foundry#/vectorStoreListResponse' }),
      vectorStoreDeleted: f('VectorStoreDeletionStatus'),
    },
    foundryTools,
    foundryCreateFields: (defs.CreateAgentOptions?.properties ?? {}) as Record<string, unknown>,
    openaiTools: {
      code_interpreter: o('AssistantToolsCode'),
      file_search: o('AssistantToolsFileSearch'),
      function: o('AssistantToolsFunction'),
    },
    openaiResponseFormats: {
      text: o('ResponseFormatText'),
      json_object: o('ResponseFormatJsonObject'),
      json_schema: o('ResponseFormatJsonSchema'),
    },
  };
  return cached;
}
