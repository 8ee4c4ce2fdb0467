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
  let last = performance.now();
  return {
    due: () => performance.now() - last >= everyMs,
    async take() {
      await nextTurn();
      last = performance.now();
    },
  };
}
