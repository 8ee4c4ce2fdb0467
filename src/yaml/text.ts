// The one rule for every text file aac reads — definitions, instructions files and aac.yaml — so
// that two checkouts of the same commit (Windows with CRLF and a BOM, Linux with LF) load the
// same values and never undo each other's applies.

/**
 * The text of a file already checked to be UTF-8: one leading byte order mark (U+FEFF) dropped,
 * and every line break (CRLF, or a lone CR) made LF. Nothing else is touched: trailing spaces,
 * tabs, Unicode normalization and a missing final newline are the author's to keep. A YAML
 * double-quoted `"\r\n"` escape is not a line break in the file and stays as written.
 */
export function decodeText(bytes: Uint8Array): string {
  return normalizeText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

/** `text` as decodeText leaves a file's: its leading byte order mark dropped, its line breaks LF. */
export function normalizeText(text: string): string {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
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
