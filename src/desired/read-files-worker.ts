// One file-reading thread: each message is a batch of files, answered with their parses in order.
import { parentPort } from 'node:worker_threads';
import { readAndParse, type FileToRead, type ReadFile } from './read-files.js';

parentPort!.on('message', (batch: FileToRead[]) => {
  // Bytes in buffers of their own size, moved to the main thread rather than copied (a small
  // file's buffer is a slice of a shared 8 KB pool, which a copy would take whole).
  const results: ReadFile[] = batch.map(readAndParse).map((r) => ('bytes' in r ? { ...r, bytes: new Uint8Array(r.bytes) } : r));
  parentPort!.postMessage(results, results.flatMap((r) => ('bytes' in r ? [r.bytes.buffer as ArrayBuffer] : [])));
});
