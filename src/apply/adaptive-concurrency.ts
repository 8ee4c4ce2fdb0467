// Additive-increase / multiplicative-decrease on the number of actions in flight.
//
// The backend already honours `retry-after` and pauses every request while a 429 is being waited
// out, but a pause alone does not slow anything down: when it lifts, all N actions fire together
// and the next burst is refused again. Halving N while the server keeps pushing back, and adding
// one back after each calm round, settles the apply near the rate the server accepts.
import pLimit, { type LimitFunction } from 'p-limit';

export class AdaptiveConcurrency {
  readonly limit: LimitFunction;
  /** Finished actions since the last cut: one cut per round, since a burst fails many actions at once. */
  private sinceCut = Number.POSITIVE_INFINITY;
  private calm = 0;

  constructor(readonly max: number) {
    this.limit = pLimit(max);
  }

  get current(): number {
    return this.limit.concurrency;
  }

  /** Called as each action finishes; `pushedBack` when the server answered 429/5xx (retried or not) meanwhile. */
  record(pushedBack: boolean): void {
    const round = this.limit.concurrency;
    this.sinceCut++;
    if (pushedBack) {
      this.calm = 0;
      if (this.sinceCut >= round) {
        this.limit.concurrency = Math.max(1, Math.floor(round / 2));
        this.sinceCut = 0;
      }
      return;
    }
    this.calm++;
    if (this.calm >= round && round < this.max) {
      this.limit.concurrency = round + 1;
      this.calm = 0;
    }
  }
}
