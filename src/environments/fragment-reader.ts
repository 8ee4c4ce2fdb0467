// Reading a `$ref` fragment: the rule every file aac reads follows (inside the repository, regular
// files only, bounded size, one text rule), parsed with source positions like a definition.
import { isInside, readBounded } from '../desired/file-access.js';
import { shownPath } from '../desired/paths.js';
import { sha256 } from '../desired/read-files.js';
import type { RepoBoundary } from '../desired/repo-root.js';
import { describeBoundary } from '../desired/repo-root.js';
import { EMPTY_FILE, heldValue, MAX_FILE_BYTES, NOT_A_MAPPING, readYamlSource, type FileRole } from '../yaml/source.js';
import type { ReadFragment } from './include.js';
import { fileDoc } from './located.js';

/** What a fragment file must be; the hint for one that is not, its include site writes from the value it holds (include.ts). */
const FRAGMENT_ROLE: FileRole = {
  mapping: 'a fragment file is a mapping',
  hint: 'put the value under a key and include it with a pointer: `$ref: FILE#/KEY`',
  empty: 'give it content, or remove the $ref',
  size: `a fragment file is at most ${MAX_FILE_BYTES} bytes`,
  tooLarge: 'split it into smaller fragment files, each included with its own $ref',
  binary: 'a fragment is UTF-8 YAML text: point the $ref at one',
  oneDocument: 'a fragment file is one document',
  documents: 'move each document after a `---` line into its own fragment file, included with its own $ref',
  quotesValues: true,
};
/** A definition's message for an empty file, said of a fragment. */
const FRAGMENT_EMPTY = { message: 'the fragment is empty', hint: FRAGMENT_ROLE.empty };

/**
 * Reads fragments below `boundary` (the repository), naming them relative to `cwd` in messages;
 * each file's sha256 goes into `digests` (a saved plan of a definition that includes it is stale
 * when it changes). `read`: how a file's bytes are read (desired/shared-reads.ts FileReads.fragment).
 */
export function fragmentReader(boundary: RepoBoundary, cwd: string, digests: Map<string, string>, read: typeof readBounded = readBounded): ReadFragment {
  return (abs) => {
    // Said before any file system access: whether a file exists outside is none of the definitions' business.
    if (!isInside(boundary.root, abs)) {
      return { refusal: { code: 'path-outside-repository', reason: `it is outside ${describeBoundary(boundary)}`, hint: 'keep shared fragments inside the repository, e.g. in a _-prefixed directory beside the definitions' } };
    }
    const got = read(abs, boundary, MAX_FILE_BYTES, FRAGMENT_ROLE.tooLarge);
    if ('code' in got) return { refusal: got };
    digests.set(abs, sha256(got.bytes));
    const src = readYamlSource(shownPath(cwd, abs), got.bytes, FRAGMENT_ROLE);
    const diagnostics = src.diagnostics.map((d) => (d.code === EMPTY_FILE ? { ...d, ...FRAGMENT_EMPTY } : d));
    const notMapping = diagnostics.some((d) => d.code === NOT_A_MAPPING);
    return { doc: fileDoc(src.value ?? null, abs, src), diagnostics, ...(notMapping ? { held: heldValue(got.bytes) ?? null } : {}) };
  };
}
