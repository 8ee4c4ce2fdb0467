// JSON pointer tokens as ajv writes them, decoded and encoded in one place (RFC 6901): a field
// named with `/` or `~` reads back as its name wherever an error's path is shown.
import { describe, expect, it } from 'vitest';
import { pointerToken, pointerTokens } from '../../src/util/json-pointer.js';

describe('JSON pointer tokens', () => {
  it('decode ~1 before ~0, so an escaped tilde followed by 1 stays itself', () => {
    expect(pointerTokens('')).toEqual([]);
    expect(pointerTokens('/tools/0/a~1b')).toEqual(['tools', '0', 'a/b']);
    expect(pointerTokens('/m~0n/~01')).toEqual(['m~n', '~1']);
    expect(pointerTokens('/')).toEqual(['']);
  });

  it('encode a name so that it decodes back to itself', () => {
    for (const name of ['plain', 'a/b', 'm~n', '~1', '~0/~', '']) {
      expect(pointerToken(name).includes('/'), name).toBe(false);
      expect(pointerTokens(`/x/${pointerToken(name)}`), name).toEqual(['x', name]);
    }
  });
});
