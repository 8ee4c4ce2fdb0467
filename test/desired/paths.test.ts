// Shown paths and keys computed from the directory walk's relative paths are the ones
// path.relative gives, wherever the working directory is.
import { join, resolve } from 'node:path';
import fc from '../helpers/fast-check.js';
import { describe, expect, it } from 'vitest';
import { belowRelative, posixRelative, shownPath, shownPathsBelow } from '../../src/desired/paths.js';

describe('a path below a directory', () => {
  it('is what path.relative gives for the joined path, from any working directory', () => {
    const name = fc.constantFrom('a', 'b', '_', 'x.yaml');
    const segments = fc.array(name, { maxLength: 3 });
    fc.assert(
      fc.property(segments, segments, fc.array(name, { minLength: 1, maxLength: 3 }), (cwdParts, dirParts, relParts) => {
        const cwd = resolve('/', ...cwdParts);
        const dir = resolve('/', ...dirParts);
        const rel = relParts.join('/');
        const abs = join(dir, ...relParts);
        // A working directory inside the definitions directory is one where concatenating would not do.
        expect(shownPathsBelow(cwd, shownPath(cwd, dir))(rel, abs)).toBe(shownPath(cwd, abs));
        expect(belowRelative('', rel)).toBe(posixRelative(dir, abs));
        expect(belowRelative(relParts[0]!, relParts.slice(1).join('/') || 'f')).toBe(posixRelative(dir, join(dir, relParts[0]!, ...(relParts.length > 1 ? relParts.slice(1) : ['f']))));
      }),
      { numRuns: 500 },
    );
  });
});
