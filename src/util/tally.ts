// A count that only grows, told as it grows (the definitions found while their directory is
// walked), and awaited by what needs it to reach a number first (a listing that starts its second
// cursor once more definitions are found than a page of the listing holds).

/** The things found so far, and promises that their number reaches a given one. */
export class Tally {
  private count = 0;
  private waiting: Array<{ at: number; resolve: () => void }> = [];

  /** `count` found now (a number never below an earlier one). */
  saw(count: number): void {
    this.count = count;
    if (this.waiting.length === 0) return;
    const due = this.waiting.filter((w) => w.at <= count);
    if (due.length === 0) return;
    this.waiting = this.waiting.filter((w) => w.at > count);
    for (const w of due) w.resolve();
  }

  /** Resolves once `at` are found (at once when they are); stays pending when never. */
  reached(at: number): Promise<void> {
    if (this.count >= at) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ at, resolve }));
  }
}
