// Input under the 8 MiB file limit that is still far over what any definition holds: each refused
// as any other mistake is (file, line, column, field, fix; exit 1), within a small heap. The heap
// is the test: each of these took hundreds of megabytes, or ran out of it, before it was refused.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../../src/yaml/source.js';
import { runChild } from '../helpers/child-cli.js';
import { testDir } from '../helpers/each-test.js';


/** `aac validate` of one definition file holding `content`, in a process whose heap is 64 MB. */
async function validate(name: string, content: string) {
  const root = testDir('aac-large-');
  mkdirSync(join(root, 'assistants'));
  writeFileSync(join(root, 'assistants', name), content);
  // Its own temporary directory: no parse kept by an earlier run answers for this one.
  return runChild(['validate'], { cwd: root, deadlineMs: 60_000, env: { NODE_OPTIONS: '--max-old-space-size=64', TMPDIR: root } });
}

const SEVEN_MB = 7 * 1024 * 1024;
const words = `${'lorem ipsum '.repeat(SEVEN_MB / 12)}end`;

describe('input under the size limit that no definition needs', () => {
  it.each([
    ['a double-quoted YAML value', 'a.yaml', `model: gpt-4o\nname: x\ninstructions: "${words}"\n`, 'assistants/a.yaml:3:15'],
    // Read as JSON, then again the YAML way for the error's position.
    ['a JSON string', 'a.json.yaml', JSON.stringify({ model: 'gpt-4o', instructions: words }), 'assistants/a.json.yaml:1:34'],
    ['a plain YAML value', 'a.yaml', `model: gpt-4o\nname: x\ninstructions: ${words}\n`, 'assistants/a.yaml:3:15'],
  ])('refuses instructions of 7 MB in %s at the field, with the fix', async (_name, file, content, where) => {
    const r = await validate(file, content);
    expect(r.stderr).not.toMatch(/internal error|heap/i);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`${where}: error: instructions is ${words.length} characters; the API allows at most 256000 \\[instructions\\]`));
    expect(r.stdout + r.stderr).toContain('hint: shorten instructions');
  }, 90_000);

  it('refuses 50,000 tools once, checking only those within the limit (each checked took minutes)', async () => {
    const r = await validate('a.yaml', `model: gpt-4o\ntools: [${Array.from({ length: 50_000 }, () => 'a').join(', ')}]\n`);
    expect(r.stderr).not.toMatch(/internal error|heap/i);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('assistants/a.yaml:2:8: error: tools has 50000 items; the API allows at most 128 [tools]');
    expect(r.stdout + r.stderr).toContain('[tools[128]]');
    expect(r.stdout + r.stderr).not.toContain('[tools[129]]');
  }, 90_000);

  it('refuses 300,000 metadata pairs written as JSON at the field, with the count as written, without reading the file the YAML way', async () => {
    // Its position came from a second reading of the whole file the YAML way: 775 MB, 14 s.
    const metadata = Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`k${i}`, `v${i}`]));
    const r = await validate('a.yaml', JSON.stringify({ model: 'gpt-4o', metadata }, null, 2));
    expect(r.stderr).not.toMatch(/internal error|heap/i);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('assistants/a.yaml:3:15: error: metadata has 300000 pairs; at most 15 are allowed (the API allows 16, and aac keeps one for its marker aac@<namespace>) [metadata]');
    expect(r.stdout + r.stderr).toContain('hint: remove entries from metadata');
  }, 90_000);

  it('refuses 200,000 metadata pairs written as YAML at the first pair past the limit, without reading the rest', async () => {
    // Read whole, it took 10 s and 518 MB to say that metadata has too many.
    const pairs = Array.from({ length: 200_000 }, (_, i) => `  k${i}: v${i}\n`).join('');
    const r = await validate('a.yaml', `model: gpt-4o\nmetadata:\n${pairs}`);
    expect(r.stderr).not.toMatch(/internal error|heap/i);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('assistants/a.yaml:18:3: error: metadata has more than 15 pairs; at most 15 are allowed (the API allows 16, and aac keeps one for its marker aac@<namespace>): this is pair 16, and the file was read no further [metadata]');
  }, 90_000);

  it('refuses lists nested 1,000,000 deep at the level past the limit, without reading the rest', async () => {
    const r = await validate('a.yaml', `model: gpt-4o\nx-deep: ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}\n`);
    expect(r.stderr).not.toMatch(/internal error|heap/i);
    expect(r.code).toBe(1);
    // `x-deep: ` is 8 characters; the mapping is level 1, so the bracket at MAX_NESTING is one too many.
    expect(r.stdout + r.stderr).toContain(`assistants/a.yaml:2:${8 + MAX_NESTING}: error: the YAML is nested more than ${MAX_NESTING} levels deep`);
  }, 90_000);
});
