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
      let batchStart = 0;
      const send = () => {
        if (next >= files.length) {
          resolve();
          return;
        }
        batchStart = next;
        next = Math.min(files.length, next + BATCH);
        worker.postMessage(files.slice(batchStart, next));
      };
      worker.on('message', (results: ReadFile[]) => {
        try {
          results.forEach((got, k) => each(batchStart + k, got));
        } catch (err) {
          reject(err);
          return;
        }
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (next < files.length || code !== 0) reject(new Error(`a file-reading thread stopped (exit code ${code})`));
      });
      send();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
