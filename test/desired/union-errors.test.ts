// A value that fails a union of shapes (oneOf/anyOf) is told what is wrong with the shape it
// chose — by its JSON type, and among objects by its `type` — not every other shape's complaint.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBranches } from '../../src/yaml/union-branch.js';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

async function validate(provider: string, yaml: string) {
  const root = writeTree({ 'assistants/a.yaml': yaml });
  return runCli(['validate', '--provider', provider], { cwd: root });
}

const AGENT = 'model: gpt-4.1\nname: helper\ntext:\n  format:\n';

describe('validate names the mistake in the branch a union value chose (openai-agents text.format)', () => {
  it('an unknown field in a json_schema format is an unknown field, at its line and column', async () => {
    const r = await validate('openai-agents', `${AGENT}    type: json_schema\n    name: answer\n    schema: {type: object}\n`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "assistants/a.yaml:6:5: error: unknown field 'name' in text.format (type: json_schema) [text.format.name]\n" +
        '  hint: the fields allowed here are: type, schema\n' +
        '1 error.\n' +
        '0 of 1 definition valid; fix the errors above.\n',
    );
  });

  it('a text format with an extra field, and a json_schema one without its schema, each in its own words', async () => {
    const extra = await validate('openai-agents', `${AGENT}    type: text\n    strict: true\n`);
    expect(extra.stdout).toContain("assistants/a.yaml:6:5: error: unknown field 'strict' in text.format (type: text) [text.format.strict]\n  hint: the fields allowed here are: type\n1 error.");
    const missing = await validate('openai-agents', `${AGENT}    type: json_schema\n`);
    expect(missing.stdout).toContain("error: text.format (type: json_schema) is missing the required field 'schema' [text.format]\n  hint: add `schema:`\n1 error.");
  });

  it('a type that selects no branch lists every branch; a missing type says which to add', async () => {
    const typo = await validate('openai-agents', `${AGENT}    type: jsonschema\n    schema: {type: object}\n`);
    expect(typo.stdout).toContain("assistants/a.yaml:5:11: error: text.format.type 'jsonschema' is not allowed; expected one of: text, json_schema [text.format.type]\n  hint: did you mean 'json_schema'?\n1 error.");
    const none = await validate('openai-agents', `${AGENT}    schema: {type: object}\n`);
    expect(none.stdout).toContain("error: text.format is missing the required field 'type' [text.format]\n  hint: add `type:` (one of: text, json_schema)\n1 error.");
  });

  it('a value of a type no branch takes is one error naming the types the union takes', async () => {
    const r = await validate('openai-agents', `${AGENT}    - text\n`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('assistants/a.yaml:5:5: error: text.format must be a mapping, not a list [text.format]\n  hint: set text.format to a mapping\n1 error.');
  });
});

describe('selectBranches', () => {
  // A union of $ref'd branches, as a schema author may write one: ajv reports the errors inside a
  // $ref with that schema's own paths, so the branch is found by the value's `type`.
  const root = {
    $defs: {
      a: { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'a' }, x: { type: 'string' } } },
      b: { type: 'object', additionalProperties: false, required: ['type', 'y'], properties: { type: { const: 'b' }, y: { type: 'integer' } } },
    },
    type: 'object',
    properties: { u: { oneOf: [{ type: 'null' }, { $ref: '#/$defs/a' }, { $ref: '#/$defs/b' }] } },
  };
  const fn = new Ajv2020({ allErrors: true, verbose: true, strict: false, inlineRefs: false }).compile(root);
  const resolve = (ref: string) => (root.$defs as Record<string, Record<string, unknown>>)[ref.replace('#/$defs/', '')];
  const errorsFor = (u: unknown) => {
    fn({ u });
    return selectBranches(fn.errors ?? [], resolve).errors.map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`);
  };

  it('keeps only the errors of the $ref branch the type selects', () => {
    expect(errorsFor({ type: 'b', y: 'seven' })).toEqual(['/u/y type {"type":"integer"}']);
    expect(errorsFor({ type: 'a', z: 1 })).toEqual(['/u additionalProperties {"additionalProperty":"z"}']);
  });

  it('makes one type error of a value no branch takes', () => {
    expect(errorsFor(3)).toEqual(['/u type {"type":["null","object"]}']);
  });
});
