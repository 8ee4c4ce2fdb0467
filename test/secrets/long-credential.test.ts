// A credential as long as a V8 regular expression can hold: the searches for it are made of it,
// and V8 refuses a pattern past a size of its own ("Regular expression too large", thrown at the
// first search). A variable that long (a certificate's password, a token pasted twice) made every
// search throw, the report of that error too, which printed the pattern — the credential whole —
// with a stack trace. A host on loopback quotes the key back, as written and split, and each
// output must say the host's error with the key as [redacted], and nothing of the key itself.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from '../../src/util/redact.js';
import { runCli } from '../helpers/cli.js';
import { workspace } from '../apply/helpers.js';
import { afterTest } from '../helpers/each-test.js';

/** 40,000 characters: a literal of 32,676 repeated ones is already too large (Node 20). */
const REPEATED = 'k'.repeat(40_000);
/** As varied as a real key; a case-insensitive pattern of it is too large too. */
const VARIED = randomBytes(30_000).toString('base64url').slice(0, 40_000);

/** A host that refuses every request quoting the key it was sent, as written and split in two by a line break. */
async function quotingHost(): Promise<string> {
  // The key travels in a header far past Node's default limit (16 KB).
  const server: Server = createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${key} (${key.slice(0, 100)}\n${key.slice(100)})`, type: 'invalid_request_error', code: 'invalid_api_key' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterTest(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

describe('a credential too long for a regular expression', () => {
  it.each([['repeated', REPEATED], ['varied', VARIED]])('(%s) is redacted in the error, text and JSON, with no stack trace', async (_, key) => {
    const url = await quotingHost();
    const w = workspace({ bot: { model: 'gpt-4o' } });
    afterTest(() => w.cleanup());
    for (const argv of [['plan'], ['plan', '--format', 'json'], ['validate']]) {
      const r = await runCli(argv, { cwd: w.root, env: { OPENAI_API_KEY: key, OPENAI_BASE_URL: url } });
      const said = r.stdout + r.stderr;
      expect(said).not.toMatch(/^\s+at /m);
      expect(said).not.toContain('internal error');
      expect(said).not.toContain(key.slice(0, 60));
      expect(said).not.toContain(key.slice(-60));
      if (argv[0] === 'validate') expect(r.code).toBe(0);
      else {
        expect(r.code).toBe(1);
        expect(said).toContain(`Incorrect API key provided: ${REDACTED} (${REDACTED})`);
      }
    }
  });

  it('is found by redact in any letter case and split, as a shorter one is', () => {
    const text = `a ${VARIED.toUpperCase()} b ${VARIED.slice(0, 9)} ${VARIED.slice(9)} c ${Buffer.from(VARIED).toString('base64')} d`;
    expect(redact(text, [VARIED])).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d`);
  });
});
