// One percent-decoding for URL text (util/uri-text.ts), used by aac.yaml's endpoint check, the
// printed endpoint, the redactor and the emulator's dialects: a path segment keeps `+`, a query's
// text reads it as a space, and text that does not decode is given as written, never thrown —
// a Foundry project path `/api/projects/%E0` answered 404 crashed the error's wording before.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodedFormText, decodedSegment } from '../../src/util/uri-text.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { envFor, credentialOf } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { workspace, type Workspace } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

describe('decodedSegment and decodedFormText', () => {
  it('differ only in `+`, and give back text that does not decode', () => {
    expect(decodedSegment('a+b%20c')).toBe('a+b c');
    expect(decodedFormText('a+b%20c')).toBe('a b c');
    for (const bad of ['%', '%E0', '50%off', '%zz']) {
      expect(decodedSegment(bad)).toBe(bad);
      expect(decodedFormText(bad)).toBe(bad);
    }
    // The form decoding of a malformed text keeps its `+` as written too.
    expect(decodedFormText('a+%E0')).toBe('a+%E0');
  });
});

describe('through a loopback server and the CLI', () => {
  it('a Foundry project path that does not decode, answered 404: the project is named as written, no crash', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: 'Resource not found' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const ws = workspace({ a: { model: 'gpt-4o' } });
    open.push(ws);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/projects/sales%E0`;
    const r = await runCli(['plan', '--provider', 'foundry'], { cwd: ws.root, env: envFor('foundry', url, credentialOf('foundry')) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the project path /api/projects/sales%E0 (project 'sales%E0') was not found at 127.0.0.1:");
    expect(r.stderr).not.toMatch(/URIError|URI malformed/);
  });

  it("the emulator's dialects: an id whose escape does not decode is one that does not exist (404), and `+` in an id is a plus", async () => {
    const emu: RunningEmulator = await startEmulator({ apiKey: 'sk-test-uri-text-000000000000' });
    open.push(emu);
    const headers = { authorization: 'Bearer sk-test-uri-text-000000000000', 'openai-beta': 'assistants=v2' };
    const bad = await fetch(`${emu.url}/assistants/asst_%E0`, { headers });
    expect(bad.status).toBe(404);
    const plus = await fetch(`${emu.url}/assistants/asst_a+b`, { headers });
    expect(plus.status).toBe(404);
    expect(((await plus.json()) as { error: { message: string } }).error.message).toContain('asst_a+b');
  });
});
