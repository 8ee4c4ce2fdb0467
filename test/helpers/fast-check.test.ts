// The property tests draw from the fixed seed only when they take fast-check from
// test/helpers/fast-check.ts: a file that imported it directly would draw a fresh seed on every run.
// Its types may be taken anywhere: they are erased, and load nothing (fast-check-imports.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import fc, { FIXED_SEED } from './fast-check.js';
import { fastCheckLoads } from './fast-check-imports.js';

const testRoot = fileURLToPath(new URL('..', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : /\.[cm]?[jt]s$/.test(e.name) ? [path] : [];
  });

it('is where every test takes fast-check from', () => {
  const direct = sources(testRoot)
    .filter((path) => {
      const text = readFileSync(path, 'utf8');
      return text.includes('fast-check') && fastCheckLoads(text, path).length > 0;
    })
    .map((path) => relative(testRoot, path));
  expect(direct).toEqual(['helpers/fast-check.ts']);
});

// The check itself: a file may take fast-check's types, never its values.
it.each([
  ["import type fc from 'fast-check';"],
  ["import type { Arbitrary } from 'fast-check';"],
  ['import type * as F from "fast-check";'],
  ["import { type Arbitrary, type Parameters } from 'fast-check';"],
  ["import {\n  type Arbitrary,\n  // a comment\n  type Parameters,\n} from 'fast-check';"],
  ["export type { Arbitrary } from 'fast-check';"],
  ["export { type Arbitrary } from 'fast-check';"],
  ["type A = import('fast-check').Arbitrary<number>;\nlet b: typeof import('fast-check');"],
  ["// import fc from 'fast-check'\nconst s = \"require('fast-check')\";"],
  ["import fc from './fast-check.js';"],
])('takes %j as loading nothing of fast-check', (source) => {
  expect(fastCheckLoads(source)).toEqual([]);
});

it.each([
  ["import fc from 'fast-check';", [1]],
  ["import * as fc from 'fast-check';", [1]],
  ["import { assert, type Arbitrary } from 'fast-check';", [1]],
  ["import type { Arbitrary } from 'fast-check';\nimport fc, { type Parameters } from 'fast-check';", [2]],
  ["import 'fast-check';", [1]],
  ["import {} from 'fast-check';", [1]],
  ["export { assert } from 'fast-check';", [1]],
  ["export * from 'fast-check';", [1]],
  ["import fc = require('fast-check');", [1]],
  ["const fc = await import('fast-check');", [1]],
  ["const fc = require(\"fast-check\");", [1]],
] as const)('takes %j as loading fast-check (at line %j)', (source, lines) => {
  expect(fastCheckLoads(source)).toEqual(lines);
});

it('draws from the fixed seed, or the one FC_SEED names', () => {
  expect(fc.readConfigureGlobal().seed).toBe(process.env.FC_SEED === undefined ? FIXED_SEED : Number(process.env.FC_SEED));
});
