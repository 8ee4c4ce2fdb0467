// Shared fragments (`$ref`, issue 19) and overlays through the real CLI against the emulator: the
// included value is what is sent, a mistake inside a fragment is reported where it is written, and
// a saved plan is stale once a fragment or an overlay it was made from changes.
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers/cli.js';
import { writeFile } from './helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-fragments-000000000000000000000';
let emu: RunningEmulator;
let cwd: string;

const write = (rel: string, text: string) => writeFile(cwd, rel, text);

const ORDER = [
  'type: object',                                   // 1
  'properties:',                                    // 2
  '  order_id: { type: string }',                   // 3
  'required: [order_id]',                           // 4
  'additionalProperties: false',                    // 5
  '',
].join('\n');

const BILLING = [
  'model: gpt-4o',                                  // 1
  'name: Billing',                                  // 2
  'tools:',                                         // 3
  '  - type: function',                             // 4
  '    function:',                                  // 5
  '      name: get_order',                          // 6
  '      strict: true',                             // 7
  '      parameters: { $ref: ../_schemas/order.yaml }', // 8
  '  - $ref: ../_tools.yaml#/search',               // 9
  '    file_search: { max_num_results: 4 }',        // 10
  '',
].join('\n');

beforeEach(async () => {
  emu = await testEmulator({ apiKey: KEY });
  cwd = testDir('aac-fragments-');
  write('assistants/aac.yaml', `endpoint: "${emu.url}"\n`);
  write('assistants/_schemas/order.yaml', ORDER);
  write('assistants/_tools.yaml', 'search:\n  type: file_search\n  file_search: { max_num_results: 8 }\n');
  write('assistants/support/billing.yaml', BILLING);
});

// The namespace aac.yaml writes in these tests, so that the variable the helper sets does not override it.
const run = (argv: string[]) => runCli(argv, { cwd, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: 'support' } });

describe('$ref fragments', () => {
  it('sends the included values, converges, and a saved plan is stale once a fragment changes', async () => {
    const applied = await run(['apply', '--yes']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const [made] = emu.resources();
    expect(made!.tools).toEqual([
      { type: 'function', function: { name: 'get_order', strict: true, parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'], additionalProperties: false } } },
      // Keys beside the $ref are merged over what it includes.
      expect.objectContaining({ type: 'file_search', file_search: expect.objectContaining({ max_num_results: 4 }) }),
    ]);
    expect((await run(['plan', '--detailed-exitcode'])).code).toBe(0);

    const out = join(cwd, 'plan.json');
    write('assistants/support/billing.yaml', BILLING.replace('name: Billing', 'name: Billing Support'));
    expect((await run(['plan', '--out', out])).code).toBe(0);
    write('assistants/_schemas/order.yaml', ORDER.replace('order_id: { type: string }', 'order_id: { type: string, description: The order }'));
    const stale = await run(['apply', out]);
    expect(stale.code).toBe(1);
    // The field that changed, where the fragment writes it.
    expect(stale.stderr).toContain("the definition 'support/billing' changed since the plan was made, in its tools (assistants/_schemas/order.yaml:3:29)\n");
    expect(emu.resources()[0]!.name).toBe('Billing');
  });

  it('reports a mistake inside a fragment where it is written, and a $ref that names nothing where the $ref is', async () => {
    write('assistants/_schemas/order.yaml', ORDER.replace('required: [order_id]', 'required: [order_id]\nadditionalProperties: true').replace('additionalProperties: false\n', ''));
    write('assistants/_tools.yaml', 'serch:\n  type: file_search\n');
    write('assistants/support/refunds.yaml', BILLING.replace('name: Billing', 'name: Refunds').replace('../_tools.yaml#/search', '../_missing.yaml'));
    const r = await run(['validate']);
    expect(r.code).toBe(1);
    // Strict mode needs additionalProperties: false: the fragment's line 5 says otherwise, once
    // for the two definitions that include it.
    expect(r.stdout.match(/^assistants\/_schemas\/order\.yaml:5:23: error: .*additionalProperties/gm)).toHaveLength(1);
    expect(r.stdout).toContain("assistants/support/billing.yaml:9:11: error: $ref '../_tools.yaml#/search': the fragment has nothing at '#/search' [tools[1].$ref]\n  hint: did you mean 'serch'? the keys at its top are: serch");
    expect(r.stdout).toContain("assistants/support/refunds.yaml:9:11: error: $ref '../_missing.yaml': cannot read the fragment: it does not exist");
    // The $ref left as written is not reported again as a tool without a type.
    expect(r.stdout).not.toContain('tools[1] is missing');
    expect(r.stdout).toContain('3 errors.');
    expect(emu.stats().total).toBe(0);
  });

  it("says which definitions' $ref reached a fragment's mistake, as a compiler's \"included from\": once, naming each, through a nested fragment too", async () => {
    write('assistants/_common.yaml', 'temperature: hot\n');
    write('assistants/_outer.yaml', '$ref: _common.yaml\n');
    write('assistants/support/a.yaml', '$ref: ../_common.yaml\nmodel: gpt-4o\nname: A\n');
    write('assistants/support/b.yaml', 'model: gpt-4o\nname: B\n$ref: ../_common.yaml\n');
    const r = await run(['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/_common.yaml:1:14: error: temperature must be a number, not the string 'hot' (in a fragment included from assistants/support/a.yaml:1:7 and assistants/support/b.yaml:3:7) [temperature]\n  hint: set temperature to a number\n");
    expect(r.stdout).toContain('1 error.');
    // Reached through another fragment: the definition's own $ref is named, where it writes it.
    write('assistants/support/c.yaml', 'model: gpt-4o\nname: C\n$ref: ../_outer.yaml\n');
    write('assistants/support/d.yaml', 'model: gpt-4o\nname: D\n$ref: ../_outer.yaml\n');
    const json = await run(['validate', '--format', 'json']);
    const [one, ...others] = (JSON.parse(json.stdout) as { diagnostics: Array<{ file: string; line: number; column: number; message: string }> }).diagnostics;
    expect(others).toEqual([]);
    expect(one).toMatchObject({ file: 'assistants/_common.yaml', line: 1, column: 14 });
    expect(one!.message).toBe("temperature must be a number, not the string 'hot' (in a fragment included from assistants/support/a.yaml:1:7, assistants/support/b.yaml:3:7, assistants/support/c.yaml:3:7 and 1 more)");
  });
});

describe('a fragment one definition includes at two paths', () => {
  it('says its mistake once, with each path and each $ref that reached it', async () => {
    write('assistants/_tool.yaml', 'type: function\nfunction:\n  name: lookup\n  strict: maybe\n  parameters: { type: object }\n');
    write('assistants/support/billing.yaml', 'model: gpt-4o\nname: Billing\ntools:\n  - $ref: ../_tool.yaml\n  - $ref: ../_tool.yaml\n');
    write('assistants/support/refunds.yaml', 'model: gpt-4o\nname: Refunds\ntools:\n  - $ref: ../_tool.yaml\n');
    const said = "tools[0].function.strict must be true or false, not the string 'maybe' (in a fragment included from assistants/support/billing.yaml:4:11, assistants/support/billing.yaml:5:11 and assistants/support/refunds.yaml:4:11; also at tools[1].function.strict)";
    const r = await run(['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`assistants/_tool.yaml:4:11: error: ${said} [tools[0].function.strict]\n  hint: set tools[0].function.strict to true or false\n`);
    expect(r.stdout.match(/_tool\.yaml:4:11/g)).toHaveLength(1);
    const json = await run(['validate', '--format', 'json']);
    const strict = (JSON.parse(json.stdout) as { diagnostics: Array<{ file: string; line: number; column: number; path: string; message: string }> }).diagnostics.filter((d) => d.file === 'assistants/_tool.yaml' && d.line === 4);
    expect(strict).toEqual([expect.objectContaining({ column: 11, path: 'tools[0].function.strict', message: said })]);
  });
});

describe('a path that names no file', () => {
  it('is an error at the field, saying where it looked, its hint the nearest spelling that names one, a step at a time', async () => {
    write('assistants/prompts/refunds.md', 'Refund politely.\n');
    write('assistants/support/billing.yaml', BILLING
      .replace('../_tools.yaml#/search', '../_tols.yaml#/search')
      .replace('../_schemas/order.yaml', '../_shemas/ordr.yaml'));
    write('assistants/support/refunds.yaml', 'model: gpt-4o\nname: Refunds\ninstructions_file: ../promts/refund.md\ntools:\n  - $ref: ../_nothing-like-it.yaml\n');
    const r = await run(['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/support/billing.yaml:8:27: error: $ref '../_shemas/ordr.yaml': cannot read the fragment: it does not exist (or is a broken symlink) (looked for assistants/_shemas/ordr.yaml; the path is relative to this YAML file) [tools[0].function.parameters.$ref]\n  hint: did you mean `$ref: ../_schemas/order.yaml`?\n");
    // The pointer after the file is kept; where it looked is the file alone.
    expect(r.stdout).toContain("assistants/support/billing.yaml:9:11: error: $ref '../_tols.yaml#/search': cannot read the fragment: it does not exist (or is a broken symlink) (looked for assistants/_tols.yaml; the path is relative to this YAML file) [tools[1].$ref]\n  hint: did you mean `$ref: ../_tools.yaml#/search`?\n");
    expect(r.stdout).toContain("assistants/support/refunds.yaml:3:20: error: cannot read instructions_file '../promts/refund.md': it does not exist (or is a broken symlink) (looked for assistants/promts/refund.md; the path is relative to this YAML file) [instructions_file]\n  hint: did you mean `instructions_file: ../prompts/refunds.md`?\n");
    // Nothing close: the plain fix.
    expect(r.stdout).toContain("assistants/support/refunds.yaml:5:11: error: $ref '../_nothing-like-it.yaml': cannot read the fragment: it does not exist (or is a broken symlink) (looked for assistants/_nothing-like-it.yaml; the path is relative to this YAML file) [tools[0].$ref]\n  hint: point it at an existing file inside the repository\n");
  });
});

describe('a $ref at the top of a file, with keys beside it', () => {
  // A shared base per assistant and a small file that includes it and overrides a field: the keys
  // beside the top-level $ref merge over the base, in a definition and in an overlay, whichever
  // comes first, and through a pointer.
  it('merges the keys over the included mapping, in a definition and in an overlay', async () => {
    write('assistants/aac.yaml', `namespace: support\nenvironments:\n  prod: { endpoint: "${emu.url}" }\n`);
    write('assistants/support/billing.yaml', '$ref: ../_base.yaml\nname: Billing\n');
    write('assistants/support/refunds.yaml', 'name: Refunds\n$ref: "../_bases.yaml#/refunds"\n');
    write('assistants/_base.yaml', 'model: gpt-4o\nname: Shared\ninstructions: Be brief.\ntemperature: 0.5\n');
    write('assistants/_bases.yaml', 'refunds:\n  model: gpt-4o-mini\n  name: Shared refunds\n');
    write('assistants/_prod.yaml', 'description: Production\ntemperature: 0.2\n');
    write('assistants/overlays/prod/support/billing.yaml', '$ref: ../../../_prod.yaml\ntemperature: 0.1\n');
    const applied = await run(['apply', '--env', 'prod', '--yes']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const byName = Object.fromEntries(emu.resources().map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['Billing', 'Refunds']);
    expect(byName.Billing).toMatchObject({ model: 'gpt-4o', instructions: 'Be brief.', description: 'Production', temperature: 0.1 });
    expect(byName.Refunds).toMatchObject({ model: 'gpt-4o-mini' });
    expect((await run(['plan', '--env', 'prod', '--detailed-exitcode'])).code).toBe(0);
    // A mistake beside the $ref is still reported where it is written, once.
    write('assistants/support/billing.yaml', '$ref: ../_base.yaml\nname: Billing\nbogus: 1\n');
    const bad = await run(['validate', '--env', 'prod']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("assistants/support/billing.yaml:3:1: error: unknown field 'bogus' in the definition [bogus]");
    expect(bad.stdout).toContain('1 error.');
  });
});

describe('a variable reference in a $ref path', () => {
  // Includes are read once for every environment, before variables: the reference is said at the
  // $ref, not reported as a file that does not exist; `$${` stays a literal.
  it('is an error at the $ref saying it is not replaced, and what to do instead', async () => {
    write('assistants/aac.yaml', `namespace: support\nvariables:\n  frag: { type: string }\nenvironments:\n  prod: { endpoint: "${emu.url}", values: { frag: _tools } }\n`);
    write('assistants/support/refunds.yaml', 'model: gpt-4o\nname: Refunds\nmetadata: { $ref: "../${var.frag}.yaml#/search" }\n');
    const r = await run(['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/support/refunds.yaml:3:19: error: $ref '../${var.frag}.yaml#/search' holds a ${var.…} reference: a $ref path is read before variables, so it is not replaced here [metadata.$ref]\n  hint: give each environment its own fragment through an overlay");
    expect(r.stdout).not.toContain('does not exist');
  });
});

describe('a pull request that changes only a fragment or an overlay', () => {
  it('touches the definitions made of it: their changes are not shown as drift', async () => {
    write('assistants/aac.yaml', `namespace: support\nenvironments:\n  prod: { endpoint: "${emu.url}" }\n`);
    write('assistants/overlays/prod/support/billing.yaml', 'description: Production billing\n');
    expect((await run(['apply', '--env', 'prod', '--yes'])).code).toBe(0);
    write('assistants/_schemas/order.yaml', ORDER.replace('order_id: { type: string }', 'order_id: { type: string, description: The order }'));
    write('assistants/overlays/prod/support/billing.yaml', 'description: Production billing, v2\n');
    const review = async (changed: string[]) => {
      write('changed.txt', `${changed.join('\n')}\n`);
      const r = await run(['plan', '--env', 'prod', '--format', 'markdown', '--changed-files', 'changed.txt']);
      expect(r.code).toBe(0);
      return r.stdout;
    };
    expect(await review(['README.md'])).toContain('Changed outside aac');
    expect(await review(['assistants/_schemas/order.yaml'])).not.toContain('Changed outside aac');
    expect(await review(['assistants/overlays/prod/support/billing.yaml'])).not.toContain('Changed outside aac');
  });
});

describe('overlays', () => {
  it("resolve a relative path from the overlay's own directory", async () => {
    write('assistants/aac.yaml', `namespace: support\nenvironments:\n  prod: { endpoint: "${emu.url}" }\n`);
    write('prompts/billing-prod.md', 'You answer billing questions for production customers.\n');
    write('assistants/overlays/prod/support/billing.yaml', 'instructions_file: ../../../../prompts/billing-prod.md\n');
    const applied = await run(['apply', '--env', 'prod', '--yes']);
    expect(applied.stderr).toBe('');
    expect(emu.resources()[0]!.instructions).toBe('You answer billing questions for production customers.\n');
    write('assistants/overlays/prod/support/billing.yaml', 'instructions_file: ../prompts/billing-prod.md\n');
    const r = await run(['validate', '--env', 'prod']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/overlays/prod/support/billing.yaml:1:20: error: cannot read instructions_file '../prompts/billing-prod.md'");
  });
});

describe('hints quote what was typed', () => {
  it('in an overlay and in a fragment, as in a definition file', async () => {
    write('assistants/aac.yaml', `namespace: support\nenvironments:\n  prod: { endpoint: "${emu.url}" }\n`);
    write('assistants/overlays/prod/support/billing.yaml', 'metadata: { prompt_version: 1.10, $ref: ../../../_meta.yaml }\n');
    write('assistants/_meta.yaml', 'ticket_prefix: 0755\n');
    const r = await run(['validate', '--env', 'prod']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('assistants/overlays/prod/support/billing.yaml:1:29: error: metadata.prompt_version must be a string, not number 1.1 (written 1.10)');
    expect(r.stdout).toContain('assistants/_meta.yaml:1:16: error: metadata.ticket_prefix must be a string, not number 755 (written 0755)');
  });
});

describe('overlays and saved plans', () => {
  it('a saved plan is stale once the overlay it was made from changes', async () => {
    write('assistants/aac.yaml', `namespace: support\nenvironments:\n  prod: { endpoint: "${emu.url}" }\n`);
    write('assistants/overlays/prod/support/billing.yaml', 'description: Production billing\n');
    const out = join(cwd, 'prod.plan.json');
    expect((await run(['plan', '--env', 'prod', '--out', out])).code).toBe(0);
    write('assistants/overlays/prod/support/billing.yaml', 'description: Production billing, v2\n');
    const stale = await run(['apply', out]);
    expect(stale.code).toBe(1);
    // The field that changed, where the overlay writes it.
    expect(stale.stderr).toContain("the definition 'support/billing' changed since the plan was made, in its description (assistants/overlays/prod/support/billing.yaml:1:1)\n");
    expect(emu.resources()).toEqual([]);
  });

  it("a saved plan is stale once a value its definition takes from aac.yaml changes, in the environment's values or a default", async () => {
    const config = (model: string, tier: string) => [
      'namespace: support',
      'variables:',
      `  tier: { type: string, default: ${tier} }`,
      '  model: { type: string }',
      'environments:',
      `  prod: { endpoint: "${emu.url}", values: { model: ${model} } }`,
      '',
    ].join('\n');
    write('assistants/aac.yaml', config('gpt-4o', 'gold'));
    write('assistants/support/billing.yaml', 'model: ${var.model}\nname: Billing\nmetadata: { tier: "${var.tier}" }\n');
    const out = join(cwd, 'prod.plan.json');
    for (const [changed, field] of [[config('gpt-4o-mini', 'gold'), 'model (assistants/support/billing.yaml:1:1)'], [config('gpt-4o', 'platinum'), 'metadata.tier (assistants/support/billing.yaml:3:13)']] as const) {
      write('assistants/aac.yaml', config('gpt-4o', 'gold'));
      expect((await run(['plan', '--env', 'prod', '--out', out])).code).toBe(0);
      write('assistants/aac.yaml', changed);
      const stale = await run(['apply', out]);
      expect(stale.code).toBe(1);
      // The world moved since the plan: not a plan file edited by hand.
      expect(stale.stderr).toContain("the saved plan");
      // The field the value went into, where the definition writes it, and the values it takes.
      expect(stale.stderr).toContain(`is stale, so nothing was applied:\n  - the definition 'support/billing' changed since the plan was made, in its ${field}; it takes the aac.yaml values of model, tier\n`);
      expect(emu.resources()).toEqual([]);
    }
  });
});
