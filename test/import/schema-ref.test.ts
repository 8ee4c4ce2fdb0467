// The shipped JSON Schemas and the `$schema` reference import writes (issue 19): the schemas
// compile in stock ajv's strict mode, and the reference resolves on every clone.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { schemaReference } from '../../src/import/schema-ref.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

describe('the shipped schemas', () => {
  it.each(['assistant', 'aac'])('%s.schema.json compiles in stock ajv (strict mode on, the default)', (name) => {
    const schema = JSON.parse(readFileSync(join(REPO, 'schema', `${name}.schema.json`), 'utf8')) as object;
    const ajv = new Ajv2020();
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(JSON.stringify(schema)).not.toContain('"x-aac-');
  });
});

describe('schemaReference', () => {
  it('is a path relative to the file when the schema is committed in the same repository', () => {
    expect(schemaReference(join(REPO, 'assistants', 'support', 'bot.yaml'), join(REPO, 'assistants'), ASSISTANT)).toBe('../../schema/assistant.schema.json');
  });

  it('is none for a project elsewhere, in git or not: no URL serves the schemas of an unpublished package', () => {
    const plain = mkdtempSync(join(tmpdir(), 'aac-ref-'));
    expect(schemaReference(join(plain, 'assistants', 'a.yaml'), join(plain, 'assistants'), ASSISTANT)).toBeNull();
    const repo = mkdtempSync(join(tmpdir(), 'aac-ref-git-'));
    mkdirSync(join(repo, '.git'));
    expect(schemaReference(join(repo, 'assistants', 'a.yaml'), join(repo, 'assistants'), ASSISTANT)).toBeNull();
  });
});
