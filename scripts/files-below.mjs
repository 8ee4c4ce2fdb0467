// Every file below a folder, for the build scripts. Not readdirSync's `recursive` option: Node has
// it only from 20.1 (20.0 ignores it and lists the top folder alone), and package.json's engines,
// which the GitHub Action's runners are told to meet, say Node 20 (`>=20`): a build on 20.0 would
// then leave out every file in a subfolder, silently.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The paths of the files (and symbolic links) below `dir`, relative to it and joined with the
 * platform's separator as readdirSync's `recursive` gives them; folders themselves are not listed,
 * nor followed through a link. In no promised order: a caller to whom order matters sorts.
 */
export function filesBelow(dir, below = '') {
  return readdirSync(join(dir, below), { withFileTypes: true }).flatMap((entry) => {
    const path = below === '' ? entry.name : join(below, entry.name);
    return entry.isDirectory() ? filesBelow(dir, path) : [path];
  });
}
