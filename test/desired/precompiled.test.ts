// The validators the build generates (ajv standalone code) must judge every document exactly as
// the ones compiled at run time do, and one generated from another schema must not be used.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ajv2020, precompiled, standaloneModule } from '../../src/yaml/precompiled.js';
import { META_VALIDATOR, metaValidatorModule } from '../../src/yaml/json-schema-check.js';
import { schemaValidatorModules, withSharedSchemas } from '../../src/yaml/schema.js';

const require = createRequire(import.meta.url);

const written: string[] = [];
afterAll(() => written.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Written where ajv's runtime helpers, which the code requires, resolve: inside this project. */
function load(code: string): ValidateFunction & { digest: string } {
  mkdirSync(join('node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.cache', 'aac-validators-'));
  written.push(dir);
  const file = join(dir, 'v.cjs');
  writeFileSync(file, code);
  return require(file) as ValidateFunction & { digest: string };
}

const examples = readdirSync('assistants', { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
  .map((e) => parse(readFileSync(join(e.parentPath, e.name), 'utf8')) as Record<string, unknown>);
const broken: unknown[] = [
  {},
  { model: 5 },
  { model: 'gpt-4o', temperature: 'hot', top_p: 7, tools: [{ type: 'function', function: { name: 'bad name!' } }], extra: 1 },
  { model: 'gpt-4o', metadata: { ['k'.repeat(80)]: 'v' }, response_format: { type: 'json_schema' } },
  { model: 'gpt-4o', instructions: 'x'.repeat(300_000) },
  [],
  'text',
];

describe('precompiled validators', () => {
  it('judge documents as the validators compiled at run time do, errors and all', () => {
    const modules = schemaValidatorModules(standaloneModule);
    const runtime = withSharedSchemas(ajv2020({ allErrors: true, verbose: true, strict: false, validateFormats: false, unicode: false, logger: false, inlineRefs: false, code: { optimize: false } }));
    const assistant = load(modules['assistant.schema']!);
    const compiled = runtime.compile(JSON.parse(readFileSync('schema/assistant.schema.json', 'utf8')) as object);
    expect(examples.length).toBeGreaterThan(0);
    for (const doc of [...examples, ...broken]) {
      expect(assistant(doc)).toBe(compiled(doc));
      expect(JSON.stringify(assistant.errors)).toBe(JSON.stringify(compiled.errors));
    }
  });

  it('check JSON Schemas as the meta-schema compiled at run time does', () => {
    const meta = load(metaValidatorModule(standaloneModule));
    const runtime = ajv2020({ strict: false, validateFormats: false, allErrors: true });
    const schemas = [{ type: 'object', properties: { a: { type: 'strin' } } }, { type: 'object', required: 'a' }, { minimum: 'x', items: [1] }, { type: 'string' }];
    for (const s of schemas) {
      expect(meta(s)).toBe(runtime.validateSchema(s));
      expect(JSON.stringify(meta.errors)).toBe(JSON.stringify(runtime.errors));
    }
  });

  it('are used only when generated from the same schema, options and ajv', () => {
    // From the TypeScript sources there is no build next to the module: nothing precompiled.
    expect(precompiled(META_VALIDATOR, load(metaValidatorModule(standaloneModule)).digest)).toBeUndefined();
    // The build's own: the digest of the schema it was made from, which precompiled() compares.
    const built = require('../../dist/validators/assistant.schema.cjs') as { digest: string };
    const fresh = load(schemaValidatorModules(standaloneModule)['assistant.schema']!);
    expect(built.digest).toBe(fresh.digest);
    const other = load(schemaValidatorModules(standaloneModule)['aac.schema']!);
    expect(other.digest).not.toBe(fresh.digest);
  });
});
