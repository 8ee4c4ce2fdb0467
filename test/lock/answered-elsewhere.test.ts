// A host (or a proxy in front of it) that answers the lock object's create with another id than it
// lists the object by: the id answered reaches nothing, so renewing or releasing by it would find
// the lock "removed by someone else" while the object made stays and holds the namespace, against
// the very run that made it first. aac removes its own object (found by its nonce) and says once
// what happened. Over HTTP against each backend's emulator, through a proxy that rewrites that
// one answer.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { EVERY_BACKEND_HOST } from '../backends/helpers.js';
import { workspace, type Workspace } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

/**
 * A proxy to `target` that forwards everything and answers the lock object's create (a POST whose
 * body names `aac-lock-…`) with its id, and its name when that is its id, followed by `-other`.
 */
async function rewritingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sent = Buffer.concat(chunks);
      const lockCreate = req.method === 'POST' && sent.toString('utf8').includes('"aac-lock-');
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          let text = Buffer.concat(body).toString('utf8');
          if (lockCreate && (up.statusCode ?? 500) < 300) {
            const answer = JSON.parse(text) as Record<string, unknown>;
            if (answer.name === answer.id || answer.id === undefined) answer.name = `${String(answer.name)}-other`;
            if (typeof answer.id === 'string') answer.id = `${answer.id}-other`;
            text = JSON.stringify(answer);
          }
          const headers = { ...up.headers };
          delete headers['content-length'];
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(text);
        });
      });
      out.end(sent);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

describe.each(Object.keys(EVERY_BACKEND_HOST))('--provider %s', (provider) => {
  it("removes its own lock object that the create answered another id for, says so once, and changes nothing", async () => {
    const host = EVERY_BACKEND_HOST[provider]!;
    const emu: RunningEmulator = await host.start();
    open.push(emu);
    const proxy = await rewritingProxy(emu.url);
    open.push(proxy);
    const ws = workspace({ a: host.definition('A') });
    open.push(ws);
    writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), `provider: ${provider}\n`);

    const run = await runCli(['apply', '--yes'], { cwd: ws.root, env: host.env(proxy.url) });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Error: could not take the lock on the namespace 'test': the host answered the create of its lock object \\(an? ${host.one}\\) with the id \\S+-other, but lists that object \\(this run's, by its nonce\\) as \\S+, and the id answered reaches nothing; aac removed it; nothing was changed\\n  check what stands between aac and the host \\(a proxy or gateway that rewrites answers\\): aac addresses what it creates by the id the create answers with\\n$`));
    // Not a lock of someone else's, neither removed by one nor held by one.
    expect(run.stderr).not.toContain('someone else');
    expect(run.stderr).not.toContain('locked by another run');
    // Nothing left: no lock object, no definition's resource.
    expect(emu.resources()).toEqual([]);
  });
});
