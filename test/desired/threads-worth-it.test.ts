// Whether the definition files left after the probe go to worker threads: only when their parsing
// is long, and only when this thread had a core to itself while probing (a busy machine has none to
// give a thread either).
import { describe, expect, it } from 'vitest';
import { threadsWorthIt, type Probe } from '../../src/desired/read-files.js';
import { coreShare, runClock } from '../../src/util/core-share.js';

/** 40 block-YAML files probed at 0.5 ms each on an idle machine. */
const IDLE: Probe = { files: 40, parseMs: 20, share: 0.98 };

describe('threadsWorthIt', () => {
  it('starts threads for 10,000 YAML files on an idle machine, not for 1,000', () => {
    expect(threadsWorthIt(IDLE, 9_950)).toBe(true);
    expect(threadsWorthIt(IDLE, 950)).toBe(false);
  });

  it('reads inline on a machine whose cores are taken, however many files are left', () => {
    // Load 8 on two cores: this thread ran a quarter of the time it could have.
    const busy: Probe = { files: 40, parseMs: 80, share: 0.25 };
    expect(threadsWorthIt(busy, 9_950)).toBe(false);
    expect(threadsWorthIt(busy, 100_000)).toBe(false);
  });

  it('estimates the parsing left at the share of a core the probe had, not by the wall clock', () => {
    // Slowed to 80 % of a core: still a core to spare, and the files cost 0.128 ms each, not 0.16
    // (at 0.16, 11,000 files would be 1.76 s of parsing: worth threads).
    const slowed: Probe = { files: 40, parseMs: 6.4, share: 0.8 };
    expect(threadsWorthIt(slowed, 11_000)).toBe(false);
    expect(threadsWorthIt(slowed, 12_000)).toBe(true);
  });
});

describe('coreShare', () => {
  it('is what the thread ran of the time it could run', () => {
    expect(coreShare({ ran: 0, waited: 0 }, { ran: 30e6, waited: 90e6 })).toBe(0.25);
    expect(coreShare({ ran: 5, waited: 5 }, { ran: 5, waited: 5 })).toBe(1);
    expect(coreShare(undefined, { ran: 1, waited: 1 })).toBe(1);
  });

  it.runIf(process.platform === 'linux')("reads this thread's own clock on Linux", () => {
    const from = runClock()!;
    // Busy until the clock says this thread ran 5 ms: however long a loaded machine makes that
    // take (a loop bounded by wall time ran 2.6 ms of its 20 under a load of 7), within 10 s.
    const until = performance.now() + 10_000;
    let to = runClock()!;
    while (to.ran - from.ran < 5e6 && performance.now() < until) to = runClock()!;
    expect(to.ran - from.ran).toBeGreaterThanOrEqual(5e6);
    expect(coreShare(from, to)).toBeGreaterThan(0);
    expect(coreShare(from, to)).toBeLessThanOrEqual(1);
  });
});
