// How a load walks a directory for definition (or overlay) files and reads them: afresh each time,
// or, for a command that loads one directory more than once, from one read shared by its loads.
// `aac migrate` loads its source as written, in each environment, and as each environment's plan
// reads it (to check the live state): with one sharedReads(), each directory is walked once and
// each file read (and a definition or overlay parsed) once, whichever load asks first; every load
// still assembles and checks what was read on its own (a parse is never changed by a load: each
// assembles a copy). Only a command that asks holds the files: a plan's load lets each file's parse
// go as soon as the file is checked, and reads a file again if a message locates a field in it
// (a clean parse keeps no positions), where shared reads find the positions in the bytes they hold.
import { discoverDefinitionFiles, type Discovered } from './discover.js';
import { readBounded } from './file-access.js';
import type { RepoBoundary } from './repo-root.js';
import { readDefinitionFiles, sourceOf, type ReadFile } from './read-files.js';
import { yamlSource, type YamlSource } from '../yaml/source.js';

/**
 * A load's walk of a directory (discoverDefinitionFiles), its read of the definition or overlay
 * files found (readDefinitionFiles), a file read's parse as a YamlSource (`source`: `got` is what
 * `read` gave for the file at `path`, shown as `file`), and its read of a `$ref` fragment's bytes
 * (readBounded).
 */
export interface FileReads {
  walk: typeof discoverDefinitionFiles;
  read: typeof readDefinitionFiles;
  source(path: string, file: string, got: Exclude<ReadFile, { refused: unknown }>, boundary: RepoBoundary): YamlSource;
  fragment: typeof readBounded;
}

/** Every walk and read made anew, and a file read again where a message locates a field in it (sourceOf): what a load does unless given sharedReads(). */
export const READ_EACH_TIME: FileReads = {
  walk: discoverDefinitionFiles,
  read: readDefinitionFiles,
  source: (path, file, got, boundary) => sourceOf(path, file, got, boundary, got.digest),
  fragment: readBounded,
};

/**
 * One run's walks and reads, shared by its loads: a directory walked with the same excluded
 * directories is walked once (a later walk's `onFound` is told the count found); a definition or
 * overlay file (by its absolute path) is read and parsed once, each later load given the same
 * result, before the files it reads anew, and its fields located in the bytes read then, never
 * read again; a fragment's bytes (by its path) are read once. Holds every file's bytes and parse
 * until the run lets it go.
 */
export function sharedReads(): FileReads {
  const walks = new Map<string, Promise<Discovered>>();
  const files = new Map<string, ReadFile>();
  const fragments = new Map<string, ReturnType<typeof readBounded>>();
  return {
    async walk(dir, boundary, shown, excluded = [], onFound, fold) {
      // The fold is the directory's file system's, one for one directory.
      const key = JSON.stringify([dir, excluded]);
      const walked = walks.get(key);
      if (walked === undefined) {
        const walking = discoverDefinitionFiles(dir, boundary, shown, excluded, onFound, fold);
        walks.set(key, walking);
        return walking;
      }
      const discovered = await walked;
      onFound?.(discovered.files.length);
      return discovered;
    },
    async read(toRead, each, where, cache) {
      const left: number[] = [];
      toRead.forEach((f, i) => {
        const got = files.get(f.path);
        if (got === undefined) left.push(i);
        else each(i, got);
      });
      if (left.length === 0) return;
      const unread = left.map((i) => toRead[i]!);
      await readDefinitionFiles(unread, (j, got) => {
        files.set(unread[j]!.path, got);
        each(left[j]!, got);
      }, where, cache);
    },
    // The bytes the parse was made of, which `files` holds: positions found in them are the parse's.
    source: (_path, file, got) => yamlSource(file, got, () => got.bytes),
    fragment(path, ...rest) {
      const read = fragments.get(path) ?? readBounded(path, ...rest);
      fragments.set(path, read);
      return read;
    },
  };
}
