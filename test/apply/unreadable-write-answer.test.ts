// A write the host answered 2xx with something that is not the API's object (a gateway rewriting
// answers: an object without its id, a governed field of another type, no body) was taken by the
// host: only its answer is unreadable. Apply reported it failed, `0 created, 0 modified`, and that
// running it again "would be refused the same way", while the next plan found it made. Now its
// outcome is unknown, so apply reads it back, as for a lost answer, and says it was made: the
// report counts what the host holds, and the next plan has nothing to do; it says the answer
// could not be read, not that it was lost. The real emulator
// answers; a proxy in front rewrites the answers to writes.
import { writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runCli } from '../helpers/cli.js';
import { SECRET, TOKEN } from '../backends/helpers.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  cleanupTrees();
});

/** Forwards to `target`; the answer to every POST (a write) is replaced by `answer(body)`, its status kept. */
async function rewritingWrites(target: string, answer: (body: Record<string, unknown>) => unknown): Promise<string> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (up) => {
        const got: Buffer[] = [];
        up.on('data', (c: Buffer) => got.push(c));
        up.on('end', () => {
          const text = Buffer.concat(got).toString('utf8');
          const ok = (up.statusCode ?? 500) < 300;
          const sent = req.method === 'POST' && ok ? Buffer.from(JSON.stringify(answer(JSON.parse(text) as Record<string, unknown>))) : Buffer.from(text);
          res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json', 'content-length': String(sent.length) });
          res.end(sent);
        });
      });
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push({ close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname.replace(/\/$/, '')}`;
}

const HOSTS = {
  openai: {
    start: () => startEmulator({ provider: 'openai', apiKey: SECRET }),
    env: (url: string) => ({ OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url }),
    aac: 'provider: openai\n',
    made: (v: number) => `model: gpt-4o\ninstructions: v${v}\n`,
    noun: 'assistant',
  },
  'openai-agents': {
    start: () => startEmulator({ provider: 'openai-agents', apiKey: SECRET }),
    env: (url: string) => ({ OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url }),
    aac: 'provider: openai-agents\n',
    made: (v: number) => `name: a\nmodel: gpt-5\ninstructions: v${v}\n`,
    noun: 'agent',
  },
  'foundry-agents': {
    start: () => startEmulator({ provider: 'foundry-agents', apiKey: TOKEN }),
    env: (url: string) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: TOKEN }),
    aac: 'provider: foundry-agents\n',
    made: (v: number) => `name: agent-a\ndefinition: { kind: prompt, model: gpt-4o, instructions: v${v} }\n`,
    noun: 'agent',
  },
};

/** `body` with its metadata a number, where the API sends an object: an agent of Foundry's holds it in its latest version. */
function metadataMistyped(body: Record<string, unknown>): unknown {
  const versions = body.versions as { latest: Record<string, unknown> } | undefined;
  return versions ? { ...body, versions: { ...versions, latest: { ...versions.latest, metadata: 5 } } } : { ...body, metadata: 5 };
}

const ANSWERS: Array<[string, (body: Record<string, unknown>) => unknown]> = [
  ['an object without its id', () => ({ object: 'x' })],
  ['metadata of another type', metadataMistyped],
];

describe.each(Object.entries(HOSTS))('%s', (_provider, host) => {
  it.each(ANSWERS)('a create and an update answered with %s are read back and reported made; the next plan has nothing to do', async (_name, answer) => {
    const emu: RunningEmulator = await host.start();
    open.push(emu);
    const root = writeTree({ 'assistants/aac.yaml': `${host.aac}options: { max_retries: 0 }\n`, 'assistants/a.yaml': host.made(1) });
    const url = await rewritingWrites(emu.url, answer);
    const created = await runCli(['apply', '--yes', '--no-color', '-lock=false'], { cwd: root, env: host.env(url) });
    const said = created.stdout + created.stderr;
    expect(said).toMatch(/Apply complete: 1 created/);
    // Said as what happened: an answer came and was unreadable, not lost.
    expect(said).toMatch(/the create's answer could not be read \(the server answered .*\); \S+ carries this key, so it was made and is adopted/);
    expect(said).not.toContain('response was lost');
    expect(said).not.toMatch(/create failed|refused the same way|internal error|undefined/);
    expect(created.code, said).toBe(0);
    writeFileSync(join(root, 'assistants', 'a.yaml'), host.made(2));
    const updated = await runCli(['apply', '--yes', '--no-color', '-lock=false'], { cwd: root, env: host.env(url) });
    const told = updated.stdout + updated.stderr;
    expect(told).toMatch(/Apply complete: 0 created, 1 modified/);
    expect(told).toMatch(/the update's answer could not be read \(the server answered .*\); re-reading shows it was made/);
    expect(told).not.toMatch(/update failed|refused the same way|internal error|undefined|response was lost/);
    expect(updated.code, told).toBe(0);
    const again = await runCli(['plan', '--detailed-exitcode', '--no-color'], { cwd: root, env: host.env(emu.url) });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain(`1 ${host.noun} matches its definition`);
  });
});
