import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency } from '../../src/apply/adaptive-concurrency.js';

describe('AdaptiveConcurrency', () => {
  it('halves once per burst of push-back, not once per action the burst failed', () => {
    const gate = new AdaptiveConcurrency(8);
    gate.record(true);
    expect(gate.current).toBe(4);
    // The other actions of the same round report the same burst.
    gate.record(true);
    gate.record(true);
    gate.record(true);
    expect(gate.current).toBe(4);
    // A full round later the server is still refusing: halve again.
    gate.record(true);
    expect(gate.current).toBe(2);
  });

  it('never goes below one action in flight', () => {
    const gate = new AdaptiveConcurrency(2);
    for (let i = 0; i < 20; i++) gate.record(true);
    expect(gate.current).toBe(1);
  });

  it('adds one back after each calm round, up to the configured maximum', () => {
    const gate = new AdaptiveConcurrency(4);
    gate.record(true);
    expect(gate.current).toBe(2);
    gate.record(false);
    expect(gate.current).toBe(2);
    gate.record(false);
    expect(gate.current).toBe(3);
    for (let i = 0; i < 3; i++) gate.record(false);
    expect(gate.current).toBe(4);
    for (let i = 0; i < 50; i++) gate.record(false);
    expect(gate.current).toBe(4);
  });

});
