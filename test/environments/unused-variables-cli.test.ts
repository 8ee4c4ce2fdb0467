// A variable no definition references sets nothing. `aac validate` says so at its declaration in
// aac.yaml — once it checks every environment and the definitions have no errors, so a reference
// in one environment's overlay or in a fragment counts, and a file it could not read hides none.
// `aac migrate` that drops a variable's every reference (a field with no counterpart) leaves the
// variable, and each environment's value for it, out of the new aac.yaml, and says so in a note
// naming the references dropped: the new directory validates without it, and plans as before.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

const KEY = 'sk-test-unused-variables-000000';
let cwd: string;
const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const read = (rel: string) => readFileSync(join(cwd, rel), 'utf8');
const aac = (argv: string[], env: Record<string, string | undefined> = {}) => runCli([...argv, '--no-color'], { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: undefined, AAC_NAMESPACE: undefined, AAC_ENV: undefined, ...env } });

interface Diag { severity: string; code: string; file: string | null; line: number | null; column: number | null; path: string; message: string; hint: string | null }
/** `aac validate --format json` of `dir` (with `more` flags): its exit code and diagnostics. */
async function validated(dir: string, ...more: string[]): Promise<{ code: number; diagnostics: Diag[] }> {
  const r = await aac(['validate', '--dir', dir, '--format', 'json', ...more]);
  return { code: r.code, diagnostics: (JSON.parse(r.stdout) as { diagnostics: Diag[] }).diagnostics };
}
const unused = (diagnostics: Diag[]) => diagnostics.filter((d) => d.code === 'unused-variable');

beforeEach(() => {
  cwd = testDir('aac-unused-variables-');
  mkdirSync(join(cwd, '.git'));
});

describe('aac validate', () => {
  beforeEach(() => {
    write('src/aac.yaml', [
      'namespace: t6',
      'variables:',
      '  chat_model: { type: string, default: gpt-4o }',
      '  tier: { type: string, default: gold }',
      '  schema_title: { type: string, default: Order }',
      '  spare: { type: number, default: 1 }',
      'environments:',
      '  dev: {}',
      '  prod: { namespace: t6-prod, values: { tier: platinum, spare: 2 } }',
      '',
    ].join('\n'));
    write('src/a.yaml', 'model: ${var.chat_model}\nname: A\ntools:\n  - type: function\n    function: { name: f, parameters: { $ref: _order.yaml } }\n');
    // Referenced in prod's overlay alone, and in a fragment alone.
    write('src/overlays/prod/a.yaml', 'metadata: { tier: "${var.tier}" }\n');
    write('src/_order.yaml', 'type: object\ntitle: "${var.schema_title}"\n');
  });

  test('a variable nothing references is a warning at its declaration; one referenced in one overlay or a fragment is not', async () => {
    const { code, diagnostics } = await validated('src');
    expect(code).toBe(0);
    expect(unused(diagnostics)).toEqual([{
      severity: 'warning',
      code: 'unused-variable',
      file: 'src/aac.yaml',
      line: 6,
      column: 3,
      path: 'variables.spare',
      message: "variable 'spare' is declared, but no definition, overlay or fragment references it (${var.spare}): its default and the value environment 'prod' gives it set nothing",
      hint: "reference it as ${var.spare} where its value belongs, or remove variables.spare and environments.prod.values.spare",
    }]);
    const text = await aac(['validate', '--dir', 'src']);
    expect(text.stdout).toContain("src/aac.yaml:6:3: warning: variable 'spare' is declared, but no definition");
  });

  test('with --env, which reads one environment\'s overlays, none is said: a reference may be in another\'s', async () => {
    const { code, diagnostics } = await validated('src', '--env', 'dev');
    expect(code).toBe(0);
    expect(unused(diagnostics)).toEqual([]);
  });

  test('a definition with an error may hold the only reference: none is said until it is fixed', async () => {
    write('src/b.yaml', 'model: gpt-4o\nname: B\ntemperature: "${var.spare}"\ntop_p: 7\n');
    const { code, diagnostics } = await validated('src');
    expect(code).toBe(1);
    expect(unused(diagnostics)).toEqual([]);
  });
});

describe('aac migrate', () => {
  beforeEach(() => {
    write('src/aac.yaml', [
      'namespace: t7',
      'variables:',
      '  chat_model: { type: string, default: gpt-4o }',
      '  temp: { type: number, default: 0.5 }',
      '  prod_model: { type: string, default: gpt-4o }',
      'environments:',
      '  dev: {}',
      '  prod: { namespace: t7-prod, values: { temp: 0.1, chat_model: gpt-4o-mini, prod_model: gpt-4.1 } }',
      '',
    ].join('\n'));
    write('src/a.yaml', 'model: ${var.chat_model}\nname: A\ntemperature: "${var.temp}"\n');
    write('src/b.yaml', 'model: gpt-4o\nname: B\ntop_p: "${var.temp}"\n');
    // Kept: the overlay's model is carried, and prod_model with it.
    write('src/overlays/prod/b.yaml', 'model: ${var.prod_model}\n');
  });

  test('a variable whose every reference is dropped is left out of the new aac.yaml, with each value, and a note says which references went', async () => {
    const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--accept-losses']);
    expect(r.code, r.stderr).toBe(0);
    // After the two fields dropped (listed first, each on its line: the variable's references).
    expect(r.stdout.split('\n')[0]).toBe('2 fields dropped (no counterpart in openai-agents), as --accept-losses accepted:');
    expect(r.stdout.split('\n')[3]).toBe(
      "src/aac.yaml:4:3: variables.temp — left out of out/aac.yaml, with environments.prod.values.temp: its references (src/a.yaml:3:14 temperature, src/b.yaml:3:8 top_p) are dropped, so it would set nothing",
    );
    expect(parse(read('out/aac.yaml'))).toEqual({
      provider: 'openai-agents',
      namespace: 't7',
      variables: { chat_model: { type: 'string', default: 'gpt-4o' }, prod_model: { type: 'string', default: 'gpt-4o' } },
      environments: { dev: {}, prod: { namespace: 't7-prod', values: { chat_model: 'gpt-4o-mini', prod_model: 'gpt-4.1' } } },
    });
    // The new directory validates with nothing to say, and prod plans what its values give.
    const checked = await validated('out');
    expect(checked).toEqual({ code: 0, diagnostics: [] });
    const emulator = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
    const applied = await aac(['apply', '--dir', 'out', '--env', 'prod', '--yes'], { OPENAI_BASE_URL: emulator.url });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).not.toContain('arning');
    expect(emulator.resources().map((a) => [a.name, a.model]).sort()).toEqual([['A', 'gpt-4o-mini'], ['B', 'gpt-4.1']]);
    expect((await aac(['plan', '--dir', 'out', '--env', 'prod', '--detailed-exitcode'], { OPENAI_BASE_URL: emulator.url })).code).toBe(0);
  });

  test("--format json: the note is kind 'unused-variable', at the declaration", async () => {
    write('src/b.yaml', 'model: gpt-4o\nname: B\n');
    const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--accept-losses', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { notes: Array<Record<string, unknown>> };
    expect(doc.notes).toEqual([{
      kind: 'unused-variable',
      file: 'src/aac.yaml',
      line: 4,
      column: 3,
      path: 'variables.temp',
      environment: null,
      note: 'left out of out/aac.yaml, with environments.prod.values.temp: its only reference (src/a.yaml:3:14 temperature) is dropped, so it would set nothing',
    }]);
  });
});
