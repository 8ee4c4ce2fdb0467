// A definition in block YAML holding a list or mapping far past its limit is refused with its
// messages located from the one parse that read its value: reading the whole file again for
// positions took as long again (300,000 metadata pairs: seconds, and hundreds of megabytes more).
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { READ_ON_LINES_MAX } from '../../src/yaml/metadata-pairs.js';

// The parser as aac loads it (required, as on first use), whose every parse of a document composes it.
const { Composer } = createRequire(import.meta.url)('yaml') as typeof import('yaml');

afterEach(() => {
  vi.restoreAllMocks();
});

/** `aac validate` of one definition, and how many documents were composed (parsed) on this thread. */
async function validate(content: string) {
  const root = testDir('aac-large-yaml-');
  mkdirSync(join(root, 'assistants'));
  writeFileSync(join(root, 'assistants', 'a.yaml'), content);
  const compose = vi.spyOn(Composer.prototype, 'compose');
  // Its own temporary directory: no parse kept by an earlier run answers for this one.
  const r = await runCli(['validate'], { cwd: root, env: { TMPDIR: root } });
  return { ...r, out: r.stdout + r.stderr, parses: compose.mock.calls.length };
}

it('refuses 5,000 metadata pairs at the first pair past the limit, and reads the rest of the file without them: its other mistakes are said in the same run', async () => {
  const pairs = Array.from({ length: 5_000 }, (_, i) => `  k${i}: v${i}\n`).join('');
  // A block value, a blank line and a comment at the first column are still the mapping's.
  const r = await validate(`model: gpt-4o\nname: Big\nmetadata:\n${pairs}  note: |\n    two\n\n    lines\n# a comment\n  last: x\ntemperature: hot\ntools:\n  - type: nope\n`);
  expect(r.code).toBe(1);
  expect(r.out).toContain('assistants/a.yaml:19:3: error: metadata has more than 15 pairs; at most 15 are allowed (the API allows 16, and aac keeps one for its marker aac@<namespace>): this is pair 16, and the pairs after it were not read [metadata]\n  hint: remove entries from metadata\n');
  // At their own lines: the pairs past the limit were read as the blank lines they were left.
  expect(r.out).toContain(`assistants/a.yaml:${3 + 5_000 + 6 + 1}:14: error: temperature must be a number, not the string 'hot' [temperature]`);
  expect(r.out).toMatch(new RegExp(`assistants/a\\.yaml:${3 + 5_000 + 6 + 3}:11: error: tools\\[0\\]\\.type 'nope' is not allowed`));
  expect(r.out).toContain('3 errors.');
  // Read once as far as pair 16 (no document), once whole with those lines blank.
  expect(r.parses).toBe(1);
});

it(`reads no further than the first pair past the limit when more than ${READ_ON_LINES_MAX} lines follow it in the mapping, or it is a flow mapping`, async () => {
  const pairs = Array.from({ length: READ_ON_LINES_MAX + 16 }, (_, i) => `  k${i}: v${i}\n`).join('');
  const r = await validate(`model: gpt-4o\nname: Big\nmetadata:\n${pairs}temperature: hot\n`);
  expect(r.code).toBe(1);
  expect(r.out).toContain('assistants/a.yaml:19:3: error: metadata has more than 15 pairs; at most 15 are allowed (the API allows 16, and aac keeps one for its marker aac@<namespace>): this is pair 16, and the file was read no further [metadata]\n  hint: remove entries from metadata; its other fields are checked once it holds no more\n');
  expect(r.out).toContain('1 error.');
  expect(r.parses).toBe(0);
  // A flow mapping ends at its brace, not at a line.
  const flow = Array.from({ length: 20 }, (_, i) => `k${i}: v${i}`).join(', ');
  const inFlow = await validate(`model: gpt-4o\nmetadata: {${flow}}\ntemperature: hot\n`);
  expect(inFlow.out).toContain('and the file was read no further [metadata]');
  expect(inFlow.out).toContain('1 error.');
});

it('watches `metadata:` written quoted as it does plain: YAML reads the same key', async () => {
  const pairs = Array.from({ length: READ_ON_LINES_MAX + 16 }, (_, i) => `  k${i}: v${i}\n`).join('');
  for (const key of ['"metadata"', "'metadata'"]) {
    const r = await validate(`model: gpt-4o\n${key}:\n${pairs}`);
    expect(r.out, key).toContain('assistants/a.yaml:18:3: error: metadata has more than 15 pairs; at most 15 are allowed (the API allows 16, and aac keeps one for its marker aac@<namespace>): this is pair 16, and the file was read no further [metadata]');
    // Refused as the parser reached pair 16: no document of 10,000 pairs was composed.
    expect(r.parses, key).toBe(0);
  }
});

it('counts neither a removal (null) nor a `<<` merge among the pairs, nor a metadata below the top level', async () => {
  const nulls = Array.from({ length: 40 }, (_, i) => `  gone${i}: null\n  tilde${i}: ~\n  empty${i}:\n`).join('');
  const fifteen = Array.from({ length: 15 }, (_, i) => `  k${i}: v${i}\n`).join('');
  const twenty = Array.from({ length: 20 }, (_, i) => `    n${i}: v${i}\n`).join('');
  const r = await validate(`x-base: &base { a: b }\nx-notes:\n  metadata:\n${twenty}model: gpt-4o\nname: Removals\nmetadata:\n  <<: *base\n${nulls}${fifteen}tools:\n  - type: file_search\n`);
  // Read whole, as the limit may not be passed: the schema's checks say what they find (here, values of null).
  expect(r.out).not.toContain('the file was read no further');
  expect(r.parses).toBeGreaterThan(0);
});

it('refuses 5,000 tools at the field, and the items within the limit at their lines, parsed once', async () => {
  const items = Array.from({ length: 5_000 }, () => '  - a\n').join('');
  const r = await validate(`model: gpt-4o\ntools:\n${items}`);
  expect(r.code).toBe(1);
  expect(r.out).toContain('assistants/a.yaml:3:3: error: tools has 5000 items; the API allows at most 128 [tools]');
  // Item 128 is on line 3 + 128, its value after the dash.
  expect(r.out).toMatch(/assistants\/a\.yaml:131:5: error: .*\[tools\[128\]\]/);
  expect(r.out).not.toContain('[tools[129]]');
  expect(r.parses).toBe(1);
});
