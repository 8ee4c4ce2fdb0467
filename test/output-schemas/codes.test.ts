// Diagnostics' `code` is a closed set stated once (src/model/diagnostic-codes.ts): the TypeScript
// types are made from it, so a code mistyped in src/ fails the type check (and the build), and the
// diagnostics document's schema lists exactly its codes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_CODES, LOCATED_CODES } from '../../src/model/diagnostic-codes.js';
import { testDir } from '../helpers/each-test.js';
import { outputSchemas, type Schema } from './schemas.js';

const SRC = new URL('../../src/', import.meta.url);

/** The type checker's errors for `body`, a module that imports the Diagnostic type from src/. */
function typeErrors(body: string): string[] {
  const file = join(testDir('aac-codes-'), 'probe.ts');
  const diagnostic = fileURLToPath(new URL('model/diagnostic.js', SRC));
  writeFileSync(file, `import type { Diagnostic } from ${JSON.stringify(diagnostic)};\n${body}\n`);
  const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true });
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('diagnostic codes', () => {
  it('are the diagnostics schema\'s enum of code, each once', () => {
    const items = ((outputSchemas().diagnostics!.properties as Schema).diagnostics as Schema).items as Schema;
    const code = (items.properties as Record<string, Schema>).code!;
    expect(code.enum).toEqual([...DOCUMENT_CODES]);
    expect(new Set(DOCUMENT_CODES).size).toBe(DOCUMENT_CODES.length);
  });

  it('refuse a code not in the list at the type check', () => {
    const made = (code: string) => `export const d: Diagnostic = { severity: 'error', code: ${JSON.stringify(code)}, location: { file: 'a.yaml', line: 1, column: 1 }, path: '', message: 'm' };`;
    expect(typeErrors(made('unknown-field'))).toEqual([]);
    expect(typeErrors(made('unknwon-field')).join('\n')).toContain('"unknwon-field"');
  });

  it('each listed is written by src/ (no code kept that nothing reports)', () => {
    const text = (readdirSync(SRC, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('diagnostic-codes.ts'))
      .map((f) => readFileSync(new URL(f, SRC), 'utf8'))
      .join('\n');
    expect(LOCATED_CODES.filter((c) => !text.includes(`'${c}'`))).toEqual([]);
  });
});
