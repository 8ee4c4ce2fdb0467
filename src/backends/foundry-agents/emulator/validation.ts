// Requests checked the way the service would check them: the query and path parameters and the
// body of each operation against the official schemas (../spec.ts; every object they describe
// closed, emulator/closed-schema.ts), then the limits the sources state only in prose
// (../limits.ts). Every failure is a 400 whose `param` is the JSON path of the offending value,
// e.g. `definition.tools[0].name`.
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { isObject } from '../../../model/json.js';
import { paramPath } from '../../../emulator/param-path.js';
import { unknownProperty } from '../../../emulator/closed-schema.js';
import { codePoints } from '../../../util/characters.js';
import { AGENT_NAME_PATTERN, AGENT_NAME_RULE, API_VERSION, FORMAT_NAME_PATTERN, MAX_NUM_RESULTS, METADATA_LIMITS, SCORE_THRESHOLD } from '../limits.js';
import { foundryAgentsValidators, type CompiledOperation } from '../spec.js';
import { invalid, type FoundryAgentsError } from './errors.js';
import { pointerTokens } from '../../../util/json-pointer.js';

type Path = Array<string | number>;

/**
 * The one ajv error worth showing: the deepest that is not a combinator's summary or the `null`
 * branch of `anyOf [T, null]` (unions report every branch).
 */
function toError(errors: ErrorObject[], prefix: Path): FoundryAgentsError {
  const useful = errors.filter((e) => !['anyOf', 'oneOf', 'allOf', 'not', 'if'].includes(e.keyword) &&
    !(e.keyword === 'type' && (e.params as { type?: string }).type === 'null'));
  const e = useful.sort((a, b) => pointerTokens(b.instancePath).length - pointerTokens(a.instancePath).length)[0] ?? errors[0]!;
  const at: Path = [...prefix, ...pointerTokens(e.instancePath)];
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') {
    const p = paramPath([...at, String(params.missingProperty)]);
    return invalid(p, `Missing required parameter: '${p}'.`, 'missing_required_parameter');
  }
  const unknown = unknownProperty(e.keyword, params);
  if (unknown !== undefined) {
    const p = paramPath([...at, unknown]);
    return invalid(p, `Unknown parameter: '${p}'.`, 'unknown_parameter');
  }
  const p = paramPath(at);
  const allowed = (params.allowedValues as unknown[] | undefined) ?? (params.allowedValue !== undefined ? [params.allowedValue] : undefined);
  const detail = allowed ? `expected one of ${allowed.map((v) => `'${String(v)}'`).join(', ')}` : (e.message ?? 'invalid value');
  return invalid(p || null, `Invalid '${p || 'body'}': ${detail}, got ${JSON.stringify(e.data) ?? 'nothing'}.`, e.keyword === 'type' ? 'invalid_type' : 'invalid_value');
}

function check(validate: ValidateFunction, value: unknown, prefix: Path): void {
  if (!validate(value)) throw toError(validate.errors ?? [], prefix);
}

/** A query string value as the parameter's schema types it (`limit=5` is the integer 5). */
function typed(raw: string, schema: Record<string, unknown>): unknown {
  if (schema.type === 'integer' && /^-?\d+$/.test(raw)) return Number(raw);
  if (schema.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/**
 * The query parameters of `op`, typed. `api-version` must be `v1`; a parameter the operation does
 * not declare is refused (the emulator's strictness: the description lists each operation's
 * parameters, and a client sending another one has a bug the service may silently ignore).
 */
export function checkQuery(op: CompiledOperation, query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(op.spec.query)) {
    const raw = query.get(name);
    if (raw === null) {
      if (p.required) {
        throw invalid(name, `Missing required query parameter: '${name}'.${name === 'api-version' ? ` Add ?api-version=${API_VERSION} to the request URL.` : ''}`, 'missing_required_parameter');
      }
      continue;
    }
    const value = typed(raw, p.schema);
    check(op.query[name]!, value, [name]);
    out[name] = value;
  }
  for (const name of query.keys()) {
    if (!(name in op.spec.query)) throw invalid(name, `Unknown query parameter: '${name}' (${op.spec.operationId} takes ${Object.keys(op.spec.query).join(', ')}).`, 'unknown_parameter');
  }
  if (out['api-version'] !== API_VERSION) {
    throw invalid('api-version', `Unsupported api-version '${String(out['api-version'])}': this API is served at api-version=${API_VERSION}.`, 'unsupported_api_version');
  }
  return out;
}

export function checkPathParams(op: CompiledOperation, params: Record<string, string>): void {
  for (const [name, value] of Object.entries(params)) {
    const validate = op.path[name];
    if (validate) check(validate, value, [name]);
  }
}

/** The agent-name rule the schemas state only in prose ([M] CreateAgentRequest.name). */
export function checkAgentName(name: string, param: string): void {
  if (!AGENT_NAME_PATTERN.test(name)) {
    throw invalid(param, `Invalid '${param}': '${name}' is not a valid agent name (${AGENT_NAME_RULE}).`);
  }
}

function checkMetadata(metadata: unknown): void {
  if (!isObject(metadata)) return;
  const entries = Object.entries(metadata);
  if (entries.length > METADATA_LIMITS.maxPairs) {
    throw invalid('metadata', `Invalid 'metadata': ${entries.length} pairs, at most ${METADATA_LIMITS.maxPairs} are allowed.`, 'object_above_max_properties');
  }
  for (const [k, v] of entries) {
    if (codePoints(k) > METADATA_LIMITS.keyMax) throw invalid('metadata', `Invalid 'metadata': the key '${k.slice(0, 20)}…' is ${codePoints(k)} characters, at most ${METADATA_LIMITS.keyMax} are allowed.`, 'string_above_max_length');
    if (typeof v === 'string' && codePoints(v) > METADATA_LIMITS.valueMax) {
      throw invalid(`metadata.${k}`, `Invalid 'metadata.${k}': ${codePoints(v)} characters, at most ${METADATA_LIMITS.valueMax} are allowed.`, 'string_above_max_length');
    }
  }
}

function range(value: unknown, limits: { min: number; max: number }, at: Path): void {
  if (typeof value === 'number' && (value < limits.min || value > limits.max)) {
    const p = paramPath(at);
    throw invalid(p, `Invalid '${p}': ${value} is outside ${limits.min}–${limits.max}.`, value < limits.min ? 'below_min_value' : 'above_max_value');
  }
}

/** A discriminated item checked against its own branch, for a precise `param`. */
function checkBranch(value: unknown, byType: (type: string) => ValidateFunction | undefined, at: Path): void {
  if (!isObject(value) || typeof value.type !== 'string') return; // the union reports it
  const validate = byType(value.type);
  // Unknown types pass: the official unions end in a catch-all branch for them.
  if (validate) check(validate, value, at);
}

function checkDefinition(definition: unknown): void {
  const v = foundryAgentsValidators();
  if (!isObject(definition)) return; // the body schema reports it
  if (definition.kind !== 'prompt') {
    // Hosted, workflow and external agents need preview opt-ins and code uploads ([Y]).
    throw invalid('definition.kind', `Invalid 'definition.kind': the emulator serves prompt agents only, got ${JSON.stringify(definition.kind)}.`);
  }
  const tools = Array.isArray(definition.tools) ? definition.tools : [];
  tools.forEach((tool, i) => checkBranch(tool, v.tool, ['definition', 'tools', i]));
  const format = isObject(definition.text) ? definition.text.format : undefined;
  checkBranch(format, v.textFormat, ['definition', 'text', 'format']);
  check(v.promptDefinition(), definition, ['definition']);
  tools.forEach((tool, i) => {
    if (!isObject(tool) || tool.type !== 'file_search') return;
    range(tool.max_num_results, MAX_NUM_RESULTS, ['definition', 'tools', i, 'max_num_results']);
    if (isObject(tool.ranking_options)) range(tool.ranking_options.score_threshold, SCORE_THRESHOLD, ['definition', 'tools', i, 'ranking_options', 'score_threshold']);
  });
  if (isObject(format) && format.type === 'json_schema' && typeof format.name === 'string' && !FORMAT_NAME_PATTERN.test(format.name)) {
    throw invalid('definition.text.format.name', `Invalid 'definition.text.format.name': '${format.name}' must be 1–64 of a-z, A-Z, 0-9, underscores and dashes.`);
  }
}

/** Throws the 400 for a body `op` refuses: CreateAgentRequest, CreateAgentVersionRequest or UpdateAgentRequest. */
export function checkBody(op: CompiledOperation, body: unknown): void {
  if (!isObject(body)) throw invalid(null, `The request body must be a JSON object, got ${body === undefined ? 'nothing' : JSON.stringify(body).slice(0, 40)}.`, 'invalid_type');
  checkDefinition(body.definition);
  check(op.body!, body, []);
  if (typeof body.name === 'string') checkAgentName(body.name, 'name');
  checkMetadata(body.metadata);
}
