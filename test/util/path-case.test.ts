// How a directory's file system compares names, found where the project is (never assumed from
// the platform): on the real file system of the test's directory, and on a simulated one that
// ignores case (what macOS and Windows do by default), as pathFoldAt reads it.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXACT, FOLDED, pathFoldAt, type ProbeFs } from '../../src/util/path-case.js';
import { testDir } from '../helpers/each-test.js';

/** A file system of `entries` (absolute directory → names), answering lookups in any case when `ignoresCase`. */
function simulated(entries: Record<string, string[]>, ignoresCase: boolean): ProbeFs & { listed: string[] } {
  const fold = ignoresCase ? FOLDED : EXACT;
  const paths = Object.entries(entries).flatMap(([dir, names]) => names.map((n) => join(dir, n)));
  const listed: string[] = [];
  return {
    listed,
    readdirSync(dir) {
      listed.push(dir);
      const names = entries[dir];
      if (names === undefined) throw Object.assign(new Error(`ENOENT: ${dir}`), { code: 'ENOENT' });
      return names;
    },
    lstatSync(path) {
      const at = paths.findIndex((p) => fold(p) === fold(path));
      if (at < 0) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return { dev: 1, ino: at + 1 };
    },
  };
}

describe('pathFoldAt', () => {
  it("tells this machine's file system as it is: a name looked up in another case finds the file exactly where the file system ignores case", () => {
    const dir = testDir('aac-case-');
    writeFileSync(join(dir, 'bot.yaml'), 'model: gpt-4o\n');
    const ignoresCase = existsSync(join(dir, 'BOT.YAML'));
    expect(pathFoldAt(dir)).toBe(ignoresCase ? FOLDED : EXACT);
  });

  it('is EXACT where a name in another case is not there, or is another file', () => {
    expect(pathFoldAt('/p/defs', simulated({ '/p/defs': ['bot.yaml'] }, false))).toBe(EXACT);
    // Two files differing in case: only a case-sensitive file system holds both.
    expect(pathFoldAt('/p/defs', simulated({ '/p/defs': ['bot.yaml', 'BOT.YAML'] }, false))).toBe(EXACT);
  });

  it('is FOLDED where a name in another case is the same file', () => {
    expect(pathFoldAt('/p/defs', simulated({ '/p/defs': ['Bot.yaml'] }, true))).toBe(FOLDED);
    // A name all in upper case is looked up in lower case.
    expect(pathFoldAt('/p/defs', simulated({ '/p/defs': ['README'] }, true))).toBe(FOLDED);
  });

  it('looks in the nearest ancestor that has a name with a letter when the directory is missing, empty or has none; FOLDED when none has', () => {
    const fs = simulated({ '/p/defs': ['1', '2.7'], '/p': ['defs'], '/': ['p'] }, false);
    expect(pathFoldAt('/p/defs/new', fs)).toBe(EXACT);
    expect(fs.listed).toEqual(['/p/defs/new', '/p/defs', '/p']);
    expect(pathFoldAt('/p/defs/new', simulated({ '/p/defs': [], '/p': ['defs'] }, true))).toBe(FOLDED);
    expect(pathFoldAt('/p/defs', simulated({ '/p/defs': ['1'], '/p': ['2'], '/': [] }, false))).toBe(FOLDED);
  });

  it('writes nothing: the directory holds what it held', () => {
    const dir = testDir('aac-case-');
    mkdirSync(join(dir, 'defs'));
    pathFoldAt(join(dir, 'defs'));
    expect(existsSync(join(dir, 'defs'))).toBe(true);
    expect(readdirSync(join(dir, 'defs'))).toEqual([]);
  });
});
