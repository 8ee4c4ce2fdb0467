// The key a definition gives (`key:`, or its file's path) holds nothing `--target` reads as pattern
// syntax (`*`, `?`, its escape `\`) and no `.` or `..` segment: schema/key.schema.json states the
// format once, and each refusal names the field's place, the character and the fix. `moved_from:`
// names old keys, which an earlier aac let hold them, so it takes them.
import { readFileSync } from 'node:fs';
import fc from '../helpers/fast-check.js';
import { afterAll, describe, expect, it } from 'vitest';
import { keyProblem } from '../../src/model/key-format.js';
import { ESCAPE, WILDCARDS } from '../../src/util/glob.js';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

const KEY_SCHEMA = JSON.parse(readFileSync(new URL('../../schema/key.schema.json', import.meta.url), 'utf8')) as { $defs: Record<string, { pattern: string }> };
const keyFormat = new RegExp(KEY_SCHEMA.$defs.key!.pattern, 'u');

describe('the key format', () => {
  it('refuses every character --target reads as pattern syntax', () => {
    for (const c of [...Object.keys(WILDCARDS), ESCAPE]) {
      expect(keyFormat.test(`a${c}b`), c).toBe(false);
      expect(keyProblem(`a${c}b`)?.holds).toContain(`\`${c}\`, which --target reads as`);
    }
  });

  it('has each key it refuses explained by the character or segment at fault', () => {
    const key = fc.stringMatching(/^[ab./*?\\ \t]{0,8}$/).filter((k) => k !== '');
    fc.assert(fc.property(key, (k) => {
      const problem = keyProblem(k);
      expect(problem === undefined).toBe(keyFormat.test(k));
      if (problem) expect(problem.holds).not.toContain('does not match');
    }), { numRuns: 2000 });
  });
});

describe('a key that holds pattern syntax or a path step', () => {
  it('in key: is refused at the field, naming the character and the fix, and nothing is applied', async () => {
    const root = writeTree({
      'assistants/a.yaml': 'model: gpt-4o\nkey: "star*"\n',
      'assistants/b.yaml': 'model: gpt-4o\nname: B\nkey: q?\n',
      'assistants/c.yaml': 'model: gpt-4o\nkey: \'a\\b\'\n',
      'assistants/d.yaml': 'model: gpt-4o\nkey: ../x\n',
      'assistants/e.yaml': 'model: gpt-4o\nkey: team/./x\n',
    });
    const r = await runCli(['validate', '--no-color'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/a.yaml:2:6: error: the key 'star*' is not valid: it holds `*`, which --target reads as a wildcard for any run of characters [key]\n  hint: retype the key without the `*`\n");
    expect(r.stdout).toContain("assistants/b.yaml:3:6: error: the key 'q?' is not valid: it holds `?`, which --target reads as a wildcard for any one character [key]\n  hint: retype the key without the `?`\n");
    expect(r.stdout).toContain("assistants/c.yaml:2:6: error: the key 'a\\b' is not valid: it holds `\\`, which --target reads as an escape [key]\n");
    expect(r.stdout).toContain("assistants/d.yaml:2:6: error: the key '../x' is not valid: it has the segment `..`, which reads as a step of a path (a key names files too: its overlays, the definition aac import writes) [key]\n  hint: retype the key without the `..` segment\n");
    expect(r.stdout).toContain("assistants/e.yaml:2:6: error: the key 'team/./x' is not valid: it has the segment `.`");
    // One error each: the schema's own pattern message is not said beside it.
    expect(r.stdout).toContain('5 errors.');
  });

  it('taken from the file\'s path is refused at the file, not at a line of it', async () => {
    const root = writeTree({ 'assistants/team/star*.yaml': '# a comment\nmodel: gpt-4o\n' });
    const r = await runCli(['validate', '--no-color'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/team/star*.yaml: error: the key 'team/star*' taken from the file's path is not valid: it holds `*`, which --target reads as a wildcard for any run of characters\n  hint: rename the file without the `*`, or set `key:` in it to a path-like key without it\n");
    // The Windows warning on the name does not offer the refused key as a `key:` to keep.
    expect(r.stdout).toContain('warning: `*` cannot appear in a file name on Windows');
    expect(r.stdout).not.toContain('key: "team/star*"');
    const json = JSON.parse((await runCli(['validate', '--format', 'json'], { cwd: root })).stdout);
    const [error] = json.diagnostics.filter((d: { severity: string }) => d.severity === 'error');
    expect(error).toMatchObject({ code: 'invalid-key', file: 'assistants/team/star*.yaml', path: '' });
    expect(error.line).toBeNull();
  });

  it('with a `key:` that is valid, the file keeps its name', async () => {
    const root = writeTree({ 'assistants/star*.yaml': 'model: gpt-4o\nkey: star\n' });
    const r = await runCli(['validate', '--no-color'], { cwd: root });
    expect(r.code).toBe(0);
  });

  it('in moved_from: is taken, as the old key an earlier aac let a definition give', async () => {
    const root = writeTree({ 'assistants/star.yaml': 'model: gpt-4o\nmoved_from: ["star*", "../x", "q?"]\n' });
    const r = await runCli(['validate', '--no-color'], { cwd: root });
    expect(r.stdout).toContain('1 definition valid');
    expect(r.code).toBe(0);
  });
});
