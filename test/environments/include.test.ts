// `$ref` includes: fragments replace the mapping that names them, keys beside `$ref` merge over
// them, JSON Schema's own `#…` references stay, and every failure is located at the `$ref`.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYamlSource } from '../../src/yaml/source.js';
import { repoRoot } from '../../src/desired/repo-root.js';
import { fragmentReader } from '../../src/environments/fragment-reader.js';
import { Includes, MAX_INCLUDES } from '../../src/environments/include.js';
import { fileDoc } from '../../src/environments/located.js';
import { at, docOf, memoryReader } from './helpers.js';
import { testDir } from '../helpers/each-test.js';

const ORDER = [
  'type: object',                         // 1
  'properties:',                          // 2
  '  order_id: { type: string }',         // 3
  '  lines: { $ref: "_line.yaml" }',      // 4
  'required: [order_id, lines]',          // 5
  'additionalProperties: false',          // 6
  '',
].join('\n');

const fragments = {
  'assistants/_schemas/order.yaml': ORDER,
  'assistants/_schemas/_line.yaml': 'type: array\nitems: { type: string, maxLength: "ten" }\n',
  'assistants/_tools.yaml': 'tools:\n  - type: file_search\n  - type: code_interpreter\nsearch:\n  type: file_search\n  file_search: { max_num_results: 8 }\n',
};

const definition = [
  'model: gpt-4o',                                     // 1
  'tools:',                                            // 2
  '  - type: function',                                // 3
  '    function:',                                     // 4
  '      name: get_order',                             // 5
  '      parameters: { $ref: _schemas/order.yaml }',   // 6
  '  - $ref: _tools.yaml#/search',                     // 7
  '    file_search: { max_num_results: 2 }',           // 8
  'response_format:',                                  // 9
  '  type: json_schema',                               // 10
  '  json_schema:',                                    // 11
  '    name: x',                                       // 12
  '    schema: { $defs: { a: { type: string } }, $ref: "#/$defs/a" }',  // 13
  '',
].join('\n');

describe('$ref includes', () => {
  it('replaces each include by the fragment, nested includes relative to the fragment, and keeps positions', () => {
    const read = memoryReader(fragments);
    const r = new Includes(read).resolve(docOf('assistants/billing.yaml', definition));
    expect(r.diagnostics).toEqual([]);
    const v = r.doc.value as any;
    expect(v.tools[0].function.parameters).toEqual({
      type: 'object',
      properties: { order_id: { type: 'string' }, lines: { type: 'array', items: { type: 'string', maxLength: 'ten' } } },
      required: ['order_id', 'lines'],
      additionalProperties: false,
    });
    // Keys beside $ref merge over the fragment (maps merged).
    expect(v.tools[1]).toEqual({ type: 'file_search', file_search: { max_num_results: 2 } });
    // JSON Schema's own reference is not an include.
    expect(v.response_format.json_schema.schema.$ref).toBe('#/$defs/a');
    // A mistake two includes deep is located in the file that holds it.
    expect(at(r.doc.locate(['tools', 0, 'function', 'parameters', 'properties', 'lines', 'items', 'maxLength'], 'value'))).toBe('assistants/_schemas/_line.yaml:2:35');
    expect(at(r.doc.locate(['tools', 0, 'function', 'parameters', 'required'], 'value'))).toBe('assistants/_schemas/order.yaml:5:11');
    expect(at(r.doc.locate(['tools', 1, 'type'], 'value'))).toBe('assistants/_tools.yaml:5:9');
    expect(at(r.doc.locate(['tools', 1, 'file_search', 'max_num_results'], 'value'))).toBe('assistants/billing.yaml:8:37');
    expect(at(r.doc.locate(['model'], 'value'))).toBe('assistants/billing.yaml:1:8');
    expect(r.files).toEqual(['/repo/assistants/_schemas/_line.yaml', '/repo/assistants/_schemas/order.yaml', '/repo/assistants/_tools.yaml']);
  });

  it('reads and resolves each fragment once for many definitions', () => {
    const read = memoryReader(fragments);
    const includes = new Includes(read);
    for (const name of ['a', 'b', 'c']) {
      expect(includes.resolve(docOf(`assistants/${name}.yaml`, definition)).diagnostics).toEqual([]);
    }
    expect([...read.reads.values()]).toEqual([1, 1, 1]);
  });

  it('a missing file, a missing pointer, an absolute path and a non-YAML file are located at the $ref', () => {
    const doc = docOf('assistants/a.yaml', [
      'model: m',
      'tools:',
      '  - $ref: _nope.yaml',
      '  - $ref: _tools.yaml#/nothing',
      '  - $ref: /etc/passwd.yaml',
      '  - $ref: _prompt.md',
      '  - $ref: "_tools.yaml#tools"',
      '',
    ].join('\n'));
    const r = new Includes(memoryReader(fragments)).resolve(doc);
    expect(r.diagnostics.map((d) => [d.code, at(d.location), d.path])).toEqual([
      ['file-not-found', 'assistants/a.yaml:3:11', 'tools[0].$ref'],
      ['invalid-ref', 'assistants/a.yaml:4:11', 'tools[1].$ref'],
      ['invalid-ref', 'assistants/a.yaml:5:11', 'tools[2].$ref'],
      ['invalid-ref', 'assistants/a.yaml:6:11', 'tools[3].$ref'],
      ['invalid-ref', 'assistants/a.yaml:7:11', 'tools[4].$ref'],
    ]);
    expect(r.diagnostics[0]!.message).toBe("$ref '_nope.yaml': cannot read the fragment: it does not exist (or is a broken symlink) (looked for assistants/_nope.yaml; the path is relative to this YAML file)");
    expect(r.diagnostics[1]!.message).toBe("$ref '_tools.yaml#/nothing': the fragment has nothing at '#/nothing'");
    // The hint lists what is there, where the pointer stopped.
    expect(r.diagnostics[1]!.hint).toBe('the keys at its top are: tools, search');
  });

  it('a pointer that stops inside the fragment is told what is there', () => {
    const hintFor = (ref: string) => new Includes(memoryReader(fragments)).resolve(docOf('assistants/a.yaml', `model: m\ntools:\n  - $ref: "${ref}"\n`)).diagnostics[0]!.hint;
    expect(hintFor('_tools.yaml#/serch')).toBe("did you mean 'search'? the keys at its top are: tools, search");
    expect(hintFor('_tools.yaml#/tools/2')).toBe("the fragment has a list at '#/tools': use an index from 0 to 1");
    expect(hintFor('_tools.yaml#/search/type/x')).toBe("the fragment has a single value at '#/search/type', with nothing inside it");
  });

  it('a cycle is an error at the $ref that closes it, naming the chain', () => {
    const read = memoryReader({
      'assistants/_a.yaml': 'x: { $ref: _b.yaml }\n',
      'assistants/_b.yaml': 'y:\n  $ref: _a.yaml\n',
    });
    const r = new Includes(read).resolve(docOf('assistants/def.yaml', 'model: m\nshared: { $ref: _a.yaml }\n'));
    expect(r.diagnostics.map((d) => [d.code, at(d.location), d.message])).toEqual([
      ['include-cycle', 'assistants/_b.yaml:2:9', "$ref '_a.yaml' includes a file that includes it: assistants/_a.yaml → assistants/_b.yaml → assistants/_a.yaml"],
    ]);
    // A definition including itself is a cycle too.
    const self = new Includes(memoryReader({})).resolve(docOf('assistants/def.yaml', 'model: m\nx: { $ref: def.yaml }\n'));
    expect(self.diagnostics[0]!.code).toBe('include-cycle');
  });

  it('an include bomb stops at the expansion budget', () => {
    const files: Record<string, string> = {};
    for (let level = 0; level < 6; level++) {
      files[`assistants/_l${level}.yaml`] = Array.from({ length: 10 }, (_, i) => `k${i}: { $ref: _l${level + 1}.yaml }`).join('\n') + '\n';
    }
    files['assistants/_l6.yaml'] = 'leaf: true\n';
    const r = new Includes(memoryReader(files)).resolve(docOf('assistants/def.yaml', 'model: m\nx: { $ref: _l0.yaml }\n'));
    expect(r.diagnostics.some((d) => d.code === 'too-many-includes' && d.message.includes(String(MAX_INCLUDES)))).toBe(true);
  });

  it("whether a fragment fits the budget does not depend on which definition included it first", () => {
    const ten = (target: string) => Array.from({ length: 10 }, (_, i) => `k${i}: { $ref: ${target} }`).join('\n') + '\n';
    // _big expands 10 × (1 + 10) = 110 includes.
    const includes = new Includes(memoryReader({ 'assistants/_big.yaml': ten('_mid.yaml'), 'assistants/_mid.yaml': ten('_leaf.yaml'), 'assistants/_leaf.yaml': 'x: 1\n' }));
    const thrice = includes.resolve(docOf('assistants/b.yaml', 'a: { $ref: _big.yaml }\nb: { $ref: _big.yaml }\nc: { $ref: _big.yaml }\n'));
    expect(thrice.diagnostics.map((d) => [d.code, at(d.location)])).toEqual([['too-many-includes', 'assistants/b.yaml:3:12']]);
    const once = includes.resolve(docOf('assistants/a.yaml', 'a: { $ref: _big.yaml }\n'));
    expect(once.diagnostics).toEqual([]);
    expect((once.doc.value as any).a.k9.k9).toEqual({ x: 1 });
  });

  it('keys beside $ref need a mapping to merge over', () => {
    const r = new Includes(memoryReader(fragments)).resolve(docOf('assistants/a.yaml', 'model: m\ntools: { $ref: "_tools.yaml#/tools", extra: 1 }\n'));
    expect(r.diagnostics.map((d) => [d.code, at(d.location)])).toEqual([['invalid-ref', 'assistants/a.yaml:2:16']]);
    // Without keys beside it, a pointer may name a list.
    const ok = new Includes(memoryReader(fragments)).resolve(docOf('assistants/a.yaml', 'model: m\ntools: { $ref: "_tools.yaml#/tools" }\n'));
    expect((ok.doc.value as any).tools).toEqual([{ type: 'file_search' }, { type: 'code_interpreter' }]);
    expect(at(ok.doc.locate(['tools', 1, 'type'], 'value'))).toBe('assistants/_tools.yaml:3:11');
  });

  it("a fragment's own YAML errors are reported in the fragment", () => {
    const r = new Includes(memoryReader({ 'assistants/_bad.yaml': 'a: 1\na: 2\n' })).resolve(docOf('assistants/def.yaml', 'model: m\nx: { $ref: _bad.yaml }\n'));
    expect(r.diagnostics.map((d) => [d.code, at(d.location)])).toEqual([['duplicate-key', 'assistants/_bad.yaml:2:1']]);
  });
});

describe('fragmentReader (the file rule)', () => {
  function project(files: Record<string, string>): string {
    const root = testDir('aac-fragments-');
    mkdirSync(join(root, 'repo', '.git'), { recursive: true });
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
    return root;
  }

  function resolveIn(root: string, text: string) {
    const dir = join(root, 'repo', 'assistants');
    const file = join(dir, 'def.yaml');
    writeFileSync(file, text);
    const src = readYamlSource('repo/assistants/def.yaml', Buffer.from(text));
    return new Includes(fragmentReader(repoRoot(dir), root, new Map())).resolve(fileDoc(src.value!, file, src));
  }

  it('reads fragments inside the repository and refuses ../ escapes and symlinks that lead out', () => {
    const root = project({
      'repo/assistants/_schemas/order.yaml': 'type: object\n',
      'outside/secret.yaml': 'token: x\n',
    });
    symlinkSync(join(root, 'outside', 'secret.yaml'), join(root, 'repo', 'assistants', '_link.yaml'));
    const r = resolveIn(root, 'model: m\na: { $ref: _schemas/order.yaml }\nb: { $ref: ../../outside/secret.yaml }\nc: { $ref: _link.yaml }\nd: { $ref: ../../outside/none.yaml }\n');
    expect((r.doc.value as any).a).toEqual({ type: 'object' });
    expect(r.diagnostics.map((d) => [d.code, at(d.location)])).toEqual([
      ['path-outside-repository', 'repo/assistants/def.yaml:3:12'],
      ['path-outside-repository', 'repo/assistants/def.yaml:4:12'],
      // Whether a file exists outside is not told.
      ['path-outside-repository', 'repo/assistants/def.yaml:5:12'],
    ]);
    expect(JSON.stringify(r)).not.toContain('token');
  });

  it('names a fragment that is not a mapping as a fragment, with the pointer fix written from its value and the field that includes it', () => {
    const root = project({
      'repo/assistants/_list.yaml': '- type: file_search\n',
      'repo/assistants/_model.yaml': '# the fleet\'s model\ngpt-4o\n',
      'repo/assistants/_ids.yaml': '- vs_1\n- vs_2\n',
    });
    const r = resolveIn(root, 'model: { $ref: _model.yaml }\ntools: { $ref: _list.yaml }\ntool_resources: { file_search: { vector_store_ids: { $ref: _ids.yaml } } }\n');
    expect(r.diagnostics.map((d) => [d.code, at(d.location), d.hint])).toEqual([
      ['not-a-mapping', 'repo/assistants/_model.yaml:2:1', 'put the value under a key, `model: gpt-4o` in _model.yaml, and include it with a pointer: `$ref: _model.yaml#/model`'],
      // A list of mappings is not written out: said where its key goes.
      ['not-a-mapping', 'repo/assistants/_list.yaml:1:1', 'put the list under a key in _list.yaml: `tools:` on its first line, the list indented under it; then include it with a pointer: `$ref: _list.yaml#/tools`'],
      ['not-a-mapping', 'repo/assistants/_ids.yaml:1:1', 'put the list under a key, `vector_store_ids: ["vs_1", "vs_2"]` in _ids.yaml, and include it with a pointer: `$ref: _ids.yaml#/vector_store_ids`'],
    ]);
  });
});
