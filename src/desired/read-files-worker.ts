// One file-reading thread: each message is a batch of files, answered with their parses in order.
import { parentPort } from 'node:worker_threads';
import { readAndParse, type FileToRead, type ReadFile } from './read-files.js';

/** A buffer of its own, which can be moved: a small file's bytes are a slice of a shared 8 KB pool. */
function movable(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

parentPort!.on('message', (batch: FileToRead[]) => {
  const results: ReadFile[] = batch.map(readAndParse);
  for (const r of results) if ('bytes' in r) r.bytes = movable(r.bytes);
  // Bytes moved to the main thread, not copied.
  parentPort!.postMessage(results, results.flatMap((r) => ('bytes' in r ? [r.bytes.buffer as ArrayBuffer] : [])));
});
