// git's quoted spelling of a path in a `--changed-files` list, decoded as git's quote.c writes it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedPathsOf, unquoteGitPath } from '../../src/plan/changed-list.js';
import { testDir } from '../helpers/each-test.js';

describe('unquoteGitPath', () => {
  it('decodes octal UTF-8 bytes and the one-letter escapes', () => {
    expect(unquoteGitPath('"assistants/caf\\303\\251.yaml"')).toBe('assistants/café.yaml');
    expect(unquoteGitPath('"a/\\360\\237\\244\\226.yaml"')).toBe('a/🤖.yaml');
    expect(unquoteGitPath('"a\\tb\\nc\\"d\\\\e.yaml"')).toBe('a\tb\nc"d\\e.yaml');
  });

  it('takes any other line as written', () => {
    expect(unquoteGitPath('assistants/café.yaml')).toBe('assistants/café.yaml');
    expect(unquoteGitPath('"')).toBe('"');
    expect(unquoteGitPath('"a"b"')).toBe('"a"b"');
    expect(unquoteGitPath('"a\\qb"')).toBe('"a\\qb"');
  });

  it('reads back every name git quotes, as git prints it', () => {
    const cwd = testDir('aac-quote-');
    const names = ['café.yaml', 'tab\there.yaml', 'quote"d.yaml', 'back\\slash.yaml', '🤖.yaml'];
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
    git('init', '-q');
    for (const n of names) writeFileSync(join(cwd, n), 'x\n');
    git('add', '.');
    git('commit', '-qm', 'names');
    const listed = git('-c', 'core.quotepath=on', 'show', '--name-only', '--format=', 'HEAD');
    expect(listed.split('\n').filter((l) => l.startsWith('"'))).toHaveLength(names.length);
    expect(changedPathsOf(listed).sort()).toEqual([...names].sort());
  });
});

describe('changedPathsOf: a NUL-terminated list', () => {
  it('takes each entry whole, as `git diff --name-only -z` prints it: no name splits, is trimmed or is unquoted', () => {
    // A name may hold any byte but NUL and `/`: a line break, a CR, blanks at its ends, quotes.
    const names = ['assistants/a\nassistants/b.yaml', 'assistants/c\r.yaml', ' assistants/d.yaml ', '"assistants/e.yaml"', 'assistants/f.yaml'];
    expect(changedPathsOf(names.map((n) => `${n}\0`).join(''))).toEqual(names);
  });

  it('reads back every name git lists with -z, a line break in one included', () => {
    const cwd = testDir('aac-nul-');
    const names = ['line\nbreak.yaml', 'café.yaml', 'quote"d.yaml', ' blank.yaml'];
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
    git('init', '-q');
    for (const n of names) writeFileSync(join(cwd, n), 'x\n');
    git('add', '.');
    git('commit', '-qm', 'names');
    expect(changedPathsOf(git('show', '-z', '--name-only', '--format=', 'HEAD')).sort()).toEqual([...names].sort());
  });
});
