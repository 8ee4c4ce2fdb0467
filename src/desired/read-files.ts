// Reading and parsing the definition files, the bulk of loading a large repository, spread over
// worker threads when there are enough files to repay starting them. Schema and semantic checks
// stay on the main thread, which works through each batch of parses as it arrives.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readBounded, type Refusal } from './file-access.js';
import type { RepoBoundary } from './repo-root.js';
import { MAX_FILE_BYTES, parseYaml, type ParsedYaml } from '../yaml/source.js';

export interface FileToRead {
  /** Absolute path. */
  path: string;
  /** Path for messages. */
  file: string;
  /** What the file's real path must stay inside. */
  boundary: RepoBoundary;
  /** Already read (on the main thread): only the parse is wanted. */
  bytes?: Uint8Array;
}

/** The bytes (for the source hash) and their parse, or why the file was not read. */
export type ReadFile = { refused: Refusal } | ({ bytes: Uint8Array } & ParsedYaml);

function read({ path, boundary }: FileToRead): { bytes: Uint8Array } | { refused: Refusal } {
  const got = readBounded(path, boundary, MAX_FILE_BYTES);
  return 'code' in got ? { refused: got } : { bytes: got.bytes };
}

export function readAndParse(f: FileToRead): ReadFile {
  const got = f.bytes ? { bytes: f.bytes } : read(f);
  return 'refused' in got ? got : { bytes: got.bytes, ...parseYaml(f.file, got.bytes) };
}

/** Below this many files, starting the threads (about 50 ms each) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 400;
/** Files per message: few enough to share the work evenly, enough to make messages rare. */
const BATCH = 40;
const MAX_WORKERS = 4;
/**
 * A file this large is parsed on a thread even when the rest are read inline: its parse takes
 * long enough (the YAML library needs about a second per 2 MB) to leave Ctrl-C and SIGTERM
 * unanswered on the main thread.
 */
const OFF_THREAD_BYTES = 256 * 1024;

/** Compiled beside this module; absent when running from the TypeScript sources (tests), where files are read inline. */
const WORKER = new URL('./read-files-worker.js', import.meta.url);

/**
 * Reads and parses every file, calling `each` on the main thread with each file's index and
 * result (in no particular order). The parsed values arrive as copies owned by this thread.
 */
export async function readDefinitionFiles(files: readonly FileToRead[], each: (i: number, got: ReadFile) => void): Promise<void> {
  const threads = Math.min(MAX_WORKERS, availableParallelism());
  const haveWorker = existsSync(fileURLToPath(WORKER));
  if (files.length < MIN_FILES_FOR_WORKERS || threads < 2 || !haveWorker) {
    await readInline(files, each, haveWorker);
    return;
  }
  let next = 0;
  const workers = Array.from({ length: threads }, () => new Worker(WORKER));
  try {
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      // Where each batch in flight starts. Two in flight, so a thread never waits for the main
      // thread to check its last batch before it has the next one.
      const inFlight: number[] = [];
      const send = () => {
        if (next >= files.length) return;
        inFlight.push(next);
        worker.postMessage(files.slice(next, Math.min(files.length, next + BATCH)));
        next = Math.min(files.length, next + BATCH);
      };
      worker.on('message', (results: ReadFile[]) => {
        const start = inFlight.shift()!;
        try {
          results.forEach((got, k) => each(start + k, got));
        } catch (err) {
          reject(err);
          return;
        }
        send();
        if (inFlight.length === 0) resolve();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (inFlight.length > 0) reject(new Error(`a file-reading thread stopped (exit code ${code})`));
      });
      send();
      send();
      if (inFlight.length === 0) resolve();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Reads the files one by one on this thread, letting the event loop run between them (signals,
 * the live listing's responses); a large file's parse goes to a thread of its own.
 */
async function readInline(files: readonly FileToRead[], each: (i: number, got: ReadFile) => void, haveWorker: boolean): Promise<void> {
  let helper: Worker | undefined;
  try {
    for (const [i, f] of files.entries()) {
      const got = read(f);
      if ('refused' in got) each(i, got);
      else if (got.bytes.length > OFF_THREAD_BYTES && haveWorker) each(i, await parseOnThread((helper ??= new Worker(WORKER)), { ...f, bytes: got.bytes }));
      // A copy of the value, as a worker's message would make: see readYamlSource.
      else {
        const parsed = parseYaml(f.file, got.bytes);
        each(i, { bytes: got.bytes, ...parsed, value: structuredClone(parsed.value) });
      }
      await new Promise(setImmediate);
    }
  } finally {
    await helper?.terminate();
  }
}

function parseOnThread(worker: Worker, f: FileToRead): Promise<ReadFile> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    worker.once('error', onError);
    worker.once('message', ([got]: ReadFile[]) => {
      worker.off('error', onError);
      resolve(got!);
    });
    worker.postMessage([f]);
  });
}
