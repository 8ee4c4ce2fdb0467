// Long loops on the main thread (reading thousands of definition files, planning thousands of
// resources) run while the listing's responses arrive. A response waits for the loop to give the
// event loop a turn, and the next page is asked for only after it is read, so every millisecond a
// loop holds on delays the listing, which is what bounds a large plan.

/**
 * How often a long loop gives the event loop a turn, ms. A page of 100 resources arrives as a few
 * socket reads, each of which waits for a turn: at 5 ms the first round trips of a 10,000-resource
 * listing took 20–40 ms longer while the definitions loaded; a turn costs microseconds.
 */
export const TURN_EVERY_MS = 1;

/** A turn of the event loop (timers, I/O, signals), then the caller goes on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * For a long loop: `due()` says whether `everyMs` have passed since the last turn it took
 * (`take()`). Kept apart so the loop pays for a promise only when a turn is due:
 * `if (turns.due()) await turns.take();`.
 */
export function turnTaker(everyMs = TURN_EVERY_MS): { due(): boolean; take(): Promise<void> } {
  let last = monotonicMs();
  return {
    due: () => monotonicMs() - last >= everyMs,
    async take() {
      await nextTurn();
      last = monotonicMs();
    },
  };
}

/**
 * A monotonic clock in ms (fractional), from an arbitrary start. Not `performance.now()`: the
 * first use of the `performance` global loads nine of Node's modules (perf_hooks and its timing
 * classes), ~0.7 MiB and a few ms of a plan's start-up, where the definitions' loop (here and in
 * desired/read-files.ts) is its only use.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * Work on items handed over while the event loop has other things to do (a listing's pages, which
 * arrive just before the request for the next page goes out, and must not wait for the work): each
 * item is worked on from the event loop's next turn on, a turn given whenever one is due.
 */
export class Backlog<T> {
  private readonly waiting: T[] = [];
  private draining = false;

  constructor(private readonly work: (item: T) => void) {}

  /** Drops the items not worked on yet. */
  clear(): void {
    this.waiting.length = 0;
  }

  add(items: readonly T[]): void {
    for (const item of items) this.waiting.push(item);
    if (this.draining || this.waiting.length === 0) return;
    this.draining = true;
    void nextTurn().then(async () => {
      const turns = turnTaker();
      for (let item = this.waiting.pop(); item !== undefined; item = this.waiting.pop()) {
        this.work(item);
        if (turns.due()) await turns.take();
      }
      this.draining = false;
    });
  }
}
