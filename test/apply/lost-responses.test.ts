// Writes whose response is lost: reported as what really happened (read back from the API), and
// the emulator, like a real server, makes a write it received whole even if the client is gone.
// Its applies run with -lock=false: they count the writes apply makes for the definitions, and
// the lock's own create and delete (on by default) are tested in test/lock.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { until } from '../lock/helpers.js';
import { runCli, TEST_MARKER } from '../helpers/cli.js';
import { runChild } from '../helpers/child-cli.js';
import { API_KEY, apiEnv, harness, recordingProxy, workspace } from './helpers.js';

const marked = (key: string, extra: Record<string, unknown> = {}) => ({ model: 'm', metadata: { [TEST_MARKER]: key }, ...extra });

describe('lost responses', () => {
  it('updates and deletes whose every response was lost are settled by re-reading: reported as made, exit 0, and the plan is clean', async () => {
    const h = await harness({ a: { model: 'm', temperature: 0.5 }, b: { model: 'm', temperature: 0.5 }, c: { model: 'm', temperature: 0.5 } }, { commitThenDropRate: 1, seed: 1 });
    try {
      // One retry, so each write is made and its answer lost twice, quickly.
      writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 1\n');
      h.emu.seed([marked('a'), marked('b'), marked('c'), marked('gone')]);
      const r = await h.cli(['apply', '-lock=false', '--yes', '--prune']);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('Apply complete: 0 created, 3 modified, 1 deleted.');
      expect(r.stdout.match(/the update's response was lost; re-reading shows it was made/g)).toHaveLength(3);
      expect(r.code).toBe(0);
      h.emu.setFaults({ commitThenDropRate: 0 });
      expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('a lost update that did not happen is reported as not made, and the next apply makes it', async () => {
    const h = await harness({ a: { model: 'm', temperature: 0.5 } });
    // Every modify answered 500 without reaching the emulator: a 5xx leaves a write's outcome unknown.
    const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'POST' && req.path.endsWith('/assistants/' + String(h.emu.resources()[0]?.id)) ? 500 : undefined));
    try {
      writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
      h.emu.seed([marked('a')]);
      // The apply it says to run again has this run's options (--provider, as given).
      const first = await h.cli(['apply', '-lock=false', '--yes', '--provider', 'openai'], { env: { OPENAI_BASE_URL: proxy.url } });
      expect(first.code).toBe(1);
      // A 500 is an answer, not a lost one: said as such, and settled by re-reading all the same.
      expect(first.stdout).toContain('! a (');
      expect(first.stdout).toContain('update failed: the update was answered 500 (injected 500) and re-reading shows it was not made\n');
      expect(first.stdout).toContain('and `aac apply --yes --provider openai` again to finish');
      expect(first.stdout).not.toContain('lost');
      expect(first.stdout).toContain('0 modified');
      const again = await h.cli(['apply', '-lock=false', '--yes']);
      expect(again.stdout).toContain('Apply complete: 0 created, 1 modified, 0 deleted.');
    } finally {
      await proxy.close();
      await h.close();
    }
  });

  it('a create answered 503 whose re-read fails too is of unknown outcome, said as answered 503 (the host may still have made it), not as a lost answer', async () => {
    const h = await harness({ a: { model: 'm' } });
    // The plan's listing passes; then the create is answered 503 and so is the listing that was to settle it.
    let listings = 0;
    const proxy = await recordingProxy(h.emu.url, (req) => {
      if (req.method === 'POST' && req.path.endsWith('/assistants')) return { status: 503, message: 'The engine is currently overloaded, please try again later.' };
      if (req.method === 'GET' && req.path.endsWith('/assistants') && ++listings > 1) return 503;
      return undefined;
    });
    try {
      writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
      const r = await h.cli(['apply', '-lock=false', '--yes'], { env: { OPENAI_BASE_URL: proxy.url } });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('Apply failed: 0 created, 0 modified, 0 deleted, 1 outcome unknown.');
      expect(r.stdout).toContain('+ a: answered 503 (The engine is currently overloaded, please try again later) and re-reading the assistants to check failed (listing assistants: server error (503): injected 503): the host may still have made it');
      expect(r.stdout).not.toContain('the answer was lost');
    } finally {
      await proxy.close();
      await h.close();
    }
  });

  it('a create answered 500 that the host made all the same is adopted, said as answered 500, not as a lost answer', async () => {
    const h = await harness({ a: { model: 'm' } });
    // The create reaches the emulator, which makes it; the client is told 500.
    const proxy = await recordingProxy(h.emu.url, async (req) => {
      if (!(req.method === 'POST' && req.path.endsWith('/assistants'))) return undefined;
      await fetch(`${h.emu.url}/assistants`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'openai-beta': 'assistants=v2' }, body: JSON.stringify(req.body) });
      return 500;
    });
    try {
      writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
      const r = await h.cli(['apply', '-lock=false', '--yes'], { env: { OPENAI_BASE_URL: proxy.url } });
      expect(r.stdout).toMatch(/the create was answered 500 \(injected 500\); asst_\w+ carries this key, so it was made and is adopted/);
      expect(r.stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
      expect(r.code).toBe(0);
    } finally {
      await proxy.close();
      await h.close();
    }
  });

  it('a create the host failed and did not make is sent again up to options.max_retries times, each after a listing shows it not made', async () => {
    const h = await harness({ a: { model: 'm' } });
    let posts = 0;
    // The first two creates answered 503 (the second asking for a 20 ms wait) without reaching the emulator; the third passes.
    const proxy = await recordingProxy(h.emu.url, (req) => {
      if (!(req.method === 'POST' && req.path.endsWith('/assistants'))) return undefined;
      return ++posts <= 2 ? { status: 503, headers: posts === 2 ? { 'retry-after-ms': '20' } : {} } : undefined;
    });
    try {
      writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 2\n');
      const r = await h.cli(['apply', '-lock=false', '--yes'], { env: { OPENAI_BASE_URL: proxy.url } });
      expect(r.stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
      expect(r.code).toBe(0);
      const creates = proxy.requests.map((q, i) => (q.method === 'POST' ? i : -1)).filter((i) => i >= 0);
      expect(creates).toHaveLength(3);
      // Between any two creates, a listing.
      for (let i = 1; i < creates.length; i++) expect(proxy.requests.slice(creates[i - 1]! + 1, creates[i]).some((q) => q.method === 'GET')).toBe(true);
      expect(h.emu.resources()).toHaveLength(1);
    } finally {
      await proxy.close();
      await h.close();
    }
  });

  it("a killed apply's creates, received whole, are made after the next apply started; that apply sees them and creates nothing", async () => {
    // The emulator holds each create it has received whole until the next apply's listing arrives,
    // and that listing until the creates are made: a server that makes the writes of a client gone
    // once another client's read has begun. Events, not a latency the machine's load could outlast:
    // the apply is killed once all three creates are received (not some time after its plan).
    let received = 0;
    let killed = false;
    let nextListed!: () => void;
    const listing = new Promise<void>((resolve) => (nextListed = resolve));
    const emu: RunningEmulator = await startEmulator({
      apiKey: API_KEY,
      hold: ({ route }) => {
        if (route === 'POST /assistants') {
          received++;
          return listing;
        }
        if (!killed || route !== 'GET /assistants') return undefined;
        nextListed();
        return until(() => emu.resources().length === 3, 'the killed apply\'s creates are made');
      },
    });
    const ws = workspace({ a: { model: 'm' }, b: { model: 'm' }, c: { model: 'm' } });
    try {
      const run = await runChild(['apply', '-lock=false', '--yes'], { cwd: ws.root, env: apiEnv(emu.url), deadlineMs: 60_000, signal: { name: 'SIGKILL', when: () => received === 3 } });
      expect(run.killed).toBe(false);
      expect(run.code).toBe(null);
      killed = true;
      // The creates are in the emulator's hands, not yet made, when the next apply starts.
      expect(emu.resources()).toHaveLength(0);
      const next = await runCli(['apply', '-lock=false', '--yes'], { cwd: ws.root, env: apiEnv(emu.url) });
      expect(next.code, next.stderr).toBe(0);
      expect(next.stdout).toContain('No changes');
      expect(emu.stats().byRoute['POST /assistants']).toBe(3);
      expect(emu.resources().map((a) => (a.metadata as Record<string, string>)[TEST_MARKER]).sort()).toEqual(['a', 'b', 'c']);
    } finally {
      nextListed();
      await emu.close();
      ws.cleanup();
    }
  }, 90_000);
});
