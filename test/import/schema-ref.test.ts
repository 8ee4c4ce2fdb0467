// The shipped JSON Schemas and the `$schema` reference import writes (issue 19): the schemas
// compile in stock ajv's strict mode and with aac's own options without a message from ajv, and
// the reference resolves on every clone.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { schemaReference } from '../../src/import/schema-ref.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { SCHEMA_OPTIONS, withSharedSchemas } from '../../src/yaml/schema.js';
import { testDir } from '../helpers/each-test.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

const SHIPPED = readdirSync(join(REPO, 'schema')).filter((f) => f.endsWith('.schema.json'));

describe('the shipped schemas', () => {
  it('are every kind\'s, aac.yaml\'s and the key\'s format the kinds share', () => {
    expect(SHIPPED.sort()).toEqual(['aac.schema.json', 'assistant.schema.json', 'foundry-agent.schema.json', 'key.schema.json', 'openai-agent.schema.json']);
  });

  // Stock ajv (strict mode on, the default) is what a user's editor or script validates with; the
  // project's options are aac's own, and with strict mode on they must hold as well. ajv says what
  // it objects to through its logger (strict mode "log": a union `type` is one such), so compiling
  // must log nothing. (The project's `unicode: false` is announced when an instance is made, not
  // when a schema compiles: what is logged before the compile is not counted.)
  const variants: Array<[string, Options]> = [
    ['stock ajv', {}],
    ["the project's options", SCHEMA_OPTIONS],
    ["the project's options in ajv's default strict mode", Object.fromEntries(Object.entries(SCHEMA_OPTIONS).filter(([k]) => k !== 'strict'))],
  ];
  it.each(SHIPPED.flatMap((file) => variants.map(([how, options]) => [file, how, options] as const)))('%s compiles in %s without a word from ajv', (file, _how, options) => {
    const schema = JSON.parse(readFileSync(join(REPO, 'schema', file), 'utf8')) as object;
    const said: unknown[] = [];
    const record = (...m: unknown[]) => void said.push(m);
    const ajv = new Ajv2020({ ...options, logger: { log: record, warn: record, error: record } });
    // A kind's schema `$ref`s key.schema.json (the key's format), which a user adds beside it.
    if (file !== 'key.schema.json') withSharedSchemas(ajv);
    said.length = 0;
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(said).toEqual([]);
    expect(JSON.stringify(schema)).not.toContain('"x-aac-');
  });
});

describe('schemaReference', () => {
  it('is a path relative to the file when the schema is committed in the same repository', () => {
    expect(schemaReference(join(REPO, 'assistants', 'support', 'bot.yaml'), join(REPO, 'assistants'), ASSISTANT)).toBe('../../schema/assistant.schema.json');
  });

  it("is the path into node_modules where the repository's package.json depends on aac, as README's examples write it", () => {
    const repo = testDir('aac-ref-dep-');
    mkdirSync(join(repo, '.git'));
    const schemaDir = join(repo, 'node_modules', 'assistants-as-code', 'schema');
    mkdirSync(schemaDir, { recursive: true });
    const installed = { schema: pathToFileURL(join(schemaDir, 'assistant.schema.json')) };
    const ref = () => schemaReference(join(repo, 'assistants', 'support', 'a.yaml'), join(repo, 'assistants'), installed);
    // No package.json, or one that does not name aac: this machine's install, missing elsewhere.
    expect(ref()).toBeNull();
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ devDependencies: { other: '1.0.0' } }));
    expect(ref()).toBeNull();
    for (const field of ['devDependencies', 'dependencies']) {
      writeFileSync(join(repo, 'package.json'), JSON.stringify({ [field]: { 'assistants-as-code': 'file:assistants-as-code-0.1.0.tgz' } }));
      expect(ref()).toBe('../../node_modules/assistants-as-code/schema/assistant.schema.json');
    }
    // A copy nested in another package's node_modules is not the project's pin.
    const nested = join(repo, 'node_modules', 'x', 'node_modules', 'assistants-as-code', 'schema', 'assistant.schema.json');
    expect(schemaReference(join(repo, 'assistants', 'a.yaml'), join(repo, 'assistants'), { schema: pathToFileURL(nested) })).toBeNull();
  });

  it('is none for a project elsewhere, in git or not: no URL serves the schemas of an unpublished package', () => {
    const plain = testDir('aac-ref-');
    expect(schemaReference(join(plain, 'assistants', 'a.yaml'), join(plain, 'assistants'), ASSISTANT)).toBeNull();
    const repo = testDir('aac-ref-git-');
    mkdirSync(join(repo, '.git'));
    expect(schemaReference(join(repo, 'assistants', 'a.yaml'), join(repo, 'assistants'), ASSISTANT)).toBeNull();
  });
});
