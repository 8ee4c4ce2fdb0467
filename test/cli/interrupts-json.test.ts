// A run that a signal ends under --format json still leaves a document on stdout, so a script that
// reads it (`aac apply -json | jq`) reads JSON whatever stopped the run: apply before its first
// write gives its cancelled report (nothing applied), every other stop the error document with
// code `interrupted`, saying what the run leaves. Before, stdout was empty but at apply's question.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { API_KEY, apiEnv, harness, workspace, type Harness, type Workspace } from '../apply/helpers.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { quitAgain, runChild } from '../helpers/child-cli.js';
import { runCli, TEST_MARKER } from '../helpers/cli.js';
import { expectDocument } from '../output-schemas/schemas.js';
import { heldApply, lockDeleteHeld, until } from '../lock/helpers.js';
import { LOCK_KEY } from '../../src/lock/lock-object.js';
import { Interrupted } from '../../src/util/errors.js';

afterAll(cleanupTrees);

let h: Harness | undefined;
const others: Workspace[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const ws of others.splice(0)) ws.cleanup();
});

/** The one failure of an error document: its code and message. */
const failureOf = (doc: Record<string, unknown>) => (doc.diagnostics as Array<{ code: string; message: string }>).at(-1)!;

describe('a signal under --format json', () => {
  it('plan stopped at once while it waits for the API: the error document, code interrupted, exit 130', async () => {
    const emu = await startEmulator({ apiKey: API_KEY, latencyMs: 30_000 });
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      const r = await runChild(['plan', '--format', 'json'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name: 'SIGINT', when: () => emu.stats().total > 0 } });
      expect(r.killed).toBe(false);
      expect(r.code).toBe(130);
      const doc = expectDocument('diagnostics', r.stdout);
      expect(doc.valid).toBe(false);
      expect(failureOf(doc)).toMatchObject({ code: 'interrupted', message: 'interrupted (SIGINT)' });
    } finally {
      await emu.close();
    }
  }, 150_000);

  it('apply stopped while it plans, before its lock: its cancelled report, nothing applied, exit 143', async () => {
    const emu = await startEmulator({ apiKey: API_KEY, latencyMs: 30_000 });
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      const r = await runChild(['apply', '--yes', '--format', 'json', '-lock=false'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name: 'SIGTERM', when: () => emu.stats().total > 0 } });
      expect(r.killed).toBe(false);
      expect(r.code).toBe(143);
      const doc = expectDocument('apply-report', r.stdout);
      expect(doc.outcomes).toEqual([]);
      expect(doc.summary).toMatchObject({ cancelled: true, created: 0 });
    } finally {
      await emu.close();
    }
  }, 150_000);

  it('apply stopped while it waits for the lock: its cancelled report, exit 130, its own lock object removed', async () => {
    h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
    const other = workspace({ b1: { model: 'gpt-4o', name: 'B1' } });
    others.push(other);
    const locks = () => h!.emu.resources().filter((a) => (a.metadata as Record<string, string> | null)?.[TEST_MARKER] === LOCK_KEY);
    const first = await heldApply([], { cwd: h.ws.root, env: apiEnv(h.emu.url) });
    const stop = new AbortController();
    const waiting = runCli(['apply', '--yes', '--lock-timeout', '30s', '--format', 'json'], { cwd: other.root, env: apiEnv(h.emu.url), signal: stop.signal });
    await until(() => locks().length === 2, 'the waiter queues');
    stop.abort(new Interrupted('SIGINT'));
    const r = await waiting;
    expect(r.code, r.stderr).toBe(130);
    const doc = expectDocument('apply-report', r.stdout);
    expect(doc.summary).toMatchObject({ cancelled: true });
    expect(locks()).toHaveLength(1);
    first.answer('no');
    await first.run;
  }, 30_000);

  it('apply that quits at once while a write is in flight (a second SIGINT): the error document naming that write, never an empty stdout', async () => {
    // b's create (the third: the lock's, a's, b's) is held until the test ends: the first SIGINT
    // once it arrives, the second once the first was heard and past the same-delivery window.
    let creates = 0;
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const emu = await startEmulator({ apiKey: API_KEY, hold: ({ route }) => (route === 'POST /assistants' && ++creates === 3 ? ended : undefined) });
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n', 'assistants/b.yaml': 'model: m\n' });
      const r = await runChild(['apply', '--yes', '--concurrency', '1', '--format', 'json'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name: 'SIGINT', when: () => creates === 3, again: quitAgain('SIGINT') } });
      expect(r.killed).toBe(false);
      expect(r.code).toBe(130);
      const doc = expectDocument('diagnostics', r.stdout);
      const failure = failureOf(doc);
      expect(failure.code).toBe('interrupted');
      // What it leaves, as stderr says it under `aac: interrupted`: b's create, and its lock.
      expect(failure.message).toMatch(/^interrupted \(SIGINT\); /);
      expect(failure.message).toContain('1 write in flight (b) may or may not have been made: the next plan shows what was');
      expect(failure.message).toMatch(/the lock \S+ on the namespace '[^']+' is left behind/);
    } finally {
      end();
      await emu.close();
    }
  }, 150_000);

  // The lock's delete is held by the emulator until the test ends: the first SIGINT comes once it
  // arrives (the writes are done), the second once the run has said it heard the first and past the
  // same-delivery window; the run then quits, leaving the lock's delete unanswered.
  it.each([
    ['its writes done', {}, { created: 1, cancelled: false }],
    ['with nothing to change', { a: { model: 'm' } }, { created: 0, cancelled: false }],
  ] as const)('apply, %s, quit while it releases its lock (a second SIGINT): its report, the lock as a lock-left warning, never the error document', async (_, before, summary) => {
    const { emu, arm, deleting, open } = await lockDeleteHeld();
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      if (Object.keys(before).length > 0) expect((await runCli(['apply', '--yes'], { cwd: root, env: apiEnv(emu.url) })).code).toBe(0);
      arm();
      const r = await runChild(['apply', '--yes', '--format', 'json'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name: 'SIGINT', when: deleting, again: quitAgain('SIGINT') } });
      expect(r.killed).toBe(false);
      expect(r.code, r.stderr).toBe(130);
      const doc = expectDocument('apply-report', r.stdout);
      expect(doc.summary).toMatchObject(summary);
      expect(doc.warnings).toEqual([{ code: 'lock-left', message: expect.stringMatching(/^the lock \S+ on the namespace '[^']+' may be left behind: its delete was sent and not answered; if it is still there, it expires by itself by \S+Z, or run `aac force-unlock \S+ --yes` to remove it now$/) }]);
    } finally {
      open();
      await emu.close();
    }
  }, 150_000);

  // A refused apply (a saved plan the live state moved past: refused under the lock, before any
  // write) quit while it releases its lock: its lock's delete held until the test ends, the first
  // SIGINT once it arrives, the second once the first was heard.
  it('a refused apply quit while it releases its lock (a second SIGINT): the error document of its refusal, never a cancelled report', async () => {
    const { emu, arm, deleting, open } = await lockDeleteHeld();
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      const env = apiEnv(emu.url);
      expect((await runCli(['plan', '--out', 'p.json'], { cwd: root, env })).code).toBe(0);
      expect((await runCli(['apply', '--yes'], { cwd: root, env })).code).toBe(0);
      // The refusal as a run no signal stops reports it.
      const refused = await runCli(['apply', 'p.json', '--format', 'json'], { cwd: root, env });
      expect(refused.code, refused.stderr).toBe(1);
      const expected = failureOf(expectDocument('diagnostics', refused.stdout));
      expect(expected.code).not.toBe('interrupted');
      arm();
      const r = await runChild(['apply', 'p.json', '--format', 'json'], { cwd: root, env, deadlineMs: 120_000, signal: { name: 'SIGINT', when: deleting, again: quitAgain('SIGINT') } });
      expect(r.killed).toBe(false);
      expect(r.code, r.stderr).toBe(130);
      const doc = expectDocument('diagnostics', r.stdout);
      expect(failureOf(doc)).toEqual(expected);
      expect((doc.diagnostics as Array<{ code: string; message: string }>).filter((d) => d.code === 'lock-left')).toEqual([
        { code: 'lock-left', message: expect.stringMatching(/^the lock \S+ on the namespace '[^']+' may be left behind/) },
      ].map((d) => expect.objectContaining(d)));
    } finally {
      open();
      await emu.close();
    }
  }, 150_000);

  it('plan stopped while saving the plan it printed: stdout keeps the plan alone', async () => {
    // The document is printed before the plan is saved; a signal then must not add a second one.
    const emu = await startEmulator({ apiKey: API_KEY });
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      const stop = new AbortController();
      stop.abort(new Interrupted('SIGINT'));
      const r = await runCli(['plan', '--format', 'json', '--out', 'p.json'], { cwd: root, env: apiEnv(emu.url), signal: stop.signal });
      expect(r.code, r.stderr).toBe(130);
      expectDocument('plan', r.stdout);
    } finally {
      await emu.close();
    }
  }, 20_000);
});
