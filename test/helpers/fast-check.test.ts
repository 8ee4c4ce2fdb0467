// The property tests draw from the fixed seed only when they take fast-check from
// test/helpers/fast-check.ts: a file that imported it directly would draw a fresh seed on every run.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import fc, { FIXED_SEED } from './fast-check.js';

const testRoot = fileURLToPath(new URL('..', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : /\.[cm]?[jt]s$/.test(e.name) ? [path] : [];
  });

it('is where every test takes fast-check from', () => {
  const direct = sources(testRoot)
    .filter((path) => /(from\s+|import\s*\(\s*)['"]fast-check['"]/.test(readFileSync(path, 'utf8')))
    .map((path) => relative(testRoot, path));
  expect(direct).toEqual(['helpers/fast-check.ts']);
});

it('draws from the fixed seed, or the one FC_SEED names', () => {
  expect(fc.readConfigureGlobal().seed).toBe(process.env.FC_SEED === undefined ? FIXED_SEED : Number(process.env.FC_SEED));
});
