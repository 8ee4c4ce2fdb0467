// What strict mode asks of a schema (`function.strict: true`, `json_schema.strict: true`). The
// OpenAPI spec says only "a subset of JSON Schema is supported when strict is true"
// (openai-openapi FunctionObject.strict, ResponseFormatJsonSchema.json_schema.strict) and links to
// the Structured Outputs guide, which is where these two rules are stated: every object has
// `additionalProperties: false`, and every property is listed in `required` (an optional one is
// made nullable instead). The guide's other limits (nesting depth, total properties, keywords)
// have changed between model versions, so they are left to the API rather than guessed here.
import type { Diagnostic } from '../model/diagnostic.js';
import { isObject, type Json, type JsonObject } from '../model/json.js';
import type { FieldPath, YamlSource } from './source.js';

/** Keywords whose value is one subschema, or a map or list of them, walked for nested objects. */
const ONE = ['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else'];
const MAP = ['properties', '$defs', 'definitions', 'patternProperties'];
const LIST = ['anyOf', 'allOf', 'oneOf', 'prefixItems'];

function isObjectSchema(schema: JsonObject): boolean {
  const t = schema.type;
  return t === 'object' || (Array.isArray(t) && t.includes('object')) || (t === undefined && isObject(schema.properties));
}

/** The most property names a message lists; past it, how many more. */
const NAMES_SHOWN = 20;

function checkObject(src: YamlSource, path: FieldPath, schema: JsonObject, what: string, out: Diagnostic[]): void {
  // A value of neither JSON Schema type (`no`, text in YAML 1.2) is the schema check's to report.
  const invalid = schema.additionalProperties !== undefined && typeof schema.additionalProperties !== 'boolean' && !isObject(schema.additionalProperties);
  if (schema.additionalProperties !== false && !invalid) {
    out.push(src.diag(schema.additionalProperties === undefined ? path : [...path, 'additionalProperties'], {
      code: 'strict-schema',
      message: `${what}: strict mode needs \`additionalProperties: false\` on every object, and this one ${schema.additionalProperties === undefined ? 'has none' : 'allows other properties'}`,
      hint: 'add `additionalProperties: false` to this object (or set strict: false)',
    }, schema.additionalProperties === undefined ? 'key' : 'value'));
  }
  const properties = isObject(schema.properties) ? Object.keys(schema.properties) : [];
  // A set: a schema of 80,000 properties took a minute with a scan of `required` for each.
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const missing = properties.filter((p) => !required.has(p));
  if (missing.length > 0) {
    const named = `${missing.slice(0, NAMES_SHOWN).map((m) => `'${m}'`).join(', ')}${missing.length > NAMES_SHOWN ? ` and ${missing.length - NAMES_SHOWN} more` : ''}`;
    const written = properties.length > NAMES_SHOWN ? 'list every property in `required`'
      : `write \`required: [${properties.map((p) => (/^[A-Za-z_][\w-]*$/.test(p) ? p : JSON.stringify(p))).join(', ')}]\``;
    out.push(src.diag(schema.required === undefined ? path : [...path, 'required'], {
      code: 'strict-schema',
      message: `${what}: strict mode needs every property in \`required\`; ${named} ${missing.length === 1 ? 'is' : 'are'} not`,
      hint: `${written}, and make an optional property nullable (e.g. \`type: [string, "null"]\`) (or set strict: false)`,
    }, schema.required === undefined ? 'key' : 'value'));
  }
}

function walk(src: YamlSource, path: FieldPath, schema: Json | undefined, what: string, out: Diagnostic[]): void {
  if (!isObject(schema)) return;
  if (isObjectSchema(schema)) checkObject(src, path, schema, what, out);
  for (const k of ONE) walk(src, [...path, k], schema[k], `${what}.${k}`, out);
  for (const k of MAP) {
    const map = schema[k];
    if (isObject(map)) for (const [name, sub] of Object.entries(map)) walk(src, [...path, k, name], sub, `${what}.${k}.${name}`, out);
  }
  for (const k of LIST) {
    const list = schema[k];
    if (Array.isArray(list)) list.forEach((sub, i) => walk(src, [...path, k, i], sub, `${what}.${k}[${i}]`, out));
  }
}

/**
 * Diagnostics (errors: the API refuses the schema) for each object in `schema`, at `path` in the
 * file, that strict mode would refuse; [] when `schema` is not an object. `what` names the schema
 * in messages, e.g. `tools[0].function.parameters`.
 */
export function checkStrictSchema(src: YamlSource, path: FieldPath, schema: Json | undefined, what: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  walk(src, path, schema, what, out);
  return out;
}
