// YAML 1.2, which aac reads, takes YAML 1.1's `yes`/`no`/`on`/`off`/`y`/`n` as text. Wherever a
// boolean is expected — a definition's field, or a keyword of a function's `parameters` JSON
// Schema — the error says what was written in words and the hint says how to write the boolean,
// not ajv's `must be object,boolean`. Through the real CLI.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';

let cwd: string;
const aac = (...argv: string[]) => runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-test' } });
const write = (rel: string, text: string) => {
  mkdirSync(join(cwd, rel, '..'), { recursive: true });
  writeFileSync(join(cwd, rel), text);
};

beforeEach(() => {
  cwd = testDir('aac-yaml11-booleans-');
  mkdirSync(join(cwd, '.git'));
  write('d/aac.yaml', 'namespace: yb\n');
});

const definition = (strict: string, additional: string) => [
  'model: gpt-4o',
  'tools:',
  '  - type: function',
  '    function:',
  '      name: f',
  `      strict: ${strict}`,
  '      parameters:',
  '        type: object',
  `        additionalProperties: ${additional}`,
  '        properties:',
  '          a: {type: string, deprecated: n}',
  '        required: [a]',
  '',
].join('\n');

describe('YAML 1.1 booleans where a boolean is expected', () => {
  test('in a function\'s JSON Schema, as in the definition\'s own fields', async () => {
    write('d/f.yaml', definition('yes', 'no'));
    const r = await aac('validate', '--dir', 'd');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe([
      "d/f.yaml:6:15: error: tools[0].function.strict must be true or false, not the string 'yes' [tools[0].function.strict]",
      '  hint: `yes` is text in YAML 1.2, not a boolean: write true',
      "d/f.yaml:9:31: error: tools[0].function.parameters is not a valid JSON Schema at 'additionalProperties': must be a mapping or true or false, not the string 'no' [tools[0].function.parameters.additionalProperties]",
      '  hint: `no` is text in YAML 1.2, not a boolean: write false',
      "d/f.yaml:11:41: error: tools[0].function.parameters is not a valid JSON Schema at 'properties.a.deprecated': must be true or false, not the string 'n' [tools[0].function.parameters.properties.a.deprecated]",
      '  hint: `n` is text in YAML 1.2, not a boolean: write false',
      '3 errors.',
      '0 of 1 definition valid; fix the errors above.',
      '',
    ].join('\n'));
  });

  test('under strict: true, `additionalProperties: Off` is one error, not also strict mode\'s', async () => {
    write('d/f.yaml', definition('true', 'Off'));
    const r = await aac('validate', '--dir', 'd', '--format', 'json');
    const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ line: number; message: string; hint: string }> };
    expect(doc.diagnostics.filter((d) => d.line === 9).map((d) => [d.message, d.hint])).toEqual([[
      "tools[0].function.parameters is not a valid JSON Schema at 'additionalProperties': must be a mapping or true or false, not the string 'Off'",
      '`Off` is text in YAML 1.2, not a boolean: write false',
    ]]);
  });
});
