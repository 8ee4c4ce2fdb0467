// A message may show a secret changed on its way: a server quoting the key it refused upper-cased
// or lower-cased, percent-encoded as a URL carries it, or the URL parser lower-casing a host made
// of it. CI's masking of secrets matches only the exact value, so aac's own redaction of messages
// (util/redact.ts) is the one that must catch every spelling: any letter case, and as a URL spells
// it, and however the server's text splits or escapes it (wrapped across lines, a space or an
// invisible character within it, `/` escaped by a JSON encoder or an HTML page): a key redacted
// only up to its split shows the rest. A host on loopback quotes the key back in each spelling.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from '../../src/util/redact.js';
import { runCli } from '../helpers/cli.js';
import { workspace } from '../apply/helpers.js';
import { afterTest } from '../helpers/each-test.js';

/** Mixed case, with characters a URL percent-encodes, and none of the shapes redact knows by pattern (`sk-…`). */
const KEY = 'AbCdEf+GhIj/KlMn=0pQr 9';

/** A host that refuses every request quoting the key it was sent, spelled by `spell`. */
async function quotingHost(spell: (key: string) => string): Promise<string> {
  const server: Server = createServer((req, res) => {
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${spell(key)}`, type: 'invalid_request_error', code: 'invalid_api_key' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterTest(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

const SPELLINGS: Array<[string, (key: string) => string]> = [
  ['lower-cased', (k) => k.toLowerCase()],
  ['upper-cased', (k) => k.toUpperCase()],
  ['percent-encoded', (k) => encodeURIComponent(k)],
  ['percent-encoded, lower-cased', (k) => encodeURIComponent(k).toLowerCase()],
  ['form-encoded', (k) => new URLSearchParams({ v: k }).toString().slice(2)],
  ['split by a space', (k) => `${k.slice(0, 8)} ${k.slice(8)}`],
  ['wrapped across lines, indented', (k) => `${k.slice(0, 8)}\r\n    ${k.slice(8, 14)}\n  ${k.slice(14)}`],
  ['split by a zero-width space and a soft hyphen', (k) => `${k.slice(0, 8)}\u200b${k.slice(8, 14)}\u00ad${k.slice(14)}`],
  ['split by an escaped line break, as a body encoded twice shows it', (k) => `${k.slice(0, 8)}\\n${k.slice(8)}`],
  ["with `/` escaped as a JSON encoder may (`\\/`)", (k) => k.replace('/', '\\/')],
  ['with its `+` and `/` as an HTML page writes them', (k) => k.replace('+', '&#43;').replace('/', '&#x2F;')],
];

describe('a key a host quotes back changed is still redacted', () => {
  it.each(SPELLINGS)('%s, in the error and the debug lines, text and JSON', async (_, spell) => {
    const url = await quotingHost(spell);
    const w = workspace({ bot: { model: 'gpt-4o' } });
    afterTest(() => w.cleanup());
    for (const argv of [['plan', '--debug'], ['plan', '--format', 'json']]) {
      const r = await runCli(argv, { cwd: w.root, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: url } });
      expect(r.code).toBe(1);
      const said = r.stdout + r.stderr;
      expect(said).toContain(`Incorrect API key provided: ${REDACTED}`);
      for (const [, other] of SPELLINGS) expect(said).not.toContain(other(KEY));
      expect(said.toLowerCase()).not.toContain('klmn');
      expect(said.toLowerCase()).not.toContain('0pqr');
    }
  });
});

describe('redact', () => {
  it('replaces a secret in any case and spelling, and one read with its line end as the trimmed value', () => {
    const text = (k: string) => `a ${k.toLowerCase()} b ${k.toUpperCase()} c ${encodeURIComponent(k)} d ${k.trim()} e`;
    expect(redact(text(KEY), [KEY])).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d ${REDACTED} e`);
    expect(redact(text(KEY), [`${KEY}\n`])).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d ${REDACTED} e`);
  });

  it('leaves a placeholder shorter than the minimum in its own case: words around it stay whole', () => {
    expect(redact('Test the key test.', ['test'])).toBe(`Test the key ${REDACTED}.`);
  });
});
