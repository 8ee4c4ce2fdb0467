// Large repositories are read and parsed on worker threads, which only the compiled loader can
// start (`npm test` builds dist/ first). Whatever thread parsed a file, loading must give the same
// diagnostics, in the same order, and the same definitions as reading them inline.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDefinitions, type LoadResult } from '../../src/desired/index.js';
import { MAX_NESTING } from '../../src/yaml/source.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

const compiled = (await import(new URL('../../dist/desired/index.js', import.meta.url).href)) as { loadDefinitions: typeof loadDefinitions };

/** Many files, every tenth one broken in its own way, some written as JSON. */
function tree(): string {
  const files: Record<string, string | Buffer> = { 'prompts/long.md': 'Be brief.\n' };
  for (let i = 0; i < 450; i++) {
    const name = `assistants/team-${i % 7}/a-${String(i).padStart(3, '0')}.yaml`;
    const body = `model: gpt-4o\nname: Assistant ${i}\ninstructions: |\n  Help tenant ${i}.\n  Politely.\nmetadata: {tenant: t${i}}\n`;
    switch (i % 10) {
      case 1: files[name] = `${body}temprature: 0.5\n`; break;
      case 2: files[name] = 'model: [gpt-4o\n'; break;
      case 3: files[name] = `key: shared\n${body}`; break;
      case 4: files[name] = Buffer.from('model: m\nname: caf\xe9\n', 'latin1'); break;
      case 5: files[name] = `model: gpt-4o\ninstructions_file: ../../prompts/long.md\ntools:\n  - type: code_interpreter\n  - type: code_interpreter\n`; break;
      case 6: files[name] = `model: gpt-4o\nmetadata: {"aac:key": x}\nname: &n Named ${i}\ndescription: *n\n`; break;
      case 7: files[name] = JSON.stringify({ model: 'gpt-4o', name: `Assistant ${i}`, instructions: `Help tenant ${i}.\nPolitely.`, metadata: { tenant: `t${i}` } }, null, 2); break;
      case 8: files[name] = JSON.stringify({ model: 'gpt-4o', name: `Assistant ${i}`, tools: [{ type: 'code_interpreter' }, { type: 'code_interpreter' }], metadata: { tenant: 5 } }, null, 2); break;
      default: files[name] = body;
    }
  }
  const root = writeTree(files);
  symlinkSync(join(root, 'missing.yaml'), join(root, 'assistants', 'broken-link.yaml'));
  return root;
}

function comparable(r: LoadResult) {
  return {
    diagnostics: r.diagnostics,
    assistants: r.definitions.map(({ locate, ...a }) => ({
      ...a,
      at: [locate([]), locate(['instructions']), locate(['metadata', 'tenant']), locate(['tools', 1, 'type'])],
    })),
  };
}

describe('loading on worker threads', () => {
  it('gives exactly what reading the files inline gives', async () => {
    const root = tree();
    const opts = { cwd: root, provider: 'openai' as const };
    const inline = await compiled.loadDefinitions(join(root, 'assistants'), { ...opts, readOn: 'inline' });
    const threaded = await compiled.loadDefinitions(join(root, 'assistants'), { ...opts, readOn: 'threads' });
    const chosen = await compiled.loadDefinitions(join(root, 'assistants'), opts);
    // The tree exercises what it claims to: valid files, and each kind of problem.
    expect(inline.definitions.length).toBe(181 - 45);
    expect(new Set(inline.diagnostics.map((d) => d.code))).toEqual(new Set([
      'unknown-field', 'yaml-syntax', 'duplicate-key', 'not-utf8', 'duplicate-tool', 'reserved-metadata-key', 'file-not-found', 'wrong-type',
    ]));
    expect(comparable(threaded)).toEqual(comparable(inline));
    expect(comparable(chosen)).toEqual(comparable(inline));
    // The sources (no compiled worker beside them) read inline too.
    expect(comparable(await loadDefinitions(join(root, 'assistants'), opts))).toEqual(comparable(inline));
  });

  // A worker thread, whose stack is larger, parsed 2,000 levels of block YAML, and the copy of the
  // value overflowed the main thread's stack as it arrived: the load waited forever.
  it('refuses nesting deeper than the limit at the same place on every thread, never waiting', async () => {
    let block = 'model: gpt-4o\nx-deep:\n';
    for (let i = 0, indent = '  '; i < 2000; i++, indent += ' ') block += `${indent}a:\n`;
    const root = writeTree({
      'a/deep.yaml': block,
      'a/deep-json.yaml': `{"model": "m", "x": ${'['.repeat(3000)}${']'.repeat(3000)}}`,
      'a/deep-flow.yaml': `model: m\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
      'a/ok.yaml': 'model: gpt-4o\n',
    });
    const opts = { cwd: root, provider: 'openai' as const };
    const seen = (r: LoadResult) => r.diagnostics.map((d) => `${d.location.file}:${d.location.line}:${d.location.column} ${d.message}`).sort();
    const want = [
      `a/deep-flow.yaml:2:203 the YAML is nested more than ${MAX_NESTING} levels deep`,
      `a/deep-json.yaml:1:220 the YAML is nested more than ${MAX_NESTING} levels deep`,
      `a/deep.yaml:202:202 the YAML is nested more than ${MAX_NESTING} levels deep`,
    ];
    for (const readOn of ['inline', 'threads', 'auto'] as const) {
      const r = await compiled.loadDefinitions(join(root, 'a'), { ...opts, readOn });
      expect(seen(r), readOn).toEqual(want);
      expect(r.definitions.map((d) => d.key)).toEqual(['ok']);
    }
  }, 60_000);
});
