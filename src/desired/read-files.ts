// Reading and parsing the definition files, the bulk of loading a large repository, spread over
// worker threads when there are enough files to repay starting them. Schema and semantic checks
// stay on the main thread, which works through each batch of parses as it arrives.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseYaml, type ParsedYaml } from './source.js';

export interface FileToRead {
  /** Absolute path. */
  path: string;
  /** Path for messages. */
  file: string;
}

/** The bytes (for the source hash) and their parse, or why the file could not be read. */
export type ReadFile = { unreadable: string } | ({ bytes: Uint8Array } & ParsedYaml);

export function readAndParse({ path, file }: FileToRead): ReadFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return { unreadable: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  }
  return { bytes, ...parseYaml(file, bytes) };
}

/** Below this many files, starting the threads (about 50 ms each) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 400;
/** Files per message: few enough to share the work evenly, enough to make messages rare. */
const BATCH = 40;
const MAX_WORKERS = 4;

/** Compiled beside this module; absent when running from the TypeScript sources (tests), where files are read inline. */
const WORKER = new URL('./read-files-worker.js', import.meta.url);

/**
 * Reads and parses every file, calling `each` on the main thread with each file's index and
 * result (in no particular order). The parsed values arrive as copies owned by this thread.
 */
export async function readDefinitionFiles(files: readonly FileToRead[], each: (i: number, got: ReadFile) => void): Promise<void> {
  const threads = Math.min(MAX_WORKERS, availableParallelism());
  if (files.length < MIN_FILES_FOR_WORKERS || threads < 2 || !existsSync(fileURLToPath(WORKER))) {
    // A copy of the value, as a worker's message would make: see readYamlSource.
    files.forEach((f, i) => {
      const got = readAndParse(f);
      each(i, 'unreadable' in got ? got : { ...got, value: structuredClone(got.value) });
    });
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
