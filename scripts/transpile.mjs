#!/usr/bin/env node
// The build's first step without type-checking (scripts/setup.mjs --no-type-check, as the
// Action's set-up runs it): every source file of src/ written to dist/ as tsc's emit lays it out
// (tsconfig.json's rootDir, outDir and target; .cts as .cjs; the JSON files copied), its types
// stripped and not checked. About 1 s of CPU where tsc takes ~20 s. Each file is transpiled on its
// own, as vitest runs the sources in the tests, so what runs is what they test; the README's test
// command still type-checks (setup.mjs without the flag). No source maps: no step of the build
// or the package reads tsc's.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { filesBelow } from './files-below.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const src = join(root, compilerOptions.rootDir);
const dist = join(root, compilerOptions.outDir);
const files = filesBelow(src).map((file) => join(src, file));

const options = {
  absWorkingDir: root,
  outbase: src,
  outdir: dist,
  platform: 'node',
  target: compilerOptions.target.toLowerCase(),
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'warning',
};
// package.json's "type": "module": a .ts file is an ES module, a .cts file CommonJS.
await build({ ...options, entryPoints: files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), format: 'esm' });
await build({ ...options, entryPoints: files.filter((f) => f.endsWith('.cts')), format: 'cjs', outExtension: { '.js': '.cjs' } });
for (const file of files.filter((f) => f.endsWith('.json'))) {
  const to = join(dist, file.slice(src.length));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(file, to);
}
