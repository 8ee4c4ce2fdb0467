// A failed file-system call in words: "permission denied", never the bare errno (`EACCES`).

/**
 * What `err` (thrown by a node:fs call) says went wrong, in libuv's words ("permission denied",
 * "too many open files"), taken from Node's message, `CODE: words, syscall 'path'`, without the
 * code and the path (the caller names the file); Node's whole message when it has no code.
 */
export function errnoWords(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENAMETOOLONG' && typeof e.path === 'string') return tooLongWords(e.path);
  const words = e.code ? /^[A-Z0-9]+: ([^,]+)/.exec(e.message ?? '')?.[1] : undefined;
  return words ?? e.code ?? (e.message || String(err));
}

/** What to do about a file `err` kept aac from reading: permissions, when they were what refused; a name shorter, when it was too long. */
export function readErrorHint(err: unknown): string {
  const { code, path } = err as NodeJS.ErrnoException;
  if (code === 'ENAMETOOLONG') return typeof path === 'string' && overlongName(path) === undefined ? 'shorten the path: fewer or shorter directories' : `shorten the name to at most ${NAME_MAX} bytes`;
  return code === 'EACCES' || code === 'EPERM'
    ? 'give the user running aac permission to read the file and to enter each directory above it'
    : 'check the file and the disk it is on';
}

/**
 * The longest file or directory name the file systems aac runs on take, in bytes of UTF-8: 255
 * (NAME_MAX of Linux's <limits.h> and ext4, XFS, Btrfs; APFS's and NTFS's 255 characters).
 */
export const NAME_MAX = 255;

/**
 * The first name of `path` (split at `/` and, on Windows, `\`) longer than NAME_MAX bytes, with
 * its length in bytes, or undefined when there is none.
 */
export function overlongName(path: string): { bytes: number } | undefined {
  const names = path.split(process.platform === 'win32' ? /[\\/]/ : '/');
  // A UTF-16 unit is at most 3 bytes of UTF-8: a name that short is not measured.
  const place = names.findIndex((n) => n.length * 3 > NAME_MAX && Buffer.byteLength(n) > NAME_MAX);
  return place < 0 ? undefined : { bytes: Buffer.byteLength(names[place]!) };
}

/**
 * ENAMETOOLONG for `path`, in words that complete "cannot read X: …" without the path (the caller
 * names it): a name of it over NAME_MAX bytes, with its length, else the whole path over the
 * system's limit (PATH_MAX: 4096 bytes on Linux, 1024 on macOS), with its length.
 */
function tooLongWords(path: string): string {
  const name = overlongName(path);
  return name
    ? `a name in its path is ${name.bytes} bytes, longer than the ${NAME_MAX} a file system takes`
    : `its path is ${Buffer.byteLength(path)} bytes, longer than the system takes`;
}

/**
 * Why a path could not be reached, for "cannot read X: …": a symlink loop (ELOOP) and a file where
 * a directory of the path should be (ENOTDIR) in words that point at the fix, else errnoWords.
 */
export function pathErrorWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'its symlinks form a loop';
  if (code === 'ENOTDIR') return 'a part of its path is a file, not a directory';
  return errnoWords(err);
}
