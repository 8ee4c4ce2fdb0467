// The scalar type a kind's JSON Schema wants at a field of a definition: what a `${var.…}` that
// is the whole of that field's string must hold, for the hint that declares an undeclared one
// (environments/variables.ts). Read from the schema file as written: `$ref`, `properties`,
// `patternProperties`, `additionalProperties`, `items`, `prefixItems`, and the branches of
// `allOf`, `anyOf`, `oneOf` and `if`/`then`/`else`, an `if` decided by the `const`s, `enum`s and
// `required` of the definition's own value (how the shipped schemas tell a tool's shape by its
// `type`). Any branch it cannot decide is kept, so the types disagree and nothing is said.
import { isObject, type Json } from '../model/json.js';
import { matchesPattern, refResolver, schemaRoot } from './schema.js';
import type { FieldPath } from './source.js';

type Schema = Record<string, unknown>;

/** The scalar types a variable may have (environments/variables.ts VARIABLE_TYPES). */
export type ScalarType = 'string' | 'number' | 'integer' | 'boolean';

/**
 * The one scalar type the schema at `schema` wants at `path` of `value` (a definition's parsed
 * value): `number` for `type: [number, null]`, `integer`, `boolean`, `string` (an `enum` of
 * strings too); undefined where it wants a list or mapping, where its branches name several
 * scalar types or none, or where the path leaves what the schema describes.
 */
export function wantedType(schema: URL, value: Json, path: FieldPath): ScalarType | undefined {
  const resolve = refResolver(schema);
  let at: Array<{ schema: Schema; value: Json | undefined }> = branches(schemaRoot(schema), value, resolve);
  let here: Json | undefined = value;
  for (const step of path) {
    const next: Json | undefined = Array.isArray(here) && typeof step === 'number' ? here[step] : isObject(here) ? here[String(step)] : undefined;
    at = at.flatMap(({ schema: s }) => childSchemas(s, step).flatMap((child) => branches(child, next, resolve)));
    here = next;
  }
  const types = new Set(at.flatMap(({ schema: s }) => typesOf(s)));
  types.delete('null');
  if (types.size === 2 && types.has('number') && types.has('integer')) return 'number';
  if (types.size !== 1) return undefined;
  const [only] = types;
  return only === 'string' || only === 'number' || only === 'integer' || only === 'boolean' ? only : undefined;
}

/** The schemas that apply to `value` at `schema`: itself and every branch it holds, `$ref`s followed. */
function branches(schema: unknown, value: Json | undefined, resolve: (ref: string) => Schema | undefined, depth = 0): Array<{ schema: Schema; value: Json | undefined }> {
  let s = schema;
  for (let hops = 0; isSchema(s) && typeof s.$ref === 'string' && hops < 8; hops++) {
    const { $ref, ...beside } = s;
    const target = resolve($ref as string);
    s = target && { ...target, ...beside };
  }
  if (!isSchema(s) || depth > 16) return [];
  const out = [{ schema: s, value }];
  const more = (list: unknown) => (Array.isArray(list) ? list.flatMap((b) => branches(b, value, resolve, depth + 1)) : []);
  out.push(...more(s.allOf), ...more(s.anyOf), ...more(s.oneOf));
  if (s.if !== undefined) {
    const decided = holds(s.if, value);
    if (decided !== false && s.then !== undefined) out.push(...branches(s.then, value, resolve, depth + 1));
    if (decided !== true && s.else !== undefined) out.push(...branches(s.else, value, resolve, depth + 1));
  }
  return out;
}

/** Whether `value` passes `condition` by its `properties`' `const`/`enum` and its `required` alone; undefined when that cannot tell. */
function holds(condition: unknown, value: Json | undefined): boolean | undefined {
  if (!isSchema(condition)) return undefined;
  const known = new Set(['properties', 'required', 'description']);
  if (Object.keys(condition).some((k) => !known.has(k))) return undefined;
  if (!isObject(value)) return undefined;
  if (Array.isArray(condition.required) && condition.required.some((k) => !Object.hasOwn(value, String(k)))) return false;
  for (const [key, rule] of Object.entries(isSchema(condition.properties) ? condition.properties : {})) {
    if (!isSchema(rule) || !Object.hasOwn(value, key)) continue;
    const ruleKeys = Object.keys(rule).filter((k) => k !== 'description');
    if (ruleKeys.some((k) => k !== 'const' && k !== 'enum')) return undefined;
    if ('const' in rule && rule.const !== value[key]) return false;
    if (Array.isArray(rule.enum) && !rule.enum.includes(value[key])) return false;
  }
  return true;
}

/** The schemas `schema` gives the entry `step` of what it describes. */
function childSchemas(schema: Schema, step: string | number): unknown[] {
  if (typeof step === 'number') {
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
    if (step < prefix.length) return [prefix[step]];
    return schema.items !== undefined ? [schema.items] : [];
  }
  const properties = isSchema(schema.properties) ? schema.properties : {};
  if (Object.hasOwn(properties, step)) return [properties[step]];
  const patterns = isSchema(schema.patternProperties) ? Object.entries(schema.patternProperties).filter(([pattern]) => matchesPattern(pattern, step)).map(([, s]) => s) : [];
  if (patterns.length > 0) return patterns;
  return isSchema(schema.additionalProperties) ? [schema.additionalProperties] : [];
}

/** The JSON types `schema` says its value has: its `type`, else those of its `const` or `enum` values. */
function typesOf(schema: Schema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((t): t is string => typeof t === 'string');
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [];
  return values.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v));
}

const isSchema = (s: unknown): s is Schema => s !== null && typeof s === 'object' && !Array.isArray(s);
