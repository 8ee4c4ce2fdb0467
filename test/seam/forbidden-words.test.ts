// The seam is real: outside src/backends/ no source file names a field of the Assistants API, so
// the core (desired, plan, apply, render, import, commands) is driven by the resource kind alone.
// The bench and the demo exercise the Assistants emulator on purpose and are left out.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');
const FORBIDDEN = ['tool_resources', 'response_format', 'code_interpreter', 'file_search', 'reasoning_effort', 'vector_store'];
const EXEMPT = /^(backends\/|bench\/|demo\.ts$)/;

const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .map((f) => f.split('\\').join('/'))
  .filter((f) => f.endsWith('.ts'));

describe('the core never names an Assistants field', () => {
  it('reads the core (a test that reads nothing cannot fail)', () => {
    const core = files.filter((f) => !EXEMPT.test(f));
    expect(core.length).toBeGreaterThan(60);
    expect(core).toContain('plan/build.ts');
  });

  it.each(FORBIDDEN)('no file outside src/backends/ names %s', (word) => {
    const naming = files.filter((f) => !EXEMPT.test(f) && readFileSync(join(SRC, f), 'utf8').includes(word));
    expect(naming.map((f) => relative('.', join('src', f)))).toEqual([]);
  });

  it('the backends do name them (the words are spelled right)', () => {
    const all = files.filter((f) => f.startsWith('backends/assistants/')).map((f) => readFileSync(join(SRC, f), 'utf8')).join('\n');
    for (const word of FORBIDDEN) expect(all).toContain(word);
  });
});
