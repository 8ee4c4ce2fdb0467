// Request bodies and list queries checked the way the API checks them: first the official schemas
// (spec.ts; every object they describe closed, emulator/closed-schema.ts), then the limits the API
// enforces but its schemas only state in prose. Every failure is the API's 400 with `param` = the
// JSON path of the offending value, e.g. `tools[0].function.name`.
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { isObject } from '../../../model/json.js';
import { METADATA_KEY_MAX, METADATA_MAX_PAIRS, METADATA_VALUE_MAX } from '../../../model/marker.js';
import { ApiError, invalid } from '../../../emulator/errors.js';
import { paramPath } from '../../../emulator/param-path.js';
import { unknownProperty } from '../../../emulator/closed-schema.js';
import { codePoints } from '../../../util/characters.js';
import type { PageQuery } from '../../../emulator/paging.js';
import { specValidators } from './spec.js';
import { withArticle } from '../../../util/words.js';
import { pointerTokens } from '../../../util/json-pointer.js';

export type Operation = 'create' | 'modify';

/** What differs between hosts when a body is checked. */
export interface ValidationRules {
  schema: 'openai' | 'foundry';
  /**
   * `tool_resources.file_search.vector_stores` accepted on modify (zerobot, foundry; openai-openapi
   * ModifyAssistantRequest has no helper): the hosts' only statement of it, since aac makes the
   * helper's store itself on every host (assistants-backend.ts helperStore).
   */
  vectorStoresOnModify: boolean;
}

// The live error quotes this pattern and checks the length separately (ASSISTANTS.md, Tool objects).
const NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
const NAME_MAX = 64;
function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a decimal';
  if (typeof v === 'object') return 'an object';
  return withArticle(typeof v);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', integer: 'an integer', number: 'a decimal', object: 'an object',
  array: 'an array', boolean: 'a boolean', null: 'null',
};

function quoteList(values: unknown[]): string {
  const q = values.map((v) => `'${String(v)}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** The one error a person should see, in the API's words. */
function toApiError(errors: ErrorObject[], prefix: Array<string | number>): ApiError {
  // anyOf [T, null] and oneOf branches report every branch; the useful one is the most specific
  // error that is not the `null` alternative or the combinator's own summary.
  const oneOfRequired = errors.find((e) => e.keyword === 'oneOf' && Array.isArray(e.schema) &&
    (e.schema as unknown[]).every((s) => isObject(s) && Object.keys(s).join() === 'required'));
  if (oneOfRequired) {
    const names = (oneOfRequired.schema as Array<{ required: string[] }>).flatMap((s) => s.required);
    const p = paramPath([...prefix, ...pointerTokens(oneOfRequired.instancePath)]);
    return invalid(p, `Invalid '${p}': expected exactly one of ${names.map((n) => `'${n}'`).join(' or ')}.`);
  }
  const useful = errors.filter((e) => !['anyOf', 'oneOf', 'allOf', 'if'].includes(e.keyword) &&
    !(e.keyword === 'type' && (e.params as { type?: string }).type === 'null'));
  const e = useful.sort((a, b) => pointerTokens(b.instancePath).length - pointerTokens(a.instancePath).length)[0] ?? errors[0]!;
  const at = [...prefix, ...pointerTokens(e.instancePath)];
  const p = paramPath(at);
  const params = e.params as Record<string, unknown>;
  const data = e.data;
  switch (e.keyword) {
    case 'required': {
      const q = paramPath([...at, String(params.missingProperty)]);
      return invalid(q, `Missing required parameter: '${q}'.`, 'missing_required_parameter');
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const q = paramPath([...at, unknownProperty(e.keyword, params)!]);
      return invalid(q, `Unknown parameter: '${q}'.`, 'unknown_parameter');
    }
    case 'type': {
      const expected = String(params.type).split(',').map((t) => TYPE_NAMES[t] ?? t).join(' or ');
      return invalid(p || null, `Invalid type for '${p || 'body'}': expected ${expected}, but got ${describeType(data)} instead.`, 'invalid_type');
    }
    case 'maxLength':
      return invalid(p, `Invalid '${p}': string too long. Expected a string with maximum length ${params.limit}, but got a string with length ${codePoints(String(data))} instead.`, 'string_above_max_length');
    case 'minLength':
      return invalid(p, `Invalid '${p}': string too short. Expected a string with minimum length ${params.limit}, but got a string with length ${codePoints(String(data))} instead.`, 'string_below_min_length');
    case 'maxItems':
      return invalid(p, `Invalid '${p}': array too long. Expected an array with maximum length ${params.limit}, but got an array with length ${(data as unknown[]).length} instead.`, 'array_above_max_length');
    case 'minItems':
      return invalid(p, `Invalid '${p}': array too short. Expected an array with minimum length ${params.limit}, but got an array with length ${(data as unknown[]).length} instead.`, 'array_below_min_length');
    case 'maximum':
    case 'minimum': {
      const kind = Number.isInteger(data) ? 'integer' : 'decimal';
      const above = e.keyword === 'maximum';
      return invalid(p, `Invalid '${p}': ${kind} ${above ? 'above maximum' : 'below minimum'} value. Expected a value ${above ? '<=' : '>='} ${params.limit}, but got ${String(data)} instead.`, `${kind}_${above ? 'above_max' : 'below_min'}_value`);
    }
    case 'enum':
    case 'const': {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
      return invalid(p, `Invalid value: '${String(data)}'. Supported values are: ${quoteList(allowed)}.`);
    }
    default:
      return invalid(p || null, `Invalid '${p || 'body'}': ${e.message ?? 'invalid value'}.`);
  }
}

function check(validate: ValidateFunction, value: unknown, prefix: Array<string | number>): void {
  if (!validate(value)) throw toApiError(validate.errors ?? [], prefix);
}

/** Dispatches a discriminated item (tool, response_format) to its own schema, for a precise param. */
function checkDiscriminated(value: unknown, prefix: Array<string | number>, byType: Record<string, ValidateFunction>): void {
  if (!isObject(value)) return; // the parent schema reports the wrong type
  if (value.type === undefined) {
    const q = paramPath([...prefix, 'type']);
    throw invalid(q, `Missing required parameter: '${q}'.`, 'missing_required_parameter');
  }
  const validate = typeof value.type === 'string' ? byType[value.type] : undefined;
  if (!validate) {
    throw invalid(paramPath([...prefix, 'type']), `Invalid value: '${String(value.type)}'. Supported values are: ${quoteList(Object.keys(byType))}.`);
  }
  check(validate, value, prefix);
}

function checkName(value: unknown, at: Array<string | number>): void {
  if (typeof value !== 'string') return;
  const p = paramPath(at);
  if (!NAME_PATTERN.test(value)) {
    throw invalid(p, `Invalid '${p}': string does not match pattern. Expected a string that matches the pattern '${NAME_PATTERN.source}'.`);
  }
  if (codePoints(value) > NAME_MAX) {
    throw invalid(p, `Invalid '${p}': string too long. Expected a string with maximum length ${NAME_MAX}, but got a string with length ${codePoints(value)} instead.`, 'string_above_max_length');
  }
}

/** Metadata limits: prose only in both API descriptions, enforced by both services. */
export function checkMetadata(metadata: unknown, at: string = 'metadata'): void {
  if (!isObject(metadata)) return;
  const entries = Object.entries(metadata);
  if (entries.length > METADATA_MAX_PAIRS) {
    throw invalid(at, `Invalid '${at}': too many properties. Expected an object with at most ${METADATA_MAX_PAIRS} properties, but got an object with ${entries.length} properties instead.`, 'object_above_max_properties');
  }
  for (const [k, v] of entries) {
    if (codePoints(k) > METADATA_KEY_MAX) {
      throw invalid(at, `Invalid '${at}': key too long. Expected a key with maximum length ${METADATA_KEY_MAX}, but got a key with length ${codePoints(k)} instead.`, 'string_above_max_length');
    }
    if (typeof v === 'string' && codePoints(v) > METADATA_VALUE_MAX) {
      const p = `${at}.${k}`;
      throw invalid(p, `Invalid '${p}': string too long. Expected a string with maximum length ${METADATA_VALUE_MAX}, but got a string with length ${codePoints(v)} instead.`, 'string_above_max_length');
    }
  }
}

/** Throws the API's 400 for an invalid create or modify body. */
export function validateBody(body: unknown, op: Operation, rules: ValidationRules): void {
  const v = specValidators();
  if (!isObject(body)) {
    throw invalid(null, `Invalid type for body: expected an object, but got ${describeType(body)} instead.`, 'invalid_type');
  }
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (rules.schema === 'openai') {
    tools.forEach((t, i) => checkDiscriminated(t, ['tools', i], v.openaiTools));
    const rf = body.response_format;
    if (isObject(rf)) checkDiscriminated(rf, ['response_format'], v.openaiResponseFormats);
    else if (typeof rf === 'string' && rf !== 'auto') {
      throw invalid('response_format', `Invalid value: '${rf}'. Supported values are: 'auto'.`);
    }
    check(op === 'create' ? v.openai.create : rules.vectorStoresOnModify ? v.openaiModifyWithHelper : v.openai.modify, body, []);
    if (isObject(rf) && isObject(rf.json_schema)) checkName(rf.json_schema.name, ['response_format', 'json_schema', 'name']);
  } else {
    tools.forEach((t, i) => checkDiscriminated(t, ['tools', i], v.foundryTools));
    check(op === 'create' ? v.foundry.create : v.foundry.modify, body, []);
  }
  tools.forEach((t, i) => {
    if (isObject(t) && t.type === 'function' && isObject(t.function)) checkName(t.function.name, ['tools', i, 'function', 'name']);
  });
  checkMetadata(body.metadata);
}

/**
 * Compiles now every validator validateBody and validateVectorStoreBody use for a host of `rules`
 * (spec.ts compiles each at its first use: the first create of an OpenAI emulator took ~0.2 s of
 * CPU for the schemas and their meta-schema, while the requests that arrived with it waited).
 */
export function warmValidators(rules: ValidationRules): void {
  const v = specValidators();
  const own = v[rules.schema];
  const modify = rules.schema === 'openai' && rules.vectorStoresOnModify ? v.openaiModifyWithHelper : own.modify;
  const items = rules.schema === 'openai' ? [...Object.values(v.openaiTools), ...Object.values(v.openaiResponseFormats)] : Object.values(v.foundryTools);
  // Each read of a lazy record's key compiles its validator once.
  void [own.create, modify, own.createVectorStore, own.modifyVectorStore, ...items];
}

/**
 * Throws the API's 400 for an invalid vector store create (POST /vector_stores): openai-openapi
 * CreateVectorStoreRequest, azure-foundry VectorStoreOptions, and the metadata limits of both.
 */
export function validateVectorStoreBody(body: unknown, rules: ValidationRules, op: 'createVectorStore' | 'modifyVectorStore' = 'createVectorStore'): void {
  if (!isObject(body)) {
    throw invalid(null, `Invalid type for body: expected an object, but got ${describeType(body)} instead.`, 'invalid_type');
  }
  check(specValidators()[rules.schema][op], body, []);
  checkMetadata(body.metadata);
}

/** `limit` 1–100 (prose only in both descriptions), `order` asc|desc; both default as documented. */
export function parseListQuery(params: URLSearchParams): PageQuery {
  const rawLimit = params.get('limit');
  let limit = 20;
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit)) {
      throw invalid('limit', `Invalid type for 'limit': expected an integer, but got a string instead.`, 'invalid_type');
    }
    limit = Number(rawLimit);
    if (limit < 1) throw invalid('limit', `Invalid 'limit': integer below minimum value. Expected a value >= 1, but got ${limit} instead.`, 'integer_below_min_value');
    if (limit > 100) throw invalid('limit', `Invalid 'limit': integer above maximum value. Expected a value <= 100, but got ${limit} instead.`, 'integer_above_max_value');
  }
  const order = params.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw invalid('order', `Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`);
  }
  const out: PageQuery = { limit, order };
  const after = params.get('after');
  const before = params.get('before');
  if (after) out.after = after;
  if (before) out.before = before;
  return out;
}
