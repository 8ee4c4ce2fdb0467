// Definitions parsed by earlier runs, kept between runs. Parsing YAML is most of what loading a
// definition costs, and a repository's files rarely change between two runs: `aac validate` of
// the bench's 100 block-YAML definitions ran 535 million instructions on its main thread, and 316
// million for the same definitions written as JSON, which parse some fifty times faster (Node 20,
// callgrind). A file's value is kept under the sha256 of its bytes, so an edited file is parsed
// again, and only when its YAML parse found nothing to say and JSON carries its value exactly; a
// file read as JSON is not kept (reading it is as fast as reading the copy).
//
// One file per definitions directory (by its real path) and build of aac (the bundle's build id:
// scripts/bundle.mjs), in its own directory in the system's temporary directory: a line per
// definition or overlay file, `<sha256> <value as JSON>`, holding the files the last run read,
// then an index of where each line's value is, then where that index starts (readIndex). When the
// load has walked its directory the index is read (read as the load started, it held the listing's
// first request back), a value read and parsed only when its file is read: at 10,000
// definitions the lines are 56 MB and the index 0.8 MB. A run that reads a file it does not hold, or does not read
// one it holds (an edited file's old line goes), writes a new file beside it, each new line as
// its file is parsed (held, the lines of a first run of 10,000 definitions were 80 MB), and puts
// it in place at exit once it has read every file. The directory is made and checked as the compile cache's (the user's own,
// no one else may write to it: src/compile-cache.cts), files written whole or not at all.
// A file whose value holds a credential this run holds (the value of a provider's key or token
// variable: the same values a definition is warned of holding, credential-values.ts) is not kept,
// and a line an earlier run kept with one (a run without the variable set) is dropped when the
// file is read: the file is committed, but its copy in the temporary directory would outlive the
// workspace, one more place to rotate the credential from.
// AAC_DISABLE_PARSE_CACHE=1 turns it off; anything that fails (a full disk, a line that is not
// JSON) leaves the run parsing as if there were no cache, and says nothing.
import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sha256 } from './read-files.js';
import { isObject, type Json, type JsonObject } from '../model/json.js';
import { secretFinder } from '../util/redact.js';

/** The values earlier runs parsed, by the sha256 of the file's bytes (hex). */
export interface ParseCache {
  /** The value of a file of these bytes, when an earlier run parsed it cleanly; undefined otherwise. */
  get(digest: string): JsonObject | undefined;
  /** A file of these bytes parsed as YAML with nothing to say: kept for the next runs when JSON carries `value` exactly. */
  put(digest: string, value: Json): void;
  /** A load starts reading files: until it has read them all, nothing is written (a load cut short would drop the lines of the files it did not reach). */
  reading(): void;
  /** That load read every file. */
  read(): void;
}

/** What the program allows: where to keep the files (made and checked by the caller), the build they are of, and the credentials kept out of them. */
interface Allowed {
  directory: () => string | undefined;
  build: string;
  credentials: () => Promise<readonly string[]>;
}

/** Off until the program allows it (tests call the stages in-process, each with the code as it is). */
let allowed: Allowed | undefined;
const opened = new Map<string, Promise<ParseCache | undefined>>();

/** The environment variable that turns the cache off (any non-empty value). */
export const DISABLE_PARSE_CACHE = 'AAC_DISABLE_PARSE_CACHE';

/**
 * Lets loads keep their parses: `directory` makes (or finds) the cache's directory, undefined when
 * there is no usable one; `build` names the build of aac whose parser made them (a line of one
 * build is never read by another); `credentials` gives the values of the credentials the run holds
 * (registry.ts credentialsIn), asked once a cache is opened: a value holding one is never kept.
 * For a command run as a program only.
 */
export function allowParseCache(directory: () => string | undefined, build: string, credentials: () => Promise<readonly string[]>): void {
  if (!process.env[DISABLE_PARSE_CACHE]) allowed = { directory, build, credentials };
}

/** The cache of the definitions directory `dir` for this run, or undefined when it is off or has no place. */
export function parseCacheFor(dir: string): Promise<ParseCache | undefined> {
  if (allowed === undefined) return Promise.resolve(undefined);
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return Promise.resolve(undefined);
  }
  if (!opened.has(real)) opened.set(real, open(real, allowed));
  return opened.get(real)!;
}

const NEWLINE = Buffer.from('\n');

/** A line's start: the sha256 of the file's bytes (hex) and a space; its value's JSON follows, to the newline. */
const HEAD_CHARS = 65;

/** Where a line's value is in the cache's file: its first byte and its length. */
interface Range {
  at: number;
  bytes: number;
}

async function open(real: string, { directory, build, credentials }: Allowed): Promise<ParseCache | undefined> {
  const dir = directory();
  if (dir === undefined) return undefined;
  const holdsCredential = credentialFinder(await credentials());
  // Named by the directory, then the build: a run of a new build replaces the old build's file.
  const scope = `${sha256(Buffer.from(real)).slice(0, 16)}.`;
  const path = join(dir, `${scope}${sha256(Buffer.from(build)).slice(0, 16)}.parsed`);
  // The file stays open while the run may read its lines: a run that replaces it meanwhile
  // replaces its name, not what this run reads.
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
  } catch {
    // No file yet, or none readable: every file is parsed.
  }
  // One buffer reads a window of the file's lines at a time (PIECE_BYTES).
  let piece: Buffer | undefined;
  const held = (fd === undefined ? undefined : readIndex(fd)) ?? new Map<string, Range>();
  /** This run's files: a line of the file (its range), or one written to the new file as it was parsed. */
  const kept = new Map<string, Range | 'written'>();
  // Lines are read a window at a time: a run reads its files in the order the run before wrote
  // them, so the next value asked for is most often in the window already. A read of each line
  // (10,000 at the largest) cost a system call and a fresh buffer each.
  let window: Buffer | undefined;
  let windowAt = 0;
  let windowBytes = 0;
  /** The line's value, in the window: valid until the next call. */
  const valueIn = (range: Range): Buffer => {
    const from = range.at - windowAt;
    if (window === undefined || from < 0 || from + range.bytes > windowBytes) {
      window = range.bytes > PIECE_BYTES ? Buffer.allocUnsafe(range.bytes) : (piece ??= Buffer.allocUnsafeSlow(PIECE_BYTES));
      windowAt = range.at;
      windowBytes = readSync(fd!, window, 0, window.length, range.at);
      if (windowBytes < range.bytes) throw new Error('cut short');
      return window.subarray(0, range.bytes);
    }
    return window.subarray(from, from + range.bytes);
  };
  // The new file, begun with the first line the old one did not hold (null: it could not be made).
  let out: LineWriter | null | undefined;
  const append = (digest: string, value: Buffer) => {
    out ??= lineWriter(path);
    out?.append(digest, value);
  };
  let added = 0;
  // Lines held that hold a credential: the file is written again without them.
  let dropped = 0;
  let loads = 0;
  let done = 0;
  let released = false;
  const changed = () => added > 0 || dropped > 0 || kept.size < held.size;
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    window = undefined;
    piece = undefined;
  };
  process.once('exit', () => {
    try {
      if (!released && loads > 0 && done === loads && changed()) {
        for (const [digest, line] of kept) if (line !== 'written') append(digest, Buffer.from(valueIn(line)));
        out?.commit(scope);
      } else {
        out?.abandon();
      }
    } catch {
      out?.abandon();
    }
    close();
  });
  return {
    get(digest) {
      const range = held.get(digest);
      if (range === undefined || released) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(valueIn(range).toString('utf8'));
      } catch {
        // Not what a run wrote: the file is parsed, and its line written anew.
      }
      if (!isObject(value as Json)) {
        held.delete(digest);
        return undefined;
      }
      // Kept by a run that did not hold the credential: dropped (the file is parsed, and put keeps nothing).
      if (holdsCredential(value as JsonObject)) {
        held.delete(digest);
        dropped++;
        return undefined;
      }
      kept.set(digest, range);
      return value as JsonObject;
    },
    put(digest, value) {
      if (released || kept.has(digest)) return;
      if (holdsCredential(value)) {
        // Its line, if an earlier run kept one, is not written again.
        if (held.delete(digest)) dropped++;
        return;
      }
      // Parsed again where the cache was not asked (a file-reading thread): its line is the same.
      const range = held.get(digest);
      if (range !== undefined) {
        kept.set(digest, range);
        return;
      }
      if (!exactInJson(value)) return;
      // Written now, not held: a first run of 10,000 definitions would hold their size again.
      append(digest, Buffer.from(JSON.stringify(value), 'utf8'));
      kept.set(digest, 'written');
      added++;
    },
    reading() {
      loads++;
    },
    read() {
      done++;
      // Nothing to write: the file is closed now, not at exit. A later load of the same run
      // (another environment's) then parses, and writes nothing.
      if (done === loads && !changed()) {
        released = true;
        held.clear();
        kept.clear();
        close();
      }
    },
  };
}

/**
 * Whether a value holds one of `credentials` (of redact.ts MIN_SECRET_AS_SUBSTRING characters or more, as a
 * definition is searched for them: credential-values.ts) in a string, a key or a number's digits;
 * never, when none is that long. Searched with the search the load makes of each definition's
 * fields (redact.ts secretFinder), whose long texts found clean are kept: the load's own search of
 * the same strings then finds them clean without a second search. (A search of each line's JSON
 * text, the values' size again, ~56 MB at 10,000 block-YAML definitions, cost 30–40 ms of CPU a
 * plan, on top of the load's.)
 */
function credentialFinder(credentials: readonly string[]): (value: Json) => boolean {
  const find = secretFinder(credentials);
  if (!find) return () => false;
  return (value) => {
    const stack: Json[] = [value];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (typeof v === 'string' || typeof v === 'number') {
        if (find(String(v)) !== undefined) return true;
      } else if (Array.isArray(v)) {
        // Pushed one by one: a spread of a list of a hundred thousand items overflows the call stack.
        for (const item of v) stack.push(item);
      } else if (v !== null && typeof v === 'object') {
        for (const key in v) {
          if (find(key) !== undefined) return true;
          stack.push(v[key]!);
        }
      }
    }
    return false;
  };
}

/**
 * The file's lines are read in windows of this size, through one buffer (a longer value alone), and
 * written in pieces of about it: held whole, they would be the definitions' size again. A megabyte,
 * the size before, was a buffer to index with and another for the values, each touched as far as
 * the file reached: a plan of 100 block-YAML definitions (a ~0.75 MB file) ended with 1.5 MiB more
 * resident (Node 20, medians of 5; its peak, 0.4 MiB higher, within the noise).
 */
const PIECE_BYTES = 256 * 1024;

/** The file's last line: where its index starts, in 16 hex digits. */
const FOOTER_BYTES = 17;
const FOOTER = /^[0-9a-f]{16}\n$/;
/** An entry of the index: a line's digest, then where its value is (`Range`), in decimal. */
const INDEX_ENTRY = /([0-9a-f]{64}) (\d{1,15}) (\d{1,15})\n/y;

/**
 * Where each line's value is, by the line's digest, from the index the file ends with (written by
 * LineWriter.commit); undefined when the file is not one a run wrote (no footer, an entry that is
 * not a digest and a range, or a range outside the lines). Read alone: at 10,000 definitions the
 * index is ~0.8 MB, where finding the lines by reading the file whole, 56 MB, cost 25–65 ms of CPU a
 * plan (Node 20).
 */
function readIndex(fd: number): Map<string, Range> | undefined {
  try {
    const size = fstatSync(fd).size;
    if (size < FOOTER_BYTES) return undefined;
    const footer = Buffer.alloc(FOOTER_BYTES);
    if (readSync(fd, footer, 0, FOOTER_BYTES, size - FOOTER_BYTES) < FOOTER_BYTES || !FOOTER.test(footer.toString('latin1'))) return undefined;
    const indexAt = Number.parseInt(footer.toString('latin1', 0, 16), 16);
    const indexBytes = size - FOOTER_BYTES - indexAt;
    if (indexBytes < 0) return undefined;
    const bytes = Buffer.allocUnsafe(indexBytes);
    if (readSync(fd, bytes, 0, indexBytes, indexAt) < indexBytes) return undefined;
    const text = bytes.toString('latin1');
    const index = new Map<string, Range>();
    INDEX_ENTRY.lastIndex = 0;
    for (let m; INDEX_ENTRY.lastIndex < text.length;) {
      if ((m = INDEX_ENTRY.exec(text)) === null) return undefined;
      const range = { at: Number(m[2]), bytes: Number(m[3]) };
      if (range.at + range.bytes > indexAt) return undefined;
      index.set(m[1]!, range);
    }
    return index;
  } catch {
    return undefined;
  }
}

/**
 * Whether JSON.parse(JSON.stringify(value)) gives `value` back: every number finite, not -0, and
 * an integer only within ±2^53 (beyond, the loader compares it with the file's digits, which the
 * copy has not: src/desired/json-numbers.ts).
 */
function exactInJson(value: Json): boolean {
  const stack: Json[] = [value];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0) || (Number.isInteger(v) && !Number.isSafeInteger(v))) return false;
    } else if (v !== null && typeof v === 'object') {
      // Pushed one by one: a spread of a list of a hundred thousand items overflows the call stack.
      for (const item of Array.isArray(v) ? v : Object.values(v)) stack.push(item);
    }
  }
  return true;
}

/**
 * A file no run has written for this long is removed by the next run that writes one: its
 * directory may be gone (a test's, a deleted clone's), and if not, a run parses it again.
 */
const UNUSED_FOR_MS = 30 * 24 * 3600 * 1000;

/**
 * A new file still being written (`….parsed.<pid>.tmp`) that has not been written to for this long
 * is a killed run's (SIGKILL, a crash, a machine stopped: a run that exits removes or renames its
 * own), removed by the next run that writes one. Nothing else would ever remove it, and a first
 * run of 10,000 definitions killed near its end leaves ~80 MB. A run still writing its file does
 * so as it reads its definitions, minutes at most before it puts the file in place.
 */
const ABANDONED_AFTER_MS = 24 * 3600 * 1000;

/** The name of a new file being written: a cache file's name, then the writing process's id. */
const BEING_WRITTEN = /^[0-9a-f]{16}\.[0-9a-f]{16}\.parsed\.\d+\.tmp$/;

/** A new cache file, written line by line beside the one it replaces. */
interface LineWriter {
  append(digest: string, value: Buffer): void;
  /**
   * Puts it in place of the old one, whole (a concurrent run reads the old file or the new one);
   * removes the scope's files of other builds, any file unwritten for UNUSED_FOR_MS, and any new
   * file left unwritten for ABANDONED_AFTER_MS.
   */
  commit(scope: string): void;
  /** Removes it: the run did not read every file, or failed to write. */
  abandon(): void;
}

/** A writer of the file that will replace `path`, or null when it cannot be made. */
function lineWriter(path: string): LineWriter | null {
  const temporary = `${path}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(temporary, 'wx', 0o600);
  } catch {
    return null;
  }
  // In pieces of about PIECE_BYTES.
  let piece: Buffer[] = [];
  let size = 0;
  // The bytes written before `piece`, and the index entries of the lines so far.
  let flushed = 0;
  const index: string[] = [];
  let failed = false;
  const flush = () => {
    if (!failed && size > 0) {
      try {
        writeSync(fd, Buffer.concat(piece, size));
      } catch {
        failed = true;
      }
    }
    flushed += size;
    piece = [];
    size = 0;
  };
  const abandon = () => {
    try {
      closeSync(fd);
    } catch {
      // Closed already.
    }
    rmSync(temporary, { force: true });
  };
  return {
    append(digest, value) {
      index.push(`${digest} ${flushed + size + HEAD_CHARS} ${value.length}\n`);
      piece.push(Buffer.from(`${digest} `, 'latin1'), value, NEWLINE);
      size += HEAD_CHARS + value.length + 1;
      if (size > PIECE_BYTES) flush();
    },
    commit(scope) {
      // The index after the lines, then where it starts (readIndex).
      const tail = Buffer.from(`${index.join('')}${(flushed + size).toString(16).padStart(16, '0')}\n`, 'latin1');
      piece.push(tail);
      size += tail.length;
      flush();
      if (failed) return abandon();
      closeSync(fd);
      renameSync(temporary, path);
      const dir = dirname(path);
      const now = Date.now();
      const writtenBefore = (file: string, time: number) => (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? time) < time;
      for (const other of readdirSync(dir)) {
        const file = join(dir, other);
        if (file === path) continue;
        const gone = other.endsWith('.parsed')
          ? other.startsWith(scope) || writtenBefore(file, now - UNUSED_FOR_MS)
          : BEING_WRITTEN.test(other) && writtenBefore(file, now - ABANDONED_AFTER_MS);
        if (gone) rmSync(file, { force: true });
      }
    },
    abandon,
  };
}
