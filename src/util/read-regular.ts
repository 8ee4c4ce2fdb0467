// The one way aac reads a file a user names (a definition, aac.yaml, a plan file, --changed-files,
// .aacignore, the emulator's --state): opened without blocking, checked on the open descriptor,
// read to a bound (--changed-files may also be a pipe: read-pipe.ts). A FIFO would otherwise block open() in a libuv thread, where Ctrl-C cannot end
// it; a device (/dev/zero) never ends; a directory fails with EISDIR, in libuv's words.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { errnoWords, readErrorHint } from './errno.js';
import { fileKind } from './file-kind.js';
import { notUtf8, notUtf8At, SAVE_AS_UTF8, unicodeEncoding, withoutBom } from './text.js';

/** Why a file was not read; `code` is the diagnostic code, `reason` completes "cannot read …: ". */
export interface ReadRefusal {
  code: 'file-not-found' | 'not-a-file' | 'file-too-large' | 'unreadable' | 'not-utf8';
  reason: string;
  hint: string;
  /** Where in the file, for a refusal about its content (a byte that is not UTF-8). */
  at?: { line: number; column: number };
}

/** Opening a FIFO for reading blocks until a writer appears, unless non-blocking (POSIX; Windows has no FIFOs to fear). */
export const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The hint of a `not-a-file` refusal; a caller adds what to do where the path came from. */
export const NOT_A_FILE_HINT = 'aac reads only regular files';

/** The longest text a file read as one string may hold (V8's limit, in UTF-16 units; a byte is at most one). */
export const MAX_TEXT_BYTES = bufferConstants.MAX_STRING_LENGTH;

/** `err` (from open or read) as a refusal. */
export function refusalOf(err: unknown): ReadRefusal {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { code: 'file-not-found', reason: 'no such file', hint: 'check the path' };
  return { code: 'unreadable', reason: errnoWords(err), hint: readErrorHint(err) };
}

/**
 * Reads at most `maxBytes` from `fd` (opened with OPEN_FLAGS), and closes it. Refuses anything but
 * a regular file, and a file over `maxBytes` (with `tooLargeHint`), checked on the descriptor
 * before reading; never allocates more than `maxBytes + 1` bytes, even from a file that grows meanwhile.
 */
export function readOpened(fd: number, maxBytes: number, tooLargeHint: string): Buffer | ReadRefusal {
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      return { code: 'not-a-file', reason: `it is ${fileKind(info)}, not a regular file`, hint: NOT_A_FILE_HINT };
    }
    const tooLarge = (size: number | string): ReadRefusal => ({ code: 'file-too-large', reason: `it is ${size} bytes; at most ${maxBytes} are read`, hint: tooLargeHint });
    if (info.size > maxBytes) return tooLarge(info.size);
    // One byte past the limit tells a file that grew past it since fstat; a file that grew less is read whole.
    let buf = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        if (got > maxBytes) return tooLarge(`more than ${maxBytes}`);
        const grown = Buffer.allocUnsafe(Math.min(2 * buf.length, maxBytes + 1));
        buf.copy(grown, 0, 0, got);
        buf = grown;
      }
      const asked = buf.length - got;
      const n = readSync(fd, buf, got, asked, got);
      got += n;
      if (n === 0) break;
      // A read short of what was asked, with every byte fstat counted, is at the file's end: a file
      // that has not grown is read in one call, not two (the second only to find its end: a system
      // call a file). Short of fstat's size (a FUSE file system may answer short), it reads on.
      if (n < asked && got >= info.size) break;
    }
    return buf.subarray(0, got);
  } catch (err) {
    return refusalOf(err);
  } finally {
    closeSync(fd);
  }
}

/**
 * The text (UTF-8, a leading byte order mark dropped as every reader of text does: util/text.ts)
 * of the regular file at `path`, or why it was not read: a UTF-16 or UTF-32 file (by its byte
 * order mark), or one with a byte that is not UTF-8 (`at` its line and column), is refused as
 * `not-utf8`. `maxBytes` defaults to
 * the longest string V8 can hold; `tooLargeHint` says what to do about a larger file.
 */
export function readRegularText(path: string, maxBytes = MAX_TEXT_BYTES, tooLargeHint = 'use a smaller file'): string | ReadRefusal {
  const got = readRegularTextAsWritten(path, maxBytes, tooLargeHint);
  return typeof got === 'string' ? withoutBom(got) : got;
}

/**
 * As readRegularText, but with a leading byte order mark kept: the text of a file aac adds lines
 * to, which keeps every byte it does not change.
 */
export function readRegularTextAsWritten(path: string, maxBytes = MAX_TEXT_BYTES, tooLargeHint = 'use a smaller file'): string | ReadRefusal {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    return refusalOf(err);
  }
  const got = readOpened(fd, maxBytes, tooLargeHint);
  return Buffer.isBuffer(got) ? textOf(got) : got;
}

/** `got` as UTF-8 text (a leading byte order mark kept), or why not: a UTF-16 or UTF-32 file, or a byte that is not UTF-8 (`at` its line and column). */
export function textOf(got: Buffer): string | ReadRefusal {
  const encoding = unicodeEncoding(got);
  if (encoding) {
    const { what, hint } = notUtf8(encoding);
    return { code: 'not-utf8', reason: `it is ${what}`, hint };
  }
  // Decoded regardless, each bad byte would become U+FFFD: a pattern, a path or a value no one wrote.
  const bad = notUtf8At(got);
  if (bad) return { code: 'not-utf8', reason: `it is ${bad.what}`, hint: SAVE_AS_UTF8, at: { line: bad.line, column: bad.column } };
  return got.toString('utf8');
}
