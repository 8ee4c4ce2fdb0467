// A file aac reads is read whole in one read(2) when it has not grown since its fstat: a plan of
// 1,000 definitions made 1,000 reads less. A file that grew is still read to the bound.
import { appendFileSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testDir } from '../helpers/each-test.js';

const reads = vi.hoisted(() => ({ count: 0, afterStat: undefined as (() => void) | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    readSync: (...args: Parameters<typeof fs.readSync>) => {
      reads.count++;
      return fs.readSync(...args);
    },
    // What a file that grows while it is read looks like: bigger than its fstat said.
    fstatSync: (...args: Parameters<typeof fs.fstatSync>) => {
      const info = fs.fstatSync(...args);
      reads.afterStat?.();
      return info;
    },
  };
});

const { readOpened, OPEN_FLAGS } = await import('../../src/util/read-regular.js');

afterEach(() => {
  reads.count = 0;
  reads.afterStat = undefined;
});

const fileWith = (bytes: Buffer | string): string => {
  const path = join(testDir('aac-read-regular-'), 'f');
  writeFileSync(path, bytes);
  return path;
};

describe('readOpened', () => {
  it.each([0, 1, 4096, 100_000])('reads a file of %i bytes whole in one read', (size) => {
    const bytes = Buffer.alloc(size, 'a');
    const got = readOpened(openSync(fileWith(bytes), OPEN_FLAGS), 200_000, 'hint');
    expect(Buffer.isBuffer(got) && got.equals(bytes)).toBe(true);
    expect(reads.count).toBe(1);
  });

  it('reads on when a file grew after its fstat, to the bound', () => {
    const path = fileWith('0123456789');
    reads.afterStat = () => appendFileSync(path, 'abc');
    expect(String(readOpened(openSync(path, OPEN_FLAGS), 100, 'hint'))).toBe('0123456789abc');

    const again = fileWith('0123456789');
    reads.afterStat = () => appendFileSync(again, 'x'.repeat(200));
    expect(readOpened(openSync(again, OPEN_FLAGS), 100, 'use a smaller file')).toMatchObject({ code: 'file-too-large', hint: 'use a smaller file' });
  });
});
