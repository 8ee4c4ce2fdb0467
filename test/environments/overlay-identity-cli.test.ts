// An overlay changes what a definition is in one environment, never which assistant it is: `key:`
// and `moved_from:` in an overlay are refused, located, once; a definition whose overlay is refused
// or unreadable is not counted valid; an overlay left behind by a rename says where it goes now.
// Plans run against the emulator over loopback.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { devAndProd, writeFile } from './helpers.js';

const KEY = 'sk-test-overlay-identity-000000000000';
let dev: RunningEmulator;
let prod: RunningEmulator;
let cwd: string;

const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const aac = (...args: string[]) => runCli([...args, '--no-color'], { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: undefined, AAC_NAMESPACE: undefined } });

beforeEach(async () => {
  [dev, prod] = await Promise.all([testEmulator({ apiKey: KEY }), testEmulator({ apiKey: KEY })]);
  cwd = testDir('aac-overlay-identity-');
  mkdirSync(join(cwd, '.git'));
  write('assistants/aac.yaml', devAndProd(dev.url, prod.url));
  write('assistants/support/faq.yaml', 'model: gpt-4o-mini\nname: FAQ\n');
  write('assistants/support/other.yaml', 'model: gpt-4o-mini\nname: Other\n');
});

interface Doc { definitions: number; definition_count: number; valid_definition_count: number; diagnostics: Array<{ file: string; line: number; column: number; code: string; message: string; hint: string }> }
async function validate(): Promise<{ code: number; doc: Doc; text: string }> {
  const json = await aac('validate', '--format', 'json');
  const text = await aac('validate');
  expect(text.code).toBe(json.code);
  return { code: json.code, doc: JSON.parse(json.stdout) as Doc, text: text.stdout };
}
const found = (doc: Doc) => doc.diagnostics.map((d) => [`${d.file}:${d.line}:${d.column}`, d.code, d.message, d.hint]);

/** validate fails with exactly `problem` ([place, code, message, hint]), and counts `valid` of `files` definitions valid in both environments. */
async function refusedWith(problem: string[], valid: number, files: number): Promise<void> {
  const { code, doc, text } = await validate();
  expect(code).toBe(1);
  expect(found(doc)).toEqual([problem]);
  expect([doc.valid_definition_count, doc.definition_count, doc.definitions]).toEqual([valid, files, valid]);
  expect(text).toContain(`${valid} of ${files} definitions valid in every environment (dev, prod); fix the errors above.`);
}

describe('identity fields in an overlay', () => {
  it('moved_from in an overlay is refused, located, and plan in that environment neither creates nor orphans', async () => {
    write('assistants/support/old-billing.yaml', 'model: gpt-4o-mini\nname: Billing\n');
    expect((await aac('apply', '--env', 'dev', '--yes')).code).toBe(0);
    rmSync(join(cwd, 'assistants/support/old-billing.yaml'));
    write('assistants/support/billing.yaml', 'model: gpt-4o-mini\nname: Billing\nmoved_from: [support/old-billing]\n');
    write('assistants/overlays/dev/support/billing.yaml', 'name: Billing (dev)\nmoved_from: null\n');
    // faq and other are valid everywhere; billing's dev overlay is refused.
    await refusedWith([
      'assistants/overlays/dev/support/billing.yaml:2:1', 'invalid-overlay',
      "in environment 'dev': an overlay cannot set moved_from: the keys a definition moved from are its identity, the same in every environment",
      'remove moved_from: from the overlay, and list the old keys in the base definition (assistants/support/billing.yaml)',
    ], 2, 3);
    const plan = await aac('plan', '--env', 'dev');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('assistants/overlays/dev/support/billing.yaml:2:1: error: an overlay cannot set moved_from');
    expect(plan.stdout).toBe('');
    // Without the overlay's moved_from the rename plans as one update of the same assistant.
    write('assistants/overlays/dev/support/billing.yaml', 'name: Billing (dev)\n');
    const renamed = await aac('plan', '--env', 'dev');
    expect(renamed.stdout).toContain('(moved from support/old-billing; update)');
    expect(renamed.stdout).toContain('Plan: 0 to create, 1 to modify');
  });

  it('key: naming another definition is one error, whose hint says where the overlay for that key goes', async () => {
    write('assistants/overlays/prod/support/faq.yaml', 'key: support/other\nname: FAQ (prod)\n');
    await refusedWith([
      'assistants/overlays/prod/support/faq.yaml:1:1', 'invalid-overlay',
      "in environment 'prod': an overlay cannot set key: it applies to the base definition its path names ('support/faq'), and a key is the same in every environment",
      "remove key:; to change 'support/other' in this environment, move the overlay to assistants/overlays/prod/support/other.yaml",
    ], 1, 2);
  });

  it('key: repeating its own key is refused with a hint that does not ask to move the file', async () => {
    write('assistants/overlays/prod/support/faq.yaml', 'key: support/faq\n');
    const { doc } = await validate();
    expect(found(doc).map(([, , , hint]) => hint)).toEqual(['remove key: from the overlay']);
    expect(doc.definitions).toBe(1);
  });
});

describe('what validate counts', () => {
  it('a definition whose overlay does not parse is not valid in every environment; a schema error in one is counted the same', async () => {
    write('assistants/overlays/prod/support/faq.yaml', 'name: [oops\n');
    const broken = await validate();
    expect(broken.code).toBe(1);
    expect(broken.doc.diagnostics.map((d) => d.file)).toEqual(['assistants/overlays/prod/support/faq.yaml']);
    expect(broken.doc.definitions).toBe(1);
    expect(broken.text).toContain('1 of 2 definitions valid in every environment (dev, prod); fix the errors above.');

    write('assistants/overlays/prod/support/faq.yaml', 'temperature: 7\n');
    const invalid = await validate();
    expect(invalid.doc.definitions).toBe(1);
  });
});

describe('an overlay left behind by a rename', () => {
  it('says to move it to the new key\'s path, never to remove it', async () => {
    write('assistants/support/payments.yaml', 'model: gpt-4o-mini\nname: Payments\nmoved_from: [support/billing]\n');
    write('assistants/overlays/prod/support/billing.yaml', 'metadata: { tier: platinum }\n');
    const { doc } = await validate();
    expect(found(doc)).toEqual([[
      'assistants/overlays/prod/support/billing.yaml:1:1', 'overlay-without-base',
      "in environment 'prod': overlay for 'support/billing', which moved to 'support/payments' (moved_from in assistants/support/payments.yaml): no base definition has that key now",
      "move the overlay to assistants/overlays/prod/support/payments.yaml so this environment keeps its settings for 'support/payments'",
    ]]);
  });
});

describe('an overlay whose base does not parse', () => {
  it('is no overlay without a base: only the base\'s own error is said', async () => {
    // Line 4 is indented under the scalar of line 3: the base has no key to offer, but its file is there.
    write('assistants/support/faq.yaml', 'model: gpt-4o-mini\ntools:\n  - type: function\n      name: x\n');
    write('assistants/overlays/prod/support/faq.yaml', 'metadata: { tier: platinum }\n');
    const { code, doc } = await validate();
    expect(code).toBe(1);
    expect(doc.diagnostics.map((d) => d.file)).toEqual(['assistants/support/faq.yaml']);
    // An overlay of no file at all is still said.
    write('assistants/overlays/prod/support/gone.yaml', 'metadata: { tier: platinum }\n');
    expect((await validate()).doc.diagnostics.map((d) => [d.file, d.code])).toEqual([
      ['assistants/support/faq.yaml', expect.any(String)],
      ['assistants/overlays/prod/support/gone.yaml', 'overlay-without-base'],
    ]);
  });
});

describe("validate's closing line names what it counted", () => {
  it("in the one environment --env chose, or the only one declared", async () => {
    const chosen = await aac('validate', '--env', 'prod');
    expect(chosen.stdout).toBe("2 definitions valid in environment 'prod'.\n");
    write('assistants/aac.yaml', ['namespace: support', 'environments:', `  prod: { endpoint: "${prod.url}" }`, ''].join('\n'));
    const alone = await aac('validate');
    expect(alone.stdout).toBe("2 definitions valid in environment 'prod'.\n");
  });
});
