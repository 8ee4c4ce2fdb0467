// The output schemas themselves: each compiles as a strict 2020-12 schema, documents every field,
// accepts the format_version the code writes (a later bump that forgets its schema fails here),
// lists in its enums exactly the values the code has, and accepts the README's examples and the
// plan files the seam tests keep equal to real output.
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { backendNamed, migrationTargets, providerInfo, providerNames } from '../../src/backends/registry.js';
import { STOP_CAUSE } from '../../src/apply/outcome.js';
import { NAMESPACE_SOURCES } from '../../src/model/plan.js';
import { parsePlanFile, WRITTEN_SINCE } from '../../src/plan/plan-file.js';
import { errorsOf, expectDocument, outputSchemas, validators, type DocumentName, type Schema } from './schemas.js';

const SRC = new URL('../../src/', import.meta.url);
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Each format version constant of src/ and the document it versions. */
const DOCUMENT_OF: Record<string, DocumentName> = {
  PLAN_FORMAT_VERSION: 'plan',
  APPLY_FORMAT_VERSION: 'apply-report',
  DIAGNOSTICS_FORMAT_VERSION: 'diagnostics',
  IMPORT_FORMAT_VERSION: 'import-report',
  MIGRATE_FORMAT_VERSION: 'migrate-report',
  ENVIRONMENTS_FORMAT_VERSION: 'environments',
  VERSION_FORMAT_VERSION: 'version',
};

/** Every TypeScript source of src/, by its path below it. */
function sources(): Array<[string, string]> {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f, readFileSync(new URL(f, SRC), 'utf8')]);
}

const schemas = outputSchemas();
const at = (schema: Schema, ...path: string[]): Schema => path.reduce<Schema>((s, step) => s[step] as Schema, schema);

describe('the output schemas', () => {
  it('are one per document, each a strict 2020-12 schema named for its file', () => {
    expect(Object.keys(schemas).sort()).toEqual(Object.values(DOCUMENT_OF).sort());
    for (const [name, schema] of Object.entries(schemas)) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://github.com/assistants-as-code/aac/schema/output/${name}.schema.json`);
      expect(() => new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema), name).not.toThrow();
    }
  });

  it('describe every field, and say how they change', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        // An `if` and its `then` name properties described at their place: format_version, and what it requires.
        if (k === 'properties') {
          for (const [field, s] of Object.entries(v as Record<string, Schema>)) {
            if (typeof s.description !== 'string' && !(typeof s.$ref === 'string' && s.$ref.startsWith('#/'))) undescribed.push(`${where}.${field}`);
            walk(s, `${where}.${field}`);
          }
        } else if (k !== 'enum' && k !== 'const' && k !== 'if' && k !== 'then') walk(v, `${where}.${k}`);
      }
    };
    for (const [name, schema] of Object.entries(schemas)) {
      walk(schema, name);
      expect(schema.description, name).toMatch(/Compatibility: readers accept any \d\.x/);
    }
    expect(undescribed).toEqual([]);
  });
});

describe('format_version', () => {
  const constants = sources().flatMap(([file, text]) => [...text.matchAll(/\b([A-Z_]+_FORMAT_VERSION) = '([^']*)'/g)].map((m) => ({ file, name: m[1]!, value: m[2]! })));

  it('each version the code writes matches its schema, and a document without a schema fails', () => {
    expect(constants.map((c) => c.name).sort()).toEqual(Object.keys(DOCUMENT_OF).sort());
    for (const { file, name, value } of constants) {
      const pattern = new RegExp(at(schemas[DOCUMENT_OF[name]!]!, 'properties', 'format_version').pattern as string);
      expect(value, `${name} (src/${file}) against schema/output/${DOCUMENT_OF[name]}.schema.json`).toMatch(pattern);
      // A minor bump (which may change no field, as the plan's 1.18) is said in the schema too.
      expect(at(schemas[DOCUMENT_OF[name]!]!, 'properties', 'format_version').description, `${name} is ${value}: schema/output/${DOCUMENT_OF[name]}.schema.json says which version this aac writes, and what it changed`).toContain(`this aac writes ${value}`);
    }
  });

  it('is only ever written from one of those constants', () => {
    const written = sources().flatMap(([file, text]) => [...text.matchAll(/\bformat_version: ([^,\s}]+)/g)].map((m) => `${file}: ${m[1]}`));
    const known = written.filter((w) => Object.keys(DOCUMENT_OF).some((name) => w.endsWith(`: ${name}`)) || w.endsWith(': string;'));
    expect(written).toEqual(known);
    expect(written.length).toBeGreaterThanOrEqual(Object.keys(DOCUMENT_OF).length);
  });
});

describe('fields required from the format that added them on', () => {
  /** Each `allOf` entry: the field its `then` requires, as a WRITTEN_SINCE path, and its `if`'s format_version pattern. */
  const conditions = (schemas.plan!.allOf as Schema[]).map((s) => {
    const path: string[] = [];
    let then = at(s, 'then');
    while (!then.required) {
      const [name, inner] = Object.entries(then.properties as Record<string, Schema>)[0]!;
      path.push(name);
      then = inner;
    }
    return { fields: (then.required as string[]).map((f) => [...path, f].join('.')), pattern: new RegExp(at(s, 'if', 'properties', 'format_version').pattern as string) };
  });
  const written = (): Record<string, unknown> => JSON.parse(readFileSync(new URL('../seam/fixtures/examples-create/plan.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  /** `doc` without the field at `path` (a WRITTEN_SINCE key), copied along the way. */
  const without = (doc: Record<string, unknown>, path: string): Record<string, unknown> => {
    const [name, ...rest] = path.split('.');
    const copy = { ...doc };
    if (rest.length === 0) delete copy[name!];
    else copy[name!] = without(copy[name!] as Record<string, unknown>, rest.join('.'));
    return copy;
  };
  /** The first MINOR aac reads: a file before 1.2 has no target.namespace, and is refused (parsePlanFile). */
  const FIRST_READ = 2;
  const WRITES = Number((written().format_version as string).split('.')[1]);

  it('are the ones the plan file reader refuses a file without, each from the same format', () => {
    expect(conditions.flatMap((c) => c.fields).sort()).toEqual(Object.keys(WRITTEN_SINCE).sort());
    for (const { fields, pattern } of conditions) {
      for (const field of fields) {
        const since = WRITTEN_SINCE[field]!;
        for (let minor = 0; minor < 400; minor++) expect(pattern.test(`1.${minor}`), `${field} in 1.${minor}`).toBe(minor >= since);
      }
    }
  });

  it('refuse a plan aac writes without one, with the field named, and accept it of a format before the field', () => {
    const { open } = validators('plan');
    expectDocument('plan', JSON.stringify(written()));
    for (const [field, since] of Object.entries(WRITTEN_SINCE)) {
      const lacking = without(written(), field);
      const parent = field.split('.').slice(0, -1);
      expect(open(lacking), field).toBe(false);
      expect(errorsOf(open).split('\n')).toContain(`${parent.map((p) => `/${p}`).join('') || '/'} must have required property '${field.split('.').at(-1)}'`);
      expect(open({ ...lacking, format_version: `1.${since - 1}` }), `${field} before 1.${since}`).toBe(true);
    }
  });

  it('a plan file of each format aac reads, as that format wrote it, is read and validates; without a field its format writes, neither', () => {
    const { open } = validators('plan');
    for (let minor = FIRST_READ; minor <= WRITES; minor++) {
      const format = `1.${minor}`;
      const since = Object.entries(WRITTEN_SINCE);
      const asWritten = since.filter(([, s]) => s > minor).reduce((doc, [field]) => without(doc, field), { ...written(), format_version: format });
      expect(open(asWritten), `${format}: ${errorsOf(open)}`).toBe(true);
      expect(() => parsePlanFile(JSON.stringify(asWritten), 'p.json', 'aac plan --out p.json'), format).not.toThrow();
      for (const [field] of since.filter(([, s]) => s <= minor)) {
        const lacking = without(asWritten, field);
        expect(open(lacking), `${format} without ${field}`).toBe(false);
        expect(() => parsePlanFile(JSON.stringify(lacking), 'p.json', 'aac plan --out p.json'), `${format} without ${field}`).toThrow(`${field} is missing: a plan file of format 1.${WRITTEN_SINCE[field]} or later always has it`);
      }
    }
  });
});

describe("the diagnostics document's counts", () => {
  it('are required from 1.1, which added them, and absent from a 1.0 document', () => {
    const { open } = validators('diagnostics');
    const doc = { format_version: '1.1', valid: true, error_count: 0, warning_count: 0, diagnostics: [], definitions: 2, definition_count: 2, valid_definition_count: 2, provider: 'openai' };
    expect(open(doc), errorsOf(open)).toBe(true);
    const { definition_count: _found, valid_definition_count: _valid, ...lacking } = doc;
    expect(open(lacking)).toBe(false);
    expect(errorsOf(open)).toContain("/ must have required property 'definition_count'");
    expect(open({ ...lacking, format_version: '1.0' }), errorsOf(open)).toBe(true);
  });
});

describe('enums', () => {
  const providers = providerNames();
  const backends = [...new Set(providers.map((p) => providerInfo(p)!.backend.name))];

  it('hold the values the code has', () => {
    expect(at(schemas.plan!, 'properties', 'target', 'properties', 'provider').enum).toEqual(providers);
    expect(at(schemas.plan!, 'properties', 'target', 'properties', 'backend').enum).toEqual(backends);
    expect(at(schemas.plan!, 'properties', 'namespace_from').enum).toEqual([...NAMESPACE_SOURCES]);
    expect(at(schemas.diagnostics!, 'properties', 'provider').enum).toEqual([...providers, null]);
    expect(at(schemas.environments!, '$defs', 'provider').enum).toEqual(providers);
    expect(at(schemas['migrate-report']!, 'properties', 'from', 'properties', 'provider').enum).toEqual(providers);
    expect(at(schemas['migrate-report']!, 'properties', 'provider').enum).toEqual(migrationTargets().map((b) => backendNamed(b)!.providers[0]!.name));
    const stopped = at(schemas['apply-report']!, 'properties', 'summary', 'properties', 'stopped').anyOf as Schema[];
    expect(at(stopped[0]!, 'properties', 'cause').enum).toEqual(Object.keys(STOP_CAUSE));
  });
});

describe('documents kept as examples', () => {
  it('the README\'s JSON plan and environments examples', () => {
    const examples = [...README.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const plan = examples.filter((e) => e.includes('"resource_changes"'));
    const environments = examples.filter((e) => e.includes('"environments"') && !e.includes('"resource_changes"'));
    expect(plan.length).toBeGreaterThan(0);
    expect(environments.length).toBeGreaterThan(0);
    for (const e of plan) expectDocument('plan', e);
    for (const e of environments) expectDocument('environments', e);
  });

  it('the plan files the seam tests hold equal to real output, of every Assistants provider', () => {
    const fixtures = new URL('../seam/fixtures/', import.meta.url);
    const plans = readdirSync(fixtures).map((d) => new URL(`${d}/plan.json`, fixtures));
    expect(plans.length).toBeGreaterThan(0);
    for (const file of plans) expectDocument('plan', readFileSync(file, 'utf8'));
  });

  it('every schema is pointed to from the README', () => {
    for (const name of Object.keys(schemas)) expect(README).toContain(`schema/output/${name}.schema.json`);
  });
});
