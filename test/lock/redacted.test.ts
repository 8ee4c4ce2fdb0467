// What the lock prints as it happens — the line an interrupt in its create's back-off leaves, a
// release's warning quoting the host — goes through the credential redactor of every error: a
// credential the run holds, quoted back in a host's error body, is never shown, on stderr or in
// the report. (The transport masks the credentials of its own connection; these are another
// provider's, set in the same environment, which only that redactor knows.) Over HTTP against the
// emulator, through a proxy that answers for it.
import { expect, it } from 'vitest';
import { Interrupted } from '../../src/util/errors.js';
import { runCli } from '../helpers/cli.js';
import { apiEnv, proxiedHarness, type RecordedRequest } from '../apply/helpers.js';

/** A credential of another provider, set beside the run's own (a CI job holding several). */
const OTHER = 'pk-live-0f1e2d3c4b5a69788796a5b4';

/** A harness of one definition whose emulator is reached through a proxy answering as `fail` says, with OTHER set. */
async function quoting(fail: (req: RecordedRequest) => { status: number; message: string } | undefined) {
  const h = await proxiedHarness({ a: { model: 'gpt-4o', name: 'A' } }, fail);
  return { h, env: { ...apiEnv(h.proxy.url), PORTKEY_API_KEY: OTHER } };
}

it("an interrupt in the lock create's back-off: the line that says what became of it shows the host's text redacted", async () => {
  const interrupt = new AbortController();
  const { h, env } = await quoting((req) => {
    if (req.method !== 'POST') return undefined;
    interrupt.abort(new Interrupted('SIGINT'));
    return { status: 500, message: `upstream refused the key ${OTHER}` };
  });
  const stopped = await runCli(['apply', '--yes'], { cwd: h.ws.root, env, signal: interrupt.signal });
  expect(stopped.code, stopped.stderr).toBe(130);
  expect(stopped.stderr).toContain('its lock object was answered 500 (upstream refused the key [redacted]), not found by the listing after it (not sent again: the run was interrupted)');
  expect(stopped.stderr).not.toContain(OTHER);
});

it("a release refused: its warning, on stderr and in the report, shows the host's text redacted", async () => {
  const { h, env } = await quoting((req) => (req.method === 'DELETE' ? { status: 403, message: `key ${OTHER} may not delete` } : undefined));
  const applied = await h.cli(['apply', '--yes', '--format', 'json'], { env });
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stderr).toMatch(/^Warning: could not remove the lock \S+ \(openai accepted the credentials but did not allow deleting assistant \S+ \(403\): key \[redacted\] may not delete; /m);
  expect(JSON.parse(applied.stdout).warnings).toEqual([expect.objectContaining({ code: 'lock-left', message: expect.stringContaining('key [redacted] may not delete') })]);
  expect(applied.stderr + applied.stdout).not.toContain(OTHER);
});
