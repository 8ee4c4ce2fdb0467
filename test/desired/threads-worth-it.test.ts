// Whether the definition files left after the probe go to worker threads: only when their parsing
// is long, and only when this thread had a core to itself while probing (a busy machine has none to
// give a thread either).
import { describe, expect, it } from 'vitest';
import { threadsWorthIt, type Probe } from '../../src/desired/read-files.js';

/** 40 block-YAML files probed at 0.5 ms each on an idle machine. */
const IDLE: Probe = { files: 40, parseMs: 20, wallMs: 21, cpuMs: 20.5 };

describe('threadsWorthIt', () => {
  it('starts threads for 10,000 YAML files on an idle machine, not for 1,000', () => {
    expect(threadsWorthIt(IDLE, 9_950)).toBe(true);
    expect(threadsWorthIt(IDLE, 950)).toBe(false);
  });

  it('reads inline on a machine whose cores are taken, however many files are left', () => {
    // Load 5 on two cores: this thread ran 40 % of the probe's wall time.
    const busy: Probe = { files: 40, parseMs: 50, wallMs: 52, cpuMs: 21 };
    expect(threadsWorthIt(busy, 9_950)).toBe(false);
    expect(threadsWorthIt(busy, 100_000)).toBe(false);
  });

  it('estimates the parsing left from the CPU the probe had, not its wall time', () => {
    // Slowed to 80 % of a core: still a core to spare, and the files cost 0.128 ms each, not 0.16
    // (at 0.16, 11,000 files would be 1.76 s of parsing: worth threads).
    const slowed: Probe = { files: 40, parseMs: 6.4, wallMs: 8, cpuMs: 6.4 };
    expect(threadsWorthIt(slowed, 11_000)).toBe(false);
    expect(threadsWorthIt(slowed, 12_000)).toBe(true);
  });

  it('takes a probe too short to time as having had its core', () => {
    expect(threadsWorthIt({ files: 40, parseMs: 0, wallMs: 0, cpuMs: 0 }, 10_000)).toBe(false);
    expect(threadsWorthIt({ files: 0, parseMs: 0, wallMs: 0, cpuMs: 0 }, 0)).toBe(false);
  });
});
