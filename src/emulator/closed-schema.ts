// The emulator's one rule for fields a request schema does not list, for every dialect: refused,
// with `Unknown parameter: '<path>'`, at every depth. The OpenAI description closes only its
// top-level bodies (`additionalProperties: false`, openai-openapi ASSISTANTS.md "Validating with
// ajv": "Nested objects are open"); the Foundry descriptions close nothing (azure-foundry AGENTS.md:
// classic "No `additionalProperties: false`", new API "The object is open"). None of the sources
// says what the live services do with a field they do not list: store it, drop it or refuse it.
// The conservative reading is the emulator's: refuse, as OpenAI refuses at the top, so a client
// that sends a field its host does not know (`strict` to classic Foundry) learns it at once, and a
// rehearsal never stores what the host may not keep.

type Schema = Record<string, unknown>;

/** Keywords whose value is a map of schemas by name (not a schema itself). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'schemas', 'dependentSchemas']);
/** Keywords whose value is data (an instance), never a schema to walk. */
const DATA = new Set(['enum', 'const', 'default', 'example', 'examples']);

/**
 * `doc` (a JSON Schema document, or an OpenAPI/Swagger one: any tree of schemas) with every object
 * schema that lists `properties` and says nothing of the rest closed by `unevaluatedProperties:
 * false`, which sees the properties its `allOf`/`oneOf`/`anyOf` branches evaluate. A schema that
 * states `additionalProperties` or `unevaluatedProperties` (a map such as `metadata`, an open
 * `parameters`) keeps its word. A schema another extends through `allOf` (a Swagger discriminator
 * base, `#/definitions/ToolDefinition`) stays open itself, or it would refuse its subtypes' fields;
 * its subtypes are closed. A new object; `doc` is not changed. Validate with ajv's 2020 draft.
 */
export function closeObjects<T>(doc: T): T {
  const bases = new Set<string>();
  const findBases = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(findBases);
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'allOf' && Array.isArray(v)) for (const item of v) if (typeof (item as Schema)?.$ref === 'string') bases.add((item as Schema).$ref as string);
      findBases(v);
    }
  };
  findBases(doc);
  const close = (node: unknown, pointer: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => close(item, `${pointer}/${i}`));
    if (node === null || typeof node !== 'object') return node;
    const out: Schema = {};
    for (const [k, v] of Object.entries(node)) {
      // An `if` is a condition on the instance (a discriminator's value), not an object of its
      // own: closed, it would fail on every other field and its `then` would never apply.
      if (DATA.has(k) || k === 'if') out[k] = v;
      else if (SCHEMA_MAPS.has(k) && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, close(s, `${pointer}/${k}/${name}`)]));
      } else out[k] = close(v, `${pointer}/${k}`);
    }
    const open = out.additionalProperties !== undefined || out.unevaluatedProperties !== undefined || bases.has(`#${pointer}`);
    if (out.properties !== null && typeof out.properties === 'object' && !open) out.unevaluatedProperties = false;
    return out;
  };
  return close(doc, '') as T;
}

/** The property an ajv error of `additionalProperties` or `unevaluatedProperties` names, else undefined. */
export function unknownProperty(keyword: string, params: Record<string, unknown>): string | undefined {
  if (keyword === 'additionalProperties') return String(params.additionalProperty);
  if (keyword === 'unevaluatedProperties') return String(params.unevaluatedProperty);
  return undefined;
}
