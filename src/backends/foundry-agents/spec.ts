// The official request and response schemas of Foundry's named, versioned agents, compiled once.
// spec/foundry-agents.json is extracted from ../shared/azure-foundry by
// scripts/extract-foundry-agents.mjs; it is read relative to this file so the same code works
// from src/ (tests), tsc's dist/ and the bundle (scripts/bundle.mjs copies it to dist/bin/spec/).
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { isObject } from '../../model/json.js';
import { closeObjects } from '../../emulator/closed-schema.js';
import { lazy } from '../../util/lazy.js';
// ajv loads with the first validation (the emulator's): this module is imported by every command through the kind.
import { ajv2020 } from '../../yaml/precompiled.js';

type JsonSchema = Record<string, unknown>;

/** One served operation as the paths excerpt describes it. */
export interface OperationSpec {
  operationId: string;
  /** Query parameters by name (`api-version`, `limit`, …). */
  query: Record<string, { required: boolean; schema: JsonSchema }>;
  path: Record<string, { required: boolean; schema: JsonSchema }>;
  body?: JsonSchema;
  response: JsonSchema;
  error: JsonSchema;
}

export interface FoundryAgentsSpec {
  operations: Record<string, OperationSpec>;
  $defs: Record<string, JsonSchema>;
}

export interface CompiledOperation {
  spec: OperationSpec;
  body?: ValidateFunction;
  /**
   * The response's and the error's validators, compiled on first use: only a run that checks
   * what it answers (the emulator's validateResponses, the tests) or a stored version asks.
   */
  response: () => ValidateFunction;
  error: () => ValidateFunction;
  query: Record<string, ValidateFunction>;
  path: Record<string, ValidateFunction>;
}

export interface FoundryAgentsValidators {
  /** By `METHOD /path` as in the paths excerpt, e.g. `POST /agents/{agent_name}/versions`; undefined for one not served. */
  operation(key: string): CompiledOperation | undefined;
  /** `PromptAgentDefinition`: a `definition` whose `kind` is `prompt`. */
  promptDefinition(): ValidateFunction;
  /**
   * The `Tool` union's branch for a `type` constant, every described object closed as a request's
   * are, for a definition's check (checks.ts): compiled with `allErrors` and `verbose`, so every
   * problem of a tool is said at once, with the schema its hints are made from.
   */
  tool(type: string): ValidateFunction | undefined;
  /** A `$ref` of the closed request schemas (`#/$defs/WebSearchToolFilters`) resolved to its schema, as `tool`'s errors name them. */
  requestRef(ref: string): JsonSchema | undefined;
  /** The `TextResponseFormatConfiguration` branch for a `type`. */
  textFormat(type: string): ValidateFunction | undefined;
  /** The `type` constants of the `Tool` and `TextResponseFormatConfiguration` unions. */
  toolTypes: string[];
  textFormatTypes: string[];
}

let cached: FoundryAgentsValidators | undefined;

export function loadSpec(): FoundryAgentsSpec {
  return JSON.parse(readFileSync(new URL('./spec/foundry-agents.json', import.meta.url), 'utf8')) as FoundryAgentsSpec;
}

/** The `const` of each `oneOf` branch's `type` in `$defs[union]`: type value → $defs name. */
function branches(spec: FoundryAgentsSpec, union: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const branch of (spec.$defs[union]?.oneOf ?? []) as JsonSchema[]) {
    const ref = typeof branch.$ref === 'string' ? branch.$ref.replace('#/$defs/', '') : undefined;
    const props = ref ? spec.$defs[ref]?.properties : undefined;
    const type = isObject(props) && isObject(props.type) ? props.type.const : undefined;
    if (ref && typeof type === 'string') out[type] = ref;
  }
  return out;
}


export function foundryAgentsValidators(): FoundryAgentsValidators {
  if (cached) return cached;
  const spec = loadSpec();
  // The documented settings for this JSON Schema (azure-foundry/SOURCE.md, "Compiling the schemas
  // with ajv"): strict mode trips on its `uri` format and its `minimum` beside `anyOf`.
  const ajv = ajv2020({ strict: false, validateFormats: false, allErrors: false, verbose: true });
  ajv.addSchema({ $id: 'foundry-agents', $defs: spec.$defs });
  // Requests are checked against the same $defs with every described object closed
  // (emulator/closed-schema.ts: the one rule for unknown fields); responses against them as published.
  const closed = closeObjects({ $defs: spec.$defs }).$defs;
  ajv.addSchema({ $id: 'foundry-agents-request', $defs: closed });
  // Operation schemas point at `#/$defs/X`; compiled under the document's $id they resolve there.
  const compile = (schema: JsonSchema, id: string): ValidateFunction =>
    ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/\$defs\//g, `"${id}#/$defs/`)) as JsonSchema);
  const byDef = new Map<string, () => ValidateFunction>();
  const def = (name: string): ValidateFunction => {
    if (!byDef.has(name)) byDef.set(name, lazy(() => ajv.compile({ $ref: `foundry-agents-request#/$defs/${name}` })));
    return byDef.get(name)!();
  };
  const operations = new Map<string, () => CompiledOperation>();
  for (const [key, op] of Object.entries(spec.operations)) {
    const params = (list: OperationSpec['query']): Record<string, ValidateFunction> =>
      Object.fromEntries(Object.entries(list).map(([name, p]) => [name, compile(p.schema, 'foundry-agents-request')]));
    operations.set(key, lazy(() => ({
      spec: op,
      ...(op.body ? { body: compile(op.body, 'foundry-agents-request') } : {}),
      response: lazy(() => compile(op.response, 'foundry-agents')),
      error: lazy(() => compile(op.error, 'foundry-agents')),
      query: params(op.query),
      path: params(op.path),
    })));
  }
  const tools = branches(spec, 'Tool');
  const formats = branches(spec, 'TextResponseFormatConfiguration');
  // A definition's tools are checked by a compiler of their own: every error (the emulator's
  // stops at the first), on the same closed schemas, compiled only when a definition has such a tool.
  const checker = lazy(() => ajv2020({ strict: false, validateFormats: false, allErrors: true, verbose: true }).addSchema({ $id: 'foundry-agents-request', $defs: closed }));
  const checkers = new Map<string, () => ValidateFunction>();
  const toolCheck = (name: string): ValidateFunction => {
    if (!checkers.has(name)) checkers.set(name, lazy(() => checker().compile({ $ref: `foundry-agents-request#/$defs/${name}` })));
    return checkers.get(name)!();
  };
  cached = {
    operation: (key) => operations.get(key)?.(),
    promptDefinition: () => def('PromptAgentDefinition'),
    tool: (type) => (tools[type] ? toolCheck(tools[type]) : undefined),
    requestRef: (ref) => {
      const name = /^(?:foundry-agents-request)?#\/\$defs\/([^/]+)$/.exec(ref)?.[1];
      return name === undefined || !Object.hasOwn(closed, name) ? undefined : closed[name];
    },
    textFormat: (type) => (formats[type] ? def(formats[type]) : undefined),
    toolTypes: Object.keys(tools),
    textFormatTypes: Object.keys(formats),
  };
  return cached;
}
