// A host that is running but slower than options.timeout_ms is told as slow, with the option to
// raise, never as one that could not be reached (which says to check the endpoint and that the
// server is running); a host with nothing listening still is.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { afterTest, testEmulator } from '../helpers/each-test.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';

afterAll(cleanupTrees);

const KEY = 'sk-test-slow-host-0000000';
const env = (url: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: KEY });
/** One definition, and a timeout far below the emulator's latency; no retries, to keep it short. */
const tree = () => writeTree({ 'assistants/aac.yaml': 'options:\n  timeout_ms: 300\n  max_retries: 0\n', 'assistants/a.yaml': 'model: m\n' });

describe('a slow host', () => {
  it('plan: the listing "answered nothing within 300 ms", raise options.timeout_ms; not "could not reach"', async () => {
    const emu = await testEmulator({ apiKey: KEY, latencyMs: 1_500 });
    const r = await runCli(['plan'], { cwd: tree(), env: env(emu.url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`listing assistants: ${new URL(emu.url).host} answered nothing within 300 ms (options.timeout_ms in aac.yaml): it took the connection, so it is running but slow\n  raise options.timeout_ms in aac.yaml`);
    expect(r.stderr).not.toContain('could not reach');
    expect(r.stderr).not.toContain('server is running');
  }, 30_000);

  it('apply: the lock\'s answer lost and the check too slow, not "the host could not be reached to check"', async () => {
    const emu = await testEmulator({ apiKey: KEY, latencyMs: 1_500 });
    const r = await runCli(['apply', '--yes'], { cwd: tree(), env: env(emu.url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('its lock object was sent; the response was lost and the host answered the check too slowly too: it may have been made');
    expect(r.stderr).toContain('raise options.timeout_ms in aac.yaml');
    expect(r.stderr).not.toContain('could not be reached');
    expect(r.stderr).not.toContain('could not reach');
  }, 30_000);

  it('a port that takes the connection and never answers is slow too; one where nothing listens still "could not reach"', async () => {
    const held = new Set<Socket>();
    const silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    afterTest(() => {
      for (const socket of held) socket.destroy();
      silent.close();
    });
    const slow = await runCli(['plan'], { cwd: tree(), env: env(`http://127.0.0.1:${port}/v1`) });
    expect(slow.stderr).toContain('answered nothing within 300 ms');
    expect(slow.stderr).not.toContain('could not reach');

    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    const gone = await runCli(['plan'], { cwd: tree(), env: env(`http://127.0.0.1:${port}/v1`) });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`could not reach 127.0.0.1:${port}`);
  }, 30_000);
});
