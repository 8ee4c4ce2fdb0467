// The official request and response schemas of Foundry's named, versioned agents, compiled once.
// spec/foundry-agents.json is extracted from ../shared/azure-foundry by
// scripts/extract-foundry-agents.mjs; it is read relative to this file so the same code works
// from src/ (tests) and dist/ (the installed CLI).
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { isObject } from '../../model/json.js';

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
  response: ValidateFunction;
  error: ValidateFunction;
  query: Record<string, ValidateFunction>;
  path: Record<string, ValidateFunction>;
}

export interface FoundryAgentsValidators {
  /** By `METHOD /path` as in the paths excerpt, e.g. `POST /agents/{agent_name}/versions`. */
  operations: Record<string, CompiledOperation>;
  /** `PromptAgentDefinition`: a `definition` whose `kind` is `prompt`. */
  promptDefinition: ValidateFunction;
  /** The `Tool` union's branches by their `type` constant, to name the right param on failure. */
  tools: Record<string, ValidateFunction>;
  /** The `TextResponseFormatConfiguration` branches by `type`. */
  textFormats: Record<string, ValidateFunction>;
  /** The property names of a schema in `$defs` (what the service stores of a body). */
  properties(def: string): string[];
  /** A `$defs` entry, as extracted. */
  def(name: string): JsonSchema;
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
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false, verbose: true });
  ajv.addSchema({ $id: 'foundry-agents', $defs: spec.$defs });
  // Operation schemas point at `#/$defs/X`; compiled under the same $id they resolve there.
  const compile = (schema: JsonSchema): ValidateFunction =>
    ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/\$defs\//g, '"foundry-agents#/$defs/')) as JsonSchema);
  const byDef = (name: string): ValidateFunction => ajv.compile({ $ref: `foundry-agents#/$defs/${name}` });
  const operations: Record<string, CompiledOperation> = {};
  for (const [key, op] of Object.entries(spec.operations)) {
    const params = (list: OperationSpec['query']): Record<string, ValidateFunction> =>
      Object.fromEntries(Object.entries(list).map(([name, p]) => [name, compile(p.schema)]));
    operations[key] = {
      spec: op,
      ...(op.body ? { body: compile(op.body) } : {}),
      response: compile(op.response),
      error: compile(op.error),
      query: params(op.query),
      path: params(op.path),
    };
  }
  const map = (union: string): Record<string, ValidateFunction> =>
    Object.fromEntries(Object.entries(branches(spec, union)).map(([type, def]) => [type, byDef(def)]));
  cached = {
    operations,
    promptDefinition: byDef('PromptAgentDefinition'),
    tools: map('Tool'),
    textFormats: map('TextResponseFormatConfiguration'),
    properties: (def) => Object.keys((spec.$defs[def]?.properties ?? {}) as JsonSchema),
    def: (name) => {
      const d = spec.$defs[name];
      if (!d) throw new Error(`no $defs.${name} in the foundry-agents spec`);
      return d;
    },
  };
  return cached;
}
