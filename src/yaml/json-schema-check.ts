// Function `parameters` and json_schema `schema` are JSON Schemas the model is held to: a broken one
// is only refused by the API at apply time (or silently ignored), so validate catches it first.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Json } from '../model/json.js';
import { pointerPath } from './schema.js';
import type { FieldPath, YamlSource } from './source.js';

let ajv: Ajv2020 | undefined;

function instance(): Ajv2020 {
  ajv ??= new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  return ajv;
}

/** Diagnostics for a user's JSON Schema at `path`, each located inside it when ajv says where. */
export function checkJsonSchema(src: YamlSource, path: FieldPath, schema: unknown, what: string): Diagnostic[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [];
  const a = instance();
  // `$schema` names a draft ajv's 2020 build may not hold; the API reads the keywords, not the draft.
  const { $schema: _draft, ...copy } = schema as Record<string, unknown>;
  const hint = `${what} must be a valid JSON Schema (https://json-schema.org), e.g. {type: object, properties: {…}}`;
  if (!a.validateSchema(copy)) {
    // The meta-schema explains one mistake several ways (enum, type, anyOf): keep the first per place.
    const firstPerPlace = new Map<string, NonNullable<typeof a.errors>[number]>();
    for (const e of a.errors ?? []) {
      if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && !firstPerPlace.has(e.instancePath)) firstPerPlace.set(e.instancePath, e);
    }
    return [...firstPerPlace.values()].slice(0, 5).map((e) => {
      const inner = pointerPath(e.instancePath, copy as Json);
      const where = inner.length ? ` at '${inner.join('.')}'` : '';
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      return src.diag([...path, ...inner], {
        code: 'invalid-json-schema',
        message: `${what} is not a valid JSON Schema${where}: ${e.message ?? 'invalid'}${allowed ? ` (${allowed.join(', ')})` : ''}`,
        hint,
      }, 'value');
    });
  }
  // The meta-schema checks shapes; only references and regular expressions need a full compile,
  // which is by far the slowest step of validating a large repository.
  if (!/"\$(dynamic)?ref"|"pattern(Properties)?"/.test(JSON.stringify(copy))) return [];
  try {
    a.compile(copy);
    return [];
  } catch (err) {
    return [src.diag(path, { code: 'invalid-json-schema', message: `${what} is not a valid JSON Schema: ${(err as Error).message}`, hint }, 'value')];
  } finally {
    a.removeSchema(copy);
  }
}
