// Located documents parsed from YAML text by the real parser, so every position asserted is one a
// user would see.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { readYamlSource } from '../../src/yaml/source.js';
import type { ReadFragment } from '../../src/environments/include.js';
import { fileDoc, type LocatedDoc } from '../../src/environments/located.js';

export const ROOT = '/repo';

/** `text` parsed as the file `file` (relative to ROOT, which messages show it relative to). */
export function docOf(file: string, text: string): LocatedDoc {
  const src = readYamlSource(file, Buffer.from(text));
  if (src.diagnostics.some((d) => d.severity === 'error')) throw new Error(`bad fixture ${file}: ${src.diagnostics[0]!.message}`);
  return fileDoc(src.value ?? null, posix.join(ROOT, file), src);
}

/** A reader over in-memory files (relative to ROOT); counts reads per file. */
export function memoryReader(files: Record<string, string>): ReadFragment & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const read = ((abs: string) => {
    const rel = posix.relative(ROOT, abs);
    reads.set(rel, (reads.get(rel) ?? 0) + 1);
    const text = files[rel];
    if (text === undefined) return { refusal: { code: 'file-not-found', reason: 'it does not exist (or is a broken symlink)', hint: 'point it at an existing file inside the repository' } };
    const src = readYamlSource(rel, Buffer.from(text));
    return { doc: fileDoc(src.value ?? null, abs, src), diagnostics: src.diagnostics };
  }) as ReadFragment & { reads: Map<string, number> };
  read.reads = reads;
  return read;
}

/** `file:line:col` of a location, for compact assertions. */
export const at = (l: { file: string; line: number; column: number }) => `${l.file}:${l.line}:${l.column}`;

/** Writes `text` to `rel` below `root`, making its directories: a project's files in a test. */
export function writeFile(root: string, rel: string, text: string): void {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

/** aac.yaml of namespace `support` with the environments dev and prod, each on its own endpoint. */
export function devAndProd(dev: string, prod: string): string {
  return ['namespace: support', 'environments:', `  dev: { endpoint: "${dev}" }`, `  prod: { endpoint: "${prod}" }`, ''].join('\n');
}
