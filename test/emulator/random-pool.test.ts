// The emulator's ids come from a pool of random bytes filled a page at a time: every draw is fresh
// bytes, never a part of another draw, across refills and for a draw larger than a page.
import { describe, expect, it } from 'vitest';
import { poolBytes } from '../../src/emulator/random-pool.js';
import { startEmulator } from '../../src/emulator/index.js';

describe('poolBytes', () => {
  it('gives each byte once: a thousand draws across refills all differ, each of the length asked', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const bytes = poolBytes(i % 2 === 0 ? 24 : 16);
      expect(bytes.length).toBe(i % 2 === 0 ? 24 : 16);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(1000);
    const large = poolBytes(10_000);
    expect(large.length).toBe(10_000);
    expect(new Set(large).size).toBeGreaterThan(200);
  });

  it("makes the emulator's assistant ids and request ids, each unique", async () => {
    const emu = await startEmulator({ validateResponses: true });
    try {
      const ids = new Set<string>();
      const requests = new Set<string>();
      for (let i = 0; i < 200; i++) {
        const res = await fetch(`${emu.url}/assistants`, { method: 'POST', headers: { authorization: 'Bearer sk-test-key', 'content-type': 'application/json', 'openai-beta': 'assistants=v2' }, body: JSON.stringify({ model: 'gpt-4o' }) });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { id: string };
        expect(body.id).toMatch(/^asst_[A-Za-z0-9]{24}$/);
        ids.add(body.id);
        requests.add(res.headers.get('x-request-id')!);
      }
      expect(ids.size).toBe(200);
      expect(requests.size).toBe(200);
      expect([...requests].every((r) => /^req_[0-9a-f]{32}$/.test(r))).toBe(true);
      expect(emu.violations()).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
