import { afterEach, describe, expect, it } from 'vitest';
import { durationMs } from '../../src/backends/http/rate-gate.js';
import { createBackend } from '../../src/backends/registry.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('rate-limit pacing', () => {
  it('reads the API duration style of x-ratelimit-reset-*', () => {
    expect(durationMs('6ms')).toBe(6);
    expect(durationMs('1.5s')).toBe(1500);
    expect(durationMs('6m0s')).toBe(360_000);
    expect(durationMs('soon')).toBeUndefined();
    expect(durationMs(null)).toBeUndefined();
  });

  it('waits for the window to refill when the server says it is spent, instead of provoking 429s', async () => {
    emu = await startEmulator({ rateLimitPerMinute: 3, rateLimitWindowMs: 400 });
    const backend = await createBackend({
      config: { provider: 'openai', options: {} },
      env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-pacing-test' },
    });
    for (let i = 0; i < 7; i++) await backend.listAll();
    // Seven list requests through a window of three: two refills, paced by the headers alone.
    expect(emu.stats().byStatus['429'] ?? 0).toBe(0);
    expect(emu.stats().byStatus['200']).toBe(7);
  });
});
