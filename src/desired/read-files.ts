// Reading and parsing the definition files, the bulk of loading a large repository, spread over
// worker threads when the parsing left is long enough to repay starting them. Schema and semantic checks
// stay on the main thread, which works through each batch of parses as it arrives.
import * as crypto from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { readBounded, type Refusal } from './file-access.js';
import type { ParseCache } from './parse-cache.js';
import type { RepoBoundary } from './repo-root.js';
import { coreShare, runClock } from '../util/core-share.js';
import { monotonicMs, turnTaker } from '../util/event-loop.js';
import { largeInput } from '../util/v8-by-work.js';
import { DEFINITION_ROLE, FileLocator, locatedSource, MAX_FILE_BYTES, ownedParse, parseYaml, type ParsedYaml, type YamlSource } from '../yaml/source.js';

export interface FileToRead {
  /** Absolute path. */
  path: string;
  /** Path for messages. */
  file: string;
  /** What the file's real path must stay inside. */
  boundary: RepoBoundary;
  /** Its real path, when the directory walk knows it (DiscoveredFile.real). */
  real?: string;
  /** Already read (on the main thread): only the parse is wanted. */
  bytes?: Uint8Array;
}

/** The bytes (for the source hash) and their sha256 (hex), and their parse; or why the file was not read. */
export type ReadFile = { refused: Refusal } | ({ bytes: Uint8Array; digest: string } & ParsedYaml);

function read({ path, boundary, real }: FileToRead): { bytes: Uint8Array } | { refused: Refusal } {
  const got = readBounded(path, boundary, MAX_FILE_BYTES, DEFINITION_ROLE.tooLarge, real);
  if (!('code' in got)) return { bytes: got.bytes };
  // Found by the directory walk: the fix is to keep it out of the walk.
  return { refused: got.code === 'not-a-file' ? { ...got, hint: `${got.hint}; move it out of the definitions directory` } : got };
}

// From the namespace, not named imports: on a Node 20 before 20.12, a missing named export would fail the whole import.
const { hash, createHash } = crypto;
/**
 * The sha256 of `bytes`, hex. With crypto.hash (Node 20.12 and 21.7 on) in one call, without a
 * Hash object: 2–5 µs less a file than createHash, for every definition file of every run.
 */
export const sha256: (bytes: Uint8Array) => string = typeof hash === 'function'
  ? (bytes) => hash('sha256', bytes, 'hex')
  : (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * Where a definition file's fields are written (FileLocator), reading the file again for a
 * message's position when its parse kept none: `path` (absolute) inside `boundary`, and `digest`,
 * the sha256 of the bytes parsed, which the bytes read again must have (else the file changed
 * since, and its positions may have moved).
 */
class DefinitionLocator extends FileLocator {
  constructor(file: string, parsed: ParsedYaml, private readonly path: string, private readonly boundary: RepoBoundary, private readonly digest: string) {
    super(file, parsed);
  }

  protected override reread(): Uint8Array | undefined {
    const again = readBounded(this.path, this.boundary, MAX_FILE_BYTES, DEFINITION_ROLE.tooLarge);
    return 'code' in again || sha256(again.bytes) !== this.digest ? undefined : again.bytes;
  }
}

/**
 * A file's parse as a YamlSource; `digest` is the sha256 of its bytes (callers need it too, for
 * the source hash). A file read as JSON, parsed cleanly, or taken from the parse cache, has no
 * index of positions: the first message that needs one reads the file again, when it is
 * unchanged (DefinitionLocator).
 */
export function sourceOf(path: string, file: string, got: ParsedYaml, boundary: RepoBoundary, digest: string): YamlSource {
  return locatedSource(new DefinitionLocator(file, got, path, boundary, digest), got);
}

export function readAndParse(f: FileToRead): ReadFile {
  const got = f.bytes ? { bytes: f.bytes } : read(f);
  return 'refused' in got ? got : { bytes: got.bytes, digest: sha256(got.bytes), ...parseYaml(f.file, got.bytes) };
}

/** Whether a file's parse is one the parse cache keeps: read as YAML (a `sliced` value), with nothing to say. */
const cacheable = (got: ReadFile): got is Extract<ReadFile, { bytes: Uint8Array }> =>
  !('refused' in got) && got.sliced === true && got.diagnostics.length === 0 && got.value !== undefined;

/**
 * Threads are started only when the parsing left to do is estimated at more than this: each costs
 * about a quarter second of CPU and 40 MB to start and import the YAML parser, which a fleet
 * written as JSON (0.01 ms a file) or a thousand YAML files (0.5 s in all) never earns back on two
 * cores, where the threads would share them with this one. 10,000 YAML files do.
 */
const THREADS_WORTH_MS = 1500;
/**
 * The share of a core this thread must have had while it read the probed files (util/core-share.ts)
 * for threads to be started: less, and other work holds the machine's cores, so a thread would not
 * get one of its own; it would take turns with this one and add its start-up.
 * On a two-core machine under a load average of 5, threads made a plan of 1,000 YAML files 1.84×
 * the naive reconciler's time. There the probe of 10,000 YAML files had 0.49–0.70 of a core, with
 * three busy loops beside it 0.14–0.30, and idle but for the emulator 0.71–0.98 (its listing
 * competes for the cores): half a core tells a machine other work holds from one it does not.
 */
const MIN_CORE_SHARE = 0.5;
/**
 * Files read here first, to measure what one costs (JSON or YAML, small or large, this machine);
 * the first few are not timed, since they pay for loading the parser and for the first compiles.
 */
const PROBE_FILES = 50;
const WARM_UP_FILES = 10;
/** Files per message: few enough to share the work evenly, enough to make messages rare. */
const BATCH = 40;
const MAX_WORKERS = 4;
/**
 * A file this large is parsed on a thread even when the rest are read inline: its parse takes
 * long enough (the YAML library needs about a second per 2 MB) to leave Ctrl-C and SIGTERM
 * unanswered on the main thread. Long enough, too, for V8's optimized code to pay: such a file is
 * large work whatever the count of files (util/v8-by-work.ts, largeInput).
 */
const OFF_THREAD_BYTES = 256 * 1024;

/**
 * How often parsing files inline gives the event loop a turn, ms: more often than other long
 * loops (TURN_EVERY_MS). Each round trip of the listing waits for several turns of this thread
 * (the response, its body as it arrives, the next request), so with 1,000 block-YAML files
 * parsed inline the listing's last page came ~25 ms later at a turn a millisecond than at a turn
 * every quarter (60 ms later at 4 ms), and the listing is what a plan waits for then. A turn
 * costs 1–2 µs. While threads parse (10,000 YAML files) the checks of their batches keep the
 * usual period: finer turns there did not shorten the plan.
 */
const INLINE_TURN_EVERY_MS = 0.25;

/** Beside this module in tsc's output and in the bundle (its own entry); absent when running from the TypeScript sources (tests), where files are read inline. */
const WORKER = new URL('./read-files-worker.js', import.meta.url);

const require = createRequire(import.meta.url);

/** A file-reading thread. node:worker_threads is loaded with the first: most runs start none, and loading it was ~1.5 ms of every run. */
function startWorker(): Worker {
  return new (require('node:worker_threads') as typeof import('node:worker_threads')).Worker(WORKER);
}

/** Where files are parsed: chosen as below (`auto`), or forced, for tests that compare the two. */
export type ReadOn = 'auto' | 'threads' | 'inline';

/**
 * Reads and parses every file, calling `each` on the main thread with each file's index and
 * result (in no particular order). The parsed values arrive as copies owned by this thread.
 * The first files are read on this thread; the rest go to worker threads only when there are two
 * cores or more, and the first ones show that the rest are worth starting them (threadsWorthIt).
 * `cache`: the values earlier runs parsed (src/desired/parse-cache.ts), which files read on this
 * thread take instead of parsing (so a warm cache makes the probe find threads not worth it), and
 * which keeps every clean YAML parse, in the files' order (one that arrives ahead of an earlier
 * file's parse is kept once that one is).
 */
export async function readDefinitionFiles(files: readonly FileToRead[], each: (i: number, got: ReadFile) => void, where: ReadOn = 'auto', cache?: ParseCache): Promise<void> {
  if (cache) {
    const given = each;
    // Kept in the files' order, the order the next run asks for them in, which then reads the
    // cache's lines a window at a time, each window once. Kept in the order the threads answered
    // (batches overtaking one another), a run of 10,000 read 414 windows of 256 KB, 108 MB, for
    // 56 MB of values. A file that comes before one still parsing waits for it (a batch or two).
    const waiting = new Map<number, ReadFile>();
    let next = 0;
    each = (i, got) => {
      waiting.set(i, got);
      for (let first; (first = waiting.get(next)) !== undefined; next++) {
        waiting.delete(next);
        if (cacheable(first)) cache.put(first.digest, first.value!);
      }
      given(i, got);
    };
  }
  cache?.reading();
  await readAll(files, each, where, cache);
  cache?.read();
}

async function readAll(files: readonly FileToRead[], each: (i: number, got: ReadFile) => void, where: ReadOn, cache: ParseCache | undefined): Promise<void> {
  const threads = Math.min(MAX_WORKERS, availableParallelism());
  const haveWorker = existsSync(fileURLToPath(WORKER));
  if (where === 'threads' && haveWorker) {
    await readOnThreads(files, 0, Math.max(2, threads), each);
    return;
  }
  if (threads < 2 || !haveWorker || where === 'inline') {
    await readInline(files, 0, files.length, each, haveWorker, cache);
    return;
  }
  const warm = Math.min(files.length, WARM_UP_FILES);
  const probed = Math.min(files.length, PROBE_FILES);
  await readInline(files, 0, warm, each, haveWorker, cache);
  const started = runClock();
  const parseMs = await readInline(files, warm, probed, each, haveWorker, cache);
  const probe: Probe = { files: probed - warm, parseMs, share: coreShare(started, runClock()) };
  if (threadsWorthIt(probe, files.length - probed)) await readOnThreads(files, probed, threads, each);
  else await readInline(files, probed, files.length, each, haveWorker, cache);
}

/** What parsing the probed files cost (ms of wall time), and the share of a core this thread had while it read them (0 to 1). */
export interface Probe {
  files: number;
  parseMs: number;
  share: number;
}

/**
 * Whether the `left` files are worth worker threads, from the probe: the parsing left, estimated
 * at the probed files' cost a file, is over THREADS_WORTH_MS, and this thread had at least
 * MIN_CORE_SHARE of a core while probing. The estimate is taken at that share, since on a busy
 * machine the wall time also counts the turns of other work.
 */
export function threadsWorthIt({ files, parseMs, share }: Probe, left: number): boolean {
  const leftMs = ((parseMs * share) / Math.max(1, files)) * left;
  return share >= MIN_CORE_SHARE && leftMs >= THREADS_WORTH_MS;
}

async function readOnThreads(files: readonly FileToRead[], from: number, threads: number, each: (i: number, got: ReadFile) => void): Promise<void> {
  let next = from;
  const workers = Array.from({ length: threads }, () => startWorker());
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
      // Checking a batch takes milliseconds, so the listing's responses get turns in between.
      const turns = turnTaker();
      const take = async (start: number, results: ReadFile[]) => {
        for (let k = 0; k < results.length; k++) {
          each(start + k, results[k]!);
          if (turns.due()) await turns.take();
        }
      };
      // Batches are checked in the order they arrive, one at a time. A batch that arrived while the
      // one before it was being checked is still to check: the thread is done only when none is
      // in flight and none waits here (else the load would end without that batch's files).
      let checking = Promise.resolve();
      let waiting = 0;
      worker.on('message', (results: ReadFile[]) => {
        const start = inFlight.shift()!;
        waiting++;
        checking = checking.then(() => take(start, results)).then(() => {
          waiting--;
          send();
          if (inFlight.length === 0 && waiting === 0) resolve();
        }, reject);
      });
      whenBroken(worker, () => inFlight.length > 0 || waiting > 0, reject);
      send();
      send();
      if (inFlight.length === 0) resolve();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Reads files `from` to `to` (exclusive) one by one on this thread, letting the event loop run
 * every INLINE_TURN_EVERY_MS; a file the cache holds is not parsed, and a large file's parse goes
 * to a thread of its own. Returns the milliseconds spent parsing the files the cache did not hold
 * (not reading or hashing them, nor in `each`): what a thread would take over. Their reads, system
 * calls of microseconds on an idle machine, took ~60 µs a file on a busy one, more than a JSON
 * file's parse, and with them 40 JSON files from the start of a plan of 10,000 were estimated at
 * 0.9–1.4 s left, near enough to THREADS_WORTH_MS for a busy spell to start threads that cost a
 * second of CPU and saved none.
 */
async function readInline(files: readonly FileToRead[], from: number, to: number, each: (i: number, got: ReadFile) => void, haveWorker: boolean, cache: ParseCache | undefined): Promise<number> {
  let helper: Worker | undefined;
  let spent = 0;
  const turns = turnTaker(INLINE_TURN_EVERY_MS);
  try {
    for (let i = from; i < to; i++) {
      const f = files[i]!;
      const got = read(f);
      if ('refused' in got) {
        each(i, got);
        continue;
      }
      const digest = sha256(got.bytes);
      const value = cache?.get(digest);
      const large = value === undefined && got.bytes.length > OFF_THREAD_BYTES;
      if (large) largeInput();
      if (large && haveWorker) each(i, await parseOnThread((helper ??= startWorker()), { ...f, bytes: got.bytes }));
      else {
        // A file taken from the cache is no work a thread could take (threads do not read it).
        const started = monotonicMs();
        const parsed = { bytes: got.bytes, digest, ...(value !== undefined ? { value, diagnostics: [] } : ownedParse(parseYaml(f.file, got.bytes))) };
        if (value === undefined) spent += monotonicMs() - started;
        each(i, parsed);
      }
      if (turns.due()) await turns.take();
    }
  } finally {
    await helper?.terminate();
  }
  return spent;
}

function parseOnThread(worker: Worker, f: FileToRead): Promise<ReadFile> {
  return new Promise((resolve, reject) => {
    let waiting = true;
    const stop = whenBroken(worker, () => waiting, (err) => reject(new Error(`${f.file}: ${err.message}`)));
    worker.once('message', ([got]: ReadFile[]) => {
      waiting = false;
      stop();
      resolve(got!);
    });
    worker.postMessage([f]);
  });
}

/**
 * Calls `fail` with an error saying so when the thread fails while `busy()`: an error thrown in
 * it, an answer that cannot be read on this thread (`messageerror`: the copy of its parse could
 * not be made), or its exit. Each would otherwise leave the main thread waiting for an answer
 * that never comes. Returns what stops listening.
 */
function whenBroken(worker: Worker, busy: () => boolean, fail: (err: Error) => void): () => void {
  const onError = (err: Error) => fail(new Error(`a file-reading thread failed: ${err.message}`));
  const onMessageError = (err: Error) => fail(new Error(`a file-reading thread's answer could not be read: ${err.message}`));
  const onExit = (code: number) => {
    if (busy()) fail(new Error(`a file-reading thread stopped before it answered (exit code ${code})`));
  };
  worker.on('error', onError).on('messageerror', onMessageError).on('exit', onExit);
  return () => worker.off('error', onError).off('messageerror', onMessageError).off('exit', onExit);
}
