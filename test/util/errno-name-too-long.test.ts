// ENAMETOOLONG from a real file-system call, in words: the length of the name (or of the whole path)
// and the limit, never "name too long" alone and "check the file and the disk it is on".
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { errnoWords, NAME_MAX, readErrorHint } from '../../src/util/errno.js';

const failure = (path: string): unknown => {
  try {
    readFileSync(path);
  } catch (err) {
    return err;
  }
  throw new Error(`read ${path}`);
};

it('a name over 255 bytes: its length and the limit, and to shorten it', () => {
  const err = failure(join(tmpdir(), 'x'.repeat(300), 'y'));
  expect((err as NodeJS.ErrnoException).code).toBe('ENAMETOOLONG');
  expect(NAME_MAX).toBe(255);
  expect(errnoWords(err)).toBe('a name in its path is 300 bytes, longer than the 255 a file system takes');
  expect(readErrorHint(err)).toBe('shorten the name to at most 255 bytes');
});

it('a path over the system\'s limit, of short names: its length, and to shorten the path', () => {
  const path = join(tmpdir(), 'abc/'.repeat(1100));
  const err = failure(path);
  expect((err as NodeJS.ErrnoException).code).toBe('ENAMETOOLONG');
  expect(errnoWords(err)).toBe(`its path is ${Buffer.byteLength((err as NodeJS.ErrnoException).path!)} bytes, longer than the system takes`);
  expect(readErrorHint(err)).toBe('shorten the path: fewer or shorter directories');
});
