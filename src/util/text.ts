// The one rule for every text file aac reads — definitions, instructions files and aac.yaml — so
// that two checkouts of the same commit (Windows with CRLF and a BOM, Linux with LF) load the
// same values and never undo each other's applies.

import { isUtf8 } from 'node:buffer';
import { lineAndColumn } from './json-syntax.js';

/**
 * The text of a file already checked to be UTF-8: one leading byte order mark (U+FEFF) dropped,
 * and every line break (CRLF, or a lone CR) made LF. Nothing else is touched: trailing spaces,
 * tabs, Unicode normalization and a missing final newline are the author's to keep. A YAML
 * double-quoted `"\r\n"` escape is not a line break in the file and stays as written.
 */
export function decodeText(bytes: Uint8Array): string {
  return normalizeText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

/**
 * The encoding a file's byte order mark names when it is not UTF-8: UTF-16 or UTF-32 as written by
 * PowerShell 5's `>` and `Out-File`, or Notepad's "Unicode" (FF FE, FE FF; FF FE 00 00, 00 00 FE FF:
 * the Unicode Standard, 23.8); undefined for any other start. UTF-32 LE's mark begins with UTF-16
 * LE's, so it is tried first.
 */
export function unicodeEncoding(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe) return c === 0 && d === 0 ? 'UTF-32 (little-endian)' : 'UTF-16 (little-endian)';
  if (a === 0xfe && b === 0xff) return 'UTF-16 (big-endian)';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32 (big-endian)';
  return undefined;
}

/**
 * What a file in `encoding` (unicodeEncoding) is, completing "the file is …", and the fix: every
 * reader says the same.
 */
export function notUtf8(encoding: string): { what: string; hint: string } {
  return {
    what: `${encoding} text, not UTF-8 (by its byte order mark)`,
    hint: 'save it as UTF-8 (PowerShell: `Out-File -Encoding utf8`; an editor: Save As with the encoding UTF-8)',
  };
}

/** `text` without its leading byte order mark (U+FEFF), if it has one. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `text` as decodeText leaves a file's: its leading byte order mark dropped, its line breaks LF. */
export function normalizeText(text: string): string {
  text = withoutBom(text);
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * Whether `text`, written to a file as UTF-8, reads back as itself by the rule above and the
 * readers' refusals: what aac writes for itself to read (an imported prompt file) must. It does
 * not when it holds a NUL (a file with one is binary, refused), an unpaired surrogate (UTF-8 has
 * no encoding for it), a CR (read as a line break, LF) or a leading U+FEFF (read as a byte order
 * mark, dropped).
 */
export function readsBackAsItself(text: string): boolean {
  return !text.includes('\u0000') && decodeText(Buffer.from(text, 'utf8')) === text;
}

/** Offset of the first byte that is not valid UTF-8, or -1 (a fatal TextDecoder would not say where). */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  // The native check is many times faster; the walk below only runs to say where a bad file goes wrong.
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let extra: number;
    let min: number;
    if (b < 0x80) { i++; continue; }
    else if (b >= 0xc2 && b <= 0xdf) { extra = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { extra = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { extra = 3; min = 0x10000; }
    else return i;
    let cp = b & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += extra + 1;
  }
  return -1;
}

/** The fix for a file that is not UTF-8, as every reader says it. */
export const SAVE_AS_UTF8 = 'save the file as UTF-8';

/**
 * Where `bytes` stop being UTF-8, as every reader says it: `what` completes "the file is …" (`not
 * valid UTF-8 (byte 0xe9 at offset 17)`), at the line and column (lineAndColumn's rule) of the
 * text before that byte; undefined when they are UTF-8 throughout.
 */
export function notUtf8At(bytes: Uint8Array): { what: string; line: number; column: number } | undefined {
  const bad = invalidUtf8Offset(bytes);
  if (bad < 0) return undefined;
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, bad).toString('utf8');
  return { what: `not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`, ...lineAndColumn(before, before.length) };
}
