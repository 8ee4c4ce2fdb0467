// A failed file-system call in words: "permission denied", never the bare errno (`EACCES`).

/**
 * What `err` (thrown by a node:fs call) says went wrong, in libuv's words ("permission denied",
 * "too many open files"), taken from Node's message, `CODE: words, syscall 'path'`, without the
 * code and the path (the caller names the file); Node's whole message when it has no code.
 */
export function errnoWords(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const words = e.code ? /^[A-Z0-9]+: ([^,]+)/.exec(e.message ?? '')?.[1] : undefined;
  return words ?? e.code ?? (e.message || String(err));
}

/** What to do about a file `err` kept aac from reading: permissions, when they were what refused. */
export function readErrorHint(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM'
    ? 'give the user running aac permission to read the file and to enter each directory above it'
    : 'check the file and the disk it is on';
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
