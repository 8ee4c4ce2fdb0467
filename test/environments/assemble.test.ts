// One definition per environment: base + fragments + the environment's overlay + its values, every
// field located in the file that wrote it; overlays that have no base or set key: are refused.
import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../src/yaml/schema.js';
import { asSource } from '../../src/environments/as-source.js';
import { assembleDefinition } from '../../src/environments/assemble.js';
import { Includes } from '../../src/environments/include.js';
import { overlayProblems } from '../../src/environments/overlays.js';
import type { Scope } from '../../src/environments/variables.js';
import { at, docOf, memoryReader } from './helpers.js';

const base = docOf('assistants/support/billing.yaml', [
  'model: ${var.chat_model}',                         // 1
  'name: Billing',                                    // 2
  'temperature: 0.3',                                 // 3
  'tools:',                                           // 4
  '  - $ref: ../_tools.yaml#/search',                 // 5
  '',
].join('\n'));
const fragments = { 'assistants/_tools.yaml': 'search:\n  type: file_search\n  file_search: { max_num_results: "${var.results}" }\n' };
const scope = (environment: string, values: Record<string, string | number>): Scope => ({
  declared: ['chat_model', 'results'],
  values: new Map(Object.entries(values)),
  valuesAt: `environments.${environment}.values (assistants/aac.yaml:1:1)`,
});

describe('assembleDefinition', () => {
  it('dev is the base with its values; prod adds its overlay; each field points at its file', () => {
    const includes = new Includes(memoryReader(fragments));
    const dev = assembleDefinition(base, undefined, includes, scope('dev', { chat_model: 'gpt-4o-mini', results: 4 }));
    expect(dev.diagnostics).toEqual([]);
    expect(dev.doc.value).toEqual({ model: 'gpt-4o-mini', name: 'Billing', temperature: 0.3, tools: [{ type: 'file_search', file_search: { max_num_results: 4 } }] });
    expect(dev.files).toEqual(['/repo/assistants/_tools.yaml']);

    const overlay = docOf('assistants/overlays/prod/support/billing.yaml', 'temperature: 0.1\nname: "Billing (${var.chat_model})"\n');
    const prod = assembleDefinition(base, overlay, includes, scope('prod', { chat_model: 'gpt-4o', results: 8 }));
    expect(prod.diagnostics).toEqual([]);
    expect(prod.doc.value).toEqual({ model: 'gpt-4o', name: 'Billing (gpt-4o)', temperature: 0.1, tools: [{ type: 'file_search', file_search: { max_num_results: 8 } }] });
    expect(prod.files).toEqual(['/repo/assistants/_tools.yaml', '/repo/assistants/overlays/prod/support/billing.yaml']);
    expect(at(prod.doc.locate(['temperature'], 'value'))).toBe('assistants/overlays/prod/support/billing.yaml:1:14');
    expect(at(prod.doc.locate(['model'], 'value'))).toBe('assistants/support/billing.yaml:1:8');
    expect(at(prod.doc.locate(['tools', 0, 'file_search', 'max_num_results'], 'value'))).toBe('assistants/_tools.yaml:3:35');
  });

  it('a value missing for the environment is located at its reference, even inside a fragment', () => {
    const r = assembleDefinition(base, undefined, new Includes(memoryReader(fragments)), scope('staging', { chat_model: 'gpt-4o' }));
    expect(r.diagnostics.map((d) => [d.code, at(d.location), d.message])).toEqual([
      ['missing-variable-value', 'assistants/_tools.yaml:3:35', '${var.results} has no value'],
    ]);
  });
});

describe('overlayProblems', () => {
  it('an overlay without a base (with did-you-mean) and an overlay that sets key: are located in the overlay', () => {
    const dir = 'assistants/overlays/prod';
    const overlays = [
      { key: 'support/biling', doc: docOf('assistants/overlays/prod/support/biling.yaml', 'temperature: 0.1\n'), digest: '', dir },
      { key: 'support/billing', doc: docOf('assistants/overlays/prod/support/billing.yaml', 'temperature: 0.1\nkey: other\n'), digest: '', dir },
    ];
    const bases = ['support/billing', 'hr/benefits'].map((key) => ({ key, pathKey: key, file: `assistants/${key}.yaml`, movedFrom: [] }));
    expect(overlayProblems(overlays, bases).map((d) => [d.code, at(d.location), d.message, d.hint])).toEqual([
      ['overlay-without-base', 'assistants/overlays/prod/support/biling.yaml:1:1', "overlay for 'support/biling', but no base definition has that key", "did you mean 'support/billing'? An overlay's path below the overlay directory is its base's key"],
      ['invalid-overlay', 'assistants/overlays/prod/support/billing.yaml:2:1', "an overlay cannot set key: it applies to the base definition its path names ('support/billing'), and a key is the same in every environment", 'remove key: from the overlay'],
    ]);
  });

  it("an overlay at the path of a base that writes its own key: says the base's key, and where the overlay goes", () => {
    const dir = 'assistants/overlays/prod';
    const overlays = [{ key: 'support/keyed', doc: docOf('assistants/overlays/prod/support/keyed.yaml', 'temperature: 0.1\n'), digest: '', dir }];
    const bases = [{ key: 'billing/main', pathKey: 'support/keyed', file: 'assistants/support/keyed.yaml', movedFrom: [] }];
    expect(overlayProblems(overlays, bases).map((d) => [d.code, d.message, d.hint])).toEqual([
      ['overlay-without-base', "overlay for 'support/keyed', but assistants/support/keyed.yaml has `key: billing/main`, so no base definition has the key 'support/keyed'", "an overlay's path below the overlay directory is its base's key: move the overlay to assistants/overlays/prod/billing/main.yaml"],
    ]);
  });
});

describe('asSource', () => {
  it('runs a file check on an assembled definition and points into the file that wrote the field', () => {
    const overlay = docOf('assistants/overlays/prod/support/billing.yaml', 'temperature: 7\n');
    const prod = assembleDefinition(base, overlay, new Includes(memoryReader(fragments)), scope('prod', { chat_model: 'gpt-4o', results: 80 }));
    const src = asSource(prod.doc, 'assistants/support/billing.yaml', prod.diagnostics);
    const found = validateAgainst(new URL('../../schema/assistant.schema.json', import.meta.url), src, { ownFields: new Set(['$schema', 'key', 'id', 'instructions_file', 'moved_from']), quoteValues: true });
    expect(found.map((d) => [d.path, at(d.location)]).sort()).toEqual([
      ['temperature', 'assistants/overlays/prod/support/billing.yaml:1:14'],
      ['tools[0].file_search.max_num_results', 'assistants/_tools.yaml:3:35'],
    ]);
  });
});
