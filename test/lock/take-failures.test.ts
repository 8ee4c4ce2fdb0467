// Taking the lock fails: the run's error says why by the transport's reading of the failure, and
// what to do about that cause — not one piece of advice for all. The host failing or rate limiting
// every attempt: wait and run again (-lock=false would meet it too); the lock object refused by the
// host: -lock=false goes on without one; the host not reached: its own error and endpoint. (The
// credentials refused: refused-credentials.test.ts; another run holding it: lock.test.ts.) Over
// HTTP against the emulator, through a proxy that answers for it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { apiEnv, harness, recordingProxy, type Harness, type RecordedRequest } from '../apply/helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const LOCK_FALSE = '-lock=false applies without one';

it.each([
  [
    'a listing answered 503 on every attempt',
    (req: RecordedRequest) => (req.method === 'GET' ? { status: 503, message: 'overloaded' } : undefined),
    "listing assistants: server error (503): overloaded; nothing was changed: the host failed every attempt, as it would fail the run's other requests, -lock=false or not: run apply again once it recovers (a larger options.max_retries in aac.yaml rides out a longer outage)",
    'api-error',
  ],
  [
    'the lock object answered 429 on every attempt',
    (req: RecordedRequest) => (req.method === 'POST' ? { status: 429, message: 'slow down' } : undefined),
    "creating assistant 'aac lock': still rate limited (429): slow down; nothing was changed: the host's rate limit refused every attempt, as it would the run's other requests, -lock=false or not: run apply again once the limit resets (another run or tool may be spending it)",
    'api-error',
  ],
])('%s: the host to wait for, not -lock=false', async (_, fail, said, code) => {
  h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
  writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
  const proxy = await recordingProxy(h.emu.url, fail);
  try {
    const r = await h.cli(['apply', '--yes', '--format', 'json'], { env: apiEnv(proxy.url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: could not take the lock on the namespace 'test': ${said}\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({ diagnostics: [{ code }] });
    // Its own lock object, made before the listing failed, was removed as the run stepped back.
    expect(h.emu.resources()).toEqual([]);
  } finally {
    await proxy.close();
  }
});

it('the lock object refused by the host (400): said as refused, and -lock=false offered', async () => {
  h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
  const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'POST' ? { status: 400, message: 'too many metadata pairs' } : undefined));
  try {
    const r = await h.cli(['apply', '--yes'], { env: apiEnv(proxy.url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe([
      "Error: could not take the lock on the namespace 'test': creating assistant 'aac lock': the API refused the request (400): too many metadata pairs; nothing was changed",
      `  the host refused the lock object itself: a lock is a resource of the API (see "The lock" in the README); ${LOCK_FALSE}, and then nothing stops a concurrent apply`,
      '',
    ].join('\n'));
  } finally {
    await proxy.close();
  }
});

it('the host not reached: its own error, naming the endpoint to check, not -lock=false', async () => {
  h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
  // A port nothing listens on: the emulator's, once closed.
  const proxy = await recordingProxy(h.emu.url);
  const url = proxy.url;
  await proxy.close();
  const r = await h.cli(['apply', '--yes'], { env: apiEnv(url) });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^Error: creating assistant 'aac lock': could not reach 127\.0\.0\.1:\d+: connect ECONNREFUSED [^\n]*; the endpoint http:\/\/127\.0\.0\.1:\d+\/v1 comes from OPENAI_BASE_URL: check it \(and that the server is running\); nothing was changed\n$/);
  expect(r.stderr).not.toContain(LOCK_FALSE);
});
