// Function `parameters` and json_schema `schema` are JSON Schemas the model is held to: a broken one
// is only refused by the API at apply time (or silently ignored), so validate catches it first.
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { valueAt, type Json } from '../model/json.js';
import { ajv2020, precompiled, validatorDigest } from './precompiled.js';
import { describe, pointerPath, typeWords, yaml11BooleanHint } from './schema.js';
import type { FieldPath, YamlSource } from './source.js';

const OPTIONS: Options = { strict: false, validateFormats: false, allErrors: true };
/** ajv's own copy of the 2020-12 meta-schema, the one `validateSchema` uses. */
const META_ID = 'https://json-schema.org/draft/2020-12/schema';
/** The build's name for the meta-schema validator (see precompiled.ts). */
export const META_VALIDATOR = 'json-schema-2020-12';
const META_DIGEST_SOURCE = `ajv:${META_ID}`;

let ajv: Ajv2020 | undefined;
let meta: ValidateFunction | undefined;

function instance(): Ajv2020 {
  ajv ??= ajv2020(OPTIONS);
  return ajv;
}

/** The meta-schema validator, precompiled when the build made one. */
function metaValidator(): ValidateFunction {
  meta ??= precompiled(META_VALIDATOR, validatorDigest(META_DIGEST_SOURCE, OPTIONS)) ?? instance().getSchema(META_ID)!;
  return meta;
}

/** The meta-schema validator's standalone module, for the build (scripts/build-validators.mjs). */
export function metaValidatorModule(standalone: (ajv: Ajv2020, fn: ValidateFunction, digest: string) => string): string {
  const a = ajv2020({ ...OPTIONS, code: { source: true } });
  return standalone(a, a.getSchema(META_ID)!, validatorDigest(META_DIGEST_SOURCE, OPTIONS));
}

/** Diagnostics for a user's JSON Schema at `path`, each located inside it when ajv says where. */
export function checkJsonSchema(src: YamlSource, path: FieldPath, schema: unknown, what: string): Diagnostic[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [];
  // `$schema` names a draft ajv's 2020 build may not hold; the API reads the keywords, not the draft.
  const { $schema: _draft, ...copy } = schema as Record<string, unknown>;
  const hint = `${what} must be a valid JSON Schema (https://json-schema.org), e.g. {type: object, properties: {…}}`;
  const validateSchema = metaValidator();
  if (!validateSchema(copy)) {
    // The meta-schema explains one mistake several ways (enum, type, anyOf): keep the first per place.
    const firstPerPlace = new Map<string, ErrorObject>();
    for (const e of validateSchema.errors ?? []) {
      if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && !firstPerPlace.has(e.instancePath)) firstPerPlace.set(e.instancePath, e);
    }
    return [...firstPerPlace.values()].slice(0, 5).map((e) => {
      const inner = pointerPath(e.instancePath, copy as Json);
      const where = inner.length ? ` at '${inner.join('.')}'` : '';
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      // A wrong type in words, with what was written: `no` for false is YAML 1.1's, text in 1.2.
      const type = e.keyword === 'type' ? (e.params as { type: unknown }).type : undefined;
      const data = type === undefined ? undefined : valueAt(copy as Json, inner);
      const said = type === undefined ? `${e.message ?? 'invalid'}${allowed ? ` (${allowed.join(', ')})` : ''}` : `must be ${typeWords(type)}, not ${describe(data, src.written([...path, ...inner]))}`;
      const booleanHint = type !== undefined && String(type).split(',').includes('boolean') ? yaml11BooleanHint(data) : undefined;
      return src.diag([...path, ...inner], {
        code: 'invalid-json-schema',
        message: `${what} is not a valid JSON Schema${where}: ${said}`,
        hint: booleanHint ?? hint,
      }, 'value');
    });
  }
  // The meta-schema checks shapes; only references and regular expressions need a full compile,
  // which is by far the slowest step of validating a large repository.
  if (!/"\$(dynamic)?ref"|"pattern(Properties)?"/.test(JSON.stringify(copy))) return [];
  const a = instance();
  try {
    a.compile(copy);
    return [];
  } catch (err) {
    return [src.diag(path, { code: 'invalid-json-schema', message: `${what} is not a valid JSON Schema: ${(err as Error).message}`, hint }, 'value')];
  } finally {
    a.removeSchema(copy);
  }
}
