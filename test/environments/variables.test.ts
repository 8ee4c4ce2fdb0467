// `${var.name}` references: typed when a string is exactly one reference, text inside longer
// strings, `$${` escapes, and every mistake located at the string that holds it.
import { describe, expect, it } from 'vitest';
import { broughtBy, substituteVariables, type Scope } from '../../src/environments/variables.js';
import { urlCredentialTexts } from '../../src/model/credential-places.js';
import { at, docOf } from './helpers.js';

const scope: Scope = {
  declared: ['chat_model', 'temperature', 'store', 'strict', 'label'],
  values: new Map<string, string | number | boolean>([['chat_model', 'gpt-4o'], ['temperature', 0.2], ['store', 'vs_prod'], ['strict', true]]),
  valuesAt: 'environments.prod.values (assistants/aac.yaml:12:5)',
};

describe('substituteVariables', () => {
  it('a whole-string reference takes the value with its type; inside text, its text; $${ is a literal ${', () => {
    const doc = docOf('assistants/a.yaml', [
      'model: ${var.chat_model}',
      'temperature: "${var.temperature}"',
      'name: "Billing (${var.chat_model} at ${var.temperature})"',
      'instructions: "Use $${var.chat_model} and ${user} literally."',
      'tool_resources: { file_search: { vector_store_ids: ["${var.store}"] } }',
      'tools: [{ type: function, function: { name: f, strict: "${var.strict}" } }]',
      '',
    ].join('\n'));
    const r = substituteVariables(doc, scope);
    expect(r.diagnostics).toEqual([]);
    expect(r.doc.value).toEqual({
      model: 'gpt-4o',
      temperature: 0.2,
      name: 'Billing (gpt-4o at 0.2)',
      instructions: 'Use ${var.chat_model} and ${user} literally.',
      tool_resources: { file_search: { vector_store_ids: ['vs_prod'] } },
      tools: [{ type: 'function', function: { name: 'f', strict: true } }],
    });
    // A replaced value is located where its reference was written.
    expect(at(r.doc.locate(['temperature'], 'value'))).toBe('assistants/a.yaml:2:14');
    expect(r.doc.value).not.toBe(doc.value);
    expect((doc.value as any).model).toBe('${var.chat_model}');
  });

  it('unknown names (with did-you-mean), missing values, malformed names and references in key: are located errors', () => {
    const doc = docOf('assistants/a.yaml', [
      'key: billing-${var.label}',           // 1
      'model: ${var.chat_modle}',            // 2
      'name: "${var.label}"',                // 3
      'description: "x ${var.no such}"',     // 4
      'metadata: { owner: "${var.owner}" }', // 5
      '',
    ].join('\n'));
    const r = substituteVariables(doc, scope);
    expect(r.diagnostics.map((d) => [d.code, at(d.location), d.path, d.message, d.hint])).toEqual([
      ['variable-not-allowed', 'assistants/a.yaml:1:6', 'key', "${var.label} in 'key': a definition's key is the same in every environment", expect.any(String)],
      ['unknown-variable', 'assistants/a.yaml:2:8', 'model', "unknown variable 'chat_modle' in ${var.chat_modle}", 'did you mean ${var.chat_model}?'],
      ['missing-variable-value', 'assistants/a.yaml:3:7', 'name', '${var.label} has no value', 'add label under environments.prod.values (assistants/aac.yaml:12:5), or give it a default under variables.label in aac.yaml'],
      ['invalid-variable', 'assistants/a.yaml:4:14', 'description', expect.stringContaining("'${var.no such}' is not a variable reference"), expect.any(String)],
      ['unknown-variable', 'assistants/a.yaml:5:20', 'metadata.owner', "unknown variable 'owner' in ${var.owner}", 'declare it in aac.yaml: variables: { owner: { type: string } }'],
    ]);
    // A string with a failed reference is left as written (the definition is invalid anyway).
    expect((r.doc.value as any).model).toBe('${var.chat_modle}');
  });

  it('without environments, a variable needs a default', () => {
    const r = substituteVariables(docOf('a.yaml', 'model: ${var.chat_model}\n'), { declared: ['chat_model'], values: new Map() });
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['give it a default under variables.chat_model in aac.yaml, or declare environments: with values']);
  });

  it('replaces every reference of a large mapping, and a value written once and used at two places (an alias) as each place allows', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => `  k${i}: "\${var.store}-${i}"`);
    // Under an x- field: a definition's metadata past its 16th pair is refused as it is read.
    const doc = docOf('a.yaml', ['model: m', 'x-ids: &ids ["${var.store}"]', 'moved_from: *ids', 'x-many:', ...many, ''].join('\n'));
    const r = substituteVariables(doc, scope);
    const value = r.doc.value as any;
    expect(Object.keys(value['x-many'])).toHaveLength(2_000);
    expect(Object.values(value['x-many']).every((v, i) => v === `vs_prod-${i}`)).toBe(true);
    expect(at(r.doc.locate(['x-many', 'k1999'], 'value'))).toBe('a.yaml:2004:10');
    // moved_from takes no reference: its list is left as written, the same list under x-ids is not.
    expect(value['x-ids']).toEqual(['vs_prod']);
    expect(value.moved_from).toEqual(['${var.store}']);
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([['variable-not-allowed', 'moved_from[0]']]);
    expect((doc.value as any)['x-many'].k0).toBe('${var.store}-0');
  });

  it('a document without references is returned as it is', () => {
    const doc = docOf('a.yaml', 'model: m\ninstructions: "costs ${price}"\n');
    expect(substituteVariables(doc, scope).doc).toBe(doc);
  });
});

describe('broughtBy: which references bring what a check looks for into the text they make', () => {
  const values = new Map<string, string | number>([['host', 'mcp.example.com'], ['key', 'sk-secret-1'], ['half', 'sk-sec'], ['rest', 'ret-1'], ['port', 8080]]);
  const value = (name: string) => values.get(name);
  const holdsKey = (text: string) => (text.includes('sk-secret-1') ? ['sk-secret-1'] : []);
  it('names only the variable whose value holds it, not every reference of the string', () => {
    expect(broughtBy('https://${var.host}:${var.port}/?k=${var.key}&again=${var.key}', value, holdsKey)).toEqual(['key']);
  });
  it('names every one when only their values together make it, and none when the string holds it as written', () => {
    expect(broughtBy('${var.half}${var.rest} at ${var.host}', value, holdsKey)).toEqual(['half', 'rest', 'host']);
    expect(broughtBy('sk-secret-1 at ${var.host}', value, holdsKey)).toEqual([]);
  });
  it('reads an escaped $${ as the ${ it makes, never as a reference', () => {
    expect(broughtBy('$${var.key} ${var.key}', value, (text) => (text.startsWith('${var.key} sk-') ? [text] : []))).toEqual(['key']);
  });
  it("names, of a URL made of several, the one whose value holds its credential, though only the whole URL has the shape that makes it one", () => {
    const url = (text: string) => urlCredentialTexts(text);
    const parts = new Map<string, string>([['base', 'https://mcp.example.com/v1'], ['tok', 'sk-secret-1'], ['user', 'svc'], ['pass', 'sk-secret-1'], ['host', 'mcp.example.com']]);
    const part = (name: string) => parts.get(name);
    expect(broughtBy('${var.base}?token=${var.tok}&region=eu', part, url)).toEqual(['tok']);
    expect(broughtBy('https://${var.user}:${var.pass}@${var.host}/v1', part, url)).toEqual(['user', 'pass']);
    // The user written in the URL is no variable's: only the password's is named.
    expect(broughtBy('https://svc:${var.pass}@${var.host}/v1', part, url)).toEqual(['pass']);
    expect(broughtBy('https://${var.host}/v1?token=sk-secret-1', part, url)).toEqual([]);
  });
});
