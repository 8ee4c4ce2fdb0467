import { describe, expect, it, vi } from 'vitest';
import { childEnv, describeMachine, type Machine } from '../../src/bench/machine.js';

const idle: Machine = { cpu: 'AMD EPYC', cores: 2, totalMemoryBytes: 24 * 2 ** 30, nodeStartMs: 21.4, pageFaultUs: 0.42, othersBusy: 0.02 };

describe('the machine line of the bench', () => {
  it('names the cores, memory, start-up and page-fault cost, and what other work used', () => {
    expect(describeMachine(idle)).toBe(
      'machine: 2 × AMD EPYC, 24 GiB; node -e 0 in 21 ms, a page fault 0.4 µs; other work used 2 % of the cores before the first row',
    );
  });

  it('warns that the figures are not comparable when other work used more than a tenth of the cores', () => {
    expect(describeMachine({ ...idle, othersBusy: 0.1 })).not.toContain('warning');
    expect(describeMachine({ ...idle, othersBusy: 0.35 })).toMatch(/35 % of the cores before the first row\nwarning: the machine was busy, so these figures are not comparable with an idle run$/);
  });

  it('runs its probes and its rows in one environment, without the caller\'s Node settings', () => {
    // Each costs every Node start-up: a probe that read them would not describe the rows. Set
    // by vitest, which puts the process's own values back after the test (unstubEnvs, vitest.config.ts).
    vi.stubEnv('NODE_EXTRA_CA_CERTS', '/etc/ssl/certs/ca-certificates.crt');
    vi.stubEnv('NODE_OPTIONS', '--max-old-space-size=64');
    expect(childEnv()).toEqual({ PATH: process.env.PATH });
    expect(childEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' })).toEqual({ PATH: process.env.PATH, OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' });
  });
});
