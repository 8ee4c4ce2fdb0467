// Two namespaces that pin one unmanaged assistant with `id:` and apply at once: the lock is per
// namespace and the API has no conditional write, so both write their marker and the last write
// stays. The run whose adopt a later write of another namespace overtook finds it when it re-reads
// its adopts, and says so as a failure naming that namespace (exit 1), not as `modified`. Over HTTP
// against the emulator; the other namespace's write is made while this run's re-read waits at a proxy.
import { afterEach, expect, it } from 'vitest';
import { API_KEY, harness, recordingProxy, type Harness, type Recorder } from '../apply/helpers.js';
import { TEST_MARKER } from '../helpers/cli.js';

let h: Harness | undefined;
let proxy: Recorder | undefined;
afterEach(async () => {
  await proxy?.close();
  await h?.close();
});

it("an adopt another namespace's write overtook is a failure naming that namespace, not 'modified'", async () => {
  h = await harness();
  const [shared] = h.emu.seed([{ model: 'gpt-4o', name: 'Shared', metadata: {} }]);
  const id = String(shared!.id);
  h.ws.write('pin', { id, model: 'gpt-4o', name: 'Shared' });
  let overtaken: Promise<Response> | undefined;
  // Once this run's adopt was sent, the next listing (its re-read) waits for team B's write of its own marker.
  proxy = await recordingProxy(h.emu.url, async (r) => {
    const adopted = proxy!.requests.some((q) => q.method === 'POST' && q.path.endsWith(`/assistants/${id}`));
    if (r.method === 'GET' && r.path.endsWith('/assistants') && adopted) {
      await (overtaken ??= fetch(`${h!.emu.url}/assistants/${id}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'openai-beta': 'assistants=v2' },
        body: JSON.stringify({ metadata: { 'aac@team-b': 'shared' } }),
      }));
    }
    return undefined;
  });
  const r = await h.cli(['apply', '--yes'], { env: { OPENAI_BASE_URL: proxy.url } });
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect((await overtaken!)?.status).toBe(200);
  expect(r.stdout).toContain(`~ pin: modified ${id}`);
  expect(r.stdout).toContain(`! pin (${id}): update failed: adopted, then re-read carrying the marker of the namespace 'team-b' (as 'shared'): another write to the assistant came after this one's`);
  expect(r.stdout).toContain('Apply failed: 0 created, 0 modified, 0 deleted, 1 failed.');
  expect(r.stdout).toContain(`~ pin: remove \`id: ${id}\` from this definition (a new assistant is then created), or agree with its owner which namespace keeps it`);
  expect(h.emu.resources().find((a) => a.id === id)!.metadata).not.toHaveProperty(TEST_MARKER);
});
