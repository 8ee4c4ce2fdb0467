// What a path is, in the words aac's errors use: one wording for the reader's refusals
// (util/read-regular.ts) and the writer's (util/write-files.ts).
import { fstatSync, statSync, type Stats } from 'node:fs';

/** `stats` (from lstat or fstat) as a noun phrase: 'a FIFO', 'a directory', 'a regular file', … */
export function fileKind(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a special file';
}

/** Whether `path` is a directory (a symbolic link followed); false when it cannot be read. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `path` is a regular file (a symbolic link followed); false when it cannot be read. */
export function isFilePath(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether the open descriptor `fd` is a regular file (fstat); false for a pipe, a terminal, or one that cannot be read. */
export function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}
