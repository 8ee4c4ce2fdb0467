// Files that are not definitions (issue 19): `_`-prefixed shared fragments and `.aacignore`
// patterns are skipped by validate and plan, and everything else still loads.
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';
import { testEmulator } from '../helpers/each-test.js';
import { cleanupTrees, load, writeTree } from './helpers.js';

afterEach(cleanupTrees);

const keys = (r: { definitions: Array<{ key: string }> }) => r.definitions.map((a) => a.key).sort();

describe('not definitions', () => {
  it('skips _-prefixed files and directories (shared fragments)', async () => {
    const r = await load({
      'assistants/bot.yaml': 'model: m\n',
      'assistants/_shared.yaml': 'type: object\n',
      'assistants/_schemas/order.yaml': 'type: object\nproperties: {}\n',
      'assistants/team/_draft.yml': 'not: a definition\n',
      'assistants/team/ok.yaml': 'model: m\n',
    });
    expect(r.diagnostics).toEqual([]);
    expect(keys(r)).toEqual(['bot', 'team/ok']);
  });

  it('skips what .aacignore names: names at any depth, anchored paths, dir-only, ** and comments', async () => {
    const r = await load({
      'assistants/.aacignore': '# shared schemas\nschemas/\n/team/legacy-*.yaml\n**/fixtures/**\n*.draft.yaml\n',
      'assistants/schemas/order.yaml': 'type: object\n',
      'assistants/team/schemas/x.yaml': 'type: object\n',
      'assistants/team/legacy-a.yaml': 'x: 1\n',
      'assistants/other/team/legacy-b.yaml': 'model: m\n',
      'assistants/a/fixtures/b/c.yaml': 'x: 1\n',
      'assistants/new.draft.yaml': 'x: 1\n',
      'assistants/team/ok.yaml': 'model: m\n',
    });
    expect(r.diagnostics).toEqual([]);
    expect(keys(r)).toEqual(['other/team/legacy-b', 'team/ok']);
  });

  it('matches in time proportional to the path, however many wildcards a line has', async () => {
    // As regular expressions these lines backtracked through every way to split a long name (minutes).
    const long = 'a'.repeat(200);
    const r = await load({
      'assistants/.aacignore': `${'*a'.repeat(20)}*b.yaml\n${'**/a*a*a*a*a*a*a*a/'.repeat(6)}**/*b/**\n`,
      [`assistants/x/y/${long}.yaml`]: 'model: m\n',
      [`assistants/${long}b.yaml`]: 'model: m\n',
    });
    expect(r.diagnostics).toEqual([]);
    expect(keys(r)).toEqual([`x/y/${long}`]);
  });

  it('validate counts only definitions', async () => {
    const root = writeTree({ 'assistants/bot.yaml': 'model: m\n', 'assistants/_fragment.yaml': 'type: object\n' });
    const r = await runCli(['validate'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 definition valid.\n');
  });

  it('reads the gitignore spellings it does not refuse as gitignore does: trailing spaces dropped, a BOM and CRLF line breaks', async () => {
    const r = await load({
      'assistants/.aacignore': '\uFEFFdraft.yaml   \r\n# a comment\r\nold/**\r\nnot #a comment.yaml\n',
      'assistants/draft.yaml': 'x: 1\n',
      'assistants/old/a/b.yaml': 'x: 1\n',
      'assistants/not #a comment.yaml': 'x: 1\n',
      'assistants/ok.yaml': 'model: m\n',
    });
    expect(r.diagnostics).toEqual([]);
    expect(keys(r)).toEqual(['ok']);
  });

  // A gitignore spelling aac's subset does not read would be taken as a literal pattern and skip
  // other files than gitignore would: refused at its line and column, before the host is asked anything.
  it('refuses a spelling it does not read (negation, escapes, brackets, a partial **, leading whitespace) before any request', async () => {
    const emu = await testEmulator({ apiKey: API_KEY });
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: API_KEY };
    const cases: Array<[string | Buffer, string, string]> = [
      ['*.draft.yaml\n!keep.draft.yaml\n', '2:1', "negation ('!') is not supported"],
      ['# x\n\\#notes.yaml\n', '2:1', "gitignore's escape ('\\') is not supported"],
      ['name\\ .yaml\n', '1:5', "gitignore's escape ('\\') is not supported"],
      ['café[12].yaml\n', '1:5', "a bracket expression ('[…]') is not supported"],
      ['old**.yaml\n', '1:4', "'**' is not a whole segment of the pattern"],
      ['a/**b\n', '1:3', "'**' is not a whole segment of the pattern"],
      ['ok.yaml\n  draft.yaml\n', '2:1', 'a pattern starts with whitespace'],
      ['\tdraft.yaml\n', '1:1', 'a pattern starts with whitespace'],
      // A binary file, refused as a binary aac.yaml is: read as patterns, its bytes would ignore files.
      ['draft.yaml\n\x89PNG\x00\x1a\n', '2:5', 'this is a binary file, not a list of patterns (it holds a NUL byte)'],
      // Bytes that are not UTF-8 and no NUL (Latin-1's é), refused as a definition's are: decoded,
      // each would be U+FFFD, a pattern no one wrote.
      [Buffer.from('draft.yaml\ncaf\xe9.yaml\n', 'latin1'), '2:4', 'this is not a list of patterns: it is not valid UTF-8 (byte 0xe9 at offset 14)'],
    ];
    for (const [ignore, at, message] of cases) {
      const root = writeTree({ 'assistants/.aacignore': ignore, 'assistants/bot.yaml': 'model: gpt-4o\n' });
      for (const argv of [['plan'], ['apply', '--yes'], ['validate']]) {
        const r = await runCli(argv, { cwd: root, env });
        expect([r.code, r.stdout], `${argv[0]} ${ignore}`).toEqual([1, '']);
        expect(r.stderr, ignore).toMatch(new RegExp(`^Error: assistants/\\.aacignore:${at}: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\n  \\S`));
      }
    }
    expect(emu.stats().total).toBe(0);
    const root = writeTree({ 'assistants/.aacignore': '!keep.yaml\n', 'assistants/bot.yaml': 'model: gpt-4o\n' });
    const json = await runCli(['validate', '--format', 'json'], { cwd: root });
    expect(JSON.parse(json.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'unsupported-ignore-pattern', file: 'assistants/.aacignore', line: 1, column: 1 })]);
  });
});
