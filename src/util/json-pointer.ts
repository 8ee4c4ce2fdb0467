// JSON pointers (RFC 6901) as ajv writes an error's instancePath and schemaPath: one place that
// decodes and encodes their tokens, so `~` and `/` in a field's name read the same everywhere.

/**
 * The reference tokens of `pointer`: '' (the whole document) gives [], '/tools/0/a~1b' gives
 * ['tools', '0', 'a/b'] (array indexes stay strings). `~1` is decoded before `~0`, so `~01` is
 * `~1` (RFC 6901 section 4). A schemaPath's leading `#` is the caller's to drop.
 */
export function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `name` as one reference token: `~` written `~0` and `/` written `~1` (RFC 6901 section 3). */
export function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
