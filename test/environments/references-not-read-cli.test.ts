// `${var.…}` where aac reads none is reported, never sent silently as written: in aac.yaml (which
// reads no references: a variable's default, an environment's value) and in a mapping's key of a
// definition (references are read in values). Each a warning at its file, line and column, with
// the fix; a real reference in a value gets none.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

interface Diag { severity: string; code: string; file: string; line: number; column: number; message: string; hint: string }

test("a reference in aac.yaml's strings, or in a definition's key, is a warning at file:line:column with the fix", async () => {
  const cwd = testDir('aac-not-read-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'a/aac.yaml', [
    'variables:',                                                                // 1
    '  tier: { type: string, default: gold }',                                   // 2
    '  owner: { type: string, default: "${var.tier}-team", description: "from ${var.tier}" }', // 3
    '  model: { type: string }',                                                 // 4
    '  c: { type: integer, default: 2 }',                                        // 5
    'environments:',                                                             // 6
    '  dev:',                                                                    // 7
    '    values: { model: "${var.base}-mini", c: "${var.c}" }',                  // 8
    '  prod: { namespace: prod, values: { model: gpt-4o } }',                    // 9
    '',
  ].join('\n'));
  writeFile(cwd, 'a/m.yaml', [
    'model: ${var.model}',
    'name: Helper',
    'metadata:',
    '  owner: "${var.owner}"',
    '  "team-${var.tier}": x',
    '',
  ].join('\n'));
  const r = await runCli(['validate', '--dir', 'a', '--format', 'json'], { cwd, env: {} });
  const doc = JSON.parse(r.stdout) as { diagnostics: Diag[] };
  const shown = doc.diagnostics.map((d) => [d.severity, d.code, `${d.file}:${d.line}:${d.column}`, d.message, d.hint]);
  const notRead = '${var.…} references are read in definitions, overlays and fragments, not here: write the value itself';
  expect(shown).toEqual([
    ['warning', 'reference-not-read', 'a/aac.yaml:3:35', 'variables.owner.default holds a ${var.…} reference, which aac.yaml does not read: it is used, and sent, as written', notRead],
    ['warning', 'reference-not-read', 'a/aac.yaml:8:22', 'environments.dev.values.model holds a ${var.…} reference, which aac.yaml does not read: it is used, and sent, as written', notRead],
    // An integer written as a reference: the type error alone says it, with the same hint.
    ['error', 'invalid-type', 'a/aac.yaml:8:45', "variable 'c' is declared as integer, but this value is a string", notRead],
    ['warning', 'reference-in-key', 'a/m.yaml:5:3', "the key 'team-${var.tier}' holds a ${var.…} reference, which is read in values only, so the key is sent as written", 'write the key itself; what differs per environment goes in a value (`key: "${var.NAME}"`) or in an overlay of that environment'],
  ]);
});
