// The published JSON Schemas of aac's output documents (schema/output/), compiled as a user's
// validator would (2020-12, ajv's strict mode), and a closed copy of each for the tests.
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { expect } from 'vitest';

export const OUTPUT_SCHEMA_DIR = new URL('../../schema/output/', import.meta.url);

/** The documents, by schema file name without `.schema.json`. */
export type DocumentName = 'plan' | 'apply-report' | 'diagnostics' | 'import-report' | 'migrate-report' | 'environments' | 'version';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Schema = { [k: string]: Json };

/** Every schema file in schema/output/, by name. */
export function outputSchemas(): Record<string, Schema> {
  const files = readdirSync(OUTPUT_SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'));
  return Object.fromEntries(files.map((f) => [f.replace(/\.schema\.json$/, ''), JSON.parse(readFileSync(new URL(f, OUTPUT_SCHEMA_DIR), 'utf8')) as Schema]));
}

/**
 * The schema with every object that lists its properties closed (`additionalProperties: false`).
 * The published schemas leave objects open, as the README's compatibility rule says (a later minor
 * adds fields, which readers ignore); this aac's own output must hold exactly the fields they
 * document, so a field printed and not documented fails here, as a renamed one does.
 */
export function closed(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(schema)) {
    // A property's name or an enum's value is data, not a schema; an `if` (a condition on the
    // document's format_version) and its `then` (what it then requires) are not objects of their
    // own, which closed would make never hold.
    out[k] = k === 'properties' || k === '$defs' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, closed(s as Json)])) : k === 'enum' || k === 'const' || k === 'required' || k === 'if' || k === 'then' ? v : closed(v);
  }
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

/**
 * ajv as a strict user runs it: strict mode, union types allowed (`"type": ["string", "null"]`,
 * standard JSON Schema that strict mode only asks to be said), every error listed.
 */
function compiler(): Ajv2020 {
  return new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
}

const compiled = new Map<string, { open: ValidateFunction; closed: ValidateFunction }>();

export function validators(name: DocumentName): { open: ValidateFunction; closed: ValidateFunction } {
  let v = compiled.get(name);
  if (!v) {
    const schema = outputSchemas()[name];
    if (!schema) throw new Error(`no schema/output/${name}.schema.json`);
    v = { open: compiler().compile(schema), closed: compiler().compile(closed(schema) as Schema) };
    compiled.set(name, v);
  }
  return v;
}

/** ajv's errors, one a line, for a failed expectation's message. */
export function errorsOf(fn: ValidateFunction): string {
  return (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`).join('\n');
}

/**
 * Parses `text` (a document aac printed or wrote) and expects it to follow its schema, as
 * published (open) and as this aac must write it (closed). Returns the document.
 */
export function expectDocument(name: DocumentName, text: string): Record<string, unknown> {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const { open, closed: exact } = validators(name);
  expect(open(doc), `${name}: ${errorsOf(open)}`).toBe(true);
  expect(exact(doc), `${name} (closed): ${errorsOf(exact)}`).toBe(true);
  return doc;
}

/**
 * The `then` parts of the plan schema's `allOf` (each: a field required `if` format_version is the
 * format that added it or later), as their objects at `path` (property names from the top:
 * ['target'] gives `then.properties.target` of those that have one).
 */
export function requiredSinceAt(root: Schema, path: readonly string[]): Schema[] {
  const thens = ((root.allOf as Schema[] | undefined) ?? []).map((s) => s.then as Schema | undefined);
  return path.reduce((at, name) => at.map((s) => (s?.properties as Record<string, Schema> | undefined)?.[name]), thens).filter((s): s is Schema => s !== undefined);
}

/**
 * The fields the schema `schema` (an object's) requires of a document of the format this aac
 * writes: its `required`, and those `since` (requiredSinceAt its place) requires from the format
 * that added them on, which a file of an earlier format lacks.
 */
export function requiredNow(schema: Schema, since: readonly Schema[]): Set<string> {
  return new Set([...((schema.required as string[] | undefined) ?? []), ...since.flatMap((s) => (s.required as string[] | undefined) ?? [])]);
}
